"""Which incidents a situation report covers, and the checks on the request.

The period is inclusive at both ends. The area is a governorate (admin1) named in
either language, matched the way the search matches (hamza, ة/ه, case): an officer
types "ادلب" for إدلب. Drafts that do not validate never reach a report (the store
only lists valid incidents). Valid drafts are left out unless the user asks for them:
a report's figures are read as verified. Included, they are counted on the cover and
marked as drafts in the annex and the detail sections.
"""

from __future__ import annotations

import datetime as dt
import re

from sitrep.contract.model import Incident, Text, parse_iso_date
from sitrep.contract.problems import InputError
from sitrep.search import fold
from sitrep.situation_report.texts import ReportProblem

MAX_INCIDENTS = 5_000  # the Report model's own limit


def parse_day(value: str, name: str) -> dt.date:
    try:
        return parse_iso_date(value)
    except ValueError:
        raise InputError([ReportProblem("report_bad_date", name, {"value": value})]) from None


def parse_url(value: str, name: str) -> str | None:
    """A web address for the report (the organization's data), or None when not given."""
    if not value:
        return None
    if not re.match(r"^https?://\S+$", value) or len(value) > 2_000:
        raise InputError([ReportProblem("report_bad_url", name, {"value": value})])
    return value


def governorates(incidents: list[Incident]) -> list[Text]:
    seen: dict[str, Text] = {}
    for incident in incidents:
        admin1 = incident.location.admin1
        if not admin1.is_empty():
            seen.setdefault(fold(admin1.en or admin1.ar), admin1)
    return sorted(seen.values(), key=lambda text: text.en or text.ar)


def in_area(incident: Incident, area: str) -> bool:
    wanted = fold(area)
    admin1 = incident.location.admin1
    return wanted in (fold(admin1.ar), fold(admin1.en))


def window(incidents: list[Incident], start: dt.date, end: dt.date, area: str | None = None) -> list[Incident]:
    """The incidents between two days (inclusive) in the area, unsorted; may be empty."""
    return [incident for incident in incidents
            if start <= incident.date <= end and (not area or in_area(incident, area))]


def check_since(since: dt.date | None, start: dt.date) -> None:
    """A total "since" a date that falls inside the period would be smaller than the period's."""
    if since is not None and since > start:
        raise InputError([ReportProblem("report_since_after_start", "since",
                                        {"since": since.isoformat(), "start": start.isoformat()})])


def select(incidents: list[Incident], start: dt.date, end: dt.date, area: str | None = None,
           include_drafts: bool = False) -> list[Incident]:
    """The incidents of the period (and area), sorted by date, time and ID; or a clear problem."""
    if start > end:
        raise InputError([ReportProblem("report_period_reversed", "from",
                                        {"start": start.isoformat(), "end": end.isoformat()})])
    if area:
        known = governorates(incidents)
        if not any(in_area(incident, area) for incident in incidents):
            names = ", ".join(f"{text.en} / {text.ar}" if text.en and text.ar else text.en or text.ar
                              for text in known) or "-"
            raise InputError([ReportProblem("report_unknown_area", "area", {"area": area, "known": names})])
    chosen = window(incidents, start, end, area)
    drafts = sum(1 for incident in chosen if incident.status == "draft")
    if not include_drafts:
        chosen = [incident for incident in chosen if incident.status != "draft"]
    if not chosen:
        params = {"start": start.isoformat(), "end": end.isoformat(), "area": f" ({area})" if area else ""}
        if drafts:  # say why, and what to do: the user may not know drafts are left out
            raise InputError([ReportProblem("report_only_drafts", "", {**params, "count": drafts})])
        raise InputError([ReportProblem("report_period_empty", "", params)])
    if len(chosen) > MAX_INCIDENTS:
        raise InputError([ReportProblem("report_too_many", "", {"count": len(chosen), "limit": MAX_INCIDENTS})])
    return sorted(chosen, key=lambda incident: (incident.date, incident.time or "", incident.id))
