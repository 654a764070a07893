"""KoboToolbox-style exports: which of their question names are which of our columns.

table.py reads such a CSV with these names; docs/exchange.md describes the form.
"""

from __future__ import annotations

from sitrep.contract.model import OUTCOMES


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
