"""Translations: one gettext catalog per language, several usable at once.

A bilingual report needs Arabic and English in the same render, so nothing here
installs a global ``_``; callers ask for the translator of the language they need.
"""

from __future__ import annotations

import gettext
import os
from functools import lru_cache

from sitrep.paths import LOCALE_DIR

DOMAIN = "sitrep"
LANGUAGES = ("ar", "en")


def N_(message: str) -> str:
    """Mark a string for extraction without translating it now."""
    return message


def N_plural(singular: str, plural: str) -> tuple[str, str]:
    """Mark a singular/plural pair for extraction (Arabic has six forms)."""
    return (singular, plural)


@lru_cache(maxsize=None)
def translator(lang: str) -> gettext.NullTranslations:
    """The catalog for ``lang`` ("ar" or "en"); English falls back to the msgids."""
    return gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[lang], fallback=(lang == "en"))


def gettext_for(lang: str, message: str) -> str:
    return translator(lang).gettext(message)


def ngettext_for(lang: str, singular: str, plural: str, n: int) -> str:
    return translator(lang).ngettext(singular, plural, n)


class Translator:
    """Messages in one language: the one way the command line, the app and both reports
    look up and fill in a message (they add what is their own: printing, Qt, digits)."""

    def __init__(self, lang: str = "en"):
        self.lang = lang

    def t(self, message: str, /, **params) -> str:
        # Positional-only: a message may name a {message} field among its params.
        if not message:
            return ""  # gettext("") is the catalog's header, never a label
        text = gettext_for(self.lang, message)
        return text.format(**params) if params else text

    def n(self, forms: tuple[str, str], number: int, /, **params) -> str:
        """The plural form for ``number`` (Arabic has six), filled in with ``params`` if any.
        Positional-only: many messages name a {count} field among their params."""
        text = ngettext_for(self.lang, forms[0], forms[1], number)
        return text.format(**params) if params else text

    def vocab(self, table: dict, key: str) -> str:
        """The label of a vocabulary id (contract.vocab) in this language."""
        return gettext_for(self.lang, table[key])


def both(message: str) -> dict[str, str]:
    """The message in every language, for labels printed side by side."""
    return {lang: gettext_for(lang, message) for lang in LANGUAGES}


def user_language(environ: os._Environ | dict | None = None) -> str:
    """The interface language from LANGUAGE / LC_ALL / LC_MESSAGES / LANG: "ar" or "en".

    Follows the usual precedence of those variables; where none is set (Windows) the
    system locale decides. Anything that is not Arabic is English.
    """
    env = os.environ if environ is None else environ
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "")
        if not value:
            continue
        first = value.split(":")[0].strip().lower()
        if first in ("c", "posix", "c.utf-8"):
            continue
        return "ar" if first.startswith("ar") else "en"
    if environ is None:
        import locale

        system = (locale.getlocale()[0] or "").lower()  # "ar_SY" here, "Arabic_Syria" on Windows
        return "ar" if system.startswith("ar") else "en"
    return "en"
