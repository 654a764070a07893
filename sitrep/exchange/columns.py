"""The columns CSV, HXL and GeoJSON share, and an incident as one flat row of them.

One flat row per incident (``flat_row``) feeds CSV, HXL and the GeoJSON properties,
so the three agree column for column; row_to_incident.py reads the same columns back.
The column set and what each format keeps or loses are described in docs/exchange.md.
"""

from __future__ import annotations

import json

from sitrep.contract import vocab
from sitrep.contract.model import OUTCOMES, PARTS, Incident


# Lists (attack types, targets) share one cell, joined by LIST_SEPARATOR. A ";" typed
# inside a facility name would shift the list, so the writer turns it into ",".
LIST_SEPARATOR = "; "


# Casualty columns: <group>_<measure> for every group, and the HXL attributes of each.
# An empty cell is a count that is not known (or a group with no row: see casualty_groups).
GROUP_HXL = {"health_workers": "healthworker", "civil_defence": "civildefence", "patients": "patient",
             "civilians": "civilian", "unknown": "unspecified"}
MEASURES = OUTCOMES + PARTS


def _measure_hxl(measure: str) -> str:
    return " ".join(f"+{part}" for part in reversed(measure.split("_")))  # children_killed -> +killed +children


def _bilingual(name: str, tag: str) -> list[tuple[str, str]]:
    return [(f"{name}_en", f"{tag} +i_en"), (f"{name}_ar", f"{tag} +i_ar")]


# (column, HXL hashtag) in the order written. Counts are totals over all casualty rows.
COLUMNS: list[tuple[str, str]] = [
    ("id", "#event +id"),
    ("status", "#meta +status"),
    ("date", "#date +occurred"),
    ("time", "#date +time"),
    ("timezone", "#date +timezone"),
    ("country", "#country +code"),
    *_bilingual("admin1", "#adm1 +name"),
    *_bilingual("admin2", "#adm2 +name"),
    *_bilingual("admin3", "#adm3 +name"),
    *_bilingual("place", "#loc +name"),
    ("pcode", "#loc +code"),
    ("lat", "#geo +lat"),
    ("lon", "#geo +lon"),
    ("geo_precision", "#geo +precision"),
    ("attack_types", "#event +type"),
    ("repeated_strike", "#event +repeated"),
    # As Insecurity Insight's attacks-on-health data tags them: the reported perpetrator
    # (our controlled groups) and its name (the words of the sources).
    ("perpetrator_groups", "#group +perp"),
    *_bilingual("perpetrator", "#group +perp +name"),
    ("target_kinds", "#loc +facility +type"),
    *_bilingual("target_names", "#loc +facility +name"),
    *_bilingual("target_operators", "#org +operator"),
    ("target_damage", "#impact +facility +damage"),
    ("target_service", "#status +facility +service"),
    *[(outcome, f"#affected +{outcome}") for outcome in OUTCOMES],
    # Which groups have a casualty row: a row whose counts are all unknown has no other trace.
    ("casualty_groups", "#affected +group +list"),
    *[(f"{group}_{measure}", f"#affected +{GROUP_HXL[group]} {_measure_hxl(measure)}")
      for group in vocab.CASUALTY_GROUPS for measure in MEASURES],
    ("certainty", "#meta +certainty"),
    *_bilingual("narrative", "#description"),
]
# Only in the internal profile. Sources are a JSON list in one cell: they must come back
# whole (name, contact, note, url, date), and a spreadsheet has no better place for rows.
INTERNAL_COLUMNS: list[tuple[str, str]] = [
    ("internal_notes", "#description +internal"),
    ("sources", "#meta +sources"),
]


def columns(profile: str) -> list[tuple[str, str]]:
    return COLUMNS + (INTERNAL_COLUMNS if profile == "internal" else [])


KNOWN_COLUMNS = {name for name, _ in COLUMNS + INTERNAL_COLUMNS}


def _names(texts, lang: str) -> str:
    values = [getattr(text, lang) for text in texts]
    if len(values) > 1:  # one facility's name is written as it is: there is no list to shift
        values = [value.replace(";", ",") for value in values]
    return LIST_SEPARATOR.join(values)


def flat_row(incident: Incident, profile: str = "public") -> dict:
    """The incident as one flat row of typed values (str, int, float, bool or None).

    Give it an incident already passed through sitrep.contract.public_profile (the writers do).
    """
    loc = incident.location
    row = {
        "id": incident.id,
        "status": incident.status,
        "date": incident.date.isoformat(),
        "time": incident.time,
        "timezone": incident.timezone,
        "country": loc.country,
    }
    for name in ("admin1", "admin2", "admin3", "place"):
        for lang in ("en", "ar"):
            row[f"{name}_{lang}"] = getattr(getattr(loc, name), lang)
    row.update({
        "pcode": loc.pcode,
        "lat": loc.lat,
        "lon": loc.lon,
        "geo_precision": loc.geo_precision,
        "attack_types": LIST_SEPARATOR.join(incident.attack_types),
        "repeated_strike": incident.repeated_strike,
        "perpetrator_groups": LIST_SEPARATOR.join(incident.perpetrator_groups),
        "perpetrator_en": incident.perpetrator.en,
        "perpetrator_ar": incident.perpetrator.ar,
        "target_kinds": LIST_SEPARATOR.join(target.kind for target in incident.targets),
    })
    for lang in ("en", "ar"):
        row[f"target_names_{lang}"] = _names([target.name for target in incident.targets], lang)
    for lang in ("en", "ar"):
        row[f"target_operators_{lang}"] = _names([target.operator for target in incident.targets], lang)
    row["target_damage"] = LIST_SEPARATOR.join(target.damage for target in incident.targets)
    row["target_service"] = LIST_SEPARATOR.join(target.service for target in incident.targets)
    # A total, or a group's sum over several rows, is a number only when every part of it
    # is known: a cell cannot say "at least", and writing the known part would claim it all.
    for outcome in OUTCOMES:
        row[outcome] = _sum_if_known(incident.tally(outcome))
    row["casualty_groups"] = LIST_SEPARATOR.join(dict.fromkeys(r.group for r in incident.casualties))
    for group in vocab.CASUALTY_GROUPS:
        has_row = any(r.group == group for r in incident.casualties)
        for measure in MEASURES:
            row[f"{group}_{measure}"] = _sum_if_known(incident.tally(measure, group)) if has_row else None
    row["certainty"] = incident.certainty
    row["narrative_en"] = incident.narrative.en
    row["narrative_ar"] = incident.narrative.ar
    if profile == "internal":
        row["internal_notes"] = incident.internal_notes
        row["sources"] = (json.dumps([s.model_dump(mode="json") for s in incident.sources], ensure_ascii=False)
                          if incident.sources else "")
    return row


def _sum_if_known(tally) -> int | None:
    return None if tally.partial else tally.known


# Spreadsheet formula injection: a cell typed as "=HYPERLINK(...)" or "+963..." would be
# run or mangled by Excel and LibreOffice. Text cells starting with one of these get a
# leading apostrophe (the spreadsheets' own "this is text" mark); the importer removes it.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    # A text that itself starts with an apostrophe gets one more, so the importer's
    # "remove one guard apostrophe" gives back exactly what was typed.
    return "'" + text if text.startswith((*FORMULA_STARTS, "'")) else text


def cell(value) -> str:
    """A typed value as CSV text: numbers as written, booleans as true/false, text defused."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value) if isinstance(value, float) else str(value)
    return neutralise(str(value))
