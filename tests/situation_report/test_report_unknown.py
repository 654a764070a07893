"""Issue 16 in the situation report: unknown is not zero, the new key figures and the
breakdown by perpetrator, the context (previous period, total since a date, facilities
hit again) and the back matter.

The fixture is fourteen incidents written out by hand: twelve in May 2016, one in
April (the previous period) and one in January (for "since 1 January"). Every count
column has at least one unknown. The expected numbers below were counted by hand from
the table in MAY_ROWS, not recomputed by the code under test.
"""

from __future__ import annotations

import datetime as dt

import pytest

from sitrep.i18n import ngettext_for
from sitrep.render.bilingual import langs_for
from sitrep.contract.model import Incident, Organization, Tally, Text
from sitrep.situation_report import figures, parts, sentences, texts
from sitrep.situation_report.pipeline import ReportRequest, build_report

from textcheck import normalize, pdf_text, words
from helpers import open_store


MAY = (dt.date(2016, 5, 1), dt.date(2016, 5, 31))
N = None  # not known

PLACES = {
    "Kafr Naha": ("كفرناها", "Idlib"), "Atareb": ("الأتارب", "Aleppo"), "Saraqib": ("سراقب", "Idlib"),
    "Idlib": ("إدلب", "Idlib"), "Maarat": ("معرة النعمان", "Idlib"), "Darkush": ("دركوش", "Idlib"),
}
GOVERNORATES = {"Idlib": "إدلب", "Aleppo": "حلب"}


def row(group, killed, injured, kidnapped=0, arrested=0):
    return {"group": group, "killed": killed, "injured": injured, "kidnapped": kidnapped, "arrested": arrested}


# (id, day, place, [(kind, English name, Arabic name)], perpetrator groups, casualty rows, source types)
MAY_ROWS = [
    ("m01", "2016-05-02", "Kafr Naha", [("hospital", "Al-Shifa hospital", "مستشفى الشفاء")], ["state_forces"],
     [row("civilians", 3, 5), row("health_workers", 1, N)], ["facility_staff", "eyewitness"]),
    ("m02", "2016-05-03", "Atareb", [("ambulance", "Atareb ambulance", "إسعاف الأتارب")],
     ["state_forces", "allied_foreign_forces"], [row("health_workers", 2, 1)], ["civil_defence"]),
    # Only the Arabic names: the same hospital as m01 through its Arabic keys.
    ("m03", "2016-05-05", "Kafr Naha", [("hospital", "", "مستشفى الشفاء")], ["allied_foreign_forces", "state_forces"],
     [row("unknown", N, N, N, N)], ["media"]),
    ("m04", "2016-05-08", "Saraqib", [("primary_health_centre", "Saraqib health centre", "مركز سراقب الصحي")],
     ["armed_opposition"], [row("patients", N, 4)], ["social_media"]),
    ("m05", "2016-05-10", "Idlib", [("civil_defence_centre", "Idlib civil-defence centre", "مركز الدفاع المدني في إدلب")],
     ["extremist_groups"], [row("civil_defence", 1, 2), row("health_workers", 0, 0, 2, N)], ["civil_defence"]),
    ("m06", "2016-05-12", "Saraqib", [("mobile_clinic", "", "")], ["unknown"], [], []),
    ("m07", "2016-05-15", "Maarat", [("civil_defence_vehicle", "", "")], [], [row("civil_defence", 0, N)],
     ["eyewitness"]),
    # Only the English names: the same hospital again (third time in May).
    ("m08", "2016-05-18", "Kafr Naha", [("hospital", "Al-Shifa Hospital", "")], ["state_forces"],
     [row("health_workers", 0, 3, N, 1), row("civilians", 2, 6)], ["facility_staff"]),
    ("m09", "2016-05-20", "Atareb", [("hospital", "Atareb hospital", "مستشفى الأتارب"),
                                     ("ambulance", "Atareb ambulance", "إسعاف الأتارب")], ["state_forces"],
     [row("civilians", 4, N)], ["ngo_report", "media"]),
    ("m10", "2016-05-22", "Darkush", [("pharmacy", "Darkush pharmacy", "صيدلية دركوش")], ["other"],
     [row("civilians", 0, 0)], []),
    ("m11", "2016-05-25", "Idlib", [("hospital", "Idlib national hospital", "المشفى الوطني في إدلب")],
     ["state_forces", "allied_foreign_forces"], [row("health_workers", N, N, 1, 2)], ["facility_staff"]),
    ("m12", "2016-05-28", "Maarat", [("field_hospital", "Maarat field hospital", "مشفى المعرة الميداني")], [],
     [row("unknown", 2, N)], ["other"]),
]
OTHER_ROWS = [
    ("a13", "2016-04-20", "Kafr Naha", [("hospital", "Al-Shifa hospital", "مستشفى الشفاء")], ["state_forces"],
     [row("civilians", 1, 1)], ["media"]),
    ("j14", "2016-01-10", "Idlib", [("civil_defence_centre", "Idlib civil-defence centre", "مركز الدفاع المدني في إدلب")],
     ["state_forces"], [row("civil_defence", 1, 0)], ["civil_defence"]),
]


