"""GeoJSON: one point per incident, its properties the columns of columns.py; written and read back
(json_format.read_json hands a FeatureCollection to geojson_rows).
"""

from __future__ import annotations

import json

from sitrep.contract.model import Incident
from sitrep.contract.problems import InputError, Problem
from sitrep.exchange.columns import KNOWN_COLUMNS, cell, flat_row
from sitrep.exchange.decoding import check_count
from sitrep.exchange.row_to_incident import table_row
from sitrep.exchange.rows import INVALID, Row


def geojson_collection(incidents: list[Incident], profile: str) -> dict:
    """A FeatureCollection of points; incidents without coordinates are left out."""
    features = []
    for incident in incidents:
        if incident.location.lat is None or incident.location.lon is None:
            continue
        properties = flat_row(incident, profile)
        properties.pop("lat"), properties.pop("lon")
        features.append({
            "type": "Feature",
            "id": incident.id,
            # GeoJSON (RFC 7946) orders positions longitude first.
            "geometry": {"type": "Point", "coordinates": [incident.location.lon, incident.location.lat]},
            "properties": properties,
        })
    return {"type": "FeatureCollection", "features": features}


def write_geojson(incidents: list[Incident], profile: str) -> bytes:
    return (json.dumps(geojson_collection(incidents, profile), ensure_ascii=False, indent=1) + "\n").encode()


def geojson_rows(collection: dict) -> list[Row]:
    """Our GeoJSON: each feature's properties are the CSV row, its point the coordinates."""
    features = collection.get("features")
    if not isinstance(features, list):
        raise InputError([Problem("not_an_incident")])
    check_count(len(features))
    rows = []
    for index, feature in enumerate(features):
        properties = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(properties, dict):
            row = Row(index, "item", problems=[Problem("not_an_incident")], status=INVALID)
            rows.append(row)
            continue
        values = dict(properties)
        point = (feature.get("geometry") or {}).get("coordinates") if isinstance(feature.get("geometry"), dict) else None
        if isinstance(point, list) and len(point) == 2:
            values["lon"], values["lat"] = point  # GeoJSON puts longitude first
        # Typed values become the cells our CSV would hold: null an empty cell, 3 "3".
        cells = {name: cell(value) for name, value in values.items()
                 if name in KNOWN_COLUMNS and (value is None or isinstance(value, (str, int, float)))}
        rows.append(table_row(index, "item", cells))
    return rows
