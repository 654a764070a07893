"""Search of the incident log: Arabic typed any way finds the same incident, secrets never."""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from sitrep.contract.documents import load_document, parse_incident
from sitrep.search import IncidentIndex, fold, incident_text

from helpers import DATA, SAMPLES, SECRETS


@pytest.fixture
def kafr():
    return load_document(SAMPLES / "kafr-naha-field-hospital.json")


@pytest.fixture
def nabl():
    return load_document(DATA / "third_party_incident.json")


@pytest.fixture
def index(kafr, nabl):
    return IncidentIndex([kafr, nabl])


# --- fold ---------------------------------------------------------------------------

@pytest.mark.parametrize("typed, folded", [
    ("كفرنـــاها", "كفرناها"),                      # tatweel
    ("كَفْرنَاهَا", "كفرناها"),                       # harakat
    ("مشفىً", "مشفي"),                              # tanween, alef maqsura
    ("مُحَمَّد", "محمد"),                             # shadda
    ("رحمٰن", "رحمن"),                               # superscript alef
    ("قرآنۖ", "قران"),                               # madda alef, Quranic mark
    ("أإآٱا", "ااااا"),                               # every alef form
    ("ا\u0654", "ا"),                               # alef + combining hamza above
    ("مدينة", "مدينه"),                              # taa marbuta
    ("مؤسسة", "موسسه"),
    ("قذائف", "قذايف"),
    ("٢٠١٩-٠٦-١٢", "2019-06-12"),                   # Arabic-Indic digits
    ("۱۵۰۰۰", "15000"),                              # Persian digits
    ("KAFR Naha", "kafr naha"),
    ("Straße", "strasse"),                           # casefold, not just lower
    ("ﻛﻔﺮﻧﺎﻫﺎ", "كفرناها"),                          # presentation forms (NFKC)
    ("ＫＡＦＲ", "kafr"),                              # full-width Latin (NFKC)
    ("\u200fحلب\u200e \u202bAleppo\u202c \u2067x\u2069", "حلب aleppo x"),  # bidi controls
    ("  Kafr \t\n  Naha \u00a0 ", "kafr naha"),      # whitespace
])
def test_fold(typed, folded):
    assert fold(typed) == folded


def test_fold_is_idempotent():
    text = "في 7 أيار/مايو 2016 أصابت غارةٌ جوية مشفىً ميدانياً في كفرناها"
    assert fold(fold(text)) == fold(text)


# --- Arabic and English typed any way --------------------------------------------------

@pytest.mark.parametrize("query", [
    "كفرناها", "كفرنـاها", "كَفْرنَاهَا", "كفرناها\u200f",
    "KAFR naha", "kafr NAHA", "Kafr Naha",
])
def test_place_typed_any_way(index, kafr, query):
    assert index.search(query) == [kafr.id]


@pytest.mark.parametrize("query", ["المشفى", "المشفي", "المشفىٰ"])
def test_alef_maqsura(index, kafr, query):
    assert index.search(query) == [kafr.id]


@pytest.mark.parametrize("query", ["مدينة", "مدينه"])
def test_taa_marbuta(index, nabl, query):
    assert index.search(query) == [nabl.id]


@pytest.mark.parametrize("query", ["إدلب", "ادلب", "أدلب", "آدلب", "IDLIB"])
def test_hamza_on_alef(index, nabl, query):
    assert index.search(query) == [nabl.id]


def test_hamza_seats_in_text(index, nabl):
    # The narrative writes "قذائف" (shells); typed with a plain yaa it still matches.
    assert index.search("قذايف") == [nabl.id]
    assert index.search("قذائف") == [nabl.id]


@pytest.mark.parametrize("query", ["٢٠١٦", "۲۰۱۶", "2016", "kafr-naha-٢٠١٦-٠٥-٠٧"])
def test_arabic_indic_digits_match_latin(index, kafr, query):
    assert index.search(query) == [kafr.id]


def test_arabic_indic_digits_in_narrative(index, nabl):
    assert index.search("١٥٠٠٠") == [nabl.id]
    assert index.search("۰۸:۱۵") == [nabl.id]


def test_id_is_searchable(index, nabl):
    assert index.search(nabl.id) == [nabl.id]
    assert index.search(nabl.id.upper()) == [nabl.id]


