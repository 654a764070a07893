"""The encrypted store: passphrase, wrong passphrase, the move from plaintext, a passphrase change.

Real files and real CLI processes; the passphrase goes in SITREP_PASSPHRASE as a script's would.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import ROOT, SAMPLES, TEST_PASSPHRASE, load_json, many_incidents, open_store, run_cli, store_with

from sitrep.encryption import ENCRYPTED, ENCRYPTING, PLAINTEXT_OLD, encrypt_store, open_with_passphrase
from sitrep.store import MIGRATIONS, SCHEMA_VERSION, Store, StoreError
from sitrep.vault import SQLITE_HEADER, derive, key_for, new_key

PLANTED = ("WITNESS-Qx81", "شاهد-مزروع-٧٣")
OTHER_PASSPHRASE = "another passphrase, also long"


def planted_incident(n: int = 0) -> dict:
    data = load_json(SAMPLES / "kafr-naha-field-hospital.json")
    data["id"] = f"planted-{n}"
    data["sources"] = [{"type": "eyewitness", "name": f"{PLANTED[0]} {PLANTED[1]}"}]
    return data


def plaintext_store(path: Path, count: int = 3) -> Path:
    """A store as the sitrep before the vault left it: plaintext SQLite, in WAL mode."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    for migrate in MIGRATIONS:
        migrate(db)
    for n in range(count):
        data = planted_incident(n)
        db.execute("INSERT INTO incidents (id, status, date, data, created_at, updated_at) VALUES (?, ?, ?, ?, '', '')",
                   (data["id"], data["status"], data["date"], json.dumps(data, ensure_ascii=False)))
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    db.close()
    return path


def plaintext_in(folder: Path) -> list[str]:
    """Files under ``folder`` that are SQLite in the clear or hold a planted string."""
    found = []
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if data.startswith(SQLITE_HEADER) or any(text.encode() in data for text in PLANTED):
                found.append(path.name)
    return found


def test_a_new_store_is_encrypted_and_sqlcipher_answers(tmp_path):
    with open_store(tmp_path / "sitrep.db") as store:
        store.save_draft("d1", {"narrative": {"ar": PLANTED[1], "en": PLANTED[0]}})
        assert store.db.execute("PRAGMA cipher_version").fetchone()[0].startswith("4.")
        assert plaintext_in(tmp_path) == []  # the -wal too, while it is open
    assert plaintext_in(tmp_path) == []


def test_a_wrong_passphrase_is_said_in_the_users_language_and_changes_nothing(tmp_path):
    db = store_with(tmp_path / "sitrep.db", many_incidents(3))
    before = {path.name: path.read_bytes() for path in tmp_path.rglob("*") if path.is_file()}
    for lang, words in (("en_GB.UTF-8", "does not open"), ("ar_SY.UTF-8", "لا تفتح")):
        result = run_cli("list", "--db", str(db), lang=lang, env_extra={"SITREP_PASSPHRASE": OTHER_PASSPHRASE})
        assert result.returncode == 1 and words in result.stderr and "Traceback" not in result.stderr
        assert "hmac" not in result.stderr.lower()  # SQLCipher's own log stays quiet
    assert {path.name: path.read_bytes() for path in tmp_path.rglob("*") if path.is_file()} == before


def test_without_a_passphrase_a_script_is_told_how_to_give_one(tmp_path):
    db = store_with(tmp_path / "sitrep.db", many_incidents(1))
    result = run_cli("list", "--db", str(db), env_extra={"SITREP_PASSPHRASE": ""}, stdin=subprocess.DEVNULL)
    assert result.returncode == 1 and "SITREP_PASSPHRASE" in result.stderr


def test_a_short_new_passphrase_is_refused_and_no_store_is_made(tmp_path):
    db = tmp_path / "new" / "sitrep.db"
    result = run_cli("add", "--db", str(db), str(SAMPLES / "kafr-naha-field-hospital.json"),
                     env_extra={"SITREP_PASSPHRASE": "short"})
    assert result.returncode == 1 and "too short" in result.stderr
    assert not db.exists()


