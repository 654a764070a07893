"""The team's incidents read straight from the server: the coordinator's situation report and
exports over the whole team (``--team``; a reviewer sees every incident, an officer their own).

Nothing is written to the laptop's store: the report is built from what the server holds now.
"""

from __future__ import annotations

from sitrep.contract.model import STORED, Incident
from sitrep.contract.problems import Problem
from sitrep.team.connection import opened


def team_incidents(dsn: str) -> tuple[list[Incident], list[Problem]]:
    """Every incident the server shows this user and that is not deleted, newest first, and a
    warning for each one that does not validate (left out, never printed half-checked)."""
    with opened(dsn) as server:
        # As text: pydantic parses JSON text faster than it validates Python dicts.
        rows = server.execute("SELECT id, document::text FROM sitrep.incidents WHERE NOT deleted "
                              "ORDER BY date DESC NULLS LAST, id").fetchall()
    incidents, warnings = [], []
    for incident_id, text in rows:
        try:
            incidents.append(Incident.model_validate_json(text, context=STORED))
        except ValueError:
            warnings.append(Problem("team_incident_invalid", params={"id": incident_id}, severity="warning"))
    return incidents, warnings
