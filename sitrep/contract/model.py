"""The incident and report models: the data contract, schema_version 2.

Validation errors raised here carry a stable ``type`` (for example ``future_date``)
that sitrep.contract.problems turns into an Arabic or English message naming the field.

A count is a whole number or None, and None means *not known*, never 0: a report
that turns "not yet known" into "no one was killed" states something false. Version 1
data (files, stores, imports) is read through upgrade_v1() and always comes out as 2.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo, field_validator,
                      model_validator)
from pydantic_core import PydanticCustomError

from sitrep.contract import vocab

SCHEMA_VERSION = 2
READABLE_VERSIONS = (1, 2)

# Limits protect the renderer and the reader: long enough for real reports, short
# enough that no field can stall a layout (see docs/data-contract.md).
SHORT_TEXT = 300
LONG_TEXT = 20_000
MAX_ROWS = 50
MAX_COUNT = 100_000

# Control characters (C0, DEL, C1) have no place in a report: a NUL cuts text short in
# other programs, and an ESC in a name drove the terminal of whoever listed it. Long
# text keeps tabs and line breaks (CRLF too); every other field is one line.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)")
_LINE_BREAK = re.compile(r"[\t\n\r]")
# Validation context of rows the store wrote itself: checked when they were stored, and
# those of older versions, which let control characters through, must still open.
STORED = {"stored": True}


def _no_controls(value: str, info: ValidationInfo, lines: bool) -> str:
    if info.context and info.context.get("stored"):
        return value
    found = _CONTROL.search(value)
    if found:
        raise PydanticCustomError("control_character", "control character",
                                  {"char": f"U+{ord(found.group()[0]):04X}"})
    if not lines and _LINE_BREAK.search(value):
        raise PydanticCustomError("not_one_line", "line break or tab in a one-line field")
    return value


def _one_line(value: str, info: ValidationInfo) -> str:
    return _no_controls(value, info, lines=False)


def _lines(value: str, info: ValidationInfo) -> str:
    return _no_controls(value, info, lines=True)


# Every text field is one of these two types (named like types: they are used as such).
def OneLine(max_length: int, min_length: int = 0):  # noqa: N802
    return Annotated[str, Field(min_length=min_length, max_length=max_length), AfterValidator(_one_line)]


def Lines(max_length: int):  # noqa: N802
    return Annotated[str, Field(max_length=max_length), AfterValidator(_lines)]


ShortText = OneLine(SHORT_TEXT)
# None = not known. Omitted counts are not known too: only a typed 0 says "nobody".
Count = Annotated[int | None, Field(default=None, ge=0, le=MAX_COUNT)]

AttackType = Literal[tuple(vocab.ATTACK_TYPES)]
TargetKind = Literal[tuple(vocab.TARGET_KINDS)]
Damage = Literal[tuple(vocab.DAMAGE)]
Service = Literal[tuple(vocab.SERVICE)]
CasualtyGroup = Literal[tuple(vocab.CASUALTY_GROUPS)]
Certainty = Literal[tuple(vocab.CERTAINTY)]
SourceType = Literal[tuple(vocab.SOURCE_TYPES)]
GeoPrecision = Literal[tuple(vocab.GEO_PRECISION)]
PerpetratorGroup = Literal[tuple(vocab.PERPETRATOR_GROUPS)]

_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_iso_date(text: str) -> dt.date:
    """Exactly YYYY-MM-DD, not timestamps or the other forms fromisoformat() accepts;
    ValueError otherwise. Every date typed or read anywhere goes through here."""
    if not _ISO_DATE.match(text):
        raise ValueError(text)
    return dt.date.fromisoformat(text)


def _iso_date(value: object) -> object:
    """Accept exactly YYYY-MM-DD (or a date object)."""
    if isinstance(value, str):
        try:
            return parse_iso_date(value)
        except ValueError:
            raise PydanticCustomError("bad_date", "date must be YYYY-MM-DD", {"value": value}) from None
    return value


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]


class _Model(BaseModel):
    # Strict: "3" is not a count and 2.5 is not a number of people; unknown keys are
    # typos to report, not data to drop silently.
    model_config = ConfigDict(extra="forbid", strict=True, str_strip_whitespace=True, allow_inf_nan=False)


class Text(_Model):
    """Bilingual text; either language may be empty."""

    ar: ShortText = ""
    en: ShortText = ""

    def is_empty(self) -> bool:
        return not (self.ar or self.en)


class LongText(Text):
    ar: Lines(LONG_TEXT) = ""
    en: Lines(LONG_TEXT) = ""


class Location(_Model):
    country: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] = "SYR"
    admin1: Text = Field(default_factory=Text)
    admin2: Text = Field(default_factory=Text)
    admin3: Text = Field(default_factory=Text)
    place: Text = Field(default_factory=Text)
    pcode: OneLine(40) | None = None
    lat: Annotated[float, Field(ge=-90, le=90)] | None = None
    lon: Annotated[float, Field(ge=-180, le=180)] | None = None
    geo_precision: GeoPrecision | None = None

    @model_validator(mode="after")
    def _both_coordinates(self) -> Location:
        if (self.lat is None) != (self.lon is None):
            raise PydanticCustomError("coordinates_pair", "lat and lon go together")
        return self


class Target(_Model):
    kind: TargetKind
    name: Text = Field(default_factory=Text)
    operator: Text = Field(default_factory=Text)
    damage: Damage = "unknown"
    service: Service = "unknown"


# The outcomes a casualty row counts, in the order tables and exports show them.
OUTCOMES = ("killed", "injured", "kidnapped", "arrested", "detained", "missing")
# Parts of a total: children_killed is counted within killed.
PARTS = ("children_killed", "children_injured", "women_killed", "women_injured")
COUNTS = OUTCOMES + PARTS


class CasualtyRow(_Model):
    group: CasualtyGroup
    killed: Count
    injured: Count
    kidnapped: Count  # kidnapped or abducted, by anyone
    arrested: Count
    detained: Count
    missing: Count
    children_killed: Count
    children_injured: Count
    women_killed: Count
    women_injured: Count

    @model_validator(mode="after")
    def _parts_within_totals(self) -> CasualtyRow:
        for part in PARTS:
            total_name = part.split("_")[1]
            value, total = getattr(self, part), getattr(self, total_name)
            # An unknown total cannot be checked against: "2 children among an unknown
            # number killed" is a fact worth keeping.
            if value is not None and total is not None and value > total:
                raise PydanticCustomError(
                    "part_above_total",
                    "{part} is above {total_field}",
                    {"part": part, "value": value, "total_field": total_name, "total": total, "field": part},
                )
        return self


@dataclass(frozen=True)
class Tally:
    """A sum over counts that may be unknown: the known part, and whether any was not known.

    known=3, partial=True reads "at least 3"; known=0, partial=True reads "not known".
    Tallies add up, so a period's figure is the sum of its incidents' tallies.
    """

    known: int = 0
    partial: bool = False

    @classmethod
    def of(cls, values) -> Tally:
        values = list(values)
        return cls(sum(v for v in values if v is not None), any(v is None for v in values))

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.known + other.known, self.partial or other.partial)

    @property
    def state(self) -> Literal["known", "at_least", "unknown"]:
        if not self.partial:
            return "known"
        return "at_least" if self.known else "unknown"

    @property
    def nobody(self) -> bool:
        """Every count a known 0: the only sum of which "no one was killed" may be said."""
        return not self.partial and self.known == 0


class Source(_Model):
    """Every source is confidential: never printed in a public report."""

    type: SourceType
    name: ShortText = ""
    contact: ShortText = ""
    note: Lines(2_000) = ""
    url: OneLine(2_000) = ""
    date: IsoDate | None = None


class Attachment(_Model):
    path: OneLine(500, min_length=1)
    caption: Text = Field(default_factory=Text)
    publishable: bool = False


def new_incident_id() -> str:
    return uuid.uuid4().hex[:12]


class Incident(_Model):
    id: Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")] = Field(
        default_factory=new_incident_id
    )
    # Version 1 is read (see upgrade_v1); what is kept and written is always 2.
    schema_version: Literal[1, 2] = SCHEMA_VERSION
    status: Literal["draft", "final"] = "draft"
    date: IsoDate
    time: str | None = None
    timezone: ShortText = "Asia/Damascus"
    location: Location = Field(default_factory=Location)
    attack_types: Annotated[list[AttackType], Field(min_length=1, max_length=len(vocab.ATTACK_TYPES))]
    repeated_strike: bool = False
    # Who was reported responsible: the controlled value(s) for counting, and the
    # words of the sources ("as reported"). Two groups mean "X or Y": attribution
    # between them is unclear (e.g. "government or allied aircraft").
    perpetrator_groups: Annotated[list[PerpetratorGroup], Field(max_length=len(vocab.PERPETRATOR_GROUPS))] = (
        Field(default_factory=list))
    perpetrator: Text = Field(default_factory=Text)
    targets: Annotated[list[Target], Field(min_length=1, max_length=MAX_ROWS)]
    casualties: Annotated[list[CasualtyRow], Field(max_length=MAX_ROWS)] = Field(default_factory=list)
    certainty: Certainty
    sources: Annotated[list[Source], Field(max_length=MAX_ROWS)] = Field(default_factory=list)
    narrative: LongText = Field(default_factory=LongText)
    internal_notes: Lines(LONG_TEXT) = ""
    attachments: Annotated[list[Attachment], Field(max_length=MAX_ROWS)] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _read_version_1(cls, data: object) -> object:
        if isinstance(data, dict) and type(data.get("schema_version")) is int and data["schema_version"] == 1:
            return upgrade_v1(data)
        return data

    @field_validator("schema_version")
    @classmethod
    def _always_current(cls, value: int) -> int:
        return SCHEMA_VERSION

    @field_validator("time")
    @classmethod
    def _clock_time(cls, value: str | None) -> str | None:
        if value is not None and not _TIME.match(value):
            raise PydanticCustomError("bad_time", "time must be HH:MM", {"value": value})
        return value

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name too long for a file name
            raise PydanticCustomError("bad_timezone", "unknown time zone", {"value": value}) from None
        return value

    @field_validator("attack_types", "perpetrator_groups")
    @classmethod
    def _no_repeats(cls, value: list[str]) -> list[str]:
        return list(dict.fromkeys(value))

    @field_validator("perpetrator_groups")
    @classmethod
    def _unknown_stands_alone(cls, value: list[str]) -> list[str]:
        # "Unknown or state forces" says the second; the doubt goes in the other choices.
        if "unknown" in value and len(value) > 1:
            raise PydanticCustomError("perpetrator_unknown_alone", "unknown cannot be combined")
        return value

    @model_validator(mode="after")
    def _not_in_future(self) -> Incident:
        today = dt.datetime.now(ZoneInfo(self.timezone)).date()
        if self.date > today:
            raise PydanticCustomError(
                "future_date", "date is in the future", {"value": self.date.isoformat(), "field": "date"}
            )
        return self

    # Totals used by reports and the log.
    def tally(self, column: str, group: str | None = None) -> Tally:
        """Column summed over the casualty rows (of one group); no rows = a known 0."""
        return Tally.of(getattr(row, column) for row in self.casualties if group in (None, row.group))

    def total(self, column: str) -> int:
        """The known part of a column: a floor when some row is not known (see tally)."""
        return self.tally(column).known

    def casualties_unknown(self) -> bool:
        """True when rows exist and not one of their outcomes is known: "figures not yet known"."""
        return bool(self.casualties) and all(
            getattr(row, name) is None for row in self.casualties for name in OUTCOMES)

    def facilities_out_of_service(self) -> int:
        return sum(1 for target in self.targets if target.service == "out_of_service")


MAX_LOGO_URL = 3_000_000  # a 2 MB image as a data: URL (see sitrep/render/logo.py)


def _plain_text_in_both(value: object) -> object:
    """An e-mail address or a phone number reads the same in both languages."""
    return {"ar": value, "en": value} if isinstance(value, str) else value


class Organization(_Model):
    name: Text = Field(default_factory=lambda: Text(ar="", en=""))
    # A data: URL (from the settings), or a file under the project's resources/.
    logo: Annotated[str, Field(max_length=MAX_LOGO_URL)] | None = None
    # The report's back matter: how to reach the organization, where its data is.
    contact: Annotated[Text, BeforeValidator(_plain_text_in_both)] = Field(default_factory=Text)
    data_url: Annotated[str, Field(max_length=2_000, pattern=r"^https?://\S+$")] | None = None


class Period(_Model):
    start: IsoDate
    end: IsoDate


ReportNumber = OneLine(40)


class ReportTexts(_Model):
    """What a user types for a report (the CLI's options, the dialog's boxes), checked
    on its own before any work, with the limits of Report's own fields."""

    number: ReportNumber = ""
    highlights: LongText = Field(default_factory=LongText)


