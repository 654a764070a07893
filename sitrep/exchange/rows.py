"""What every reader gives back: the file's rows, each judged on its own, and the import's messages.

A row holds the incident it would store or the problems that keep it out; planning.py
judges the rows against the store (duplicates, IDs) and stores the new ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sitrep.i18n import N_
from sitrep.contract.model import Incident
from sitrep.contract.notices import incident_warnings
from sitrep.contract.problems import MESSAGES, InputError, Problem


NEW, DUPLICATE, INVALID = "new", "duplicate", "invalid"


class ImportProblem(Problem):
    messages = {
        **MESSAGES,
        "csv_not_utf8": N_("The file is not UTF-8 text (byte {position} cannot be read). If it comes from Excel, "
                           "save it again as \"CSV UTF-8 (Comma delimited)\" (File, Save As, file type)."),
        "csv_cp1256": N_("The file is not UTF-8 text: it looks like Arabic in the Windows-1256 encoding, which Excel "
                         "uses for \"CSV\" by default. In Excel, save it again as \"CSV UTF-8 (Comma delimited)\" "
                         "(File, Save As, file type), or have it read as Windows-1256 after checking a preview."),
        "csv_malformed": N_("The file is not a readable CSV table (line {line}): {detail}."),
        "csv_no_date_column": N_("The table has no date column: it is neither a sitrep export nor a "
                                 "KoboToolbox export with the documented columns (see docs/exchange.md)."),
        "csv_unknown_columns": N_("These columns are not read and were ignored: {columns}."),
        "no_rows": N_("The file holds no incidents."),
        "too_many_rows": N_("The file holds {count} incidents; at most {limit} can be imported at once."),
        "list_length": N_("This column lists {count} values but target_kinds lists {expected}."),
        "bad_count": N_("{value!r} is not a whole number of people."),
        "bad_number": N_("{value!r} is not a number."),
        "bad_bool": N_("{value!r} is neither yes nor no (true/false, 1/0)."),
        "bad_sources": N_("The sources column is not a JSON list of sources."),
        "totals_differ": N_("The total {column} ({value}) differs from the sum of the groups ({sum}); "
                            "the groups were kept."),
        "only_totals": N_("No casualty group is given: the totals were recorded under 'Not specified'."),
        "duplicate_stored": N_("Already stored as {id} (same date, place and facility): skipped."),
        "same_stored": N_("Already stored as {id} (same ID and content): skipped."),
        "duplicate_in_file": N_("The same incident as row {row} of this file: skipped."),
        "id_taken": N_("The ID {id} belongs to a different stored incident: this one is imported as {new_id}."),
    }


@dataclass
class Row:
    """One row of the file as read: its place in the file, the incident or the problems."""

    number: int  # spreadsheet row (the header is row 1) or JSON position (0 for the first)
    kind: str  # "line" (CSV) or "item" (JSON, PDF)
    incident: Incident | None = None  # what would be stored (judge() may give it a new ID)
    problems: list[Problem] = field(default_factory=list)
    status: str = NEW
    raw: dict = field(default_factory=dict)  # for the label of a row that does not validate
    read: Incident | None = None  # the valid incident as the file has it, before judge()

    @property
    def where(self) -> str:
        return f"[{self.number}]" if self.kind == "item" else str(self.number)

    def label(self) -> tuple[str, str, str]:
        """(id, date, place) for the report, from the incident or whatever the row had."""
        if self.incident is not None:
            place = self.incident.location.place
            return self.incident.id, self.incident.date.isoformat(), place.ar or place.en
        raw = self.raw if isinstance(self.raw, dict) else {}
        place = raw.get("place_ar") or raw.get("place_en") or ""
        location = raw.get("location")
        if not place and isinstance(location, dict) and isinstance(location.get("place"), dict):
            place = location["place"].get("ar") or location["place"].get("en") or ""
        return str(raw.get("id") or "")[:64], str(raw.get("date") or "")[:10], str(place)[:80]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity != "warning"]


def validate(row: Row, build) -> None:
    try:
        row.incident = build()
    except InputError as error:
        row.problems += error.problems
    if row.incident is not None:
        row.problems += incident_warnings(row.incident)
    if row.errors:
        row.incident, row.status = None, INVALID
    row.read = row.incident
