"""CSV and HXL tables: the writer, and the reader of ours, of HXL (a hashtag row under the header)
and of KoboToolbox-style exports (kobo.py names their columns).

Both are the columns of columns.py, one line per incident.
"""

from __future__ import annotations

import csv
import io
import re

from sitrep.contract.model import Incident
from sitrep.contract.problems import InputError, Problem
from sitrep.exchange.columns import KNOWN_COLUMNS, cell, columns, flat_row
from sitrep.exchange.decoding import check_count, delimiter, table_text
from sitrep.exchange.kobo import bookkeeping, is_kobo, our_names
from sitrep.exchange.row_to_incident import table_row
from sitrep.exchange.rows import ImportProblem, Row


def write_csv(incidents: list[Incident], profile: str) -> bytes:
    return _table_bytes(incidents, profile, hxl=False)


def write_hxl(incidents: list[Incident], profile: str) -> bytes:
    return _table_bytes(incidents, profile, hxl=True)


def read_table(raw: bytes, encoding: str | None = None) -> tuple[str, list[Row], list[Problem]]:
    """A table's rows: ``encoding`` reads a file that is not UTF-8 (see decoding.table_text)."""
    return _table_rows(table_text(raw, encoding))


def _table_bytes(incidents: list[Incident], profile: str, hxl: bool) -> bytes:
    chosen = columns(profile)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")  # RFC 4180, what Excel writes
    writer.writerow([name for name, _ in chosen])
    if hxl:
        writer.writerow([tag for _, tag in chosen])
    for incident in incidents:
        row = flat_row(incident, profile)
        writer.writerow([cell(row[name]) for name, _ in chosen])
    # UTF-8 with a byte-order mark: without it Excel on Windows reads Arabic as mojibake.
    return buffer.getvalue().encode("utf-8-sig")


def _table_rows(text: str) -> tuple[str, list[Row], list[Problem]]:
    """The rows of a table's text: ours, ours with HXL's hashtag row, or a KoboToolbox-style export."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter(text), strict=True)
    try:
        # Row by row, not list(reader): one C call over a whole file would hold the
        # interpreter lock, and the app's window with it, while it runs (gui_bench --export).
        table = [cells for cells in reader]
    except csv.Error as error:
        raise InputError([ImportProblem("csv_malformed", params={"line": reader.line_num,
                                                                   "detail": str(error)[:200]})]) from None
    if not table or not any(table[0]):
        raise InputError([ImportProblem("no_rows")])
    header = [name.strip() for name in table[0]]
    start = 1
    if len(table) > 1 and _is_hashtag_row(table[1]):
        start = 2  # an HXL hashtag row
    kobo = is_kobo(header)
    names = our_names(header) if kobo else header
    if "date" not in names:
        raise InputError([ImportProblem("csv_no_date_column")])
    ignored = [original for original, name in zip(header, names)
               if name is None or name not in KNOWN_COLUMNS]
    ignored = [name for name in ignored if not bookkeeping(name) and name]
    notes = [ImportProblem("csv_unknown_columns", params={"columns": ", ".join(ignored)[:400]},
                           severity="warning")] if ignored else []
    body = [(line, cells) for line, cells in enumerate(table[start:], start=start + 1) if any(c.strip() for c in cells)]
    check_count(len(body))
    rows = [table_row(line, "line", {name: cell for name, cell in zip(names, cells) if name in KNOWN_COLUMNS},
                       kobo) for line, cells in body]
    return ("kobo" if kobo else "csv"), rows, notes


# An HXL hashtag with its attributes: "#loc +facility +name" (hxlstandard.org).
_HASHTAG = re.compile(r"^#[A-Za-z][A-Za-z0-9_]*(\s*\+[A-Za-z][A-Za-z0-9_]*)*$")


def _is_hashtag_row(cells: list[str]) -> bool:
    """HXL's row of hashtags: every non-empty cell a hashtag. A narrative that begins
    with "#Idlib: …" is data, and must not be skipped as one."""
    tags = [cell.strip().removeprefix("'").strip() for cell in cells]
    tags = [tag for tag in tags if tag]
    return bool(tags) and all(_HASHTAG.match(tag) for tag in tags)
