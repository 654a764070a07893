"""Unknown counts in exports and imports: an empty cell in CSV/HXL, null in JSON/GeoJSON,
read back the same way; contract-1 data arrives as contract 2 on every path (issue 16)."""

from __future__ import annotations

import csv
import io
import json

import pytest

from helpers import DATA, load_json, run_cli, open_store
from sitrep.contract.documents import parse_incident
from sitrep.exchange.columns import COLUMNS, flat_row
from sitrep.exchange.export_data import export_bytes
from sitrep.exchange.planning import plan_import, read_rows



UNKNOWNS = DATA / "unknown_counts_incident.json"  # one unknown in every casualty column
V1_FILES = (DATA / "v1" / "kafr-naha-field-hospital.json", DATA / "third_party_incident.json")


@pytest.fixture
def incidents() -> list:
    """Contract 1 read as contract 2, and a contract-2 incident with unknowns everywhere."""
    return [parse_incident(load_json(path)) for path in (*V1_FILES, UNKNOWNS)]


def csv_rows(data: bytes, hxl: bool = False) -> list[dict]:
    lines = data.decode("utf-8-sig").splitlines()
    if hxl:
        del lines[1]
    return list(csv.DictReader(io.StringIO("\n".join(lines))))


def test_fixture_has_an_unknown_and_a_known_value_in_every_column(incidents):
    rows = incidents[2].casualties
    for name in ("killed", "injured", "kidnapped", "arrested", "detained", "missing"):
        values = [getattr(row, name) for row in rows]
        assert None in values and any(value is not None for value in values), name


def test_unknown_is_an_empty_cell_and_null(incidents):
    unknowns = incidents[2]
    (row,) = csv_rows(export_bytes([unknowns], "csv", "internal"))
    assert row["civil_defence_killed"] == "2" and row["civil_defence_injured"] == ""
    assert row["civil_defence_arrested"] == "0" and row["civilians_killed"] == ""
    assert row["unknown_killed"] == "" and row["patients_killed"] == ""  # unknown / no row at all
    assert row["casualty_groups"] == "civil_defence; civilians; health_workers; unknown"
    # A total with an unknown part is not a number: a cell cannot say "at least".
    assert row["killed"] == "" and row["injured"] == ""
    assert row["perpetrator_groups"] == "state_forces; allied_foreign_forces"
    geo = json.loads(export_bytes([unknowns], "geojson", "internal"))
    properties = geo["features"][0]["properties"]
    assert properties["civil_defence_killed"] == 2 and properties["civil_defence_injured"] is None
    assert properties["killed"] is None
    contract = json.loads(export_bytes([unknowns], "json", "internal"))[0]
    assert contract["schema_version"] == 2 and contract["casualties"][3]["killed"] is None


def test_hxl_tags_for_the_new_columns():
    tags = dict(COLUMNS)
    assert tags["perpetrator_groups"] == "#group +perp"
    assert tags["perpetrator_en"] == "#group +perp +name +i_en"
    for outcome in ("killed", "injured", "kidnapped", "arrested", "detained", "missing"):
        assert tags[outcome] == f"#affected +{outcome}"
    assert tags["health_workers_kidnapped"] == "#affected +healthworker +kidnapped"
    assert tags["civil_defence_arrested"] == "#affected +civildefence +arrested"
    assert tags["patients_missing"] == "#affected +patient +missing"


def test_hxl_is_read_by_libhxl_with_empty_unknowns(incidents, tmp_path):
    import hxl
    from hxl.input import InputOptions

    path = tmp_path / "unknowns.csv"
    path.write_bytes(export_bytes(incidents[2:], "hxl", "public"))
    (row,) = list(hxl.data(str(path), InputOptions(allow_local=True)))
    assert row.get("#group+perp") == "state_forces; allied_foreign_forces"
    assert row.get("#affected+civildefence+kidnapped") == "1"
    assert row.get("#affected+civildefence+injured") in ("", None)


