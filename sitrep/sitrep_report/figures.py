"""Counting: the key figures and the breakdowns of a situation report.

Pure functions over validated incidents, no wording: sitrep_report.parts turns the
counts into labels in both languages. A test recomputes every box from the incidents.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from sitrep import vocab
from sitrep.model import Incident

CIVIL_DEFENCE_KINDS = frozenset({"civil_defence_centre", "civil_defence_vehicle"})
MAX_TIME_ROWS = 50  # rows of the time breakdown that list every bucket, empty ones too


@dataclass(frozen=True)
class KeyFigures:
    incidents: int = 0
    facilities: int = 0            # targets hit, health and civil defence
    health_facilities: int = 0
    civil_defence_facilities: int = 0
    out_of_service: int = 0
    health_out_of_service: int = 0
    killed: int = 0
    injured: int = 0
    health_workers_killed: int = 0
    civil_defence_killed: int = 0
    drafts: int = 0                # counted in the figures above, only when the user asked for them


def key_figures(incidents: list[Incident]) -> KeyFigures:
    def killed_in(incident: Incident, group: str) -> int:
        return sum(row.killed for row in incident.casualties if row.group == group)

    targets = [target for incident in incidents for target in incident.targets]
    health = [target for target in targets if target.kind not in CIVIL_DEFENCE_KINDS]
    return KeyFigures(
        incidents=len(incidents),
        facilities=len(targets),
        health_facilities=len(health),
        civil_defence_facilities=len(targets) - len(health),
        out_of_service=sum(1 for target in targets if target.service == "out_of_service"),
        health_out_of_service=sum(1 for target in health if target.service == "out_of_service"),
        killed=sum(incident.total("killed") for incident in incidents),
        injured=sum(incident.total("injured") for incident in incidents),
        health_workers_killed=sum(killed_in(incident, "health_workers") for incident in incidents),
        civil_defence_killed=sum(killed_in(incident, "civil_defence") for incident in incidents),
        drafts=sum(1 for incident in incidents if incident.status == "draft"),
    )


@dataclass
class Row:
    """One line of a breakdown: what is counted (a key or a bilingual label) and the counts."""

    key: object
    label: dict | None = None  # {"ar": ..., "en": ...} when the key is not a vocabulary id
    incidents: int = 0
    facilities: int = 0
    killed: int = 0
    injured: int = 0


@dataclass
class Breakdown:
    name: str                   # "governorate", "attack_type", ...
    rows: list[Row] = field(default_factory=list)
    unit: str = "incidents"     # the column the chart draws

    @property
    def largest(self) -> int:
        return max((getattr(row, self.unit) for row in self.rows), default=0)


def _add(row: Row, incident: Incident, facilities: int | None = None) -> None:
    row.incidents += 1
    row.facilities += len(incident.targets) if facilities is None else facilities
    row.killed += incident.total("killed")
    row.injured += incident.total("injured")


def by_governorate(incidents: list[Incident]) -> Breakdown:
    """Grouped by the governorate's English name, else its Arabic one (as typed)."""
    rows: dict[str, Row] = {}
    for incident in incidents:
        admin1 = incident.location.admin1
        key = (admin1.en or admin1.ar).strip().casefold()
        row = rows.setdefault(key, Row(key, {"ar": admin1.ar, "en": admin1.en} if key else None))
        if row.label and not row.label["ar"] and admin1.ar:
            row.label["ar"] = admin1.ar
        _add(row, incident)
    ordered = sorted(rows.values(), key=lambda row: (-row.incidents, row.key == "", row.key))
    return Breakdown("governorate", ordered)


def by_attack_type(incidents: list[Incident]) -> Breakdown:
    """An incident with two types of attack counts once under each."""
    rows = {key: Row(key) for key in vocab.ATTACK_TYPES}
    for incident in incidents:
        for kind in incident.attack_types:
            _add(rows[kind], incident)
    return Breakdown("attack_type", _nonzero_by_count(rows))


def by_facility_kind(incidents: list[Incident]) -> Breakdown:
    """Facilities, not incidents: an incident that hit two kinds counts under both."""
    rows = {key: Row(key) for key in vocab.TARGET_KINDS}
    for incident in incidents:
        for kind, count in Counter(target.kind for target in incident.targets).items():
            _add(rows[kind], incident, facilities=count)
    return Breakdown("facility_kind", _nonzero_by_count(rows, unit="facilities"), unit="facilities")


def by_certainty(incidents: list[Incident]) -> Breakdown:
    """In the order of the scale, confirmed first, zeros kept: the reader sees the whole scale."""
    rows = {key: Row(key) for key in vocab.CERTAINTY}
    for incident in incidents:
        _add(rows[incident.certainty], incident)
    return Breakdown("certainty", list(rows.values()))


def time_step(start: dt.date, end: dt.date) -> str:
    """Per day up to a month, per week up to half a year, per month up to three years,
    else per year: at most about 36 bars (a decade per month would be 120 rows)."""
    days = (end - start).days + 1
    return "day" if days <= 31 else "week" if days <= 183 else "month" if days <= 1096 else "year"


def bucket_start(day: dt.date, step: str) -> dt.date:
    if step == "day":
        return day
    if step == "week":
        return day - dt.timedelta(days=day.weekday())
    if step == "year":
        return day.replace(month=1, day=1)
    return day.replace(day=1)


def _next(day: dt.date, step: str) -> dt.date | None:
    """The next bucket's start; None past the calendar's last day (9999-12-31 is a valid --to)."""
    try:
        if step == "day":
            return day + dt.timedelta(days=1)
        if step == "week":
            return day + dt.timedelta(days=7)
        if step == "year":
            return day.replace(year=day.year + 1)
        return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    except (OverflowError, ValueError):
        return None


def over_time(incidents: list[Incident], start: dt.date, end: dt.date) -> Breakdown:
    """Every bucket of the period, empty ones too: a gap in the chart is information.

    Past MAX_TIME_ROWS buckets (only per year, over more than that many years), only the
    years with incidents are listed: a row for each year of 0001–9998 took a minute and
    1.6 GB to lay out for two incidents (docs/reliability.md)."""
    step = time_step(start, end)
    rows: dict[dt.date, Row] = {}
    name = "time_" + step
    if step == "year" and end.year - start.year + 1 > MAX_TIME_ROWS:
        name = "time_year_with_data"
        for day in sorted({bucket_start(incident.date, step) for incident in incidents}):
            rows[day] = Row(day)
    else:
        day = bucket_start(start, step)
        while day is not None and day <= end:
            rows[day] = Row(day)
            day = _next(day, step)
    for incident in incidents:
        _add(rows[bucket_start(incident.date, step)], incident)
    return Breakdown(name, list(rows.values()))


def _nonzero_by_count(rows: dict, unit: str = "incidents") -> list[Row]:
    order = list(rows)
    kept = [row for row in rows.values() if getattr(row, unit)]
    return sorted(kept, key=lambda row: (-getattr(row, unit), order.index(row.key)))


def breakdowns(incidents: list[Incident], start: dt.date, end: dt.date) -> list[Breakdown]:
    return [by_governorate(incidents), by_attack_type(incidents), by_facility_kind(incidents),
            by_certainty(incidents), over_time(incidents, start, end)]
