"""``sitrep sync`` between laptops (each its own encrypted store) and a real PostgreSQL server.

Officers and a reviewer are made with ``sitrep team add-user``; every sync is the real command
line. The kill test cuts syncs with SIGKILL at random moments, then checks that one more sync
leaves nothing lost or doubled on either side.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time

import psycopg
from helpers import ROOT, many_incidents, open_store, phone_photo, run_cli, store_with, team_user

from sitrep.contract.documents import parse_incident
from sitrep.photos import PHOTO_KEY, read_stored
from sitrep.team import connection, local


def laptop(tmp_path, name: str, dsn: str, incidents=()):
    db = store_with(tmp_path / name / "sitrep.db", list(incidents))
    with open_store(db) as store:
        connection.save(store, dsn)
    return db


def sync(db, **kwargs):
    done = run_cli("sync", "--db", str(db), timeout=120, **kwargs)
    assert done.returncode == 0, done.stderr
    return done


def ids(db) -> set[str]:
    with open_store(db) as store:
        return {incident.id for incident in store.list()}


def server_rows(admin_dsn: str) -> dict[str, dict]:
    with psycopg.connect(admin_dsn) as server:
        return {incident_id: document for incident_id, document in
                server.execute("SELECT id, document FROM sitrep.incidents WHERE NOT deleted")}


def test_an_officers_incidents_reach_the_reviewer_and_not_another_officer(tmp_path, team_database):
    amina = laptop(tmp_path, "amina", team_user(team_database, "officer"), many_incidents(3))
    omar = laptop(tmp_path, "omar", team_user(team_database, "officer"))
    rima = laptop(tmp_path, "rima", team_user(team_database, "reviewer"))
    assert "3 sent" in sync(amina).stdout
    sync(omar)
    sync(rima)
    assert ids(omar) == set() and ids(rima) == ids(amina) and len(server_rows(team_database)) == 3
    assert "0 sent, 0 received" in sync(amina).stdout  # nothing new: nothing moves


def test_an_edit_and_a_deletion_travel_and_a_conflict_keeps_both_versions(tmp_path, team_database):
    chosen = many_incidents(2)
    amina = laptop(tmp_path, "amina", team_user(team_database, "officer"), chosen)
    rima = laptop(tmp_path, "rima", team_user(team_database, "reviewer"))
    sync(amina)
    sync(rima)
    first, second = sorted(ids(amina))
    # Both change the first incident before syncing again: a conflict on the reviewer's side.
    for db, note in ((amina, "the officer's correction"), (rima, "the reviewer's correction")):
        with open_store(db) as store:
            data = store.get(first).model_dump(mode="json")
            data["internal_notes"] = note
            store.save(parse_incident(data))
    with open_store(amina) as store:
        store.delete(second)
    sync(amina)
    done = sync(rima)
    assert first in done.stderr  # told, by name
    with open_store(rima) as store:
        assert store.get(first).internal_notes == "the reviewer's correction"  # never overwritten
        (conflict,) = local.conflicts(store)
        assert conflict.theirs["internal_notes"] == "the officer's correction"
        assert second not in {incident.id for incident in store.list()}  # the deletion travelled
    listed = run_cli("conflicts", "--db", str(rima))
    assert first in listed.stdout and "internal_notes" in listed.stdout
    assert run_cli("conflicts", "--db", str(rima), "--keep-mine", first).returncode == 0
    sync(rima)
    sync(amina)
    with open_store(amina) as store:
        assert store.get(first).internal_notes == "the reviewer's correction"
    assert server_rows(team_database)[first]["internal_notes"] == "the reviewer's correction"


def test_photos_travel_and_stay_sealed_on_each_laptop(tmp_path, team_database):
    amina = laptop(tmp_path, "amina", team_user(team_database, "officer"), many_incidents(1))
    rima = laptop(tmp_path, "rima", team_user(team_database, "reviewer"))
    (incident_id,) = ids(amina)
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(phone_photo(600, 400))
    assert run_cli("attach", "--db", str(amina), incident_id, str(photo)).returncode == 0
    sync(amina)
    sync(rima)
    with open_store(amina) as store:
        path = store.get(incident_id).attachments[0].path
        sent = read_stored(store.photo_dir, path, store.file_key(PHOTO_KEY))
    with open_store(rima) as store:
        received = read_stored(store.photo_dir, path, store.file_key(PHOTO_KEY))
        assert not (store.photo_dir / path.removeprefix("photos/")).read_bytes().startswith(b"\xff\xd8")
    assert sent and received == sent


def test_an_unreachable_server_is_a_message_and_the_changes_wait(tmp_path):
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    db = laptop(tmp_path, "amina", f"postgresql://amina:pw@127.0.0.1:{port}/sitrep", many_incidents(2))
    done = run_cli("sync", "--db", str(db), lang="ar_SY.UTF-8")
    assert done.returncode == 1 and "Traceback" not in done.stderr and "pw" not in done.stderr
    with open_store(db) as store:
        assert len(local.outgoing(store)) == 2


def test_syncs_killed_at_random_moments_converge_with_nothing_lost_or_doubled(tmp_path, team_database):
    # 600 incidents: a first push takes about 0.4 s after a start of about 0.45 s (docs/benchmarks.md),
    # so most kills below land in the middle of sending or receiving.
    amina = laptop(tmp_path, "amina", team_user(team_database, "officer"), many_incidents(600))
    rima = laptop(tmp_path, "rima", team_user(team_database, "reviewer"))
    env = {**os.environ, "LANG": "en_GB.UTF-8"}
    rng = random.Random(15)
    for round_ in range(30):
        # Every round has real sending to cut: 150 incidents changed here since the last sync.
        with open_store(amina) as store:
            chosen = store.list()
            for incident in chosen[(round_ * 150) % 600:][:150]:
                data = incident.model_dump(mode="json")
                data["internal_notes"] = f"round {round_}"
                store.save(parse_incident(data))
        # The reviewer's receiving is cut too, every fifth round.
        for db, latest in ((amina, 0.75), (rima, 0.9)) if round_ % 5 == 0 else ((amina, 0.75),):
            child = subprocess.Popen([sys.executable, "-m", "sitrep.cli", "sync", "--db", str(db)], cwd=ROOT,
                                     env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(rng.uniform(0.4, latest))
            child.send_signal(signal.SIGKILL)
            child.wait(30)
    sync(amina)
    sync(rima)
    on_server = server_rows(team_database)
    with open_store(amina) as store:
        mine = {incident.id: incident.model_dump(mode="json") for incident in store.list()}
        assert local.outgoing(store) == [] and local.conflicts(store) == []
    with open_store(rima) as store:
        theirs = {incident.id: incident.model_dump(mode="json") for incident in store.list()}
        assert local.conflicts(store) == []
    assert len(mine) == len(on_server) == len(theirs) == 600
    assert all(on_server[incident_id]["internal_notes"] == mine[incident_id]["internal_notes"] ==
               theirs[incident_id]["internal_notes"] for incident_id in mine)


def test_the_coordinators_report_and_export_cover_the_whole_team(tmp_path, team_database):
    from helpers import may_incidents, pdf_pages

    chosen = may_incidents()
    amina = laptop(tmp_path, "amina", team_user(team_database, "officer"), chosen[:2])
    omar = laptop(tmp_path, "omar", team_user(team_database, "officer"), chosen[2:])
    rima = laptop(tmp_path, "rima", team_user(team_database, "reviewer"))  # has nothing of her own
    sync(amina)
    sync(omar)
    report = tmp_path / "team.pdf"
    made = run_cli("report", "--db", str(rima), "--team", "--from", "2016-05-01", "--to", "2016-05-31",
                   "--no-cache", "-o", str(report), timeout=180)
    assert made.returncode == 0, made.stderr
    assert f"{len(chosen)} incidents" in made.stdout and pdf_pages(report.read_bytes()) >= 1
    exported = tmp_path / "team.json"
    done = run_cli("export", "--db", str(rima), "--team", "--format", "json", "-o", str(exported))
    assert done.returncode == 0, done.stderr
    assert {incident["id"] for incident in json.loads(exported.read_text(encoding="utf-8"))} == \
        {incident.id for incident in chosen}
    assert ids(rima) == set()  # read from the server, nothing stored here
    alone = run_cli("report", "--db", str(tmp_path / "x" / "sitrep.db"), "--team", "--from", "2016-05-01",
                    "--to", "2016-05-31", "-o", str(tmp_path / "none.pdf"))
    assert alone.returncode == 1 and "team connect" in alone.stderr


def test_a_server_restarted_in_the_middle_of_a_sync_is_a_message_and_the_next_sync_converges(
        tmp_path, postgres_cluster):
    admin = postgres_cluster.new_database()
    amina = laptop(tmp_path, "amina", team_user(admin, "officer"), many_incidents(3000))
    child = subprocess.Popen([sys.executable, "-m", "sitrep.cli", "sync", "--db", str(amina)], cwd=ROOT,
                             env={**os.environ, "LANG": "en_GB.UTF-8"}, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # until the sync is sending
        with psycopg.connect(admin) as server:
            if server.execute("SELECT count(*) FROM sitrep.incidents").fetchone()[0] > 100:
                break
        time.sleep(0.05)
    postgres_cluster.restart()
    out, err = child.communicate(timeout=120)
    if child.returncode:  # cut: said plainly (it may also have finished first, on a fast machine)
        assert "cannot be reached" in err and "Traceback" not in err, err
    sync(amina)
    with open_store(amina) as store:
        assert local.outgoing(store) == [] and local.conflicts(store) == []
    assert len(server_rows(admin)) == 3000


def test_a_user_whose_rights_were_taken_away_gets_a_message_and_nothing_is_lost(tmp_path, team_database):
    dsn = team_user(team_database, "officer")
    amina = laptop(tmp_path, "amina", dsn, many_incidents(2))
    with psycopg.connect(team_database, autocommit=True) as server:  # the IT person stops this user
        server.execute(f'REVOKE sitrep_officer FROM "{connection.parse(dsn)["user"]}"')
    done = run_cli("sync", "--db", str(amina))
    assert done.returncode == 1 and "refused" in done.stderr and "Traceback" not in done.stderr
    with open_store(amina) as store:
        assert len(local.outgoing(store)) == 2  # still waiting, nothing lost
