"""The form's Save as one operation over the store: which typed forms are stored, and how.

The rule: a form that validates is stored as an incident; one that does not is kept as typed,
as an incomplete draft, so that no typing is lost; but a form marked final must validate, or
nothing is stored. The desktop app calls this; the command line stores whole files, which
validate or are refused, so it has no drafts to keep.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from sitrep.contract.documents import parse_incident
from sitrep.contract.model import Incident
from sitrep.contract.notices import incident_warnings
from sitrep.contract.problems import InputError, Problem


def judge(data: dict) -> tuple[Incident | None, list[Problem]]:
    """The incident a form's data makes, with its warnings; or None and the problems that stop it."""
    try:
        incident = parse_incident(data)
    except InputError as error:
        return None, error.problems
    return incident, incident_warnings(incident)


@dataclass
class Saved:
    outcome: Literal["saved", "kept_draft", "refused_final"]
    incident_id: str
    problems: list[Problem] = field(default_factory=list)


def save_form(store, incident_id: str, data: dict) -> Saved:
    """Store the form under the rule above. A StoreError (disk full, read-only) is the caller's to show."""
    incident, problems = judge(data)
    if incident is not None:
        store.save(incident)
        return Saved("saved", incident.id, problems)
    if data.get("status") == "final":
        return Saved("refused_final", incident_id, problems)
    store.save_draft(incident_id, data)
    return Saved("kept_draft", incident_id, problems)
