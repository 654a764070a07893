"""The team server on a real PostgreSQL: ``sitrep team init`` and ``add-user`` through the real
command line, and the access rules checked with plain SQL, as any PostgreSQL tool would connect."""

from __future__ import annotations

import json
import socket
import uuid

import psycopg
import pytest
from helpers import SAMPLES, load_json, run_cli

from sitrep.team import schema
from sitrep.team.connection import parse


def sitrep_team(*args: str, lang: str = "en_GB.UTF-8"):
    return run_cli("team", *args, lang=lang, timeout=60)


def initialized(admin_dsn: str) -> str:
    done = sitrep_team("init", "--dsn", admin_dsn)
    assert done.returncode == 0, done.stderr
    return admin_dsn


def new_user(admin_dsn: str, role: str) -> tuple[str, str]:
    """(name, connection string) of a new user, as add-user printed it on its last line."""
    name = f"{role[:3]}_{uuid.uuid4().hex[:8]}"
    made = sitrep_team("add-user", name, "--role", role, "--dsn", admin_dsn)
    assert made.returncode == 0, made.stderr
    return name, made.stdout.strip().splitlines()[-1]


def incident(number: int) -> dict:
    data = load_json(SAMPLES / "kafr-naha-field-hospital.json")
    data["id"] = f"team-{number}-{uuid.uuid4().hex[:6]}"
    return data


def add(conn, data: dict) -> None:
    conn.execute("INSERT INTO sitrep.incidents (id, document) VALUES (%s, %s)", (data["id"], json.dumps(data)))


