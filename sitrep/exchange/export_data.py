"""Exporting incidents as data: the incidents chosen (``select``), written as JSON (the contract),
CSV, HXL or GeoJSON (``export_bytes``).

Every writer takes the profile and applies sitrep.contract.public_profile first. The column set and
what each format keeps or loses are described in docs/exchange.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sitrep.contract.model import Incident
from sitrep.contract.public_profile import for_profile
from sitrep.exchange.formats import EXPORTS, FORMATS


def export_bytes(incidents: Iterable[Incident], fmt: str, profile: str = "public") -> bytes:
    """The file's bytes in ``fmt`` (one of formats.EXPORTS), with ``profile`` applied to every incident."""
    chosen = for_profile(incidents, profile)
    if fmt not in EXPORTS:
        raise ValueError(f"unknown format {fmt!r}")
    return FORMATS[fmt].write(chosen, profile)


def select(incidents: Iterable[Incident], start: dt.date | None = None, end: dt.date | None = None,
           ids: Iterable[str] | None = None) -> list[Incident]:
    """The incidents within the period (both ends included) and, if given, with those IDs."""
    wanted = set(ids) if ids else None
    return [incident for incident in incidents
            if (start is None or incident.date >= start) and (end is None or incident.date <= end)
            and (wanted is None or incident.id in wanted)]
