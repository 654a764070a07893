"""Reading incident and report files: bytes -> validated model, or clear problems.

One entry point for the CLI, the GUI and the store, so a file is judged the same way
everywhere.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from pydantic import ValidationError

from sitrep.fileio import NotAFileError, TooLargeError, read_limited
from sitrep.contract.model import Incident, Report
from sitrep.contract.problems import InputError, Problem, from_validation_error

MAX_FILE_BYTES = 20 * 1024 * 1024

# Keys that make a JSON object recognisably ours; anything else is "not an incident".
_INCIDENT_KEYS = {"date", "attack_types", "targets", "casualties", "certainty", "location", "narrative"}


def read_file(path: str | Path) -> bytes:
    try:
        return read_limited(path, MAX_FILE_BYTES)
    except TooLargeError as error:
        raise InputError([Problem("file_too_large", params={"size": error.size // (1024 * 1024),
                                                              "limit": MAX_FILE_BYTES // (1024 * 1024)})]) from None
    except NotAFileError:
        raise InputError([Problem("not_a_file")]) from None
    except OSError as error:
        raise InputError([Problem("file_unreadable", params={"detail": error.strerror or str(error)})]) from None


def decode_text(raw: bytes) -> str:
    """UTF-8 text (a byte-order mark is dropped), or a message naming the bad byte."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError([Problem("not_utf8", params={"position": error.start})]) from None


def parse_json(raw: bytes) -> object:
    if len(raw) > MAX_FILE_BYTES:
        raise InputError([Problem("file_too_large", params={"size": len(raw) // (1024 * 1024),
                                                              "limit": MAX_FILE_BYTES // (1024 * 1024)})])
    text = decode_text(raw)
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError([Problem("not_json", params={"line": error.lineno, "column": error.colno,
                                                       "detail": error.msg})]) from None
    except RecursionError:
        raise InputError([Problem("not_json", params={"line": 1, "column": 1, "detail": "nested too deeply"})]) from None
    except ValueError:  # the only other ValueError: Python's limit on the digits of an int
        raise InputError([Problem("number_too_long", params={"limit": sys.get_int_max_str_digits()})]) from None
    except Exception as error:  # noqa: BLE001 - whatever else decoding raises, the file is to blame
        raise InputError([Problem("json_unreadable", params={"detail": type(error).__name__})]) from None


def parse_document(data: object) -> Incident | Report:
    """A JSON value -> a Report (if it has "incidents") or an Incident."""
    if not isinstance(data, dict):
        raise InputError([Problem("not_an_incident")])
    if "incidents" in data:
        return _validate(Report, data)
    if not _INCIDENT_KEYS & data.keys():
        raise InputError([Problem("not_an_incident")])
    return _validate(Incident, data)


def incident_items(data: object) -> list:
    """The incidents of a JSON value, not yet validated: an array, a report's list, or one."""
    if isinstance(data, dict):
        data = data["incidents"] if isinstance(data.get("incidents"), list) else [data]
    if not isinstance(data, list):
        raise InputError([Problem("not_an_incident")])
    return data


def parse_incident(data: object) -> Incident:
    document = parse_document(data)
    if isinstance(document, Report):
        raise InputError([Problem("not_an_incident")])
    return document


def load_document(path: str | Path) -> Incident | Report:
    return parse_document(parse_json(read_file(path)))


def _validate(model, data: dict):
    try:
        # Through JSON so that strict mode judges the values as they were written.
        return model.model_validate_json(json.dumps(data, ensure_ascii=False))
    except ValidationError as error:
        raise InputError(from_validation_error(error)) from None