@pytest.mark.parametrize("fmt", ["json", "csv", "hxl", "geojson"])
def test_round_trip_keeps_every_value_unknowns_included(fmt, tmp_path, incidents):
    path = tmp_path / f"out.{fmt}"
    path.write_bytes(export_bytes(incidents, fmt, "internal"))
    with open_store(tmp_path / "other.db", daily_backup=False) as other:
        plan = plan_import(path, other)
    assert [row.problems for row in plan.rows] == [[]] * 3
    assert [row.incident for row in plan.rows] == incidents


@pytest.mark.parametrize("fmt", ["json", "csv", "hxl", "geojson"])
def test_v1_files_through_the_command_line_and_back(fmt, tmp_path):
    """v1 file -> `sitrep add` (v2) -> `sitrep export` -> `sitrep import` into another store."""
    first, second = str(tmp_path / "first.db"), str(tmp_path / "second.db")
    for path in (*V1_FILES, UNKNOWNS):
        assert run_cli("add", str(path), "--db", first).returncode == 0
    out = tmp_path / f"all.{fmt}"
    exported = run_cli("export", "--format", fmt, "--profile", "internal", "-o", str(out), "--db", first)
    assert exported.returncode == 0, exported.stderr
    imported = run_cli("import", str(out), "--yes", "--db", second)
    assert imported.returncode == 0, imported.stdout + imported.stderr
    with open_store(first, daily_backup=False) as a, open_store(second, daily_backup=False) as b:
        assert sorted(b.list(), key=lambda i: i.id) == sorted(a.list(), key=lambda i: i.id)
        kafr = b.get("kafr-naha-2016-05-07")
    assert kafr.schema_version == 2 and kafr.casualties_unknown()  # v1's row of zeros, now unknown


def test_contract_1_csv_is_read_as_contract_1(tmp_path):
    """An export of the previous version (no casualty_groups): empty killed/injured/detained
    in a group's row were 0, and the "unknown" row of zeros meant not known."""
    path = tmp_path / "v1.csv"
    path.write_text("id,date,attack_types,target_kinds,certainty,killed,unknown_killed,unknown_injured,"
                    "unknown_detained,civilians_killed,civilians_injured\r\n"
                    "a,2016-05-07,airstrike,hospital,possible,0,0,0,0,,\r\n"
                    "b,2016-05-08,airstrike,hospital,possible,2,,,,2,\r\n", encoding="utf-8")
    _, (first, second), _ = read_rows(path)
    assert first.incident.casualties_unknown() and first.incident.casualties[0].killed is None
    (row,) = second.incident.casualties
    assert (row.group, row.killed, row.injured, row.detained, row.kidnapped) == ("civilians", 2, 0, 0, None)


def test_kobo_empty_answers_are_unknown_and_new_questions_are_read(tmp_path):
    path = tmp_path / "kobo.csv"
    path.write_text("incident_date;facility_type;attack_type;certainty;hw_killed;hw_injured;hw_kidnapped;"
                    "hw_arrested;perpetrator_group;perpetrator;_uuid\r\n"
                    "2019-06-12;hospital;airstrike;probable;1;;2;0;state_forces allied_foreign_forces;"
                    "Government aircraft;u-1\r\n", encoding="utf-8")
    source, (row,), _ = read_rows(path)
    assert source == "kobo" and not row.errors, row.problems
    (casualties,) = row.incident.casualties
    assert (casualties.killed, casualties.injured, casualties.kidnapped, casualties.arrested) == (1, None, 2, 0)
    assert row.incident.perpetrator_groups == ["state_forces", "allied_foreign_forces"]
    assert row.incident.perpetrator.en == "Government aircraft"


def test_flat_row_of_an_incident_without_casualty_rows_is_known_zero(incidents):
    nobody = incidents[0].model_copy(update={"casualties": []})
    row = flat_row(nobody)
    assert row["killed"] == 0 and row["casualty_groups"] == "" and row["unknown_killed"] is None
