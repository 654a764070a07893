"""Reading a hostile file's bytes: size limits, text encodings (UTF-8, or Excel's Windows-1256
when the user agrees after a preview) and a table's separator.

The same size limit and decoding rules as sitrep/contract/documents.py: messages, never tracebacks.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from pathlib import Path

from sitrep.contract.documents import MAX_FILE_BYTES, decode_text, read_file
from sitrep.contract.problems import InputError
from sitrep.exchange.rows import ImportProblem


MAX_ROWS = 5_000  # as many incidents as one report may hold


def check_count(count: int) -> None:
    if count == 0:
        raise InputError([ImportProblem("no_rows")])
    if count > MAX_ROWS:
        raise InputError([ImportProblem("too_many_rows", params={"count": count, "limit": MAX_ROWS})])


# Excel on an Arabic Windows saves "CSV" in the Windows Arabic code page, not UTF-8.
LEGACY_ENCODING = "cp1256"


def table_text(raw: bytes, encoding: str | None) -> str:
    """The table's text: UTF-8, or ``encoding`` when the user chose it for a file that is not."""
    try:
        return decode_text(raw)
    except InputError as error:
        if encoding:
            return raw.decode(encoding, errors="replace")  # cp1256 gives every byte a character
        position = error.problems[0].params["position"]
    if _looks_like_cp1256(raw):
        raise InputError([ImportProblem("csv_cp1256", params={"encoding": LEGACY_ENCODING})])
    raise InputError([ImportProblem("csv_not_utf8", params={"position": position})])


def _looks_like_cp1256(raw: bytes) -> bool:
    """Read as Windows-1256, is (almost) every non-ASCII character Arabic?

    Real Windows-1256 Arabic gives 100 %; UTF-8 Arabic with one broken byte gives about
    60 % (each letter becomes an Arabic letter and a symbol), Western text about 0 %.
    """
    text = raw.decode(LEGACY_ENCODING, errors="replace")
    signs = [char for char in text if ord(char) > 127 and unicodedata.category(char) not in ("Zs", "Cf", "Cc")]
    arabic = sum(1 for char in signs if "\u0600" <= char <= "\u06ff")
    return arabic >= 3 and arabic >= 0.9 * len(signs)


def legacy_encoding(error: InputError) -> str | None:
    """The encoding a refused CSV looks like it is in (LEGACY_ENCODING), or None.

    For a front end: show encoding_preview() and, if the user agrees, plan again with it.
    """
    for problem in error.problems:
        if problem.code == "csv_cp1256":
            return problem.params["encoding"]
    return None


def encoding_preview(path: str | Path, encoding: str = LEGACY_ENCODING, lines: int = 5,
                     width: int = 120) -> list[str]:
    """What the file's text looks like in ``encoding``, for the user to judge before importing.

    Up to ``lines`` rows, each shown as its cells that are not plain ASCII (the Arabic:
    place, facility, narrative) joined by " | " and cut to ``width`` characters; rows
    without such cells are left out. Control characters (a hostile file may hold
    terminal escapes) are shown as U+FFFD. InputError if the file cannot be read.
    """
    text = table_text(read_file(path), encoding)
    shown = []
    try:
        for cells in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter(text)):
            line = " | ".join(cell.strip() for cell in cells if not cell.isascii())
            if line:
                line = "".join("\ufffd" if unicodedata.category(char) == "Cc" else char for char in line)
                shown.append(line if len(line) <= width else line[: width - 1] + "…")
            if len(shown) == lines:
                break
    except csv.Error:
        pass  # the rows read so far are preview enough; the import itself will say what is wrong
    return shown


# Our own CSV of a large incident has cells above the csv module's default of 131,072
# characters (50 sources with long notes); a whole file is at most MAX_FILE_BYTES anyway.
csv.field_size_limit(MAX_FILE_BYTES)


def delimiter(text: str) -> str:
    # Kobo offers ";" as its CSV separator (the default where "," is the decimal mark).
    first_line = text.split("\n", 1)[0]
    return ";" if first_line.count(";") > first_line.count(",") else ","