def test_an_older_plaintext_store_moves_into_an_encrypted_one_backups_too(tmp_path):
    folder = tmp_path / "data"
    db = plaintext_store(folder / "sitrep.db")
    backup = plaintext_store(folder / "backups" / "sitrep-20261130.db", count=2)
    before_migration = plaintext_store(folder / "sitrep.before-v3.20260101.db", count=1)
    result = run_cli("list", "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("planted-") == 3
    assert "cannot be reached" in result.stderr  # copies elsewhere: the user is told
    assert plaintext_in(tmp_path) == []
    assert not [path for path in folder.rglob("*") if path.name.endswith((ENCRYPTING, ENCRYPTED, PLAINTEXT_OLD))]
    for copy, count in ((backup, 2), (before_migration, 1)):
        with Store(copy, key_for(copy, TEST_PASSPHRASE), daily_backup=False) as opened:
            assert opened.db.execute("SELECT count(*) FROM incidents").fetchone()[0] == count


@pytest.mark.parametrize("stop_after", [1, 2, 3, 4])
def test_a_move_interrupted_after_any_step_finishes_at_the_next_start(tmp_path, stop_after):
    """The states a kill can leave (sitrep/encryption.py's steps), each opened again."""
    db = plaintext_store(tmp_path / "sitrep.db")
    key = new_key(TEST_PASSPHRASE)
    if stop_after == 1:  # killed while writing the encrypted copy
        (tmp_path / f"sitrep.db{ENCRYPTING}").write_bytes(os.urandom(5000))
    else:
        encrypted = tmp_path / "encrypted" / "sitrep.db"
        encrypted.parent.mkdir()
        encrypted.write_bytes(db.read_bytes())
        encrypt_store(encrypted, key)
        (tmp_path / f"sitrep.db{ENCRYPTED}").write_bytes(encrypted.read_bytes())  # verified copy in place
        if stop_after >= 3:
            db.rename(tmp_path / f"sitrep.db{PLAINTEXT_OLD}")
        if stop_after == 4:
            (tmp_path / f"sitrep.db{ENCRYPTED}").rename(db)
    opened = open_with_passphrase(db, TEST_PASSPHRASE)
    with opened.store as store:
        assert sorted(store.ids()) == ["planted-0", "planted-1", "planted-2"]
    assert plaintext_in(tmp_path) == []
    assert sorted(path.name for path in tmp_path.iterdir() if path.is_file()) == ["sitrep.db"]


def test_another_programs_plaintext_file_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "sitrep.db"
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE notes (text TEXT)")
    other.commit()
    other.close()
    before = path.read_bytes()
    result = run_cli("list", "--db", str(path))
    assert result.returncode == 1 and "not a sitrep database" in result.stderr
    assert path.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["sitrep.db"]


def test_changing_the_passphrase_rekeys_the_store_and_its_backups(tmp_path):
    db = store_with(tmp_path / "sitrep.db", many_incidents(5))
    open_store(db).close()  # the day's backup
    result = run_cli("passphrase", "--db", str(db), env_extra={"SITREP_NEW_PASSPHRASE": OTHER_PASSPHRASE})
    assert result.returncode == 0, result.stderr
    with pytest.raises(StoreError) as caught:
        open_store(db)
    assert caught.value.problems[0].code == "wrong_passphrase"
    (backup,) = (tmp_path / "backups").glob("*.db")
    for path in (db, backup):
        with Store(path, key_for(path, OTHER_PASSPHRASE), daily_backup=False) as store:
            assert store.count() == 5


def test_a_passphrase_change_killed_at_any_moment_leaves_the_old_or_the_new(tmp_path):
    """The crash case of a change: SIGKILL at random moments; the store always opens with one of the two."""
    db = store_with(tmp_path / "sitrep.db", many_incidents(3000))
    passphrases = [TEST_PASSPHRASE, OTHER_PASSPHRASE]
    current = 0
    rng = random.Random(14)
    env = {**os.environ, "LANG": "en_GB.UTF-8"}
    outcomes = set()
    for _ in range(8):
        env.update(SITREP_PASSPHRASE=passphrases[current], SITREP_NEW_PASSPHRASE=passphrases[1 - current])
        child = subprocess.Popen([sys.executable, "-m", "sitrep.cli", "passphrase", "--db", str(db)], cwd=ROOT,
                                 env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, 0.9))
        child.send_signal(signal.SIGKILL)
        child.wait(30)
        opened_with = []
        for index, passphrase in enumerate(passphrases):
            try:
                with Store(db, derive(passphrase, db.read_bytes()[:16]), daily_backup=False) as store:
                    assert store.count() == 3000
                    assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
                opened_with.append(index)
            except StoreError:
                pass
        assert len(opened_with) == 1, "the store must open with exactly one of the two passphrases"
        current = opened_with[0]
        outcomes.add(current)
    assert outcomes  # which ones depends on the timing; both are correct
