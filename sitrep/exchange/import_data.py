"""Importing incidents: JSON, CSV (ours or a KoboToolbox-style export) and sitrep PDFs.

Two steps, so that nothing is stored that the user has not seen:

1. ``plan_import(path, store)`` reads the file and judges every row on its own: the
   errors and warnings of each row with their field paths, and whether it is new, the
   same incident as one already stored or earlier in the file, or invalid. A file that
   cannot be read at all (not UTF-8, broken JSON or CSV, not our PDF, too large)
   raises InputError: it imports nothing.
2. ``apply_import(plan, store)`` judges the rows again inside one write transaction
   and stores the new ones: all of them or, on any error, none.

Files are hostile: the same size limit and decoding rules as sitrep/contract/documents.py,
messages instead of tracebacks. The choices are written down in docs/exchange.md.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from sitrep.contract import vocab
from sitrep.contract.documents import MAX_FILE_BYTES, decode_text, incident_items, parse_incident, parse_json, read_file
from sitrep.exchange.export_data import COLUMNS, FORMULA_STARTS, INTERNAL_COLUMNS, LIST_SEPARATOR, MEASURES, cell
from sitrep.i18n import N_, N_plural
from sitrep.contract.model import OUTCOMES, Incident, new_incident_id
from sitrep.contract.problems import MESSAGES, InputError, Problem
from sitrep.contract.public_profile import public_incident
from sitrep.search import fold
from sitrep.contract.notices import incident_warnings

MAX_ROWS = 5_000  # as many incidents as one report may hold

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


# -- Reading the file ---------------------------------------------------------------------


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
    suffix = Path(path).suffix.lower()
    if raw.startswith(b"%PDF-") or suffix == ".pdf":
        from sitrep.exchange.pdf_data import embedded_items

        return "pdf", _json_rows(embedded_items(raw)), []
    if suffix in (".json", ".geojson") or (
            suffix != ".csv" and raw.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"[")):
        data = parse_json(raw)
        if isinstance(data, dict) and data.get("type") == "FeatureCollection":
            return "geojson", _geojson_rows(data), []
        return "json", _json_rows(incident_items(data)), []
    return _csv_rows(_csv_text(raw, encoding))


def _json_rows(items: list) -> list[Row]:
    _check_count(len(items))
    rows = []
    for index, item in enumerate(items):
        row = Row(index, "item", raw=item if isinstance(item, dict) else {})
        _validate(row, lambda item=item: parse_incident(item))
        rows.append(row)
    return rows


def _geojson_rows(collection: dict) -> list[Row]:
    """Our GeoJSON: each feature's properties are the CSV row, its point the coordinates."""
    features = collection.get("features")
    if not isinstance(features, list):
        raise InputError([Problem("not_an_incident")])
    _check_count(len(features))
    rows = []
    for index, feature in enumerate(features):
        properties = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(properties, dict):
            row = Row(index, "item", problems=[Problem("not_an_incident")], status=INVALID)
            rows.append(row)
            continue
        values = dict(properties)
        point = (feature.get("geometry") or {}).get("coordinates") if isinstance(feature.get("geometry"), dict) else None
        if isinstance(point, list) and len(point) == 2:
            values["lon"], values["lat"] = point  # GeoJSON puts longitude first
        # Typed values become the cells our CSV would hold: null an empty cell, 3 "3".
        cells = {name: cell(value) for name, value in values.items()
                 if name in KNOWN_COLUMNS and (value is None or isinstance(value, (str, int, float)))}
        rows.append(_table_row(index, "item", cells))
    return rows


def _check_count(count: int) -> None:
    if count == 0:
        raise InputError([ImportProblem("no_rows")])
    if count > MAX_ROWS:
        raise InputError([ImportProblem("too_many_rows", params={"count": count, "limit": MAX_ROWS})])


def _validate(row: Row, build) -> None:
    try:
        row.incident = build()
    except InputError as error:
        row.problems += error.problems
    if row.incident is not None:
        row.problems += incident_warnings(row.incident)
    if row.errors:
        row.incident, row.status = None, INVALID
    row.read = row.incident


# -- CSV ----------------------------------------------------------------------------------

