"""A flat row read back into an incident: the cells of a CSV line (ours, HXL or KoboToolbox-style)
or of a GeoJSON feature's properties become the contract's JSON, judged as one Row.

The reverse of columns.flat_row; what a row cannot say is described in docs/exchange.md.
"""

from __future__ import annotations

import json
import re

from sitrep.contract import vocab
from sitrep.contract.documents import parse_incident
from sitrep.contract.model import OUTCOMES
from sitrep.contract.problems import Problem
from sitrep.exchange.columns import FORMULA_STARTS, MEASURES
from sitrep.exchange.rows import ImportProblem, Row, validate


def table_row(number: int, kind: str, cells: dict[str, str], kobo: bool = False) -> Row:
    """One row of our table (a CSV line, a GeoJSON feature's properties), judged."""
    row = Row(number, kind, raw=cells)
    problems: list[Problem] = []
    data = incident_data(cells, problems, kobo=kobo)
    row.problems += problems
    # Validated even after a conversion error (that cell is left out), so the dry run
    # lists every problem of the row at once, not one per attempt.
    validate(row, lambda: parse_incident(data))
    return row


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
        if not cell.strip():
            values = []  # an empty cell: nothing given for any target (a name ";" is not empty)
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