def test_init_makes_the_tables_and_running_it_again_changes_nothing(team_database):
    first = sitrep_team("init", "--dsn", team_database)
    assert first.returncode == 0, first.stderr
    assert f"version {schema.LATEST}" in first.stdout and "password" not in first.stdout
    again = sitrep_team("init", "--dsn", team_database)
    assert again.returncode == 0 and "nothing was changed" in again.stdout
    with psycopg.connect(team_database) as conn:
        versions = conn.execute("SELECT version FROM sitrep.schema_version").fetchall()
        assert versions == [(schema.LATEST,)]
        tables = {row[0] for row in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'sitrep'").fetchall()}
    assert {"incidents", "revisions", "photos", "schema_version"} <= tables


def test_add_user_prints_a_connection_string_that_logs_in_as_its_last_line(team_database):
    admin = initialized(team_database)
    made = sitrep_team("add-user", "amina_k", "--role", "officer", "--dsn", admin)
    assert made.returncode == 0, made.stderr
    dsn = made.stdout.strip().splitlines()[-1]
    parts = parse(dsn)
    assert parts["user"] == "amina_k" and parts["dbname"] == parse(admin)["dbname"] and len(parts["password"]) >= 30
    with psycopg.connect(dsn) as conn:
        assert conn.execute("SELECT current_user, pg_has_role('sitrep_officer', 'member')").fetchone() == \
            ("amina_k", True)
    again = sitrep_team("add-user", "amina_k", "--role", "reviewer", "--dsn", admin)
    assert again.returncode == 1 and "already has a user named amina_k" in again.stderr


@pytest.mark.parametrize("name", ["Amina", "amina;drop role x", "pg_amina", "sitrep_officer", "1amina", "a" * 64])
def test_a_user_name_that_is_not_safe_is_refused_before_connecting(name):
    made = sitrep_team("add-user", name, "--role", "officer", "--dsn", "postgresql://x@127.0.0.1:1/none")
    assert made.returncode == 1 and "cannot be a user name" in made.stderr and "Traceback" not in made.stderr


def test_add_user_before_init_says_to_run_init(team_database):
    made = sitrep_team("add-user", f"u_{uuid.uuid4().hex[:8]}", "--role", "officer", "--dsn", team_database)
    assert made.returncode == 1 and "sitrep team init" in made.stderr


def test_an_officer_sees_and_changes_only_their_own_incidents(team_database):
    admin = initialized(team_database)
    _, officer_a = new_user(admin, "officer")
    _, officer_b = new_user(admin, "officer")
    mine, theirs = incident(1), incident(2)
    with psycopg.connect(officer_b) as conn:
        add(conn, theirs)
    with psycopg.connect(officer_a) as conn:
        add(conn, mine)
        seen = [row[0] for row in conn.execute("SELECT id FROM sitrep.incidents").fetchall()]
        assert seen == [mine["id"]]
        assert conn.execute("SELECT count(*) FROM sitrep.revisions WHERE incident_id = %s",
                            (theirs["id"],)).fetchone()[0] == 0
        changed = conn.execute("UPDATE sitrep.incidents SET status = 'final', deleted = true WHERE id = %s",
                               (theirs["id"],))
        assert changed.rowcount == 0
        owned = conn.execute("UPDATE sitrep.incidents SET deleted = true WHERE id = %s", (mine["id"],))
        assert owned.rowcount == 1
    with psycopg.connect(officer_a) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("UPDATE sitrep.incidents SET owner = 'someone' WHERE id = %s", (mine["id"],))
    with psycopg.connect(admin) as conn:
        row = conn.execute("SELECT status, deleted, revision FROM sitrep.incidents WHERE id = %s",
                           (theirs["id"],)).fetchone()
    assert row == ("final", False, 1)  # the sample is final; B's row is as B left it


def test_a_reviewer_reads_everyone_and_sets_the_status(team_database):
    admin = initialized(team_database)
    officer, officer_dsn = new_user(admin, "officer")
    reviewer, reviewer_dsn = new_user(admin, "reviewer")
    first, second = incident(1), incident(2)
    with psycopg.connect(officer_dsn) as conn:
        add(conn, first)
        add(conn, second)
    with psycopg.connect(reviewer_dsn) as conn:
        assert conn.execute("SELECT count(*) FROM sitrep.incidents").fetchone()[0] == 2
        changed = conn.execute("UPDATE sitrep.incidents SET status = 'draft' WHERE id = %s", (first["id"],))
        assert changed.rowcount == 1
        row = conn.execute("SELECT status, document->>'status', revision, owner, updated_by FROM sitrep.incidents "
                           "WHERE id = %s", (first["id"],)).fetchone()
    assert row == ("draft", "draft", 2, officer, reviewer)  # the owner stays the officer


def test_nobody_deletes_incidents_or_changes_their_history(team_database):
    admin = initialized(team_database)
    _, officer_dsn = new_user(admin, "officer")
    _, reviewer_dsn = new_user(admin, "reviewer")
    data = incident(1)
    with psycopg.connect(officer_dsn) as conn:
        add(conn, data)
    for dsn in (officer_dsn, reviewer_dsn):
        for statement in ("DELETE FROM sitrep.incidents", "DELETE FROM sitrep.revisions",
                          "UPDATE sitrep.revisions SET status = 'draft'", "TRUNCATE sitrep.revisions",
                          "INSERT INTO sitrep.revisions SELECT * FROM sitrep.revisions"):
            with psycopg.connect(dsn) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)
    with psycopg.connect(admin) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("DELETE FROM sitrep.incidents")  # not even the admin: a deletion is a tombstone
    with psycopg.connect(admin) as conn:
        assert conn.execute("SELECT count(*) FROM sitrep.revisions").fetchone()[0] == 1