# A KoboToolbox-style export: question names -> sitrep columns. Group prefixes
# ("incident/facility_type") are dropped first; see docs/exchange.md for the form.
KOBO_COLUMNS = {
    "_uuid": "id",
    "incident_date": "date",
    "incident_time": "time",
    "governorate": "admin1_en",
    "governorate_ar": "admin1_ar",
    "district": "admin2_en",
    "district_ar": "admin2_ar",
    "subdistrict": "admin3_en",
    "subdistrict_ar": "admin3_ar",
    "community": "place_en",
    "community_ar": "place_ar",
    "pcode": "pcode",
    "_location_latitude": "lat",
    "_location_longitude": "lon",
    "attack_type": "attack_types",
    "facility_type": "target_kinds",
    "facility_name": "target_names_en",
    "facility_name_ar": "target_names_ar",
    "damage_level": "target_damage",
    "functionality": "target_service",
    # hw_killed, cd_kidnapped, patients_missing, ... : <prefix>_<outcome> for every outcome
    **{f"{prefix}_{outcome}": f"{group}_{outcome}" for prefix, group in (
        ("hw", "health_workers"), ("cd", "civil_defence"), ("patients", "patients"), ("civilians", "civilians"))
       for outcome in OUTCOMES},
    "perpetrator_group": "perpetrator_groups",  # select_multiple of the contract's ids
    "perpetrator": "perpetrator_en",
    "perpetrator_ar": "perpetrator_ar",
    "certainty": "certainty",
    "description": "narrative_en",
    "description_ar": "narrative_ar",
}
# Kobo's own bookkeeping columns: expected in its exports, not worth a warning.
KOBO_IGNORED = {"start", "end", "today", "deviceid", "username", "_id", "_submission_time", "_index",
                "_validation_status", "_notes", "_status", "_submitted_by", "__version__", "_tags",
                "_location", "_location_altitude", "_location_precision", "location", "meta/instanceid",
                "instanceid", "_version_", "_parent_index"}

KNOWN_COLUMNS = {name for name, _ in COLUMNS + INTERNAL_COLUMNS}


# Excel on an Arabic Windows saves "CSV" in the Windows Arabic code page, not UTF-8.
LEGACY_ENCODING = "cp1256"


def _csv_text(raw: bytes, encoding: str | None) -> str:
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
    text = _csv_text(read_file(path), encoding)
    shown = []
    try:
        for cells in csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text)):
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


def _delimiter(text: str) -> str:
    # Kobo offers ";" as its CSV separator (the default where "," is the decimal mark).
    first_line = text.split("\n", 1)[0]
    return ";" if first_line.count(";") > first_line.count(",") else ","


def _csv_rows(text: str) -> tuple[str, list[Row], list[Problem]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True)
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
    # Ours has a "date" column; Kobo's names its questions (incident_date, facility_type...).
    kobo = "date" not in header and any(
        name.rsplit("/", 1)[-1].lower() in KOBO_COLUMNS.keys() - KNOWN_COLUMNS for name in header)
    if kobo:
        names = [KOBO_COLUMNS.get(name.rsplit("/", 1)[-1].lower()) for name in header]
    else:
        names = header
    if "date" not in names:
        raise InputError([ImportProblem("csv_no_date_column")])
    ignored = [original for original, name in zip(header, names)
               if name is None or name not in KNOWN_COLUMNS]
    ignored = [name for name in ignored if name.rsplit("/", 1)[-1].lower() not in KOBO_IGNORED and name]
    notes = [ImportProblem("csv_unknown_columns", params={"columns": ", ".join(ignored)[:400]},
                           severity="warning")] if ignored else []
    body = [(line, cells) for line, cells in enumerate(table[start:], start=start + 1) if any(c.strip() for c in cells)]
    _check_count(len(body))
    rows = [_table_row(line, "line", {name: cell for name, cell in zip(names, cells) if name in KNOWN_COLUMNS},
                       kobo) for line, cells in body]
    return ("kobo" if kobo else "csv"), rows, notes


def _table_row(number: int, kind: str, cells: dict[str, str], kobo: bool = False) -> Row:
    """One row of our table (a CSV line, a GeoJSON feature's properties), judged."""
    row = Row(number, kind, raw=cells)
    problems: list[Problem] = []
    data = incident_data(cells, problems, kobo=kobo)
    row.problems += problems
    # Validated even after a conversion error (that cell is left out), so the dry run
    # lists every problem of the row at once, not one per attempt.
    _validate(row, lambda: parse_incident(data))
    return row


# An HXL hashtag with its attributes: "#loc +facility +name" (hxlstandard.org).
_HASHTAG = re.compile(r"^#[A-Za-z][A-Za-z0-9_]*(\s*\+[A-Za-z][A-Za-z0-9_]*)*$")


