"""Duplicates and IDs: which rows of an import are incidents already stored or already read,
and which need a new ID. The situation report uses the facility keys too.
"""

from __future__ import annotations

from sitrep.contract.model import Incident, new_incident_id
from sitrep.contract.public_profile import public_incident
from sitrep.exchange.rows import DUPLICATE, NEW, ImportProblem, Row
from sitrep.search import fold


def facility_keys(incident: Incident, target) -> set[tuple]:
    """What makes two records the same facility: where it is, its kind and its name.

    Each language gives its own key, folded (Arabic spelling variants, case, spaces),
    so a colleague's copy that has only the English place still matches. An incident
    without a place name is placed by its most precise admin area or its pcode instead;
    the level is part of the key, so a village never matches a governorate of the same
    name. With none of these there is no key: the ID alone can match (see judge()).
    The situation report uses these keys to find a facility hit more than once.
    """
    level, names = _where(incident.location)
    return {(level, lang, name, target.kind, fold(getattr(target.name, lang))) for lang, name in names.items() if name}


def incident_keys(incident: Incident) -> set[tuple]:
    """What makes two records the same incident: the date and a facility (facility_keys)."""
    day = incident.date.isoformat()
    return {(day, *key) for target in incident.targets for key in facility_keys(incident, target)}


def _where(location) -> tuple[str, dict[str, str]]:
    """The most precise level the location names (in either language) and its folded names."""
    for level in ("place", "admin3", "admin2", "admin1"):
        names = {lang: fold(getattr(getattr(location, level), lang)) for lang in ("ar", "en")}
        if any(names.values()):
            return level, names
    # A pcode is the same in both languages: one key is enough.
    return "pcode", {"en": location.pcode.strip().upper() if location.pcode else ""}


# The judgement's own warnings: dropped when the rows are judged again.
_VERDICTS = {"same_stored", "duplicate_stored", "duplicate_in_file", "id_taken"}


def judge(rows: list[Row], stored: list[Incident], taken_ids: set[str]) -> None:
    """Mark duplicates (of a stored incident or of an earlier row) and give new IDs where needed.

    ``taken_ids`` holds every ID in the store, deleted and draft rows too. Each call
    starts again from the rows as read, so a plan can be judged again at write time.
    """
    by_id = {incident.id: incident for incident in stored}
    known: dict[tuple, str] = {}
    for incident in stored:
        for key in incident_keys(incident):
            known.setdefault(key, incident.id)
    seen: dict[tuple, Row] = {}
    seen_ids: dict[str, Row] = {}
    taken = set(taken_ids)
    for row in rows:
        incident = row.read
        if incident is None:
            continue
        row.incident, row.status = incident, NEW
        row.problems = [problem for problem in row.problems if problem.code not in _VERDICTS]
        # The same ID and content: our own export read back (internal, or public: the
        # public copy of what is stored). Needs no place name, unlike the keys.
        same = by_id.get(incident.id)
        if same is not None and incident in (same, public_incident(same)):
            _skip(row, "same_stored", id=same.id)
            continue
        keys = incident_keys(incident)
        match = next((known[key] for key in keys if key in known), None)
        if match is not None:
            _skip(row, "duplicate_stored", id=match)
            continue
        earlier = seen_ids.get(incident.id)
        if earlier is None or earlier.read != incident:
            earlier = next((seen[key] for key in keys if key in seen), None)
        if earlier is not None:
            _skip(row, "duplicate_in_file", row=earlier.where)
            continue
        if incident.id in taken:
            new_id = new_incident_id()
            row.problems.append(ImportProblem("id_taken", "id", {"id": incident.id, "new_id": new_id}, "warning"))
            row.incident = incident.model_copy(update={"id": new_id})
        taken.add(row.incident.id)
        seen_ids.setdefault(incident.id, row)
        for key in keys:
            seen.setdefault(key, row)


def _skip(row: Row, code: str, /, **params) -> None:
    row.status = DUPLICATE
    row.problems.append(ImportProblem(code, params=params, severity="warning"))
