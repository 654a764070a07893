"""Catalogs, plurals, dates and digits: Arabic done right."""

from __future__ import annotations

import datetime as dt
import gettext

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from helpers import ROOT
from sitrep import formatting
from sitrep.contract import vocab
from sitrep.i18n import gettext_for, ngettext_for, user_language


LOCALE = ROOT / "locale"
ARABIC_PLURALS = ("nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : "
                  "n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);")


def catalog(lang: str, suffix: str = "po"):
    path = LOCALE / lang / "LC_MESSAGES" / f"sitrep.{suffix}"
    with path.open("rb") as handle:
        return read_po(handle, locale=lang) if suffix == "po" else read_mo(handle)


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_catalog_is_complete_and_compiled(lang):
    po = catalog(lang)
    pot_ids = {m.id for m in read_po((LOCALE / "messages.pot").open("rb")) if m.id}
    assert {m.id for m in po if m.id} == pot_ids
    for message in po:
        if message.id:
            assert "fuzzy" not in message.flags, message.id
            strings = message.string if message.pluralizable else [message.string]
            assert all(strings), message.id
    def entries(messages):
        def flat(value):
            return tuple(value) if isinstance(value, (list, tuple)) else value
        return {flat(m.id): flat(m.string) for m in messages if m.id}

    assert entries(catalog(lang, "mo")) == entries(po), "the .mo is out of date: run python scripts/catalogs.py"


def test_arabic_plural_header_in_po_and_mo():
    assert ARABIC_PLURALS in (LOCALE / "ar" / "LC_MESSAGES" / "sitrep.po").read_text(encoding="utf-8")
    with (LOCALE / "ar" / "LC_MESSAGES" / "sitrep.mo").open("rb") as handle:
        assert gettext.GNUTranslations(handle).info()["plural-forms"] == ARABIC_PLURALS


@pytest.mark.parametrize("n, expected", [
    (0, "قتيل"), (1, "قتيل"), (2, "قتيلان"), (3, "قتلى"), (10, "قتلى"),
    (11, "قتيلا"), (99, "قتيلا"), (100, "قتيل"), (101, "قتيل"), (102, "قتيل"),
])
def test_arabic_plural_forms(n, expected):
    assert ngettext_for("ar", "person killed", "people killed", n) == expected


@pytest.mark.parametrize("n, expected", [(1, "person killed"), (0, "people killed"), (2, "people killed")])
def test_english_plural_forms(n, expected):
    assert ngettext_for("en", "person killed", "people killed", n) == expected


def test_every_vocabulary_id_has_two_labels():
    for field, table in vocab.ALL.items():
        for key, label in table.items():
            arabic = gettext_for("ar", label)
            assert gettext_for("en", label) == label
            assert arabic != label and any("\u0600" <= ch <= "\u06ff" for ch in arabic), (field, key)


def test_syrian_month_names_and_arabic_indic_digits():
    day = dt.date(2016, 1, 7)
    assert formatting.date(day, "ar", "latn") == "7 كانون الثاني 2016"
    assert formatting.date(day, "ar", "arab") == "٧ كانون الثاني ٢٠١٦"
    assert formatting.date(dt.date(2016, 5, 7), "ar", "arab") == "٧ أيار ٢٠١٦"
    assert formatting.date(day, "en", "arab") == "7 January 2016"  # English keeps Latin digits
    assert formatting.date(dt.date(2016, 5, 7), "ar", "latn", arabic_locale="ar_EG") == "7 مايو 2016"


def test_numbers_in_both_digit_styles():
    assert formatting.number(1234567, "ar", "arab") == "١٬٢٣٤٬٥٦٧"
    assert formatting.number(1234567, "ar", "latn") == "1,234,567"
    assert formatting.number(1234567, "en", "arab") == "1,234,567"
    assert formatting.clock("08:15", "ar", "arab") == "٠٨:١٥"


@pytest.mark.parametrize("env, expected", [
    ({"LANG": "ar_SY.UTF-8"}, "ar"),
    ({"LANG": "en_US.UTF-8"}, "en"),
    ({"LANGUAGE": "ar:en", "LANG": "en_US.UTF-8"}, "ar"),
    ({"LC_ALL": "en_GB.UTF-8", "LANG": "ar_SY.UTF-8"}, "en"),
    ({"LANG": "C.UTF-8"}, "en"),
    ({}, "en"),
])
def test_user_language_from_environment(env, expected):
    assert user_language(env) == expected
