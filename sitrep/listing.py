"""One line per incident, for the command line's list (and later the GUI's log)."""

from __future__ import annotations

from sitrep.contract import vocab
from sitrep.i18n import gettext_for
from sitrep.contract.model import Incident, Tally


def tally_text(tally: Tally) -> str:
    """A count in a one-line list: "3", "≥3" (a minimum) or "?" (not known), never 0 for unknown."""
    return {"known": str(tally.known), "at_least": f"≥{tally.known}", "unknown": "?"}[tally.state]


def incident_row(incident: Incident, lang: str) -> list[str]:
    def label(table, key):
        return gettext_for(lang, table[key])

    place = getattr(incident.location.place, lang) or incident.location.place.en or incident.location.place.ar
    return [
        incident.id,
        incident.date.isoformat(),
        place or "-",
        label(vocab.TARGET_KINDS, incident.targets[0].kind),
        label(vocab.ATTACK_TYPES, incident.attack_types[0]),
        tally_text(incident.tally("killed")),
        tally_text(incident.tally("injured")),
        label(vocab.CERTAINTY, incident.certainty),
        label(vocab.STATUS, incident.status),
    ]


def incident_rows(incidents: list[Incident], lang: str) -> list[list[str]]:
    return [incident_row(incident, lang) for incident in incidents]