class Report(_Model):
    """A report over incidents; a flash update carries exactly one."""

    kind: Literal["flash_update", "sitrep"] = "flash_update"
    number: ReportNumber = ""
    title: Text = Field(default_factory=Text)
    issued: IsoDate = Field(default_factory=dt.date.today)
    period: Period | None = None
    area: Text = Field(default_factory=Text)
    organization: Organization = Field(default_factory=Organization)
    languages: Literal["ar+en", "ar", "en"] = "ar+en"
    profile: Literal["public", "internal"] = "public"
    digits: Literal["arab", "latn"] = "latn"
    highlights: LongText = Field(default_factory=LongText)
    incidents: Annotated[list[Incident], Field(min_length=1, max_length=5_000)]

    @model_validator(mode="after")
    def _flash_update_has_one_incident(self) -> Report:
        if self.kind == "flash_update" and len(self.incidents) != 1:
            raise PydanticCustomError("flash_update_one_incident", "a flash update covers one incident",
                                      {"count": len(self.incidents), "field": "incidents"})
        return self


def upgrade_v1(data: dict) -> dict:
    """Version 1 incident data (a dict) as version 2; the input is not changed.

    Every value is kept as written. Version 1 counts defaulted to 0, so an omitted
    killed/injured/detained is a written 0; the outcomes it could not record
    (kidnapped, arrested, missing) are not known. One exception: version 1 had no
    way to say "not known" but a row of group "unknown" with every count 0, so such a
    row becomes a row of unknown counts.
    """
    data = dict(data, schema_version=SCHEMA_VERSION)
    rows = data.get("casualties")
    if isinstance(rows, list):
        data["casualties"] = [_upgrade_row_v1(row) if isinstance(row, dict) else row for row in rows]
    return data


def _upgrade_row_v1(row: dict) -> dict:
    row = {"killed": 0, "injured": 0, "detained": 0, **row}
    if row.get("group") == "unknown" and all(row.get(name) in (0, None) for name in COUNTS):
        return {"group": "unknown"}  # every count unknown
    return row
