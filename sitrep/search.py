"""Searching the incident log: text that matches however Arabic or English was typed.

An officer types "ادلب" where the file says "إدلب", "مشفي" for "مشفى", Arabic-Indic
digits for Latin ones, or pastes text carrying invisible direction marks. ``fold``
maps all of these to one form; the index keeps the folded text of each incident so a
search is plain substring tests over prebuilt strings (fast enough for 10,000
incidents, see bench/search_bench.py).

Sources and internal notes are confidential and are never put into the index: a
search must not reveal that a source's name appears in some incident.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from sitrep.contract import vocab
from sitrep.i18n import LANGUAGES, gettext_for
from sitrep.contract.model import Incident


# Diacritics (harakat, tanween, shadda, sukun, hamza above/below, ...), the superscript
# alef and Quranic marks are optional in writing, so never significant; tatweel only
# stretches a word; direction marks and zero-width characters come in with pasted text
# and are invisible.
_INVISIBLE = re.compile(
    "[\u064B-\u065F\u0670\u06D6-\u06ED\u0640"
    "\u061C\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]"
)

# Letters people write interchangeably (hamza seats, taa marbuta, alef maqsura), and
# Arabic-Indic and Persian digits, which are the same numbers as 0-9.
_SAME = (
    [(letter, "ا") for letter in "أإآٱ"]
    + [("ة", "ه"), ("ى", "ي"), ("ؤ", "و"), ("ئ", "ي")]
    + [(chr(0x0660 + digit), str(digit)) for digit in range(10)]
    + [(chr(0x06F0 + digit), str(digit)) for digit in range(10)]
)


def fold(text: str) -> str:
    """``text`` in the one form used for matching (see the module docstring)."""
    # NFKC first: it turns presentation forms (ﻛ, ﻻ) and full-width Latin into plain
    # letters, and composes alef + combining hamza into أ, which _SAME then unifies.
    text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))
    # A chain of str.replace is many times faster than str.translate with a dict,
    # which pays for a failed lookup on every character it leaves alone.
    for variant, letter in _SAME:
        if variant in text:
            text = text.replace(variant, letter)
    return " ".join(text.casefold().split())


@lru_cache(maxsize=None)
def _labels(field: str, key: str) -> str:
    """The label of a vocabulary id in every language (cached: the index asks 10,000 times)."""
    return "\n".join(gettext_for(lang, vocab.ALL[field][key]) for lang in LANGUAGES)


def incident_text(incident: Incident) -> str:
    """The folded text of every searchable field. Never sources or internal notes."""
    location = incident.location
    parts = [incident.id]
    for text in (location.place, location.admin1, location.admin2, location.admin3, incident.perpetrator):
        parts += [text.ar, text.en]
    for target in incident.targets:
        parts += [target.name.ar, target.name.en, target.operator.ar, target.operator.en]
        parts.append(_labels("targets.kind", target.kind))
    for attack_type in incident.attack_types:
        parts.append(_labels("attack_types", attack_type))
    parts.append(_labels("certainty", incident.certainty))
    parts += [incident.narrative.ar, incident.narrative.en]
    # Fields are joined by whitespace, which no query word contains: no match straddles two fields.
    return fold("\n".join(part for part in parts if part))


# The parts of a raw draft (a dict that may not validate) that search may read: the
# same public fields as incident_text, never sources or internal_notes.
_DRAFT_FIELDS = ("id", "location", "perpetrator", "targets", "attack_types", "narrative")


def draft_text(data: dict) -> str:
    """The folded text of an incomplete draft, from its public fields' string values only."""
    def strings(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for item in value.values():
                yield from strings(item)
        elif isinstance(value, list):
            for item in value:
                yield from strings(item)

    return fold("\n".join(text for key in _DRAFT_FIELDS for text in strings(data.get(key))))


@dataclass(frozen=True, slots=True)
class _Record:
    """What a search needs of one incident: far lighter than the Incident itself."""

    id: str
    date: dt.date
    admin1: tuple[str, str]  # as written (ar, en), for the governorate list
    admin1_folded: frozenset[str]
    attack_types: frozenset[str]
    text: str

    @classmethod
    def of(cls, incident: Incident) -> _Record:
        admin1 = incident.location.admin1
        return cls(
            id=incident.id,
            date=incident.date,
            admin1=(admin1.ar, admin1.en),
            admin1_folded=frozenset(folded for folded in (fold(admin1.ar), fold(admin1.en)) if folded),
            attack_types=frozenset(incident.attack_types),
            text=incident_text(incident),
        )


class IncidentIndex:
    """Incidents ready to search, kept in the order they were given."""

    def __init__(self, incidents: Iterable[Incident] = ()) -> None:
        # A dict keeps insertion order, so results come back in the log's order,
        # and replace() keeps an incident where it was.
        self._records: dict[str, _Record] = {}
        for incident in incidents:
            self.add(incident)

    def __len__(self) -> int:
        return len(self._records)

    def __contains__(self, incident_id: object) -> bool:
        return incident_id in self._records

    def add(self, incident: Incident) -> None:
        """Index a new incident, after all others. Raises ValueError if its id is already indexed."""
        if incident.id in self._records:
            raise ValueError(f"incident {incident.id!r} is already in the index")
        self._records[incident.id] = _Record.of(incident)

    def remove(self, incident_id: str) -> None:
        """Forget an incident. Raises KeyError if it is not indexed."""
        del self._records[incident_id]

    def replace(self, incident: Incident) -> None:
        """Re-index an edited incident in its place. Raises KeyError if its id is not indexed."""
        if incident.id not in self._records:
            raise KeyError(incident.id)
        self._records[incident.id] = _Record.of(incident)

    def search(
        self,
        query: str = "",
        *,
        date_from: dt.date | None = None,
        date_to: dt.date | None = None,
        admin1: str | None = None,
        attack_type: str | None = None,
    ) -> list[str]:
        """Ids of the incidents that contain every word of ``query`` and pass every filter.

        Dates are inclusive; ``admin1`` is a governorate name in either language;
        ``attack_type`` a vocabulary id. Empty query and no filters: every incident.
        """
        # Longest words first: they are usually the rarest, so a miss is found sooner.
        words = sorted(fold(query).split(), key=len, reverse=True)
        governorate = fold(admin1) if admin1 else ""
        found = []
        for record in self._records.values():
            if date_from is not None and record.date < date_from:
                continue
            if date_to is not None and record.date > date_to:
                continue
            if governorate and governorate not in record.admin1_folded:
                continue
            if attack_type and attack_type not in record.attack_types:
                continue
            if all(word in record.text for word in words):
                found.append(record.id)
        return found

    def governorates(self) -> list[tuple[str, str]]:
        """Distinct (ar, en) governorates, sorted by English name, for a filter drop-down.

        Spellings that fold alike ("إدلب" and "ادلب") are one entry, shown as first met.
        """
        seen: dict[tuple[str, str], tuple[str, str]] = {}
        for record in self._records.values():
            ar, en = record.admin1
            if ar or en:
                seen.setdefault((fold(ar), fold(en)), (ar, en))
        # Names with no English sort last rather than first.
        return sorted(seen.values(), key=lambda pair: (not pair[1], fold(pair[1]), fold(pair[0])))
