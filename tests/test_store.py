"""The SQLite store, on real files."""

from __future__ import annotations

import os
import sqlite3

import pytest
from helpers import TEST_PASSPHRASE, open_store, raw_connection

from sitrep.contract.documents import parse_incident
from sitrep.encryption import open_with_passphrase
from sitrep.store import SCHEMA_VERSION, StoreError


@pytest.fixture
def store(tmp_path):
    with open_store(tmp_path / "incidents.db") as opened:
        yield opened


def test_add_get_update_list(store, kafr_naha, third_party):
    first = parse_incident(kafr_naha)
    second = parse_incident(third_party)
    assert store.add(first) == first.id
    store.add(second)
    assert store.get(first.id) == first
    assert [i.id for i in store.list()] == [second.id, first.id]  # newest date first

    changed = first.model_copy(update={"status": "draft"})
    store.update(changed)
    assert store.get(first.id).status == "draft"


def test_soft_delete_and_restore(store, kafr_naha):
    incident = parse_incident(kafr_naha)
    store.add(incident)
    store.delete(incident.id)
    assert store.list() == [] and store.count() == 0
    with pytest.raises(StoreError):
        store.get(incident.id)
    assert store.get(incident.id, include_deleted=True) == incident
    store.restore(incident.id)
    assert store.list() == [incident]


def test_duplicate_and_missing_ids_give_messages(store, kafr_naha):
    incident = parse_incident(kafr_naha)
    store.add(incident)
    with pytest.raises(StoreError) as caught:
        store.add(incident)
    assert caught.value.problems[0].code == "incident_exists"
    assert incident.id in caught.value.problems[0].message("ar")
    for action in (store.delete, store.restore, store.get):
        with pytest.raises(StoreError):
            action("nope")


def test_survives_reopening_and_is_versioned(tmp_path, kafr_naha):
    path = tmp_path / "incidents.db"
    with open_store(path) as first:
        first.add(parse_incident(kafr_naha))
    with open_store(path) as again:
        assert again.count() == 1
    raw = raw_connection(path)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_newer_database_is_refused(tmp_path):
    path = tmp_path / "future.db"
    raw_connection(path).execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError) as caught:
        open_store(path)
    assert caught.value.problems[0].code == "db_too_new"


def test_foreign_file_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "not-a-db.db"
    content = b"this is a text file, not SQLite" * 100
    path.write_bytes(content)
    with pytest.raises(StoreError) as caught:
        open_store(path)
    # Encrypted or not, only the passphrase could tell: the message says both.
    assert caught.value.problems[0].code == "wrong_passphrase"
    assert path.read_bytes() == content


def test_truncated_database_is_refused(tmp_path, kafr_naha):
    path = tmp_path / "incidents.db"
    with open_store(path) as store:
        for n in range(30):
            store.add(parse_incident({**kafr_naha, "id": f"i{n}"}))
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(StoreError):
        open_store(path).list()


def test_invalid_draft_is_kept_apart_from_valid_incidents(store, kafr_naha):
    half_typed = {"date": "2016-05-07", "targets": [], "narrative": {"ar": "مسودة", "en": ""}}
    store.save_draft("draft-1", half_typed)
    assert store.list() == [] and store.count() == 0  # commands and reports never see it
    (record,) = store.records()
    assert (record.id, record.status, record.valid, record.data) == ("draft-1", "draft", False, half_typed)
    assert record.incident() is None

    finished = parse_incident({**kafr_naha, "id": "draft-1"})
    store.save(finished)  # the same row, now valid
    (record,) = store.records()
    assert record.valid and record.incident() == finished and store.get("draft-1") == finished


def test_version_1_database_is_migrated_with_a_backup(tmp_path, kafr_naha):
    from sitrep.store import MIGRATIONS

    path = tmp_path / "old.db"
    old = raw_connection(path)
    MIGRATIONS[0](old)
    incident = parse_incident(kafr_naha)
    old.execute("INSERT INTO incidents (id, status, date, data, created_at, updated_at) VALUES (?, ?, ?, ?, '', '')",
                (incident.id, incident.status, incident.date.isoformat(), incident.model_dump_json()))
    old.execute("PRAGMA user_version = 1")
    old.close()
    with open_store(path) as store:
        assert store.list() == [incident]
    backups = list(tmp_path.glob(f"old.before-v{SCHEMA_VERSION}.*.db"))
    assert len(backups) == 1
    assert raw_connection(backups[0]).execute("PRAGMA user_version").fetchone()[0] == 1


