"""Warnings: things that do not block saving but that a reviewer should see."""

from __future__ import annotations

from sitrep.contract.model import Incident
from sitrep.contract.problems import Problem

# Rough bounding boxes (south, west, north, east) of the countries this tool is used
# in, with half a degree to spare; other countries are not checked.
COUNTRY_BOXES = {
    "SYR": (32.3, 35.7, 37.3, 42.4),
    "IRQ": (29.0, 38.8, 37.4, 48.6),
    "LBN": (33.0, 35.1, 34.7, 36.6),
    "JOR": (29.2, 34.9, 33.4, 39.3),
    "TUR": (35.8, 25.6, 42.1, 44.8),
    "YEM": (12.1, 42.5, 19.0, 54.6),
    "PSE": (31.2, 34.2, 32.6, 35.6),
    "SDN": (8.7, 21.8, 22.2, 38.6),
    "LBY": (19.5, 9.3, 33.2, 25.2),
}
_SPARE = 0.5


def incident_warnings(incident: Incident) -> list[Problem]:
    found = []
    for lang in ("ar", "en"):
        if not getattr(incident.narrative, lang):
            found.append(Problem("narrative_missing", f"narrative.{lang}", {"language": lang}, "warning"))
    if incident.certainty == "confirmed" and not incident.sources:
        found.append(Problem("no_source", "sources", {}, "warning"))
    location = incident.location
    box = COUNTRY_BOXES.get(location.country)
    if box and location.lat is not None and location.lon is not None:
        south, west, north, east = box
        inside = (south - _SPARE <= location.lat <= north + _SPARE
                  and west - _SPARE <= location.lon <= east + _SPARE)
        if not inside:
            found.append(Problem("far_from_country", "location", {
                "lat": location.lat, "lon": location.lon, "country": location.country}, "warning"))
    return found
