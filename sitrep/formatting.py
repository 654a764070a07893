"""Numbers, dates and times for each language, with Latin or Arabic-Indic digits.

Babel formats (and names Syrian months كانون الثاني …); it prints Latin digits
only, so Arabic-Indic digits are applied here, to Arabic text only: English text
always keeps Latin digits.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

from babel.dates import format_date as babel_format_date
from babel.numbers import format_decimal

ARABIC_LOCALE = "ar_SY"  # Levantine month names; "ar" gives Egyptian ones (مايو)
ENGLISH_LOCALE = "en_GB"  # 7 May 2016, as humanitarian reports write it

# Between parts of one line ("Public · page 1 of 2"). Not "·" in Arabic: in Amiri it looks
# exactly like the digit zero (٠), so "عام · صفحة" read as "عام ٠ صفحة".
SEPARATOR = {"ar": "، ", "en": " · "}
# Between the English and the Arabic of one label printed once for both languages.
BETWEEN_LANGUAGES = " / "
_TO_ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
_TO_ARABIC_SEPARATORS = str.maketrans({",": "٬", ".": "٫"})

# Unicode isolates keep a number or Latin name in one piece inside Arabic text
# (and the reverse); see docs/arabic.md.
LRI, RLI, PDI = "\u2066", "\u2067", "\u2069"


def digits(text: str, lang: str, style: str) -> str:
    """Apply the digit style to text in ``lang``: only Arabic text changes."""
    if lang == "ar" and style == "arab":
        return text.translate(_TO_ARABIC_INDIC)
    return text


def number(value: int | float, lang: str, style: str = "latn") -> str:
    locale = ARABIC_LOCALE if lang == "ar" else ENGLISH_LOCALE
    text = format_decimal(value, locale=locale)
    if lang == "ar" and style == "arab":
        text = text.translate(_TO_ARABIC_SEPARATORS)
    return digits(text, lang, style)


def date(value: dt.date, lang: str, style: str = "latn", arabic_locale: str = ARABIC_LOCALE) -> str:
    locale = arabic_locale if lang == "ar" else ENGLISH_LOCALE
    return digits(babel_format_date(value, "d MMMM y", locale=locale), lang, style)


def clock(value: str | None, lang: str, style: str = "latn") -> str:
    """A stored "HH:MM" time for display; None means unknown and gives ''."""
    return digits(value, lang, style) if value else ""


def isolate(text: str, lang: str) -> str:
    """Wrap a left-to-right run for Arabic text, or a right-to-left run for English."""
    if not text:
        return text
    return f"{LRI}{text}{PDI}" if lang == "ar" else f"{RLI}{text}{PDI}"


def as_path(path) -> str:
    """A file path inside a sentence of either language, isolated left to right: in an Arabic
    sentence the bidi algorithm would otherwise move its slashes and dots ("home// officer/.local")."""
    return f"{LRI}{path}{PDI}"


def text_direction(text: str) -> str:
    """"rtl" or "ltr", from the text's first strong character (Unicode's rule, as dir="auto"
    would do: WeasyPrint does not implement dir="auto"); "ltr" for text with none."""
    for char in str(text):
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"
