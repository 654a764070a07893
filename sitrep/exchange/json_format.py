"""JSON, the data contract: an array of incidents, written and read back item by item (GeoJSON too,
which is JSON: the reader tells them apart).

Named json_format, not json, so that it never shadows the standard library's json.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from sitrep.contract.documents import incident_items, parse_incident, parse_json
from sitrep.contract.model import Incident
from sitrep.contract.public_profile import for_profile
from sitrep.exchange.decoding import check_count
from sitrep.exchange.geojson_format import geojson_rows
from sitrep.exchange.rows import Row, validate


def contract_json(incidents: Iterable[Incident], profile: str) -> bytes:
    """The incidents as a JSON array of the data contract, ``profile`` applied."""
    data = [incident.model_dump(mode="json") for incident in for_profile(incidents, profile)]
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def write_json(incidents: list[Incident], profile: str) -> bytes:
    """The file's bytes; ``incidents`` have the profile applied already (export_bytes does)."""
    return contract_json(incidents, "internal")  # "internal" leaves them as they are: no second pass


def read_json(raw: bytes, encoding: str | None = None) -> tuple[str, list[Row], list]:
    """A JSON file's rows: our GeoJSON (a FeatureCollection) or the contract's incidents.

    JSON is always UTF-8 (RFC 8259): ``encoding`` is for tables only.
    """
    data = parse_json(raw)
    if isinstance(data, dict) and data.get("type") == "FeatureCollection":
        return "geojson", geojson_rows(data), []
    return "json", json_rows(incident_items(data)), []


def json_rows(items: list) -> list[Row]:
    check_count(len(items))
    rows = []
    for index, item in enumerate(items):
        row = Row(index, "item", raw=item if isinstance(item, dict) else {})
        validate(row, lambda item=item: parse_incident(item))
        rows.append(row)
    return rows
