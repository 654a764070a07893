"""The print options and the bilingual helpers that both reports format their text with.

A report prints every string in Arabic and English side by side: ``Lang`` formats for
one language and digit style, ``per_lang`` builds a value for each, ``columns_for``
says which languages are printed and in what order.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sitrep import formatting
from sitrep.contract.model import Tally
from sitrep.render import labels
from sitrep.i18n import Translator

# Between the parts of a list in running text ("Idlib, Kafr Naha").
SEPARATOR = {"ar": "، ", "en": ", "}


@dataclass
class Options:
    """How a report is printed; defaults come from the report file, flags override them."""

    languages: str = "ar+en"
    digits: str = "latn"
    profile: str = "public"
    arabic_locale: str = formatting.ARABIC_LOCALE
    # The folder of stored photos (the store's photo_dir); None prints no photos.
    photo_dir: str | None = None
    # The store's photo key (Store.file_key(PHOTO_KEY)) that opens them: handed to the render
    # process in memory with the rest of the request, never through a file, an argument or a log.
    photo_key: bytes | None = field(default=None, repr=False)


class Lang(Translator):
    """Messages and formatting bound to one language and the report's digit style."""

    def __init__(self, lang: str, options: Options):
        super().__init__(lang)
        self.options = options

    def num(self, value: int | None) -> str:
        return "–" if value is None else formatting.number(value, self.lang, self.options.digits)

    def count(self, value: int | None) -> str:
        """A count as a table prints it: a number, or "not known" (never 0 for unknown)."""
        return self.t(labels.NOT_KNOWN) if value is None else self.num(value)

    def tally(self, tally: Tally) -> str:
        """A sum of counts: "3", "at least 3" or "not known"."""
        if tally.state == "unknown":
            return self.t(labels.NOT_KNOWN)
        number = self.num(tally.known)
        return self.t(labels.AT_LEAST, number=number) if tally.state == "at_least" else number

    def either(self, parts: list[str]) -> str:
        """"A or B", "A, B or C": one of them, the sources do not say which."""
        if self.lang == "en":  # labels are capitalised on their own, not inside a phrase
            parts = parts[:1] + [part[:1].lower() + part[1:] for part in parts[1:]]
        if len(parts) < 2:
            return self.join(parts)
        return self.t(labels.EITHER, choices=self.join(parts[:-1]), last=parts[-1])

    def date(self, value: dt.date) -> str:
        return formatting.date(value, self.lang, self.options.digits, self.options.arabic_locale)

    def text(self, bilingual, fallback: bool = True) -> str:
        """The text in this language; else the other language's, isolated so it reads right."""
        own = getattr(bilingual, self.lang)
        if own or not fallback:
            return own
        other = bilingual.en if self.lang == "ar" else bilingual.ar
        return formatting.isolate(other, self.lang) if other else ""

    def join(self, parts) -> str:
        return SEPARATOR[self.lang].join(part for part in parts if part)


def langs_for(options: Options) -> dict[str, Lang]:
    return {code: Lang(code, options) for code in ("ar", "en")}


def per_lang(langs: dict[str, Lang], build) -> dict:
    """{"ar": build(Arabic), "en": build(English)}: one value per language."""
    return {code: build(L) for code, L in langs.items()}


def columns_for(languages: str) -> list[str]:
    """Languages from left to right on the page: English left, Arabic right."""
    return {"ar+en": ["en", "ar"], "ar": ["ar"], "en": ["en"]}[languages]


def document_lang(columns: list[str]) -> str:
    """The language a PDF declares: Arabic whenever it prints Arabic."""
    return "ar" if "ar" in columns else "en"


def number_text(number: str, L: Lang) -> str:
    """"No. 12" in the report's digits; nothing for a report without a number."""
    if not number:
        return ""
    return L.t(labels.REPORT_NUMBER, number=formatting.isolate(
        formatting.digits(number, L.lang, L.options.digits), L.lang))


def paragraphs(text: str) -> list[str]:
    """Typed text cut at its line breaks, blank lines dropped."""
    return [part.strip() for part in text.replace("\r\n", "\n").split("\n") if part.strip()]