def make(spec) -> Incident:
    ident, day, place, targets, groups, rows, source_types = spec
    ar_place, governorate = PLACES[place]
    english_only = ident == "m08"
    return Incident.model_validate({
        "id": ident, "schema_version": 2, "status": "final", "date": day, "certainty": "confirmed",
        "attack_types": ["airstrike"], "perpetrator_groups": groups,
        "location": {"admin1": {"ar": GOVERNORATES[governorate], "en": governorate},
                     "place": {"ar": "" if english_only else ar_place, "en": "" if ident == "m03" else place}},
        "targets": [{"kind": kind, "name": {"ar": ar, "en": en}} for kind, en, ar in targets],
        "casualties": rows,
        "sources": [{"type": kind, "name": f"SECRET-NAME-{ident}-{n}"} for n, kind in enumerate(source_types)],
    }, strict=False)


def may() -> list[Incident]:
    return [make(spec) for spec in MAY_ROWS]


def stored() -> list[Incident]:
    return may() + [make(spec) for spec in OTHER_ROWS]


# Counting, against the hand count


def test_key_figures_against_the_hand_count():
    got = figures.key_figures(may())
    assert (got.incidents, got.facilities, got.vehicles) == (12, 13, 3)
    assert got.killed == Tally(15, True)          # m03, m04 and m11 did not know
    assert got.injured == Tally(21, True)
    assert got.health_workers_killed == Tally(3, True)   # m03 and m12's unspecified rows may hold some
    assert got.health_workers_injured == Tally(4, True)
    assert got.health_workers_kidnapped == Tally(3, True)  # m05 2, m11 1; m08 did not know
    assert got.health_workers_arrested == Tally(3, True)   # m08 1, m11 2; m05 did not know
    assert got.civil_defence_killed == Tally(1, True)


def test_breakdown_by_perpetrator_against_the_hand_count():
    table = figures.by_perpetrator(may())
    got = [(r.key, r.incidents, r.facilities, r.killed, r.injured) for r in table.rows]
    assert got == [
        (("state_forces",), 3, 4, Tally(10), Tally(14, True)),
        (("state_forces", "allied_foreign_forces"), 3, 3, Tally(2, True), Tally(1, True)),  # either order
        ((), 2, 2, Tally(2), Tally(0, True)),
        (("armed_opposition",), 1, 1, Tally(0, True), Tally(4)),
        (("extremist_groups",), 1, 1, Tally(1), Tally(2)),
        (("unknown",), 1, 1, Tally(0), Tally(0)),
        (("other",), 1, 1, Tally(0), Tally(0)),
    ]
    assert sum(r.incidents for r in table.rows) == 12
    # Every count column holds an unknown somewhere.
    assert any(r.killed.state == "unknown" for r in table.rows)
    assert any(r.injured.state == "unknown" for r in table.rows)


def test_perpetrator_labels_in_both_languages():
    options = ReportRequest(*MAY).options()
    L = langs_for(options)
    table = figures.by_perpetrator(may())
    labels = {lang: [parts.row_label(table, r, L[lang]) for r in table.rows] for lang in ("en", "ar")}
    assert labels["en"][:3] == ["State forces", "State forces or allied foreign forces", "Perpetrator not recorded"]
    assert labels["ar"][:3] == ["القوات الحكومية", "القوات الحكومية أو القوات الأجنبية الحليفة",
                                "الجهة المنفذة غير مسجلة"]


def test_other_breakdowns_show_unknown_as_unknown():
    tables = {t.name: t for t in figures.breakdowns(may(), *MAY)}
    governorates = {r.key: (r.incidents, r.killed, r.injured) for r in tables["governorate"].rows}
    assert governorates == {"idlib": (10, Tally(9, True), Tally(20, True)), "aleppo": (2, Tally(6), Tally(1, True))}
    options = ReportRequest(*MAY, languages="en").options()
    L = langs_for(options)["en"]
    assert [parts.tally_text(t, L) for t in (Tally(6), Tally(11, True), Tally(0, True), Tally(0))] == [
        "6", "≥11", "?", "0"]