def _is_hashtag_row(cells: list[str]) -> bool:
    """HXL's row of hashtags: every non-empty cell a hashtag. A narrative that begins
    with "#Idlib: …" is data, and must not be skipped as one."""
    tags = [cell.strip().removeprefix("'").strip() for cell in cells]
    tags = [tag for tag in tags if tag]
    return bool(tags) and all(_HASHTAG.match(tag) for tag in tags)


_COUNT = re.compile(r"^\d{1,9}$")
_CLOCK = re.compile(r"^(\d{2}:\d{2})(:\d{2}(\.\d+)?)?([+-]\d{2}:?\d{2}|Z)?$")


def _text(value: str) -> str:
    """The cell as typed: the export's formula guard (a leading apostrophe) removed.

    Text is not trimmed here: the model trims it by its own rule, which keeps some
    characters Python's str.strip() would remove; trimming twice would change them.
    """
    if value.startswith("'") and value[1:].startswith((*FORMULA_STARTS, "'")):
        return value[1:]
    return value


# Cells that hold one value, not text: surrounding spaces are noise (" 3 ", "2020-02-03 ").
_SCALARS = {"id", "status", "date", "time", "timezone", "country", "pcode", "lat", "lon", "geo_precision",
            "repeated_strike", "certainty", "perpetrator_groups", "casualty_groups", *OUTCOMES,
            *(f"{group}_{measure}" for group in vocab.CASUALTY_GROUPS for measure in MEASURES)}


def _split(value: str, ids: bool = False) -> list[str]:
    """A list cell: "; "-separated; id lists also accept Kobo's spaces between choices."""
    if not value.strip():
        return []
    if ids:
        return [part for part in re.split(r"[;\s]+", value.strip()) if part]
    # Names: only the separator's own space goes; the model trims the rest by its rule.
    parts = value.split(";")
    return parts[:1] + [part[1:] if part.startswith(" ") else part for part in parts[1:]]


def incident_data(values: dict[str, str], problems: list[Problem], kobo: bool = False) -> dict:
    """A flat row -> contract JSON (not yet validated). Conversion problems are appended.

    What a row cannot say (several casualty rows of one group, children and women per
    row when a group had several rows, attachments) is described in docs/exchange.md.
    """
    v = {name: value.strip() if name in _SCALARS else _text(value) for name, value in values.items()}
    data: dict = {"status": "draft" if kobo else (v.get("status") or "draft")}
    if v.get("id"):
        data["id"] = ("kobo-" + v["id"])[:64] if kobo else v["id"]
    data["date"] = v.get("date", "")
    if v.get("time"):
        clock = _CLOCK.match(v["time"])
        data["time"] = clock.group(1) if clock else v["time"]  # Kobo writes 08:15:00.000+03:00
    else:
        data["time"] = None
    if v.get("timezone"):
        data["timezone"] = v["timezone"]
    location: dict = {}
    if v.get("country"):
        location["country"] = v["country"]
    for name in ("admin1", "admin2", "admin3", "place"):
        location[name] = {"ar": v.get(f"{name}_ar", ""), "en": v.get(f"{name}_en", "")}
    if v.get("pcode"):
        location["pcode"] = v["pcode"]
    for axis in ("lat", "lon"):
        if v.get(axis):
            try:
                location[axis] = float(v[axis])
            except ValueError:
                problems.append(ImportProblem("bad_number", axis, {"value": v[axis][:40]}))
    if v.get("geo_precision"):
        location["geo_precision"] = v["geo_precision"]
    data["location"] = location
    data["attack_types"] = _split(v.get("attack_types", ""), ids=True)
    if v.get("repeated_strike"):
        flag = v["repeated_strike"].lower()
        if flag in ("true", "yes", "1", "نعم"):
            data["repeated_strike"] = True
        elif flag in ("false", "no", "0", "لا"):
            data["repeated_strike"] = False
        else:
            problems.append(ImportProblem("bad_bool", "repeated_strike", {"value": v["repeated_strike"][:40]}))
    data["perpetrator_groups"] = _split(v.get("perpetrator_groups", ""), ids=True)
    data["perpetrator"] = {"ar": v.get("perpetrator_ar", ""), "en": v.get("perpetrator_en", "")}
    data["targets"] = _targets(v, problems)
    # A sheet of ours without casualty_groups was written for contract 1 (or made like
    # one): it is read as contract 1 read it, and upgraded like any contract-1 data.
    version1 = not kobo and "casualty_groups" not in v
    if version1:
        data["schema_version"] = 1
    data["casualties"] = _casualties(v, problems, version1)
    data["certainty"] = v.get("certainty", "")
    data["narrative"] = {"ar": v.get("narrative_ar", ""), "en": v.get("narrative_en", "")}
    if v.get("internal_notes"):
        data["internal_notes"] = v["internal_notes"]
    if v.get("sources"):
        try:
            sources = json.loads(v["sources"])
            if not isinstance(sources, list):
                raise ValueError
            data["sources"] = sources
        except (ValueError, RecursionError):
            problems.append(ImportProblem("bad_sources", "sources"))
    return data


