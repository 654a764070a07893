"""KoboToolbox-style exports: telling one from our table, and which of its question names are
which of our columns.

table.py reads such a CSV with these names (row_to_incident.py with kobo=True for the cells);
docs/exchange.md describes the form.
"""

from __future__ import annotations

from sitrep.contract.model import OUTCOMES
from sitrep.exchange.columns import KNOWN_COLUMNS


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


def _question(column: str) -> str:
    return column.rsplit("/", 1)[-1].lower()  # "incident/facility_type" -> "facility_type"


def is_kobo(header: list[str]) -> bool:
    # Ours has a "date" column; Kobo's names its questions (incident_date, facility_type...).
    return "date" not in header and any(_question(name) in KOBO_COLUMNS.keys() - KNOWN_COLUMNS for name in header)


def our_names(header: list[str]) -> list[str | None]:
    """Our column for each of a Kobo header's columns; None for a question not read."""
    return [KOBO_COLUMNS.get(_question(name)) for name in header]


def bookkeeping(column: str) -> bool:
    """One of Kobo's own columns, not worth a warning when it is ignored."""
    return _question(column) in KOBO_IGNORED