def test_repeat_hits_use_the_duplicate_check_keys():
    since_january = figures.repeat_hits(stored(), MAY[0])
    found = {(hit.incident.id, hit.hits) for hit in since_january}
    # Al-Shifa: a13 (April), m01, m03 (Arabic names only), m08 (English only); the
    # Atareb ambulance twice; the Idlib civil-defence centre in January and May.
    assert found == {("m08", 4), ("m09", 2), ("m05", 2)}
    in_may = figures.repeat_hits(may(), MAY[0])
    assert {(hit.incident.id, hit.hits) for hit in in_may} == {("m08", 3), ("m09", 2)}
    # Unnamed facilities are never matched (two unnamed clinics in Saraqib would be "one").
    assert all(hit.incident.targets[hit.target_index].name.en or hit.incident.targets[hit.target_index].name.ar
               for hit in since_january)


@pytest.mark.parametrize("start, end, before", [
    (dt.date(2016, 5, 1), dt.date(2016, 5, 31), (dt.date(2016, 4, 1), dt.date(2016, 4, 30))),
    (dt.date(2016, 1, 1), dt.date(2016, 3, 31), (dt.date(2015, 10, 1), dt.date(2015, 12, 31))),
    (dt.date(2016, 5, 10), dt.date(2016, 5, 16), (dt.date(2016, 5, 3), dt.date(2016, 5, 9))),
])
def test_previous_period_has_the_same_length(start, end, before):
    assert figures.previous_period(start, end) == before


def test_change_and_arrows():
    options = ReportRequest(*MAY, digits="arab").options()
    L = langs_for(options)
    assert parts.change_text(12, 1, L["en"]) == "↑ +11"
    assert parts.change_text(1, 3, L["en"]) == "↓ \u22122"
    assert parts.change_text(Tally(2), Tally(2), L["en"]) == "no change"
    assert parts.change_text(Tally(15, True), Tally(1), L["en"]) == "previous: 1"  # no guessed difference
    # In Arabic the arrow leads too, so it stands on the right; the signed number is isolated.
    assert parts.change_text(12, 1, L["ar"]) == "↑ \u2066+١١\u2069"


# Wording in both languages


def said(tally: Tally, lang: str) -> list[str]:
    return sentences.casualty_sentences(tally, tally, lang, "arab")


def test_sentences_for_unknown_partly_known_and_known():
    assert said(Tally(0, True), "en") == ["Casualty figures are not yet known."]
    assert said(Tally(0, True), "ar") == ["أعداد الضحايا غير معروفة بعد."]
    assert said(Tally(3, True), "en") == ["At least 3 people were killed.", "At least 3 people were injured."]
    assert said(Tally(3, True), "ar") == ["لقي ٣ أشخاص على الأقل حتفهم.", "أصيب ٣ أشخاص على الأقل بجروح."]
    assert said(Tally(3), "en") == ["3 people were killed.", "3 people were injured."]
    assert said(Tally(3), "ar") == ["لقي ٣ أشخاص حتفهم.", "أصيب ٣ أشخاص بجروح."]
    assert said(Tally(0), "en") == ["No one was killed.", "No one was injured."]
    assert said(Tally(0), "ar") == ["لم يلق أحد حتفه.", "لم يصب أحد بجروح."]
    assert sentences.casualty_sentences(Tally(2), Tally(0, True), "en") == [
        "2 people were killed.", "The number of people injured is not known."]
    assert sentences.casualty_sentences(Tally(0, True), Tally(0), "ar") == ["عدد القتلى غير معروف.", "لم يصب أحد بجروح."]


