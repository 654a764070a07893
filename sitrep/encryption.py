"""Moving a plaintext store (made by sitrep before the vault) into an encrypted one.

Each plaintext database file of the data folder (the store, the copies made before a
migration, the daily backups) goes through the same steps. Every step leaves a state that
the next start finishes (``finish_interrupted``), so a kill at any moment loses nothing and
never leaves the folder without a store:

1. a checkpoint, so that the file holds everything and no -wal is left beside it;
2. an encrypted copy, ``F.encrypting``, written by SQLCipher's ``sqlcipher_export``;
3. the copy checked against the plaintext, table by table, then named ``F.encrypted``;
4. ``F`` renamed ``F.plaintext-old`` and ``F.encrypted`` renamed ``F``;
5. ``F.plaintext-old`` overwritten and removed (sitrep.fileio.destroy_file).

The backups go first and the store last: as long as the store is plaintext, the next start
runs the migration again, and a backup already encrypted is left as it is.

What this cannot reach: copies elsewhere (other disks, cloud sync) and the blocks an SSD or
a journaling file system kept of the old file. The app and the CLI say so.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3 as plain_sqlite
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from sitrep.contract.problems import Problem
from sitrep.fileio import destroy_file
from sitrep.store import SCHEMA_VERSION, SIDE_FILES, Store, StoreError, connect, store_copies
from sitrep.vault import StoreKey, file_salt, key_for, new_key, store_state

ENCRYPTING, ENCRYPTED, PLAINTEXT_OLD = ".encrypting", ".encrypted", ".plaintext-old"
SUFFIXES = (ENCRYPTING, ENCRYPTED, PLAINTEXT_OLD)  # wipe removes them too


def _named(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def plaintext_files(db_path: Path) -> list[Path]:
    """The plaintext database files of the store at ``db_path``: backups first, the store last."""
    candidates = [*store_copies(db_path), db_path]
    return [path for path in candidates if store_state(path) == "plaintext" or _named(path, ENCRYPTED).exists()]


def encrypt_store(db_path: str | Path, key: StoreKey,
                  progress: Callable[[int, int], None] | None = None) -> list[Problem]:
    """Encrypt the plaintext store at ``db_path`` with ``key``, its backups and earlier copies
    too. Raises StoreError if the store itself cannot be (another program's file, a damaged
    one): then nothing was changed. Returns warnings for backups that could not be
    encrypted (damaged ones are kept as they are, to be looked at)."""
    db_path = Path(db_path)
    finish_interrupted(db_path)
    if store_state(db_path) == "plaintext":
        _check_ours(db_path)
    files = plaintext_files(db_path)
    warnings = []
    for done, path in enumerate(files):
        if progress:
            progress(done, len(files))
        try:
            _encrypt_file(path, key)
        except StoreError as error:
            if path == db_path:
                raise
            warnings.append(Problem("backup_not_encrypted", severity="warning",
                                    params={"path": str(path), "detail": error.problems[0].message("en")}))
    if progress:
        progress(len(files), len(files))
    return warnings


@dataclass
class Opened:
    """A store opened with a passphrase, and what its opening did."""

    store: Store
    encrypted_now: bool = False  # it was plaintext and has just been encrypted
    warnings: list[Problem] = field(default_factory=list)


def open_with_passphrase(path: str | Path, passphrase: str, store_class: type[Store] = Store,
                         progress: Callable[[int, int], None] | None = None) -> Opened:
    """The store at ``path`` opened with ``passphrase``: created if new, encrypted first if it
    is a plaintext store of an older sitrep. Raises StoreError ("wrong_passphrase", …).

    For a new or plaintext store the caller has had the passphrase typed twice
    (vault.check_new_passphrase); ``needs_new_passphrase`` tells which case it is."""
    path = Path(path)
    finish_interrupted(path)
    state = store_state(path)
    key = new_key(passphrase) if state in ("new", "plaintext") else key_for(path, passphrase)
    warnings = encrypt_store(path, key, progress) if state == "plaintext" else []
    try:
        store = store_class(path, key)
    except StoreError:
        # Another process made the new store first (twenty `sitrep add` at once on a new
        # folder), with its own salt: the same passphrase with that salt opens it.
        if state != "new" or store_state(path) != "encrypted" or file_salt(path) == key.salt:
            raise
        store = store_class(path, key_for(path, passphrase))
    return Opened(store, state == "plaintext", [*warnings, *store.warnings])


def needs_new_passphrase(path: str | Path) -> bool:
    """True when opening ``path`` will set its passphrase (a new or plaintext store), so it
    should be typed twice and the user told it cannot be recovered."""
    finish_interrupted(Path(path))
    return store_state(path) != "encrypted"


def finish_interrupted(path: Path) -> None:
    """Finish steps 4 and 5 for ``path`` if an earlier run was killed after step 3. Cheap when
    there is nothing to do: two lookups. (An unfinished copy, F.encrypting, is removed by the
    next run under the file's lock: another process may be writing it right now.)"""
    try:
        encrypted, old = _named(path, ENCRYPTED), _named(path, PLAINTEXT_OLD)
        if encrypted.exists():
            state = store_state(path)
            if state == "plaintext":
                os.replace(path, old)
            if state != "encrypted":
                os.replace(encrypted, path)
            else:  # already in place (cannot happen unless copied by hand): the store wins
                encrypted.unlink()
        if old.exists() and store_state(path) == "encrypted":
            destroy_file(old)
    except FileNotFoundError:  # another process is finishing it right now
        pass


def _check_ours(path: Path) -> None:
    params = {"path": str(path)}
    try:
        with closing(plain_sqlite.connect(f"{path.as_uri()}?mode=ro", uri=True)) as db:
            if db.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise StoreError(Problem("db_unreadable", params={**params, "detail": "integrity_check"}))
            version = db.execute("PRAGMA user_version").fetchone()[0]
            tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except plain_sqlite.Error as error:
        raise StoreError(Problem("db_unreadable", params={**params, "detail": str(error)})) from None
    if version > SCHEMA_VERSION:
        raise StoreError(Problem("db_too_new", params=params))
    if "incidents" not in tables:
        raise StoreError(Problem("db_foreign", params=params))


def _encrypt_file(path: Path, key: StoreKey) -> None:
    finish_interrupted(path)
    if store_state(path) != "plaintext":
        return
    partial = _named(path, ENCRYPTING)
    try:
        _fold_wal(path)
        with closing(plain_sqlite.connect(path, isolation_level=None, timeout=30)) as guard:
            # The write lock: one process encrypts a file at a time (two first runs of the CLI at
            # once), while readers go on. The other one finds F.encrypted when its turn comes.
            guard.execute("BEGIN IMMEDIATE")
            if not _named(path, ENCRYPTED).exists():
                _export(path, partial, key)
                if _digest(plain_sqlite.connect(path)) != _digest(connect(partial, key)):
                    raise StoreError(Problem("db_unreadable", params={"path": str(path), "detail": "copy differs"}))
                with open(partial, "rb+") as file:
                    os.fsync(file.fileno())
                os.replace(partial, _named(path, ENCRYPTED))
            guard.execute("ROLLBACK")
    except (plain_sqlite.Error, OSError) as error:
        partial.unlink(missing_ok=True)
        raise StoreError(Problem("db_unreadable", params={"path": str(path), "detail": str(error)})) from None
    finish_interrupted(path)  # steps 4 and 5, outside the lock: Windows renames no open file
    for suffix in SIDE_FILES:  # a -shm left by an old crash holds no rows, but nothing stays behind
        leftover = _named(path, suffix)
        if leftover.exists():
            destroy_file(leftover)


def _fold_wal(path: Path) -> None:
    # The export must see every row, and the -wal must not outlive the plaintext file (the
    # encrypted file will take its name). DELETE mode checkpoints and removes the -wal.
    with closing(plain_sqlite.connect(path, isolation_level=None)) as db:
        db.execute("PRAGMA journal_mode=DELETE")


def _export(path: Path, partial: Path, key: StoreKey) -> None:
    partial.unlink(missing_ok=True)  # left by a run that was killed: made with another salt
    from sqlcipher3 import dbapi2  # the same library the store uses

    with closing(dbapi2.connect(path, isolation_level=None)) as db:  # no key: reads the plaintext file
        version = db.execute("PRAGMA user_version").fetchone()[0]
        db.execute("PRAGMA cipher_log_level = NONE")
        db.execute(f"ATTACH DATABASE ? AS encrypted KEY {key.pragma()}", (str(partial),))
        db.execute("SELECT sqlcipher_export('encrypted')")
        db.execute(f"PRAGMA encrypted.user_version = {int(version)}")  # sqlcipher_export leaves it out
        db.execute("DETACH DATABASE encrypted")
    if os.name == "posix":
        os.chmod(partial, 0o600)


def _digest(connection) -> str:
    """A hash of every table's rows and the schema version: equal for a faithful copy."""
    digest = hashlib.sha256()
    with closing(connection) as db:
        digest.update(str(db.execute("PRAGMA user_version").fetchone()[0]).encode())
        tables = [name for (name,) in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        for table in tables:
            digest.update(table.encode())
            for row in db.execute(f'SELECT * FROM "{table}" ORDER BY rowid'):
                digest.update(repr(row).encode("utf-8"))
    return digest.hexdigest()
