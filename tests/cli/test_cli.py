"""The command line as a user runs it: separate processes, real files."""

from __future__ import annotations

import json

import pytest

from helpers import DATA, SAMPLES, pdf_pages, run_cli


def test_validate_valid_and_broken_files():
    ok = run_cli("validate", str(SAMPLES / "kafr-naha-field-hospital.json"))
    assert ok.returncode == 0 and "valid" in ok.stdout

    bad = run_cli("validate", str(DATA / "broken" / "negative_killed.json"))
    assert bad.returncode == 1
    assert "casualties[0].killed" in bad.stderr and "Traceback" not in bad.stderr
    assert bad.stderr.count("\n") == 1  # one clear message


def test_messages_follow_the_users_language():
    bad = run_cli("validate", str(DATA / "broken" / "future_date.json"), lang="ar_SY.UTF-8")
    assert bad.returncode == 1
    assert "date: التاريخ 2099-01-01 في المستقبل." in bad.stderr
    warned = run_cli("validate", str(DATA / "warnings_only.json"), lang="ar_SY.UTF-8")
    assert warned.returncode == 0 and "تنبيه: sources:" in warned.stderr


def test_missing_file_and_unwritable_output(tmp_path):
    missing = run_cli("validate", str(tmp_path / "nope.json"))
    assert missing.returncode == 1 and "cannot be read" in missing.stderr
    no_dir = run_cli("render", str(SAMPLES / "kafr-naha-field-hospital.json"), "-o", str(tmp_path / "no" / "x.pdf"))
    assert no_dir.returncode == 1 and "Cannot write" in no_dir.stderr and "Traceback" not in no_dir.stderr


def test_render_writes_pdf_and_never_half_overwrites(tmp_path):
    output = tmp_path / "report.pdf"
    done = run_cli("render", str(SAMPLES / "kafr-naha-field-hospital.json"), "-o", str(output),
                   "--languages", "ar", "--digits", "latn", "--profile", "internal")
    assert done.returncode == 0, done.stderr
    first = output.read_bytes()
    assert first.startswith(b"%PDF") and pdf_pages(first) == 1

    failed = run_cli("render", str(DATA / "broken" / "bad_time.json"), "-o", str(output))
    assert failed.returncode == 1
    assert output.read_bytes() == first  # the earlier file is untouched
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"]  # no temporary left behind


def test_demo(tmp_path):
    output = tmp_path / "demo.pdf"
    done = run_cli("demo", "-o", str(output))
    assert done.returncode == 0 and "1 page" in done.stdout
    assert pdf_pages(output.read_bytes()) == 1


def test_store_commands(tmp_path):
    db = str(tmp_path / "data.db")
    added = run_cli("add", str(DATA / "third_party_incident.json"), "--db", db)
    assert added.returncode == 0
    new_id = added.stdout.strip()
    assert new_id
    run_cli("add", str(SAMPLES / "kafr-naha-field-hospital.json"), "--db", db)

    again = run_cli("add", str(SAMPLES / "kafr-naha-field-hospital.json"), "--db", db)
    assert again.returncode == 1 and "already stored" in again.stderr

    listed = run_cli("list", "--db", db)
    assert listed.returncode == 0
    assert new_id in listed.stdout and "kafr-naha-2016-05-07" in listed.stdout
    arabic = run_cli("list", "--db", db, lang="ar_SY.UTF-8")
    assert "مشفى ميداني" in arabic.stdout and "كفرناها" in arabic.stdout

    as_json = json.loads(run_cli("list", "--json", "--db", db).stdout)
    assert {item["id"] for item in as_json} == {new_id, "kafr-naha-2016-05-07"}

    shown = json.loads(run_cli("show", new_id, "--db", db).stdout)
    assert shown["id"] == new_id and shown["time"] == "08:15"

    assert run_cli("delete", new_id, "--db", db).returncode == 0
    assert new_id not in run_cli("list", "--db", db).stdout
    assert run_cli("restore", new_id, "--db", db).returncode == 0
    assert new_id in run_cli("list", "--db", db).stdout
    missing = run_cli("show", "does-not-exist", "--db", db)
    assert missing.returncode == 1 and "No stored incident" in missing.stderr


def test_foreign_database_gets_a_message(tmp_path):
    db = tmp_path / "photo.db"
    db.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 4096)
    result = run_cli("list", "--db", str(db))
    # Not SQLite's header, so it may be an encrypted store: only the passphrase could tell.
    assert result.returncode == 1 and "does not open" in result.stderr and "not a sitrep database" in result.stderr
    assert db.read_bytes().startswith(b"\x89PNG")


def test_schema_is_json_schema():
    incident = json.loads(run_cli("schema").stdout)
    assert incident["$schema"].endswith("2020-12/schema")
    assert set(incident["required"]) >= {"date", "attack_types", "targets", "certainty"}
    report = json.loads(run_cli("schema", "--report").stdout)
    assert "incidents" in report["properties"]


@pytest.mark.parametrize("args", [[], ["render"], ["frobnicate"]])
def test_usage_errors_exit_non_zero(args):
    result = run_cli(*args)
    assert result.returncode == 2 and "usage" in result.stderr


def test_internal_pdf_is_flagged(tmp_path):
    result = run_cli("render", str(DATA / "third_party_incident.json"), "-o", str(tmp_path / "in.pdf"),
                     "--profile", "internal")
    assert result.returncode == 0 and "INTERNAL" in result.stderr
    public = run_cli("render", str(DATA / "third_party_incident.json"), "-o", str(tmp_path / "pub.pdf"))
    assert "INTERNAL" not in public.stderr


def test_arabic_output_survives_a_narrow_console_encoding(tmp_path):
    result = run_cli("demo", "-o", str(tmp_path / "d.pdf"), lang="ar_SY.UTF-8",
                     env_extra={"PYTHONIOENCODING": "cp1252"})
    assert result.returncode == 0, result.stderr


def test_damaged_and_foreign_files_get_one_message_and_stay_as_they_were(tmp_path):
    huge = tmp_path / "huge.json"
    with huge.open("wb") as handle:  # 100 MB on paper (sparse): refused before it is read
        handle.truncate(100 * 1024 * 1024)
    refused = run_cli("validate", str(huge), lang="ar_SY.UTF-8")
    assert refused.returncode == 1 and "100" in refused.stderr and "Traceback" not in refused.stderr

    damaged = tmp_path / "damaged.db"
    content = b"SQLite format 3\x00" + bytes(range(256)) * 40
    damaged.write_bytes(content)
    foreign = tmp_path / "other-program.db"
    import sqlite3

    with sqlite3.connect(foreign) as other:
        other.execute("CREATE TABLE notes (text TEXT)")
    foreign_bytes = foreign.read_bytes()
    for db, expected in ((damaged, "cannot be opened"), (foreign, "not a sitrep database")):
        result = run_cli("add", "--db", str(db), str(SAMPLES / "kafr-naha-field-hospital.json"))
        assert result.returncode == 1 and expected in result.stderr and "Traceback" not in result.stderr
    assert damaged.read_bytes() == content and foreign.read_bytes() == foreign_bytes
