"""The incident and report models: the data contract, schema_version 1.

Validation errors raised here carry a stable ``type`` (for example ``future_date``)
that sitrep.problems turns into an Arabic or English message naming the field.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo, field_validator,
                      model_validator)
from pydantic_core import PydanticCustomError

from sitrep import vocab

SCHEMA_VERSION = 1

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
Count = Annotated[int, Field(ge=0, le=MAX_COUNT)]
OptionalCount = Annotated[int | None, Field(default=None, ge=0, le=MAX_COUNT)]

AttackType = Literal[tuple(vocab.ATTACK_TYPES)]
TargetKind = Literal[tuple(vocab.TARGET_KINDS)]
Damage = Literal[tuple(vocab.DAMAGE)]
Service = Literal[tuple(vocab.SERVICE)]
CasualtyGroup = Literal[tuple(vocab.CASUALTY_GROUPS)]
Certainty = Literal[tuple(vocab.CERTAINTY)]
SourceType = Literal[tuple(vocab.SOURCE_TYPES)]
GeoPrecision = Literal[tuple(vocab.GEO_PRECISION)]

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


class CasualtyRow(_Model):
    group: CasualtyGroup
    killed: Count = 0
    injured: Count = 0
    detained: Count = 0
    children_killed: OptionalCount = None
    children_injured: OptionalCount = None
    women_killed: OptionalCount = None
    women_injured: OptionalCount = None

    @model_validator(mode="after")
    def _parts_within_totals(self) -> CasualtyRow:
        for part in ("children_killed", "women_killed", "children_injured", "women_injured"):
            total_name = part.split("_")[1]
            value, total = getattr(self, part), getattr(self, total_name)
            if value is not None and value > total:
                raise PydanticCustomError(
                    "part_above_total",
                    "{part} is above {total_field}",
                    {"part": part, "value": value, "total_field": total_name, "total": total, "field": part},
                )
        return self


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
    schema_version: Literal[1] = SCHEMA_VERSION
    status: Literal["draft", "final"] = "draft"
    date: IsoDate
    time: str | None = None
    timezone: ShortText = "Asia/Damascus"
    location: Location = Field(default_factory=Location)
    attack_types: Annotated[list[AttackType], Field(min_length=1, max_length=len(vocab.ATTACK_TYPES))]
    repeated_strike: bool = False
    perpetrator: Text = Field(default_factory=Text)
    targets: Annotated[list[Target], Field(min_length=1, max_length=MAX_ROWS)]
    casualties: Annotated[list[CasualtyRow], Field(max_length=MAX_ROWS)] = Field(default_factory=list)
    certainty: Certainty
    sources: Annotated[list[Source], Field(max_length=MAX_ROWS)] = Field(default_factory=list)
    narrative: LongText = Field(default_factory=LongText)
    internal_notes: Lines(LONG_TEXT) = ""
    attachments: Annotated[list[Attachment], Field(max_length=MAX_ROWS)] = Field(default_factory=list)

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
        except (ZoneInfoNotFoundError, ValueError):
            raise PydanticCustomError("bad_timezone", "unknown time zone", {"value": value}) from None
        return value

    @field_validator("attack_types")
    @classmethod
    def _no_repeats(cls, value: list[str]) -> list[str]:
        return list(dict.fromkeys(value))

    @model_validator(mode="after")
    def _not_in_future(self) -> Incident:
        today = dt.datetime.now(ZoneInfo(self.timezone)).date()
        if self.date > today:
            raise PydanticCustomError(
                "future_date", "date is in the future", {"value": self.date.isoformat(), "field": "date"}
            )
        return self

    # Totals used by reports and the log.
    def total(self, column: str) -> int:
        return sum(getattr(row, column) for row in self.casualties)

    def facilities_out_of_service(self) -> int:
        return sum(1 for target in self.targets if target.service == "out_of_service")


MAX_LOGO_URL = 3_000_000  # a 2 MB image as a data: URL (see sitrep/logo.py)


class Organization(_Model):
    name: Text = Field(default_factory=lambda: Text(ar="", en=""))
    # A data: URL (from the settings), or a file under the project's resources/.
    logo: Annotated[str, Field(max_length=MAX_LOGO_URL)] | None = None


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
    digits: Literal["arab", "latn"] = "arab"
    highlights: LongText = Field(default_factory=LongText)
    incidents: Annotated[list[Incident], Field(min_length=1, max_length=5_000)]

    @model_validator(mode="after")
    def _flash_update_has_one_incident(self) -> Report:
        if self.kind == "flash_update" and len(self.incidents) != 1:
            raise PydanticCustomError("flash_update_one_incident", "a flash update covers one incident",
                                      {"count": len(self.incidents), "field": "incidents"})
        return self