# The six Arabic forms of the new counted messages, for 0, 1, 2, 3, 11 and 100.
ARABIC_FORMS = {
    "killed": (lambda n: sentences.people_sentence("killed", Tally(n), "ar"), {
        1: "لقي شخص واحد حتفه.", 2: "لقي شخصان حتفهما.", 3: "لقي ٣ أشخاص حتفهم.", 11: "لقي ١١ شخصا حتفهم.",
        100: "لقي ١٠٠ شخص حتفهم.", 0: "لم يلق أحد حتفه."}),
    "killed, at least": (lambda n: sentences.people_sentence("killed", Tally(n, True), "ar"), {
        1: "لقي شخص واحد على الأقل حتفه.", 2: "لقي شخصان على الأقل حتفهما.", 3: "لقي ٣ أشخاص على الأقل حتفهم.",
        11: "لقي ١١ شخصا على الأقل حتفهم.", 100: "لقي ١٠٠ شخص على الأقل حتفهم.", 0: "عدد القتلى غير معروف."}),
    "health workers kidnapped": (lambda n: sentences.sentence(texts.S_KIDNAPPED, texts.N_HEALTH_WORKERS, n, "ar"), {
        0: "لم يتعرض أي عامل صحي للخطف", 1: "تعرض عامل صحي واحد للخطف", 2: "تعرض عاملان صحيان للخطف",
        3: "تعرض ٣ عاملين صحيين للخطف", 11: "تعرض ١١ عاملا صحيا للخطف", 100: "تعرض ١٠٠ عامل صحي للخطف"}),
    "health workers arrested, at least": (
        lambda n: sentences.sentence(texts.S_ARRESTED_AT_LEAST, texts.N_HEALTH_WORKERS, n, "ar"), {
            0: "لم يتعرض أي عامل صحي للتوقيف", 1: "تعرض عامل صحي واحد على الأقل للتوقيف",
            2: "تعرض عاملان صحيان على الأقل للتوقيف", 3: "تعرض ٣ عاملين صحيين على الأقل للتوقيف",
            11: "تعرض ١١ عاملا صحيا على الأقل للتوقيف", 100: "تعرض ١٠٠ عامل صحي على الأقل للتوقيف"}),
    "among the injured": (lambda n: sentences.sentence(texts.S_AMONG_THE_INJURED, texts.N_HEALTH_WORKERS, n, "ar"), {
        0: "لم يكن بين الجرحى أي عامل صحي", 1: "كان بين الجرحى عامل صحي واحد", 2: "كان بين الجرحى عاملان صحيان",
        3: "كان بين الجرحى ٣ عاملين صحيين", 11: "كان بين الجرحى ١١ عاملا صحيا", 100: "كان بين الجرحى ١٠٠ عامل صحي"}),
    "vehicles box": (lambda n: ngettext_for("ar", *texts.BOX_VEHICLES, n), {
        0: "سيارة إسعاف أو آلية دفاع مدني مستهدفة", 1: "سيارة إسعاف أو آلية دفاع مدني مستهدفة",
        2: "سيارتا إسعاف أو آليتا دفاع مدني مستهدفتان", 3: "سيارات إسعاف أو آليات دفاع مدني مستهدفة",
        11: "سيارة إسعاف أو آلية دفاع مدني مستهدفة", 100: "سيارة إسعاف أو آلية دفاع مدني مستهدفة"}),
    "health workers injured box": (lambda n: ngettext_for("ar", *texts.BOX_HEALTH_WORKERS_INJURED, n), {
        0: "جريح من العاملين الصحيين", 1: "جريح من العاملين الصحيين", 2: "جريحان من العاملين الصحيين",
        3: "جرحى من العاملين الصحيين", 11: "جريحا من العاملين الصحيين", 100: "جريح من العاملين الصحيين"}),
    "health workers kidnapped box": (lambda n: ngettext_for("ar", *texts.BOX_HEALTH_WORKERS_KIDNAPPED, n), {
        0: "مخطوف من العاملين الصحيين", 1: "مخطوف من العاملين الصحيين", 2: "مخطوفان من العاملين الصحيين",
        3: "مخطوفون من العاملين الصحيين", 11: "مخطوفا من العاملين الصحيين", 100: "مخطوف من العاملين الصحيين"}),
    "sources": (lambda n: sentences.counted(texts.N_SOURCES, n, "ar"), {
        0: "لا مصادر", 1: "مصدر واحد", 2: "مصدران", 3: "٣ مصادر", 11: "١١ مصدرا", 100: "١٠٠ مصدر"}),
}


@pytest.mark.parametrize("name", sorted(ARABIC_FORMS))
@pytest.mark.parametrize("count", [0, 1, 2, 3, 11, 100])
def test_arabic_counted_forms(name, count):
    build, expected = ARABIC_FORMS[name]
    text = build(count)
    assert text == expected[count]
    assert not any(mark in text for mark in "\u064b\u064c\u064d"), "no tanween on counted forms"


@pytest.mark.parametrize("n, en, ar", [(2, "2nd", "الثانية"), (3, "3rd", "الثالثة"), (4, "4th", "الرابعة"),
                                       (11, "11th", "الـ١١"), (12, "12th", "الـ١٢"), (21, "21st", "الـ٢١"),
                                       (22, "22nd", "الـ٢٢"), (101, "101st", "الـ١٠١"), (111, "111th", "الـ١١١")])
