"""Controlled vocabularies of the data contract (schema_version 2).

The ids are stable and stored as they are; their English labels below are the gettext
msgids, translated into Arabic in locale/ar.
"""

from __future__ import annotations

from sitrep.i18n import N_

ATTACK_TYPES = {
    "airstrike": N_("Airstrike"),
    "barrel_bomb": N_("Barrel bomb"),
    "artillery_shelling": N_("Artillery shelling"),
    "rocket": N_("Rocket attack"),
    "incendiary": N_("Incendiary weapon"),
    "cluster_munition": N_("Cluster munition"),
    "small_arms": N_("Small-arms fire"),
    "explosive_device": N_("Explosive device"),
    "chemical": N_("Chemical weapon"),
    "arson": N_("Arson"),
    "armed_entry": N_("Armed entry"),
    "obstruction": N_("Obstruction of access"),
    "abduction_arrest": N_("Abduction or arrest"),
    "threat": N_("Threat"),
    "militarization": N_("Militarization"),
    "looting": N_("Looting"),
    "other": N_("Other attack"),
}

TARGET_KINDS = {
    "hospital": N_("Hospital"),
    "field_hospital": N_("Field hospital"),
    "primary_health_centre": N_("Primary health centre"),
    "mobile_clinic": N_("Mobile clinic"),
    "blood_bank": N_("Blood bank"),
    "pharmacy": N_("Pharmacy"),
    "ambulance": N_("Ambulance"),
    "civil_defence_centre": N_("Civil-defence centre"),
    "civil_defence_vehicle": N_("Civil-defence vehicle"),
    "health_warehouse": N_("Health warehouse"),
    "other": N_("Other facility"),
}

DAMAGE = {
    "none": N_("No damage"),
    "minor": N_("Minor damage"),
    "moderate": N_("Moderate damage"),
    "severe": N_("Severe damage"),
    "destroyed": N_("Destroyed"),
    "unknown": N_("Damage unknown"),
}

SERVICE = {
    "functioning": N_("Functioning"),
    "partial": N_("Partly functioning"),
    "out_of_service": N_("Out of service"),
    "unknown": N_("Service status unknown"),
}

CASUALTY_GROUPS = {
    "health_workers": N_("Health workers"),
    "civil_defence": N_("Civil-defence members"),
    "patients": N_("Patients"),
    "civilians": N_("Other civilians"),
    "unknown": N_("Not specified"),
}

# Who was reported responsible, as counted in reports. The ids follow the groups
# attack-on-health reports on Syria count by.
PERPETRATOR_GROUPS = {
    "state_forces": N_("State forces"),
    "allied_foreign_forces": N_("Allied foreign forces"),
    "armed_opposition": N_("Armed opposition groups"),
    "extremist_groups": N_("Extremist groups"),
    "unknown": N_("Perpetrator unknown"),
    "other": N_("Other perpetrator"),
}

CERTAINTY = {
    "confirmed": N_("Confirmed"),
    "probable": N_("Probable"),
    "possible": N_("Possible"),
    "rumour": N_("Rumour"),
}

SOURCE_TYPES = {
    "eyewitness": N_("Eyewitness"),
    "facility_staff": N_("Facility staff"),
    "civil_defence": N_("Civil defence"),
    "media": N_("Media"),
    "social_media": N_("Social media"),
    "ngo_report": N_("NGO report"),
    "other": N_("Other source"),
}

GEO_PRECISION = {
    "exact": N_("Exact location"),
    "place": N_("Town or village"),
    "admin": N_("Administrative area"),
}

STATUS = {"draft": N_("Draft"), "final": N_("Final")}

REPORT_KINDS = {"flash_update": N_("Flash update"), "sitrep": N_("Situation report")}

# The print choices of a report file (Report.languages, .digits, .profile; a test keeps them equal),
# here so that the settings, the command line and the dialogs offer the same ones.
PROFILES = {"public": N_("Public"), "internal": N_("Internal")}
LANGUAGE_LAYOUTS = ("ar+en", "ar", "en")
DIGITS = ("arab", "latn")

# Every vocabulary by the contract field it belongs to, for labels and the JSON Schema.
ALL = {
    "attack_types": ATTACK_TYPES,
    "targets.kind": TARGET_KINDS,
    "targets.damage": DAMAGE,
    "targets.service": SERVICE,
    "casualties.group": CASUALTY_GROUPS,
    "perpetrator_groups": PERPETRATOR_GROUPS,
    "certainty": CERTAINTY,
    "sources.type": SOURCE_TYPES,
    "location.geo_precision": GEO_PRECISION,
    "status": STATUS,
    "kind": REPORT_KINDS,
    "profile": PROFILES,
}