def test_store_of_contract_1_incidents_is_migrated_keeping_every_count(tmp_path, kafr_naha_v1, third_party):
    """A store written by the previous version (user_version 2) holding contract-1 JSON."""
    import json

    from sitrep.store import MIGRATIONS

    path = tmp_path / "v1.db"
    old = raw_connection(path)
    MIGRATIONS[0](old)
    MIGRATIONS[1](old)
    kafr_naha = kafr_naha_v1
    draft = {**kafr_naha, "id": "draft-1", "certainty": ""}  # a draft that does not validate
    for data, valid in ((kafr_naha, 1), ({**third_party, "id": "third-party"}, 1), (draft, 0)):
        assert data["schema_version"] == 1
        old.execute("INSERT INTO incidents (id, status, date, data, created_at, updated_at, valid) "
                    "VALUES (?, ?, ?, ?, '', '', ?)", (data["id"], data["status"], data["date"],
                                                     json.dumps(data, ensure_ascii=False), valid))
    old.execute("PRAGMA user_version = 2")
    old.close()

    with open_store(path) as store:
        kafr, third = store.get(kafr_naha["id"]), store.get("third-party")
        draft_again = store.record("draft-1").data
    # Version 1's "unknown" row of zeros is now a row of unknown counts ...
    assert kafr.schema_version == 2 and kafr.casualties[0].group == "unknown"
    assert kafr.casualties[0].killed is None and kafr.total("killed") == 0
    assert kafr.tally("killed").state == "unknown"
    # ... and every count that was written stays as it was, zeros included.
    for row, row_again in zip(third_party["casualties"], third.casualties, strict=True):
        for name, value in row.items():
            assert getattr(row_again, name) == value, name
    assert draft_again["schema_version"] == 2 and draft_again["casualties"] == [{"group": "unknown"}]
    assert draft_again["certainty"] == ""  # a draft keeps what was typed
    # The copy made before migrating is the untouched version 2 file.
    (backup,) = tmp_path.glob(f"v1.before-v{SCHEMA_VERSION}.*.db")
    copy = raw_connection(backup)
    assert copy.execute("PRAGMA user_version").fetchone()[0] == 2
    assert json.loads(copy.execute("SELECT data FROM incidents WHERE id = 'third-party'").fetchone()[0]) == {
        **third_party, "id": "third-party"}


def test_saving_an_incident_deleted_meanwhile_brings_it_back(store, kafr_naha):
    incident = parse_incident(kafr_naha)
    store.add(incident)
    store.delete(incident.id)  # deleted in the log while still open in the form
    store.save(incident.model_copy(update={"status": "draft"}))
    assert [i.id for i in store.list()] == [incident.id]