def test_ordinals(n, en, ar):
    assert sentences.ordinal(n, "en") == en and sentences.ordinal(n, "ar", "arab") == ar


# Real PDFs from a real store


def flat(text: str) -> str:
    return " ".join(normalize(text).split())


def has_words(text: str, phrase: str) -> bool:
    """Every word of an Arabic heading, in any order: PDFium returns some right-to-left
    lines word by word from the left."""
    return set(words(phrase)) <= set(words(text))


ORGANIZATION = Organization(name=Text(ar="شبكة المثال", en="Example Network"), contact="+963 11 000 0000",
                            data_url="https://example.org/attacks-on-health")


@pytest.fixture(scope="module")
def may_report(tmp_path_factory):
    folder = tmp_path_factory.mktemp("store")
    with open_store(folder / "data.db") as store:
        store.add_many(stored())
        incidents = store.list()
    request = ReportRequest(*MAY, since=dt.date(2016, 1, 1), digits="latn", cache_dir=None,
                            organization=ORGANIZATION)
    built = build_report(request, incidents)
    return built, flat(pdf_text(built.data))


def test_report_pdf_prints_the_context_in_both_languages(may_report):
    built, text = may_report
    for wanted in ("At least 15 people were killed.", "لقي 15 شخصا على الأقل حتفهم.",
                   "At least 21 people were injured.", "أصيب 21 شخصا على الأقل بجروح.",
                   "At least 3 health workers were kidnapped.", "At least 3 health workers were arrested.",
                   "تعرض 3 عاملين صحيين على الأقل للخطف.",
                   "Al-Shifa Hospital, Kafr Naha was hit for the 4th time since 1 January 2016.",
                   "Atareb ambulance was hit for the 2nd time since 1 January 2016.",
                   "تعرضت منشأة", "مستشفى الشفاء، كفرناها", "للهجوم للمرة الرابعة منذ 1 كانون الثاني",  # the year wraps
                   "Change against the previous period, 1 April 2016 to 30 April 2016.",
                   "Total: since 1 January 2016, to the end of this period.",
                   "State forces or allied foreign forces", "القوات الحكومية أو القوات الأجنبية الحليفة",
                   "ambulances or civil-defence vehicles hit", "health workers kidnapped", "health workers arrested"):
        assert flat(wanted) in text, wanted
    assert flat("↑ +11") in text  # incidents: 12 against 1 in April
    assert "total: 14" in text    # incidents since 1 January


def test_back_matter_is_the_last_page(may_report):
    import pypdfium2

    built, _ = may_report
    document = pypdfium2.PdfDocument(built.data)
    try:
        last = flat(document[len(document) - 1].get_textpage().get_text_range())
    finally:
        document.close()
    # Sources in May, counted by hand: facility staff 3, eyewitness 2, civil defence 2,
    # media 2, social media 1, NGO report 1, other 1.
    for wanted in ("About this report", "Method", "Confirmed", "Probable", "Possible", "Rumour",
                   "Sources by type", "Facility staff 3", "Eyewitness 2", "Media 2", "NGO report 1", "12 sources",
                   "+963 11 000 0000", "https://example.org/attacks-on-health",
                   "do not imply official endorsement or acceptance"):
        assert flat(wanted) in last, wanted
    for wanted in ("عن هذا التقرير", "المنهجية", "مؤكد", "إشاعة", "المصادر حسب النوع", "12 مصدرا", "للتواصل",
                   "لا تعني الحدود والأسماء المبينة والتسميات المستخدمة في هذا التقرير"):
        assert has_words(last, wanted), wanted
    # Counted by type, never named, even in the back matter of a public report.
    assert "SECRET-NAME" not in last and b"SECRET-NAME" not in built.data


def test_internal_report_counts_sources_but_never_names_them(tmp_path):
    request = ReportRequest(*MAY, profile="internal", languages="en", cache_dir=None)
    built = build_report(request, may())
    import pypdfium2

    document = pypdfium2.PdfDocument(built.data)
    try:
        last = flat(document[len(document) - 1].get_textpage().get_text_range())
    finally:
        document.close()
    assert "Sources by type" in last and "12 sources" in last and "SECRET-NAME" not in last


# The three states in a real PDF, both languages


