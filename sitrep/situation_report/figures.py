"""Counting: the key figures and the breakdowns of a situation report.

Pure functions over validated incidents, no wording: situation_report.parts turns the
counts into labels in both languages. A test recomputes every box from the incidents.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from sitrep.contract import vocab
from sitrep.contract.model import OUTCOMES, Incident, Tally
from sitrep.exchange.duplicates import facility_keys

CIVIL_DEFENCE_KINDS = frozenset({"civil_defence_centre", "civil_defence_vehicle"})
MAX_TIME_ROWS = 50  # rows of the time breakdown that list every bucket, empty ones too
VEHICLE_KINDS = frozenset({"ambulance", "civil_defence_vehicle"})
KNOWN_ZERO = Tally()


@dataclass(frozen=True)
class KeyFigures:
    """Counts of records (incidents, facilities) are always known; counts of people are
    Tallies: the known part, and whether some incident did not know it (see model.Tally)."""

    incidents: int = 0
    facilities: int = 0            # targets hit, health and civil defence
    health_facilities: int = 0
    civil_defence_facilities: int = 0
    out_of_service: int = 0
    health_out_of_service: int = 0
    vehicles: int = 0              # ambulances and civil-defence vehicles hit
    killed: Tally = KNOWN_ZERO
    injured: Tally = KNOWN_ZERO
    health_workers_killed: Tally = KNOWN_ZERO
    health_workers_injured: Tally = KNOWN_ZERO
    health_workers_kidnapped: Tally = KNOWN_ZERO
    health_workers_arrested: Tally = KNOWN_ZERO
    civil_defence_killed: Tally = KNOWN_ZERO
    drafts: int = 0                # counted in the figures above, only when the user asked for them


def group_tally(incident: Incident, column: str, group: str) -> Tally:
    """One group's count in one incident. People in a row of group "not specified" may
    be of this group too: a count there that is not known or above 0 makes the group's
    own count a floor ("at least"), never a total."""
    own = incident.tally(column, group)
    unspecified = incident.tally(column, "unknown") if group != "unknown" else KNOWN_ZERO
    return own + Tally(0, True) if unspecified.partial or unspecified.known else own


def total(tallies) -> Tally:
    return sum(tallies, KNOWN_ZERO)


def key_figures(incidents: list[Incident]) -> KeyFigures:
    def of_group(column: str, group: str) -> Tally:
        return total(group_tally(incident, column, group) for incident in incidents)

    targets = [target for incident in incidents for target in incident.targets]
    health = [target for target in targets if target.kind not in CIVIL_DEFENCE_KINDS]
    return KeyFigures(
        incidents=len(incidents),
        facilities=len(targets),
        health_facilities=len(health),
        civil_defence_facilities=len(targets) - len(health),
        out_of_service=sum(1 for target in targets if target.service == "out_of_service"),
        health_out_of_service=sum(1 for target in health if target.service == "out_of_service"),
        vehicles=sum(1 for target in targets if target.kind in VEHICLE_KINDS),
        killed=total(incident.tally("killed") for incident in incidents),
        injured=total(incident.tally("injured") for incident in incidents),
        health_workers_killed=of_group("killed", "health_workers"),
        health_workers_injured=of_group("injured", "health_workers"),
        health_workers_kidnapped=of_group("kidnapped", "health_workers"),
        health_workers_arrested=of_group("arrested", "health_workers"),
        civil_defence_killed=of_group("killed", "civil_defence"),
        drafts=sum(1 for incident in incidents if incident.status == "draft"),
    )


@dataclass
class Row:
    """One line of a breakdown: what is counted (a key or a bilingual label) and the counts."""

    key: object
    label: dict | None = None  # {"ar": ..., "en": ...} when the key is not a vocabulary id
    incidents: int = 0
    facilities: int = 0
    killed: Tally = KNOWN_ZERO
    injured: Tally = KNOWN_ZERO


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
    row.killed += incident.tally("killed")
    row.injured += incident.tally("injured")


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


def by_perpetrator(incidents: list[Incident]) -> Breakdown:
    """Who was reported responsible, as recorded: an ambiguous attribution ("state forces
    or allied foreign forces") is a row of its own, so every incident counts once and
    the rows add up to the period's incidents. The key is the groups in the
    vocabulary's order, () when none was recorded."""
    order = list(vocab.PERPETRATOR_GROUPS)
    rows: dict[tuple, Row] = {}
    for incident in incidents:
        key = tuple(sorted(incident.perpetrator_groups, key=order.index))
        _add(rows.setdefault(key, Row(key)), incident)

    def rank(row: Row):
        return (-row.incidents, row.key == (), len(row.key), [order.index(group) for group in row.key])

    return Breakdown("perpetrator", sorted(rows.values(), key=rank))


@dataclass
class People:
    """People killed, injured, kidnapped, arrested, detained or missing, by casualty group:
    rows [(group, {outcome: Tally})] in the vocabulary's order, and the total of each outcome."""

    rows: list[tuple[str, dict[str, Tally]]]
    total: dict[str, Tally]


def people_by_group(incidents: list[Incident]) -> People:
    """The groups that some incident has a row for; a count not known in one incident makes
    the group's figure a floor, and a group not known anywhere prints "?"."""
    present = {row.group for incident in incidents for row in incident.casualties}
    rows = [(group, {outcome: total(incident.tally(outcome, group) for incident in incidents)
                     for outcome in OUTCOMES})
            for group in vocab.CASUALTY_GROUPS if group in present]
    return People(rows, {outcome: total(counts[outcome] for _, counts in rows) for outcome in OUTCOMES})


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
    return [by_governorate(incidents), by_perpetrator(incidents), by_attack_type(incidents),
            by_facility_kind(incidents), by_certainty(incidents), over_time(incidents, start, end)]


# Context: the previous period, a total since a chosen date, facilities hit again.


def previous_period(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """The period of the same length just before: whole calendar months give the same
    number of months before (May -> April, not 31 March - 30 April), any other period
    the same number of days. At the calendar's ends it is cut short (year 1 has no before)."""
    if start == dt.date.min:
        return start, start
    if start.day == 1 and (end == dt.date.max or (end + dt.timedelta(days=1)).day == 1):
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        index = max(12, start.year * 12 + start.month - 1 - months)
        return dt.date(index // 12, index % 12 + 1, 1), start - dt.timedelta(days=1)
    days = (end - start).days + 1
    return max(dt.date.min, start - dt.timedelta(days=min(days, (start - dt.date.min).days))), \
        start - dt.timedelta(days=1)


@dataclass(frozen=True)
class RepeatHit:
    """A facility hit by more than one incident of the window, the last time in the period."""

    incident: Incident   # the latest hit
    target_index: int    # which of its targets
    hits: int
    records: tuple = ()  # every (incident, target index) of this facility, oldest first

    def named(self, lang: str):
        """(incident, target) of the latest record that names the facility in ``lang``,
        else the latest one: one copy may have only the English names, another the Arabic."""
        for incident, index in reversed(self.records):
            target = incident.targets[index]
            if getattr(target.name, lang):
                return incident, target
        return self.incident, self.incident.targets[self.target_index]


def repeat_hits(incidents: list[Incident], period_start: dt.date) -> list[RepeatHit]:
    """Facilities hit by two or more of ``incidents`` (the window: the period, or since the
    chosen date), the last time on or after ``period_start``; most hits first.

    A facility is known by the import's duplicate keys without the date (place, kind and
    name in either language, folded: exchange.duplicates.facility_keys), so a record with only the
    English names matches one with only the Arabic ones through a third that has both.
    Facilities without a name are left out: every unnamed clinic of a town would match.
    """
    parent: list[int] = []

    def root(n: int) -> int:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    owner: dict[tuple, int] = {}
    seen: list[tuple[Incident, int]] = []  # facility record n: (incident, target index)
    for incident in sorted(incidents, key=lambda i: (i.date, i.time or "", i.id)):
        for index, target in enumerate(incident.targets):
            keys = {key for key in facility_keys(incident, target) if key[-1]}
            if not keys:
                continue
            n = len(seen)
            seen.append((incident, index))
            parent.append(n)
            for key in keys:
                if key in owner:
                    parent[root(owner[key])] = n  # the later record becomes the root
                owner[key] = n
    groups: dict[int, list[tuple[Incident, int]]] = {}
    for n, record in enumerate(seen):
        groups.setdefault(root(n), []).append(record)
    found = []
    for records in groups.values():
        hits = len({incident.id for incident, _ in records})
        incident, index = max(records, key=lambda r: (r[0].date, r[0].time or "", r[0].id))
        if hits >= 2 and incident.date >= period_start:
            found.append(RepeatHit(incident, index, hits, tuple(records)))
    return sorted(found, key=lambda hit: (-hit.hits, hit.incident.date, hit.incident.id, hit.target_index))


@dataclass(frozen=True)
class History:
    """What the key figures are compared with."""

    previous_start: dt.date
    previous_end: dt.date
    previous: KeyFigures
    since: dt.date | None = None
    since_figures: KeyFigures | None = None
    repeats: tuple[RepeatHit, ...] = ()
