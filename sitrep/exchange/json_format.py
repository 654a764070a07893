"""JSON, the data contract: an array of incidents, written and read back item by item.

Named json_format, not json, so that it never shadows the standard library's json.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from sitrep.contract.documents import parse_incident
from sitrep.contract.model import Incident
from sitrep.contract.public_profile import for_profile
from sitrep.exchange.decoding import check_count
from sitrep.exchange.rows import Row, validate


def contract_json(incidents: Iterable[Incident], profile: str) -> bytes:
    """The incidents as a JSON array of the data contract, ``profile`` applied."""
    data = [incident.model_dump(mode="json") for incident in for_profile(incidents, profile)]
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def json_rows(items: list) -> list[Row]:
    check_count(len(items))
    rows = []
    for index, item in enumerate(items):
        row = Row(index, "item", raw=item if isinstance(item, dict) else {})
        validate(row, lambda item=item: parse_incident(item))
        rows.append(row)
    return rows