def test_multi_word_is_and(index, kafr, nabl):
    assert index.search("kafr") == [kafr.id, nabl.id]
    assert index.search("kafr idlib") == [nabl.id]
    assert index.search("كفر حلب") == [kafr.id]
    assert index.search("hospital aleppo") == [kafr.id]
    assert index.search("كفرناها ادلب") == []
    assert index.search("kafr  \t  naha  ") == [kafr.id]


def test_no_match(index):
    assert index.search("xyzzy") == []
    assert index.search("حماه") == []


def test_empty_query_lists_everything_in_build_order(kafr, nabl):
    assert IncidentIndex([nabl, kafr]).search() == [nabl.id, kafr.id]
    assert IncidentIndex([kafr, nabl]).search("   ") == [kafr.id, nabl.id]
    assert IncidentIndex().search("kafr") == []


def test_vocabulary_labels_in_both_languages(index, kafr, nabl):
    assert index.search("airstrike") == [kafr.id]
    assert index.search("غارة جوية") == [kafr.id]
    assert index.search("قصف مدفعي") == [nabl.id]
    assert index.search("field hospital") == [kafr.id]
    assert index.search("مركز رعاية صحية أولية") == [nabl.id]
    assert index.search("probable") == [kafr.id]
    assert index.search("مرجح") == [kafr.id]
    assert index.search("مؤكد") == [nabl.id]


def test_other_fields(index, kafr, nabl):
    assert index.search("jebel saman") == [kafr.id]            # admin2
    assert index.search("الأتارب") == [kafr.id]                 # admin3
    assert index.search("government aircraft") == [kafr.id]    # perpetrator
    assert index.search("health directorate") == [nabl.id]     # target operator
    assert index.search("سيارة إسعاف المركز") == [nabl.id]      # second target's name


# --- filters ---------------------------------------------------------------------------

def test_date_range_is_inclusive(index, kafr, nabl):
    day = dt.date(2016, 5, 7)
    assert index.search(date_from=day, date_to=day) == [kafr.id]
    assert index.search(date_from=day) == [kafr.id, nabl.id]
    assert index.search(date_from=day + dt.timedelta(days=1)) == [nabl.id]
    assert index.search(date_to=dt.date(2019, 6, 12)) == [kafr.id, nabl.id]
    assert index.search(date_to=dt.date(2019, 6, 11)) == [kafr.id]
    assert index.search(date_from=dt.date(2020, 1, 1)) == []


@pytest.mark.parametrize("name, expected", [
    ("حلب", "kafr"), ("Aleppo", "kafr"), ("ALEPPO", "kafr"), (" aleppo ", "kafr"),
    ("إدلب", "nabl"), ("ادلب", "nabl"), ("أدلب", "nabl"), ("Idlib", "nabl"),
])
def test_admin1_in_either_language(index, request, name, expected):
    assert index.search(admin1=name) == [request.getfixturevalue(expected).id]


def test_admin1_must_equal_not_contain(index):
    assert index.search(admin1="Hama") == []
    assert index.search(admin1="Alep") == []   # a drop-down value, not a substring search
    assert index.search(admin1="Aleppo Idlib") == []


def test_attack_type(index, kafr, nabl):
    assert index.search(attack_type="airstrike") == [kafr.id]
    assert index.search(attack_type="artillery_shelling") == [nabl.id]
    assert index.search(attack_type="chemical") == []


def test_filters_combine_with_query(index, kafr, nabl):
    assert index.search("kafr", admin1="إدلب") == [nabl.id]
    assert index.search("kafr", attack_type="airstrike") == [kafr.id]
    assert index.search("kafr", admin1="Aleppo", attack_type="artillery_shelling") == []
    assert index.search("hospital", date_from=dt.date(2019, 1, 1), admin1="ادلب",
                        attack_type="artillery_shelling") == [nabl.id]
    assert index.search("", admin1="", attack_type="") == [kafr.id, nabl.id]  # empty means no filter


# --- confidential fields -------------------------------------------------------------

@pytest.mark.parametrize("query", [
    *SECRETS,
    "SECRET", "7731", "4412",
    "Zaitoun", "زيتون",                          # the Kafr Naha source's name
    "asked not to be named",                     # a source note
    "Follow up with the hospital administration",  # Kafr Naha internal notes
    "fictional",
])
def test_sources_and_internal_notes_are_not_searchable(index, query):
    assert index.search(query) == []


def test_incident_text_leaves_out_confidential_fields(kafr, nabl):
    for incident in (kafr, nabl):
        text = incident_text(incident)
        assert "secret" not in text
        for source in incident.sources:
            for value in (source.name, source.contact, source.note):
                assert not value or fold(value) not in text
        assert fold(incident.internal_notes) not in text