def test_unusable_folder_is_a_message_not_a_crash(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(StoreError) as caught:
        open_store(blocker / "sitrep.db")
    # Nothing is damaged: restoring a backup would not help (and would throw away today's work).
    (problem,) = caught.value.problems
    assert problem.code == "db_unavailable"
    assert "or restore a backup" not in problem.message("en") and "not restore" in problem.message("en")


def test_database_is_private(tmp_path):
    import os
    import stat

    with open_store(tmp_path / "private.db") as store:
        assert stat.S_IMODE(os.stat(store.path).st_mode) == 0o600


def test_another_programs_database_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "contacts.db"
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE contacts (name TEXT)")
    other.execute("INSERT INTO contacts VALUES ('someone')")
    other.commit()
    other.close()
    before = path.read_bytes()
    with pytest.raises(StoreError) as caught:
        open_store(path)
    assert caught.value.problems[0].code == "db_not_encrypted"  # the store never opens a plaintext file
    with pytest.raises(StoreError) as caught:
        open_with_passphrase(path, TEST_PASSPHRASE)  # and the move into an encrypted one refuses it
    assert caught.value.problems[0].code == "db_foreign"
    assert "another program" in caught.value.problems[0].message("en")
    assert path.read_bytes() == before  # not even switched to WAL
    assert not path.with_name("contacts.db-wal").exists()


def test_truncated_database_is_left_as_it_was(tmp_path, kafr_naha):
    path = tmp_path / "incidents.db"
    with open_store(path) as store:
        for n in range(30):
            store.add(parse_incident({**kafr_naha, "id": f"i{n}"}))
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    damaged = path.read_bytes()[: path.stat().st_size // 2]
    path.write_bytes(damaged)
    with pytest.raises(StoreError) as caught:
        open_store(path)
    assert caught.value.problems[0].code == "db_unreadable"
    assert path.read_bytes() == damaged


def test_one_backup_a_day_and_only_a_week_of_them(tmp_path, kafr_naha):
    import datetime as dt

    from sitrep.store import BACKUPS_KEPT

    path = tmp_path / "incidents.db"
    with open_store(path) as store:  # a new, empty file: nothing to back up yet
        store.add(parse_incident(kafr_naha))
        assert not store.backup_dir.exists()
    folder = tmp_path / "backups"
    folder.mkdir()
    for days in range(1, 11):  # ten older copies
        (folder / f"incidents-{dt.date.today() - dt.timedelta(days=days):%Y%m%d}.db").write_bytes(b"old")
    with open_store(path):
        pass
    with open_store(path):  # a second opening the same day adds nothing
        pass
    kept = sorted(p.name for p in folder.iterdir())
    assert len(kept) == BACKUPS_KEPT and kept[-1] == f"incidents-{dt.date.today():%Y%m%d}.db"
    with open_store(folder / kept[-1], daily_backup=False) as copy:
        assert copy.count() == 1


def test_ids_include_deleted_rows_and_drafts(store, kafr_naha):
    store.add(parse_incident(kafr_naha))
    store.delete(kafr_naha["id"])
    store.save_draft("draft-1", {"date": "2016-05-07"})
    assert store.ids() == {kafr_naha["id"], "draft-1"}


def test_only_a_damaged_database_gets_the_advice_to_restore_a_backup(tmp_path, kafr_naha):
    damaged = tmp_path / "damaged.db"
    with open_store(damaged, daily_backup=False) as store:
        store.add_many([parse_incident({**kafr_naha, "id": f"i{n}"}) for n in range(30)])
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(damaged.read_bytes())
    data[3 * 4096 + 200:3 * 4096 + 210] = b"\xff" * 10  # one page no longer decrypts: its HMAC fails
    damaged.write_bytes(bytes(data))
    with pytest.raises(StoreError) as caught:
        open_store(damaged)
    assert caught.value.problems[0].code == "db_unreadable" and "backup" in caught.value.problems[0].message("en")
    assert damaged.read_bytes() == bytes(data)
    plaintext = tmp_path / "damaged-plaintext.db"  # an older sitrep's file, damaged
    plaintext.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 40)
    with pytest.raises(StoreError) as caught:
        open_with_passphrase(plaintext, TEST_PASSPHRASE)
    assert caught.value.problems[0].code == "db_unreadable"


def test_a_backup_that_cannot_be_written_is_a_warning_and_the_database_opens(tmp_path, kafr_naha):
    path = tmp_path / "incidents.db"
    with open_store(path) as store:
        store.add(parse_incident(kafr_naha))
    (tmp_path / "backups").write_text("a file where the backups folder should be")
    with open_store(path) as store:
        assert store.count() == 1
        (warning,) = store.warnings
        assert warning.code == "backup_failed" and warning.severity == "warning"
        assert str(tmp_path / "backups") in warning.message("en") and warning.message("ar") != warning.message("en")
        assert "restore" not in warning.message("en")
        store.add(parse_incident({**kafr_naha, "id": "another"}))  # writing still works
    with open_store(path, daily_backup=False) as store:
        assert store.warnings == []


def test_partial_backups_left_by_a_killed_copy_are_removed_and_do_not_block(tmp_path, kafr_naha):
    import datetime as dt
    import os
    import time

    path = tmp_path / "incidents.db"
    with open_store(path) as store:
        store.add(parse_incident(kafr_naha))
    folder = tmp_path / "backups"
    folder.mkdir()
    stem = f"incidents-{dt.date.today():%Y%m%d}"
    # What a copy killed mid-way leaves: half a file and SQLite's side files (old and new names).
    stale = [folder / f"{stem}.partial", folder / f"{stem}.partial-wal", folder / f"{stem}.partial-shm",
             folder / f".{stem}.k1ll3d.partial", folder / f".{stem}.k1ll3d.partial-journal"]
    for leftover in stale:
        leftover.write_bytes(b"SQLite format 3\x00" + b"half a copy" * 100)
        os.utime(leftover, (time.time() - 7200, time.time() - 7200))
    young = folder / f".{stem}.wr1t1ng.partial"  # another process may be copying right now
    young.write_bytes(b"")
    with open_store(path) as store:
        assert store.warnings == []
    assert sorted(p.name for p in folder.iterdir()) == sorted([f"{stem}.db", young.name])
    with open_store(folder / f"{stem}.db", daily_backup=False) as copy:
        assert copy.count() == 1
    assert not list(folder.glob("*-wal")) and not list(folder.glob("*-shm"))  # a backup is one whole file


def test_a_write_that_finds_no_room_is_a_clear_error_and_keeps_what_was_stored(store, kafr_naha):
    store.add(parse_incident(kafr_naha))
    pages = store.db.execute("PRAGMA page_count").fetchone()[0]
    store.db.execute(f"PRAGMA max_page_count = {pages}")  # SQLite's own "disk is full" (SQLITE_FULL)
    many = [parse_incident({**kafr_naha, "id": f"n{n}", "narrative": {"en": "x" * 5000, "ar": "س"}})
            for n in range(10)]
    for write in (lambda: store.add_many(many), lambda: store.save(many[0]),
                  lambda: store.save_draft("d", {"narrative": "x" * 50000})):
        with pytest.raises(StoreError) as caught:
            write()
        (problem,) = caught.value.problems
        assert problem.code == "disk_full" and "full" in problem.message("en") and "ممتلئ" in problem.message("ar")
        assert "backup" not in problem.message("en")
        assert not store.db.in_transaction
    assert [i.id for i in store.list()] == [kafr_naha["id"]]


# Output paths that would destroy the store's own files


@pytest.fixture
def store_files(tmp_path):
    db = tmp_path / "data" / "sitrep.db"
    with open_store(db) as store:
        store.db.execute("SELECT 1")
    return db


@pytest.mark.parametrize("name", [
    "sitrep.db", "sitrep.db-wal", "sitrep.db-shm", "sitrep.db-journal", "backups/sitrep-20260101.db",
    "backups/anything.txt", "backups", "photos/" + "a" * 64 + ".jpg", "photos/new.pdf",
    "sitrep.before-v2.20260101.db", "photos/../sitrep.db", "./backups/../sitrep.db",
])
def test_output_paths_of_the_store_are_refused(store_files, name):
    from sitrep.contract.problems import InputError
    from sitrep.store import check_output_path

    with pytest.raises(InputError) as caught:
        check_output_path(store_files.parent / name, store_files)
    (problem,) = caught.value.problems
    assert problem.code == "output_is_store_file" and problem.message("ar") != problem.message("en")


def test_a_link_to_the_database_and_a_relative_path_are_refused(store_files, tmp_path, monkeypatch):
    import os

    from sitrep.contract.problems import InputError
    from sitrep.store import check_output_path

    link = tmp_path / "innocent.json"
    os.symlink(store_files, link)
    monkeypatch.chdir(store_files.parent)
    for output, db in ((link, store_files), ("sitrep.db", "sitrep.db"), ("sitrep.db", store_files),
                       (store_files, "./sitrep.db")):
        with pytest.raises(InputError):
            check_output_path(output, db)


def test_other_output_paths_are_allowed(store_files, tmp_path):
    from sitrep.store import check_output_path

    for name in ("report.pdf", "sitrep.db.json", "sitrep.db-wal.pdf", "other.db", "photos.pdf", "backups.json",
                 "sitrep.before-v2.pdf"):
        assert check_output_path(store_files.parent / name, store_files) == store_files.parent / name
    assert check_output_path(tmp_path / "elsewhere" / "sitrep.db", store_files)


@pytest.mark.skipif(os.name != "nt", reason="Windows file names ignore case")
def test_output_paths_differing_only_in_case_are_refused_on_windows(store_files):
    from sitrep.contract.problems import InputError
    from sitrep.store import check_output_path

    for name in ("SITREP.DB", "Backups/x.db", "sitrep.DB-WAL"):
        with pytest.raises(InputError):
            check_output_path(store_files.parent / name, store_files)