def one_incident(rows) -> list[Incident]:
    spec = ("s01", "2016-05-07", "Kafr Naha", [("hospital", "Al-Shifa hospital", "مستشفى الشفاء")],
            ["state_forces"], rows, [])
    return [make(spec)]


STATES = {
    "unknown": ([row("unknown", N, N, N, N)], ["Casualty figures are not yet known.", "أعداد الضحايا غير معروفة بعد."]),
    "partly known": ([row("civilians", 3, 2), row("unknown", N, N, N, N)],
                     ["At least 3 people were killed.", "لقي ٣ أشخاص على الأقل حتفهم.",
                      "At least 2 people were injured.", "أصيب شخصان على الأقل بجروح."]),
    "known": ([row("civilians", 3, 2)], ["3 people were killed.", "لقي ٣ أشخاص حتفهم.", "2 people were injured.",
                                         "أصيب شخصان بجروح."]),
}
FORBIDDEN = ("No one was killed", "لم يقتل أحد", "لم يلق أحد حتفه", "0 people killed", "0 people were killed")


@pytest.mark.parametrize("state", sorted(STATES))
def test_report_pdf_wording_for_each_state(state, tmp_path):
    rows, wanted = STATES[state]
    with open_store(tmp_path / "data.db") as store:
        store.add_many(one_incident(rows))
        incidents = store.list()
    built = build_report(ReportRequest(*MAY, digits="arab", cache_dir=None), incidents)
    text = flat(pdf_text(built.data))
    for line in wanted:
        assert flat(line) in text, line
    if state != "known":
        for words_ in FORBIDDEN:
            assert flat(words_) not in text, words_
        assert "not known" in text and flat("غير معروف") in text  # the boxes say so


def test_no_one_was_killed_only_when_known(tmp_path):
    built = build_report(ReportRequest(*MAY, cache_dir=None), one_incident([row("civilians", 0, 0)]))
    text = flat(pdf_text(built.data))
    assert "No one was killed." in text and flat("لم يلق أحد حتفه.") in text


def test_people_by_group_against_the_hand_count():
    """Every column holds an unknown: patients' killed, the unspecified row's injured,
    kidnapped and arrested, and detained and missing, which no row of the fixture knows."""
    people = figures.people_by_group(may())
    K, Q = Tally, Tally(0, True)  # Q: not known anywhere
    outcomes = ("killed", "injured", "kidnapped", "arrested", "detained", "missing")
    got = {group: tuple(counts[o] for o in outcomes) for group, counts in people.rows}
    assert list(got) == ["health_workers", "civil_defence", "patients", "civilians", "unknown"]
    assert got["health_workers"] == (K(3, True), K(4, True), K(3, True), K(3, True), Q, Q)
    assert got["civil_defence"] == (K(1), K(2, True), K(0), K(0), Q, Q)
    assert got["patients"] == (Q, K(4), K(0), K(0), Q, Q)
    assert got["civilians"] == (K(9), K(11, True), K(0), K(0), Q, Q)
    assert got["unknown"] == (K(2, True), Q, Q, Q, Q, Q)
    assert tuple(people.total[o] for o in outcomes) == (K(15, True), K(21, True), K(3, True), K(3, True), Q, Q)
    for n in range(len(outcomes)):
        assert any(counts[n].state == "unknown" for counts in got.values()), outcomes[n]


def test_people_table_and_its_contents_entry_in_the_pdf(may_report):
    built, text = may_report
    assert "People affected, by group" in text and has_words(text, "المتضررون حسب الفئة")
    assert "Total ≥15 ≥21 ≥3 ≥3 ?" in text  # the last "?" may come out after the Arabic label
    assert flat("≥3: at least 3 (some counts are not known); ?: not known.") in text
    assert any(title["en"] == "People affected, by group" for title, _, _ in built.sections)


def test_the_cover_names_at_most_five_facilities_hit_again():
    hits = figures.repeat_hits(stored(), MAY[0])
    history = figures.History(dt.date(2016, 4, 1), dt.date(2016, 4, 30), figures.KeyFigures(), dt.date(2016, 1, 1),
                              None, tuple(hits * 3))  # nine
    L = langs_for(ReportRequest(*MAY, digits="arab").options())
    english = parts.repeat_lines(history, MAY[0], L["en"])
    assert len(english) == 6 and english[-1] == "4 other facilities were also hit more than once since 1 January 2016."
    assert parts.repeat_lines(history, MAY[0], L["ar"])[-1] == "تعرضت ٤ منشآت أخرى أيضا لأكثر من هجوم منذ ١ كانون الثاني ٢٠١٦."