# --- keeping the index in step ---------------------------------------------------------

def test_add_remove_replace(kafr, nabl, third_party):
    index = IncidentIndex([kafr])
    assert index.search("kafr") == [kafr.id]

    index.add(nabl)
    assert len(index) == 2 and nabl.id in index
    assert index.search("kafr") == [kafr.id, nabl.id]

    # An edit: the officer moves the incident to Hama and rewrites the place.
    edited = copy.deepcopy(third_party)
    edited["id"] = nabl.id
    edited["location"]["admin1"] = {"ar": "حماة", "en": "Hama"}
    edited["location"]["place"] = {"ar": "اللطامنة", "en": "Latamneh"}
    edited["location"]["admin2"] = edited["location"]["admin3"] = {"ar": "", "en": ""}
    index.replace(parse_incident(edited))
    assert index.search("اللطامنه") == [nabl.id]
    assert index.search(admin1="حماه") == [nabl.id]
    assert index.search(admin1="Idlib") == []
    assert index.search("kafr") == [kafr.id, nabl.id]  # still in its place, after Kafr Naha
    assert index.governorates() == [("حلب", "Aleppo"), ("حماة", "Hama")]

    index.remove(kafr.id)
    assert kafr.id not in index
    assert index.search("kafr") == [nabl.id]
    assert index.search() == [nabl.id]

    index.add(kafr)  # back, now last
    assert index.search() == [nabl.id, kafr.id]


def test_replace_keeps_position(kafr, nabl, third_party):
    index = IncidentIndex([nabl, kafr])
    edited = copy.deepcopy(third_party)
    edited["id"] = nabl.id
    edited["narrative"]["en"] += " Update: the centre reopened on 1 July."
    index.replace(parse_incident(edited))
    assert index.search("reopened") == [nabl.id]
    assert index.search() == [nabl.id, kafr.id]


def test_misuse_is_an_error(kafr, nabl):
    index = IncidentIndex([kafr])
    with pytest.raises(ValueError):
        index.add(kafr)
    with pytest.raises(ValueError):
        IncidentIndex([kafr, kafr])
    with pytest.raises(KeyError):
        index.remove(nabl.id)
    with pytest.raises(KeyError):
        index.replace(nabl)
    assert index.search() == [kafr.id]


# --- governorates for the drop-down ----------------------------------------------------

def test_governorates_sorted_by_english(kafr, nabl, third_party):
    assert IncidentIndex([nabl, kafr]).governorates() == [("حلب", "Aleppo"), ("إدلب", "Idlib")]
    assert IncidentIndex().governorates() == []


def test_governorates_merge_spellings_and_skip_empty(kafr, nabl, third_party):
    same = copy.deepcopy(third_party)
    same["id"] = "idlib-other-spelling"
    same["location"]["admin1"] = {"ar": "ادلب", "en": "IDLIB"}
    nowhere = copy.deepcopy(third_party)
    nowhere["id"] = "no-governorate"
    nowhere["location"]["admin1"] = {"ar": "", "en": ""}
    arabic_only = copy.deepcopy(third_party)
    arabic_only["id"] = "arabic-only"
    arabic_only["location"]["admin1"] = {"ar": "درعا", "en": ""}
    damascus = copy.deepcopy(third_party)
    damascus["id"] = "damascus"
    damascus["location"]["admin1"] = {"ar": "دمشق", "en": "Damascus"}
    index = IncidentIndex([nabl, parse_incident(same), parse_incident(nowhere), kafr,
                           parse_incident(arabic_only), parse_incident(damascus)])
    assert index.governorates() == [("حلب", "Aleppo"), ("دمشق", "Damascus"), ("إدلب", "Idlib"), ("درعا", "")]
    assert index.search(admin1="إدلب") == [nabl.id, "idlib-other-spelling"]
    assert index.search(admin1="درعا") == ["arabic-only"]


def test_incomplete_drafts_are_searched_on_public_fields_only():
    from sitrep.search import draft_text

    draft = {"id": "d1", "location": {"place": {"ar": "كفرنبل", "en": ""}}, "internal_notes": "SECRET-NOTE-7731",
             "sources": [{"name": "SECRET-SOURCE-4412", "contact": "+963-SECRET-CONTACT"}], "targets": "oops"}
    text = draft_text(draft)
    assert "كفرنبل" in text and "oops" in text
    assert "secret" not in text and "contact" not in text  # neither values nor key names
