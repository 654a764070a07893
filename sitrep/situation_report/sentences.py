"""The generated key-figure sentences, in Arabic and English.

Every count goes through a gettext plural message: Arabic has six forms, and both the
counted noun (منشأتان صحيتان، ٣ منشآت صحية، ١١ منشأة صحية) and the verb agree with
the number. A sentence is a plural message around a counted phrase, itself a plural
message, so each language can word both parts its own way.

A count of people is a Tally (sitrep.contract.model): all known ("3 people were killed"), a
floor when some incident did not know it ("At least 3 people were killed"), or not
known at all ("The number of people killed is not yet known"). "No one was killed"
is written only for a known 0: a report that turns "not yet known" into "nobody"
states something false.
"""

from __future__ import annotations

from sitrep import formatting
from sitrep.i18n import gettext_for, ngettext_for
from sitrep.contract.model import Tally
from sitrep.situation_report import texts
from sitrep.situation_report.figures import KeyFigures

END = {"ar": ".", "en": "."}
COMMA = {"ar": "، ", "en": ", "}


def counted(forms: tuple[str, str], count: int, lang: str, digits: str = "arab") -> str:
    """"3 health facilities" / "٣ منشآت صحية" with the count in the language's digits."""
    return ngettext_for(lang, *forms, count).format(count=formatting.number(count, lang, digits))


def sentence(frame: tuple[str, str], noun: tuple[str, str], count: int, lang: str, digits: str = "arab") -> str:
    what = counted(noun, count, lang, digits)
    return ngettext_for(lang, *frame, count).format(what=what, count=formatting.number(count, lang, digits))


def health_facilities_sentence(attacked: int, out_of_service: int, lang: str, digits: str = "arab") -> str:
    """"3 health facilities were attacked, 2 of them put out of service." """
    text = sentence(texts.S_HEALTH_ATTACKED, texts.N_HEALTH_FACILITIES, attacked, lang, digits)
    if attacked and out_of_service:
        # Arabic names one, two and all differently (وخرجت عن الخدمة، إحداهما، كلتاهما، جميعها):
        # "2 of them" after a single facility, or "منها" after two, reads wrong.
        if out_of_service == attacked:
            clause = ngettext_for(lang, *texts.S_ALL_OUT_OF_SERVICE, attacked)
        elif attacked == 2:
            clause = gettext_for(lang, texts.S_ONE_OF_TWO_OUT_OF_SERVICE)
        else:
            clause = ngettext_for(lang, *texts.S_OUT_OF_SERVICE, out_of_service).format(
                count=formatting.number(out_of_service, lang, digits))
        text += COMMA[lang] + clause
    return text + END[lang]


# What each count of people says in its three states: (all known, at least, nobody, not known).
PEOPLE = {
    "killed": (texts.S_KILLED, texts.S_KILLED_AT_LEAST, texts.S_NO_ONE_KILLED, texts.S_KILLED_UNKNOWN),
    "injured": (texts.S_INJURED, texts.S_INJURED_AT_LEAST, texts.S_NO_ONE_INJURED, texts.S_INJURED_UNKNOWN),
}


def people_sentence(column: str, tally: Tally, lang: str, digits: str = "arab") -> str:
    """"3 people were killed." / "At least 3 people were killed." / "No one was killed." /
    "The number of people killed is not yet known." """
    known, at_least, nobody, unknown = PEOPLE[column]
    if tally.state == "unknown":
        return gettext_for(lang, unknown)
    if tally.nobody:
        return gettext_for(lang, nobody)
    frame = known if tally.state == "known" else at_least
    return sentence(frame, texts.N_PEOPLE, tally.known, lang, digits) + END[lang]


def casualty_sentences(killed: Tally, injured: Tally, lang: str, digits: str = "arab") -> list[str]:
    if killed.state == "unknown" and injured.state == "unknown":
        return [gettext_for(lang, texts.S_CASUALTIES_UNKNOWN)]
    return [people_sentence("killed", killed, lang, digits), people_sentence("injured", injured, lang, digits)]


def group_sentence(frames: tuple, noun: tuple[str, str], tally: Tally, lang: str, digits: str) -> str | None:
    """A sentence about some of the people (health workers among the dead ...), only when
    at least one is known: "none known" is already said by the casualty sentences."""
    if not tally.known:
        return None
    frame = frames[0] if tally.state == "known" else frames[1]
    return sentence(frame, noun, tally.known, lang, digits) + END[lang]


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
    lines += casualty_sentences(figures.killed, figures.injured, lang, digits)
    groups = [
        ((texts.S_AMONG_THE_DEAD, texts.S_AMONG_THE_DEAD_AT_LEAST), texts.N_HEALTH_WORKERS,
         figures.health_workers_killed),
        ((texts.S_AMONG_THE_INJURED, texts.S_AMONG_THE_INJURED_AT_LEAST), texts.N_HEALTH_WORKERS,
         figures.health_workers_injured),
        ((texts.S_KIDNAPPED, texts.S_KIDNAPPED_AT_LEAST), texts.N_HEALTH_WORKERS, figures.health_workers_kidnapped),
        ((texts.S_ARRESTED, texts.S_ARRESTED_AT_LEAST), texts.N_HEALTH_WORKERS, figures.health_workers_arrested),
        ((texts.S_AMONG_THE_DEAD, texts.S_AMONG_THE_DEAD_AT_LEAST), texts.N_CIVIL_DEFENCE_MEMBERS,
         figures.civil_defence_killed),
    ]
    lines += [line for frames, noun, tally in groups if (line := group_sentence(frames, noun, tally, lang, digits))]
    return lines


# Facilities hit again


ARABIC_ORDINALS = {2: "الثانية", 3: "الثالثة", 4: "الرابعة", 5: "الخامسة", 6: "السادسة", 7: "السابعة",
                   8: "الثامنة", 9: "التاسعة", 10: "العاشرة"}  # feminine: للمرة الثالثة


def ordinal(n: int, lang: str, digits: str = "arab") -> str:
    """"3rd" / "الثالثة"; from 11 on Arabic writes "الـ١١", as the press does."""
    if lang == "ar":
        return ARABIC_ORDINALS.get(n) or "الـ" + formatting.number(n, lang, digits)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n:,}{suffix}"


def repeat_sentence(facility: str, hits: int, since: str, lang: str, digits: str = "arab") -> str:
    """"Kafr Naha field hospital was hit for the 3rd time since 1 January 2016." """
    return gettext_for(lang, texts.S_HIT_AGAIN).format(facility=facility, nth=ordinal(hits, lang, digits),
                                                       date=since)
