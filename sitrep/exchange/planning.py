"""Importing incidents, in two steps; formats.py picks the reader for the file.

Two steps, so that nothing is stored that the user has not seen:

1. ``plan_import(path, store)`` reads the file and judges every row on its own: the
   errors and warnings of each row with their field paths, and whether it is new, the
   same incident as one already stored or earlier in the file, or invalid. A file that
   cannot be read at all (not UTF-8, broken JSON or CSV, not our PDF, too large)
   raises InputError: it imports nothing.
2. ``apply_import(plan, store)`` judges the rows again inside one write transaction
   and stores the new ones: all of them or, on any error, none.

Files are hostile: decoding.py holds the size limits and encodings, rows.py the messages.
The choices are written down in docs/exchange.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sitrep.contract.documents import read_file
from sitrep.contract.model import Incident
from sitrep.contract.problems import Problem
from sitrep.exchange.duplicates import judge
from sitrep.exchange.formats import reader_for
from sitrep.exchange.rows import NEW, Row
from sitrep.i18n import N_plural


@dataclass
class ImportPlan:
    path: Path
    source: str  # "json", "geojson", "csv", "kobo" or "pdf"
    rows: list[Row]
    notes: list[Problem] = field(default_factory=list)  # about the whole file (ignored columns)

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def new(self) -> list[Incident]:
        return [row.incident for row in self.rows if row.status == NEW]


def read_rows(path: str | Path, encoding: str | None = None) -> tuple[str, list[Row], list[Problem]]:
    """The file's rows, judged one by one; InputError if the file itself is unreadable.

    ``encoding`` (LEGACY_ENCODING) reads a CSV that is not UTF-8 in that encoding; a UTF-8
    file is read as UTF-8 whatever it says, and JSON is always UTF-8 (RFC 8259).
    """
    raw = read_file(path)
    return reader_for(raw, Path(path).suffix.lower()).read(raw, encoding)


def plan_import(path: str | Path, store, encoding: str | None = None) -> ImportPlan:
    """The dry run: every row of the file judged against the store. Stores nothing.

    ``encoding``: see read_rows(); legacy_encoding() tells when to offer it.
    """
    return plan_against(path, store.list(), store.ids(), encoding)


def plan_against(path: str | Path, stored: list[Incident], taken_ids: set[str],
                 encoding: str | None = None) -> ImportPlan:
    """plan_import() against what was read from the store beforehand: the app reads the
    store on its UI thread and plans in a worker thread, which may not use the store."""
    source, rows, notes = read_rows(path, encoding)
    judge(rows, stored, taken_ids)
    return ImportPlan(Path(path), source, rows, notes)


# Said by the CLI and the app when apply_import stored fewer rows than the dry run planned.
STORED_MEANWHILE = N_plural(
    "{count} incident was stored by another window or process after the check: it was skipped.",
    "{count} incidents were stored by another window or process after the check: they were skipped.")


def apply_import(plan: ImportPlan, store) -> list[str]:
    """Store the plan's new incidents in one transaction; their IDs.

    The rows are judged again inside that transaction: another process or window may
    have stored some of them since the dry run (for the GUI, while its dialog was open),
    and rows without an ID would otherwise be stored twice. Afterwards the plan's rows
    say what was done; the rows stored meanwhile are duplicates now.
    """
    with store.transaction():
        judge(plan.rows, store.list(), store.ids())
        incidents = plan.new
        store.add_many(incidents)
    return [incident.id for incident in incidents]
