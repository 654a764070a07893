"""The generated key-figure sentences, in Arabic and English.

Every count goes through a gettext plural message: Arabic has six forms, and both the
counted noun (مرفقان صحيان، ٣ مرافق صحية، ١١ مرفقًا صحيًا، ١٠١ مرفق صحي) and the verb
agree with the number. A sentence is a plural message around a counted phrase, itself
a plural message, so each language can word both parts its own way.
"""

from __future__ import annotations

from sitrep import formatting
from sitrep.i18n import gettext_for, ngettext_for
from sitrep.sitrep_report import texts
from sitrep.sitrep_report.figures import KeyFigures

END = {"ar": ".", "en": "."}
COMMA = {"ar": "، ", "en": ", "}


def counted(forms: tuple[str, str], count: int, lang: str, digits: str = "arab") -> str:
    """"3 health facilities" / "٣ مرافق صحية" with the count in the language's digits."""
    return ngettext_for(lang, *forms, count).format(count=formatting.number(count, lang, digits))


def sentence(frame: tuple[str, str], noun: tuple[str, str], count: int, lang: str, digits: str = "arab") -> str:
    what = counted(noun, count, lang, digits)
    return ngettext_for(lang, *frame, count).format(what=what, count=formatting.number(count, lang, digits))


def health_facilities_sentence(attacked: int, out_of_service: int, lang: str, digits: str = "arab") -> str:
    """"3 health facilities were attacked, 2 of them put out of service." """
    text = sentence(texts.S_HEALTH_ATTACKED, texts.N_HEALTH_FACILITIES, attacked, lang, digits)
    if attacked and out_of_service:
        clause = ngettext_for(lang, *texts.S_OUT_OF_SERVICE, out_of_service).format(
            count=formatting.number(out_of_service, lang, digits))
        text += COMMA[lang] + clause
    return text + END[lang]


def key_figure_sentences(figures: KeyFigures, lang: str, digits: str = "arab") -> list[str]:
    """What the figures say, in the order a reader asks: how many attacks, on what, who died."""
    if not figures.incidents:
        return [gettext_for(lang, texts.S_NO_INCIDENTS)]
    lines = [sentence(texts.S_INCIDENTS, texts.N_INCIDENTS, figures.incidents, lang, digits)]
    if figures.health_facilities:
        lines.append(health_facilities_sentence(figures.health_facilities, figures.health_out_of_service,
                                                lang, digits))
    if figures.civil_defence_facilities:
        lines.append(sentence(texts.S_CIVIL_DEFENCE_ATTACKED, texts.N_CIVIL_DEFENCE_FACILITIES,
                              figures.civil_defence_facilities, lang, digits) + END[lang])
    lines.append(sentence(texts.S_KILLED, texts.N_PEOPLE, figures.killed, lang, digits) + END[lang])
    lines.append(sentence(texts.S_INJURED, texts.N_PEOPLE, figures.injured, lang, digits) + END[lang])
    if figures.health_workers_killed:
        lines.append(sentence(texts.S_AMONG_THE_DEAD, texts.N_HEALTH_WORKERS, figures.health_workers_killed,
                              lang, digits) + END[lang])
    if figures.civil_defence_killed:
        lines.append(sentence(texts.S_AMONG_THE_DEAD, texts.N_CIVIL_DEFENCE_MEMBERS, figures.civil_defence_killed,
                              lang, digits) + END[lang])
    return lines