def test_the_history_records_who_and_when_by_the_servers_clock(team_database):
    admin = initialized(team_database)
    officer, officer_dsn = new_user(admin, "officer")
    reviewer, reviewer_dsn = new_user(admin, "reviewer")
    data = incident(1)
    with psycopg.connect(officer_dsn) as conn:
        add(conn, data)
        data["narrative"]["en"] = "Corrected by the officer."
        conn.execute("UPDATE sitrep.incidents SET document = %s WHERE id = %s", (json.dumps(data), data["id"]))
    with psycopg.connect(reviewer_dsn) as conn:
        conn.execute("UPDATE sitrep.incidents SET status = 'draft' WHERE id = %s", (data["id"],))
    with psycopg.connect(admin) as conn:
        rows = conn.execute(
            "SELECT revision, changed_by, status, document #>> '{narrative,en}', "
            "abs(extract(epoch FROM changed_at - now())) < 60 FROM sitrep.revisions "
            "WHERE incident_id = %s ORDER BY revision", (data["id"],)).fetchall()
    assert [row[:3] for row in rows] == [(1, officer, "final"), (2, officer, "final"), (3, reviewer, "draft")]
    assert rows[1][3] == "Corrected by the officer." and all(row[4] for row in rows)


def test_photos_are_kept_once_by_name_and_seen_by_who_may_see_them(team_database):
    admin = initialized(team_database)
    _, officer_a = new_user(admin, "officer")
    _, officer_b = new_user(admin, "officer")
    name = "a" * 64 + ".jpg"
    with psycopg.connect(officer_a) as conn:
        conn.execute("INSERT INTO sitrep.photos (name, data) VALUES (%s, %s)", (name, b"\xff\xd8\xff photo"))
        with pytest.raises(psycopg.errors.UniqueViolation):
            conn.execute("INSERT INTO sitrep.photos (name, data) VALUES (%s, %s)", (name, b"\xff\xd8\xff photo"))
    with psycopg.connect(officer_b) as conn:
        assert conn.execute("SELECT count(*) FROM sitrep.photos").fetchone()[0] == 0
        with pytest.raises(psycopg.errors.CheckViolation):
            conn.execute("INSERT INTO sitrep.photos (name, data) VALUES ('../x.jpg', 'x')")


def test_a_bad_string_says_so_without_a_traceback():
    made = sitrep_team("init", "--dsn", "postgresql://[broken")
    assert made.returncode == 1 and "connection string cannot be read" in made.stderr
    assert "Traceback" not in made.stderr


def test_an_unreachable_server_says_so_in_arabic_too():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    made = sitrep_team("init", "--dsn", f"postgresql://admin:pw@127.0.0.1:{port}/sitrep", lang="ar_SY.UTF-8")
    assert made.returncode == 1 and "Traceback" not in made.stderr and "pw@" not in made.stderr
    assert any("\u0600" <= ch <= "\u06ff" for ch in made.stderr)


def test_a_wrong_password_says_so(team_database):
    parts = parse(team_database)
    wrong = f"postgresql://{parts['user']}:not-the-password@127.0.0.1:{parts['port']}/{parts['dbname']}"
    made = sitrep_team("init", "--dsn", wrong)
    assert made.returncode == 1 and "refused the name or the password" in made.stderr
    assert "Traceback" not in made.stderr and "not-the-password" not in made.stderr


def test_a_remote_server_without_tls_is_refused_before_connecting():
    made = sitrep_team("init", "--dsn", "postgresql://admin:pw@db.example.org/sitrep?sslmode=disable")
    assert made.returncode == 1 and "would not be encrypted" in made.stderr


def test_an_officer_cannot_run_init_or_add_users(team_database):
    admin = initialized(team_database)
    _, officer_dsn = new_user(admin, "officer")
    made = sitrep_team("add-user", "intruder", "--role", "reviewer", "--dsn", officer_dsn)
    assert made.returncode == 1 and "may not make the team's tables or users" in made.stderr
    assert "Traceback" not in made.stderr


def test_tables_newer_than_this_sitrep_are_left_alone(team_database):
    admin = initialized(team_database)
    with psycopg.connect(admin) as conn:
        conn.execute("INSERT INTO sitrep.schema_version (version) VALUES (%s)", (schema.LATEST + 1,))
    made = sitrep_team("init", "--dsn", admin)
    assert made.returncode == 1 and "newer than this sitrep knows" in made.stderr