def _targets(v: dict, problems: list[Problem]) -> list[dict]:
    kinds = _split(v.get("target_kinds", ""), ids=True)
    if not kinds:
        return []  # the model reports the missing target
    columns = {"name_en": "target_names_en", "name_ar": "target_names_ar", "operator_en": "target_operators_en",
               "operator_ar": "target_operators_ar", "damage": "target_damage", "service": "target_service"}
    lists = {}
    for key, column in columns.items():
        cell = v.get(column, "")
        values = _split(cell, ids=key in ("damage", "service"))
        if not "".join(values):
            values = []  # an empty cell: nothing given for any target
        elif len(values) != len(kinds):
            if len(kinds) == 1:
                values = [cell]  # one facility, whose name happens to hold a ";"
            else:
                problems.append(ImportProblem("list_length", column, {"count": len(values), "expected": len(kinds)}))
                values = []
        lists[key] = values
    targets = []
    for index, kind in enumerate(kinds):
        def pick(key, index=index):
            return lists[key][index] if lists[key] else ""

        target = {"kind": kind, "name": {"ar": pick("name_ar"), "en": pick("name_en")},
                  "operator": {"ar": pick("operator_ar"), "en": pick("operator_en")}}
        for key in ("damage", "service"):
            if pick(key):
                target[key] = pick(key)
        targets.append(target)
    return targets


def _count(v: dict, column: str, problems: list[Problem]) -> int | None:
    value = v.get(column, "")
    if not value:
        return None
    if value.endswith(".0") and _COUNT.match(value[:-2]):
        value = value[:-2]  # spreadsheets and Kobo write whole numbers as 3.0
    if not _COUNT.match(value):
        problems.append(ImportProblem("bad_count", column, {"value": value[:40]}))
        return None
    return int(value)


def _casualties(v: dict, problems: list[Problem], version1: bool) -> list[dict]:
    """One row per group. An empty cell is a count that is not known (None), never 0.

    Our exports list the groups that have a row in ``casualty_groups``, so that a row
    of unknown counts comes back; other sheets give a row to each group with at least
    one cell filled. In a contract-1 sheet an empty killed, injured or detained of such
    a group was 0, as contract 1 defaulted it.
    """
    def known(values: dict) -> dict:
        return {measure: count for measure, count in values.items() if count is not None}

    counts = {group: {measure: _count(v, f"{group}_{measure}", problems) for measure in MEASURES}
              for group in vocab.CASUALTY_GROUPS}
    if "casualty_groups" in v:
        # An id outside the vocabulary still becomes a row, for the model to name it.
        rows = [{"group": group, **known(counts.get(group, {}))}
                for group in dict.fromkeys(_split(v["casualty_groups"], ids=True))]
    else:
        rows = [{"group": group, **known(values)} for group, values in counts.items() if known(values)]
    totals = {outcome: _count(v, outcome, problems) for outcome in OUTCOMES}
    if not rows and known(totals):
        # A sheet with totals only (a cluster's summary): keep them, in the "unknown" group.
        rows.append({"group": "unknown", **known(totals)})
        problems.append(ImportProblem("only_totals", "casualties", severity="warning"))
    if version1:
        rows = [{"killed": 0, "injured": 0, "detained": 0, **row} for row in rows]
    for outcome, total in totals.items():
        values = [row.get(outcome) for row in rows]
        # Compared only when the total and every group's count are known.
        if total is not None and rows and None not in values and total != sum(values):
            problems.append(ImportProblem("totals_differ", outcome,
                                          {"column": outcome, "value": total, "sum": sum(values)}, "warning"))
    return rows


# -- Duplicates and IDs ---------------------------------------------------------------------


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
