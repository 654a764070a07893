"""The public profile as data: what an incident may show outside the organization.

Every export path (the PDF's text and its embedded JSON, JSON, CSV, HXL, GeoJSON)
passes its incidents through ``for_profile`` first, so a new path cannot forget a
field: whatever is removed here is simply not there to be written. A flash update
applies it once, in the render engine, to the data it both prints and embeds.
"""

from __future__ import annotations

from sitrep.contract.model import Incident, Report

PUBLIC_DECIMALS = 2  # about 1 km: the place, not the building (a hospital may be hit again)


def public_incident(incident: Incident) -> Incident:
    """A copy without sources, internal notes or unpublishable photos, coordinates coarsened."""
    location = incident.location
    coarse = {}
    if location.lat is not None and location.lon is not None:
        coarse = {"lat": round(location.lat, PUBLIC_DECIMALS), "lon": round(location.lon, PUBLIC_DECIMALS)}
        if location.geo_precision == "exact":
            coarse["geo_precision"] = "place"  # no longer exact once rounded: say so
    return incident.model_copy(update={
        "sources": [],
        "internal_notes": "",
        "attachments": [attachment for attachment in incident.attachments if attachment.publishable],
        "location": location.model_copy(update=coarse),
    })


def for_profile(incidents, profile: str) -> list[Incident]:
    """The incidents as ``profile`` may show them; anything but "internal" is public."""
    if profile == "internal":
        return list(incidents)
    return [public_incident(incident) for incident in incidents]


def public_report(report: Report, profile: str) -> Report:
    """The report with its incidents as ``profile`` may show them."""
    if profile == "internal":
        return report
    return report.model_copy(update={"incidents": for_profile(report.incidents, profile)})
