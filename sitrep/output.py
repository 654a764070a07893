"""Writing a file the user exports (a PDF or data): the one way every export path writes.

Atomically, so an earlier file of that name is never left half-written; for its owner only
(0600) when the profile is internal, since it names sources, like the database; and an
unwritable path becomes one clear problem in the user's language, not a traceback.
"""

from __future__ import annotations

from pathlib import Path

from sitrep.contract.problems import InputError, Problem
from sitrep.fileio import atomic_write


def write_output(output: str | Path, data: bytes, profile: str) -> Path:
    try:
        return atomic_write(output, data, private=profile == "internal")
    except OSError as error:
        raise InputError([Problem("output_unwritable", params={
            "path": str(output), "detail": error.strerror or str(error)})]) from None
