"""Holes found by attacking the import (issue 11): each test failed before its fix.

Real parts only: SQLite files in tmp_path, the command line as separate processes.
"""

from __future__ import annotations

import json

import pytest

from conftest import SAMPLES, load_json, run_cli
from sitrep.documents import parse_incident
from sitrep.exchange import export_bytes
from sitrep.importing import apply_import, plan_import
from sitrep.public import public_incident
from sitrep.store import Store


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "data.db", daily_backup=False) as opened:
        yield opened


def without_place(data: dict, admin: bool = True) -> dict:
    """The sample with an empty place name (and, if asked, no admin areas either)."""
    data = json.loads(json.dumps(data))
    data["location"]["place"] = {"ar": "", "en": ""}
    if not admin:
        for level in ("admin1", "admin2", "admin3"):
            data["location"][level] = {"ar": "", "en": ""}
    return data


def codes(row) -> list[str]:
    return [problem.code for problem in row.problems]


# 1. Re-importing an incident without a place name duplicated it.


def test_reimporting_an_incident_without_a_place_keeps_one_copy(tmp_path):
    db = str(tmp_path / "own.db")
    source = tmp_path / "noplace.json"
    source.write_text(json.dumps(without_place(load_json(SAMPLES / "kafr-naha-field-hospital.json"))),
                      encoding="utf-8")
    assert run_cli("add", str(source), "--db", db).returncode == 0
    exported = tmp_path / "export.json"
    assert run_cli("export", "--profile", "internal", "-o", str(exported), "--db", db).returncode == 0
    for _ in range(3):
        result = run_cli("import", str(exported), "--yes", "--db", db)
        assert result.returncode == 0, result.stderr
        assert "1 row read: 0 to import, 1 already there, 0 with errors." in result.stdout
        assert "different stored incident" not in result.stdout  # the false warning
    listed = json.loads(run_cli("list", "--json", "--db", db).stdout)
    assert [item["id"] for item in listed] == ["kafr-naha-2016-05-07"]


def test_same_id_and_content_is_already_stored(tmp_path, store):
    incident = parse_incident(without_place(load_json(SAMPLES / "kafr-naha-field-hospital.json"), admin=False))
    store.add(incident)
    path = tmp_path / "again.json"
    for profile in ("internal", "public"):  # our own public export: same id, the public content
        path.write_bytes(export_bytes([incident], "json", profile))
        row = plan_import(path, store).rows[0]
        assert row.status == "duplicate" and codes(row) == ["same_stored"], profile
        assert row.problems[0].params == {"id": incident.id}
        assert "same ID and content" in row.problems[0].message("en")
    # The same id with other content, and nothing else to compare: a different incident.
    changed = incident.model_copy(update={"date": incident.date.replace(day=8)})
    path.write_bytes(export_bytes([changed], "json", "internal"))
    row = plan_import(path, store).rows[0]
    assert row.status == "new" and codes(row) == ["id_taken"]


def test_without_a_place_the_admin_area_identifies_the_incident(tmp_path, store):
    """A colleague's copy (another id, public content) of an incident that has no place name."""
    incident = parse_incident(without_place(load_json(SAMPLES / "kafr-naha-field-hospital.json")))
    store.add(incident)
    copy = public_incident(incident).model_copy(update={"id": "colleague-1"})
    other_area = copy.model_copy(update={"id": "colleague-2", "location": copy.location.model_copy(
        update={"admin3": copy.location.admin3.model_copy(update={"ar": "دارة عزة", "en": "Daret Azza"})})})
    path = tmp_path / "colleague.json"
    path.write_bytes(export_bytes([copy, other_area], "json", "internal"))
    plan = plan_import(path, store)
    assert [row.status for row in plan.rows] == ["duplicate", "new"]
    assert codes(plan.rows[0]) == ["duplicate_stored"] and plan.rows[0].problems[0].params == {"id": incident.id}
    # A place name, where there is one, still decides: the admin area does not replace it.
    with_place = copy.model_copy(update={"location": copy.location.model_copy(
        update={"place": copy.location.place.model_copy(update={"en": "Kafr Naha"})})})
    path.write_bytes(export_bytes([with_place], "json", "internal"))
    assert plan_import(path, store).rows[0].status == "new"


def test_the_same_incident_twice_in_one_file_without_a_place(tmp_path, store):
    incident = parse_incident(without_place(load_json(SAMPLES / "kafr-naha-field-hospital.json"), admin=False))
    path = tmp_path / "twice.json"
    path.write_bytes(export_bytes([incident, incident], "json", "internal"))
    plan = plan_import(path, store)
    assert [row.status for row in plan.rows] == ["new", "duplicate"]
    assert codes(plan.rows[1]) == ["duplicate_in_file"] and plan.rows[1].problems[0].params == {"row": "[0]"}
    assert apply_import(plan, store) == [incident.id]
