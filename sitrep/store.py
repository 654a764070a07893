"""The local incident store: one SQLite file, encrypted by SQLCipher.

Each incident is kept whole as contract JSON, with a few columns copied out for
listing and sorting. The schema is versioned with ``PRAGMA user_version``; opening
an older file runs the migrations in order, after copying the file aside.
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import shutil
import tempfile
from contextlib import closing, contextmanager
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path

from sitrep.fileio import is_disk_full, remove_stale
from sitrep.contract.model import STORED, Incident, upgrade_v1
from sitrep.contract.problems import InputError, Problem
from sitrep.paths import default_db_path
from sitrep.sealing import new_key
from sitrep.vault import StoreKey, store_state

# SQLCipher, through the same DB-API as Python's sqlite3: the whole database, its WAL and its
# backups are encrypted (sitrep/vault.py explains the key).
from sqlcipher3 import dbapi2 as sqlite3  # noqa: E402


class StoreError(Exception):
    def __init__(self, problem: Problem):
        super().__init__(problem.message("en"))
        self.problems = [problem]


def _migrate_0_to_1(db: sqlite3.Connection) -> None:
    # One execute() per statement: executescript() would commit the migration's
    # transaction half-way.
    db.execute(
        """
        CREATE TABLE incidents (
            id          TEXT PRIMARY KEY,
            status      TEXT NOT NULL,
            date        TEXT NOT NULL,
            data        TEXT NOT NULL,          -- the incident as contract JSON
            created_at  TEXT NOT NULL,
            updated_at  TEXT NOT NULL,
            deleted_at  TEXT                    -- soft delete: NULL while the incident is live
        )
        """
    )
    db.execute("CREATE INDEX incidents_date ON incidents(date)")


def _migrate_1_to_2(db: sqlite3.Connection) -> None:
    # Drafts may be kept before they validate (the form's raw state, as JSON);
    # commands and reports only ever see valid rows.
    db.execute("ALTER TABLE incidents ADD COLUMN valid INTEGER NOT NULL DEFAULT 1")


def _migrate_2_to_3(db: sqlite3.Connection) -> None:
    # Data contract 2: counts can be unknown. Rewriting each row once here keeps every
    # later read a plain parse; drafts carry the contract's fields too, so they move
    # along (a draft's values are kept as typed, only its version and unknowns change).
    rows = db.execute("SELECT id, data FROM incidents").fetchall()
    for incident_id, text in rows:
        data = json.loads(text)
        if isinstance(data, dict) and data.get("schema_version") == 1:
            db.execute("UPDATE incidents SET data = ? WHERE id = ?",
                       (json.dumps(upgrade_v1(data), ensure_ascii=False), incident_id))


def _migrate_3_to_4(db: sqlite3.Connection) -> None:
    # Keys for the files sitrep seals outside the database (sitrep/sealing.py): kept here, so
    # that whoever cannot read the store cannot read them, and destroying it destroys them.
    db.execute("CREATE TABLE file_keys (purpose TEXT PRIMARY KEY, key BLOB NOT NULL)")


def _migrate_4_to_5(db: sqlite3.Connection) -> None:
    # Credentials the app needs and must not keep in the clear (the team server's connection
    # string, with its password): the encrypted database is the vault that holds them.
    db.execute("CREATE TABLE secrets (name TEXT PRIMARY KEY, value TEXT NOT NULL)")


def _migrate_5_to_6(db: sqlite3.Connection) -> None:
    # Team mode (sitrep/team/sync.py): the server's revision a row is based on (NULL: never synced)
    # and whether it changed here since; every row of an older store is sent at the first sync.
    # A conflict keeps the server's version beside the user's until the user chooses.
    db.execute("ALTER TABLE incidents ADD COLUMN server_revision INTEGER")
    db.execute("ALTER TABLE incidents ADD COLUMN unsynced INTEGER NOT NULL DEFAULT 1")
    # A hash of the version last sent: a sync cut after the server took it, then an edit here,
    # must not look like someone else's change (sitrep/team/sync.py).
    db.execute("ALTER TABLE incidents ADD COLUMN sent_hash TEXT")
    db.execute("CREATE TABLE conflicts (id TEXT PRIMARY KEY, theirs TEXT NOT NULL, their_revision INTEGER NOT NULL, "
               "their_deleted INTEGER NOT NULL, found_at TEXT NOT NULL)")


# MIGRATIONS[n] takes a database at version n to n + 1.
MIGRATIONS = [_migrate_0_to_1, _migrate_1_to_2, _migrate_2_to_3, _migrate_3_to_4, _migrate_4_to_5,
              _migrate_5_to_6]
SCHEMA_VERSION = len(MIGRATIONS)


@dataclass
class Record:
    """A stored row as the GUI's log shows it: a valid incident or a raw draft."""

    id: str
    status: str
    date: str
    data: dict
    valid: bool
    deleted: bool

    def incident(self) -> Incident | None:
        return Incident.model_validate(self.data, context=STORED) if self.valid else None


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


BACKUPS_KEPT = 7  # daily copies: a week of "yesterday's file" to go back to
# The daily copy is skipped when it would leave less free space than this: filling the
# disk to its last byte would make the next save fail, here or in another program.
BACKUP_SPARE_BYTES = 10 * 1024 * 1024
# A partial copy this old was left by a killed process, not one copying right now.
STALE_PARTIAL_SECONDS = 3600
BACKUP_FOLDER, PHOTO_FOLDER = "backups", "photos"  # beside the database


def connect(path: Path, key: StoreKey) -> sqlite3.Connection:
    """A connection to the encrypted database at ``path``, keyed: nothing is read yet, so a
    wrong key shows on the first query (SQLITE_NOTADB)."""
    # Explicit transactions (Store.transaction). Not tied to the opening thread: the app opens
    # the store in a job (the unlock dialog's Argon2id) and uses it on the UI thread, and
    # re-keys it in a job (a passphrase change); it is never used by two threads at once.
    db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    # SQLCipher logs a wrong key to stderr by default: nothing about the store goes to a log.
    db.execute("PRAGMA cipher_log_level = NONE")
    db.execute(f"PRAGMA key = {key.pragma()}")
    return db


class Store:
    """The store at ``path`` (None: the user's default), opened with ``key`` (sitrep.vault).

    A new file is created encrypted with ``key``. A plaintext store of an older sitrep is
    refused with "db_not_encrypted": sitrep.encryption moves it into an encrypted one.
    """

    def __init__(self, path: str | Path | None, key: StoreKey, daily_backup: bool = True):
        self.path = Path(path) if path else default_db_path()
        self.key = key
        # Problems found while opening that leave the database usable (a daily backup
        # that could not be made): the caller shows them as warnings.
        self.warnings: list[Problem] = []
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            state = store_state(self.path)
            if state == "plaintext":
                raise StoreError(Problem("db_not_encrypted", params={"path": str(self.path)}))
            self.db = connect(self.path, key)
            if state == "new" and os.name == "posix":
                os.chmod(self.path, 0o600)  # it holds confidential sources
            # Read-only checks first: a damaged or foreign file, or a wrong key, is refused
            # before anything (even the journal mode in its header) is written to it.
            self._check_key()
            # Every page read is decrypted and its HMAC checked. A page cache of up to 64 MiB (a
            # store of 10,000 incidents is 37 MB) lets the opening's integrity check serve the
            # first listing instead of decrypting every page twice (docs/benchmarks.md). Set
            # after the key is known good: the pragma reads the schema.
            self.db.execute("PRAGMA cache_size = -65536")
            self._check_integrity()
            self.db.execute("BEGIN")  # one snapshot: another process may be creating the tables right now
            try:
                version = self._check_ours()
            finally:
                self.db.execute("COMMIT")
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            if daily_backup and version > 0:
                self._daily_backup()
            if version != SCHEMA_VERSION:
                self._migrate()
            self._seal_legacy_photos()
        except (sqlite3.Error, OSError) as error:
            raise StoreError(_problem(self.path, error, opening=True)) from None

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def photo_dir(self) -> Path:
        """Cleaned photos live next to the database (see sitrep/photos.py)."""
        return self.path.parent / PHOTO_FOLDER

    def _seal_legacy_photos(self) -> None:
        """Photos an older sitrep stored in the clear are sealed at the opening (sitrep/photos.py)."""
        if self.photo_dir.is_dir():  # no folder, no photos: no photo key made for nothing
            from sitrep.photos import PHOTO_KEY, seal_legacy_photos  # it imports the data contract

            seal_legacy_photos(self.photo_dir, self.file_key(PHOTO_KEY))

    # Schema

    def _check_key(self) -> None:
        # With SQLCipher, a wrong key and a first page that is damaged or not SQLCipher's look
        # the same: the first page does not decrypt. The message says both.
        try:
            self.db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError as error:
            if _sqlite_code(error) != sqlite3.SQLITE_NOTADB:
                raise
            self.db.close()
            raise StoreError(Problem("wrong_passphrase", params={"path": str(self.path)})) from None

    def _check_integrity(self) -> None:
        # The full check reads every page (2 ms for 1,000 incidents, 44 ms for 10,000;
        # docs/reliability.md); quick_check would miss damaged indexes.
        result = self.db.execute("PRAGMA integrity_check").fetchone()[0]
        if result != "ok":
            raise StoreError(Problem("db_unreadable", params={"path": str(self.path), "detail": result}))

    def _check_ours(self) -> int:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(Problem("db_too_new", params={"path": str(self.path)}))
        tables = {name for (name,) in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if (version == 0 and tables) or (version > 0 and "incidents" not in tables):
            # Another program's SQLite file: never add our tables to it.
            raise StoreError(Problem("db_foreign", params={"path": str(self.path)}))
        return version

    def _migrate(self) -> None:
        # The version is read again inside the write transaction: another process may
        # have created or migrated the file since this one checked it (twenty `sitrep
        # add` at once on a new database).
        with self.transaction():
            version = self._check_ours()
            if version == SCHEMA_VERSION:
                return
            if version > 0:
                # Copied through a second connection: SQLite cannot copy from one in a write
                # transaction. Holding the write lock, only one process copies, and the
                # copy is of the version being migrated.
                with closing(connect(self.path, self.key)) as reader:
                    _copy_database(reader, self.key, self.path.with_name(
                        f"{self.path.stem}.before-v{SCHEMA_VERSION}.{dt.date.today():%Y%m%d}.db"))
            for step in range(version, SCHEMA_VERSION):
                MIGRATIONS[step](self.db)
            self.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    @property
    def backup_dir(self) -> Path:
        return self.path.parent / BACKUP_FOLDER

    def _daily_backup(self) -> None:
        """One copy per day in backups/, the newest BACKUPS_KEPT kept.

        A copy that cannot be made is a warning, never a failure to open: the database
        itself is fine, and refusing it would stop the day's work (or, worse, lead the
        user to restore an older copy over it).
        """
        folder = self.backup_dir
        target = folder / f"{self.path.stem}-{dt.date.today():%Y%m%d}.db"
        if target.exists():
            return
        try:
            folder.mkdir(mode=0o700, exist_ok=True)
            size = sum(path.stat().st_size for path in (self.path, _side_file(self.path, "-wal")) if path.exists())
            if shutil.disk_usage(folder).free < size + BACKUP_SPARE_BYTES:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            _copy_database(self.db, self.key, target)
            for old in daily_backups(self.path)[:-BACKUPS_KEPT]:
                old.unlink(missing_ok=True)
        except (sqlite3.Error, OSError) as error:
            code = "backup_no_space" if _no_room(error, folder) else "backup_failed"
            self.warnings.append(Problem(code, params={"folder": str(folder), "detail": _detail(error)},
                                         severity="warning"))

    @contextmanager
    def transaction(self):
        """A write transaction: ``with store.transaction(): ...``, BEGIN IMMEDIATE … COMMIT.

        BEGIN IMMEDIATE takes the write lock at once, so what is read inside stays true
        until the commit (a read-then-write such as an import's duplicate check): no other
        process or window can write in between. On any error nothing is kept, and SQLite's
        error becomes a StoreError with a message (a full disk, a read-only file). The
        store's own writes inside a caller's transaction join it."""
        if self.db.in_transaction:
            yield
            return
        try:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                yield
                self.db.execute("COMMIT")
            finally:
                # After an error or a failed COMMIT. SQLite may have rolled back already
                # (it does on a full disk), and ROLLBACK would then raise over the real error.
                if self.db.in_transaction:
                    self.db.execute("ROLLBACK")
        except sqlite3.Error as error:
            raise StoreError(_problem(self.path, error, opening=False)) from None

    # Incidents

    def add(self, incident: Incident) -> str:
        self.add_many([incident])
        return incident.id

    def add_many(self, incidents: list[Incident]) -> None:
        """Store new incidents in one transaction: all of them, or none if an ID is taken."""
        now = _now()
        with self.transaction():  # a StoreError raised inside rolls every row back
            for incident in incidents:
                try:
                    self.db.execute(
                        "INSERT INTO incidents (id, status, date, data, created_at, updated_at) "
                        "VALUES (?, ?, ?, ?, ?, ?)",
                        (incident.id, incident.status, incident.date.isoformat(), incident.model_dump_json(),
                         now, now),
                    )
                except sqlite3.IntegrityError:
                    raise StoreError(Problem("incident_exists", params={"id": incident.id})) from None

    def update(self, incident: Incident) -> None:
        with self.transaction():
            changed = self.db.execute(
                # Saving brings back an incident deleted while it was open: the user's save wins.
                "UPDATE incidents SET status = ?, date = ?, data = ?, valid = 1, deleted_at = NULL, updated_at = ?, "
                "unsynced = 1 "
                "WHERE id = ?",
                (incident.status, incident.date.isoformat(), incident.model_dump_json(), _now(), incident.id),
            ).rowcount
        if not changed:
            raise StoreError(Problem("incident_not_found", params={"id": incident.id}))

    def save(self, incident: Incident) -> None:
        """Add or replace: the form's Save."""
        self._put(incident.id, incident.status, incident.date.isoformat(), incident.model_dump_json(), True)

    def save_draft(self, incident_id: str, data: dict) -> None:
        """Keep a form that does not validate yet, as it is, marked draft and not valid."""
        self._put(incident_id, "draft", str(data.get("date") or "")[:10], json.dumps(data, ensure_ascii=False),
                  False)

    def _put(self, incident_id: str, status: str, date: str, data: str, valid: bool) -> None:
        # Saving also brings back a row deleted while it was open: the user's save wins.
        now = _now()
        with self.transaction():
            self.db.execute(
                "INSERT INTO incidents (id, status, date, data, created_at, updated_at, valid) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET status = excluded.status, "
                "date = excluded.date, data = excluded.data, updated_at = excluded.updated_at, "
                "valid = excluded.valid, deleted_at = NULL, unsynced = 1",
                (incident_id, status, date, data, now, now, int(valid)),
            )

    def file_key(self, purpose: str) -> bytes | None:
        """The key that seals this store's files of ``purpose`` (e.g. "report-cache"), made on first
        use; None if it cannot be made (a read-only store): then such files are not written at all."""
        query = "SELECT key FROM file_keys WHERE purpose = ?"
        row = self.db.execute(query, (purpose,)).fetchone()
        if row is None:
            try:
                with self.transaction():  # INSERT OR IGNORE: another process may make it first
                    self.db.execute("INSERT OR IGNORE INTO file_keys (purpose, key) VALUES (?, ?)",
                                    (purpose, new_key()))
            except StoreError:
                return None
            row = self.db.execute(query, (purpose,)).fetchone()
        return bytes(row[0])

    def secret(self, name: str) -> str | None:
        """A credential kept in the encrypted store (e.g. "team.dsn"), None if there is none."""
        row = self.db.execute("SELECT value FROM secrets WHERE name = ?", (name,)).fetchone()
        return row[0] if row else None

    def set_secret(self, name: str, value: str | None) -> None:
        """Keep ``value`` under ``name`` in the encrypted store; None forgets it."""
        with self.transaction():
            if value is None:
                self.db.execute("DELETE FROM secrets WHERE name = ?", (name,))
            else:
                self.db.execute("INSERT INTO secrets (name, value) VALUES (?, ?) "
                                "ON CONFLICT(name) DO UPDATE SET value = excluded.value", (name, value))

    def records(self, include_deleted: bool = False) -> list[Record]:
        """Every row, valid or not, newest date first: what the GUI's log lists."""
        where = "" if include_deleted else "WHERE deleted_at IS NULL"
        rows = self.db.execute(f"SELECT {_RECORD_COLUMNS} FROM incidents {where} ORDER BY date DESC, id")
        return [_record(row) for row in rows]

    def record(self, incident_id: str) -> Record | None:
        """One live row, valid or not: what the form opens."""
        row = self.db.execute(f"SELECT {_RECORD_COLUMNS} FROM incidents WHERE id = ? AND deleted_at IS NULL",
                              (incident_id,)).fetchone()
        return _record(row) if row else None

    def get(self, incident_id: str, include_deleted: bool = False) -> Incident:
        row = self.db.execute(
            "SELECT data, deleted_at FROM incidents WHERE id = ? AND valid = 1", (incident_id,)
        ).fetchone()
        if row is None or (row[1] and not include_deleted):
            raise StoreError(Problem("incident_not_found", params={"id": incident_id}))
        return parse_stored(row[0])

    def list(self, include_deleted: bool = False) -> list[Incident]:
        return [parse_stored(data) for data in self.list_json(include_deleted)]

    def list_json(self, include_deleted: bool = False) -> list[str]:
        """list()'s rows as stored JSON, unparsed: parse_stored() turns them into incidents in
        a worker thread, so a long store is not parsed on the app's UI thread."""
        where = "WHERE valid = 1" + ("" if include_deleted else " AND deleted_at IS NULL")
        return [data for (data,) in self.db.execute(f"SELECT data FROM incidents {where} ORDER BY date DESC, id")]

    def ids(self) -> set[str]:
        """Every ID in the file, deleted rows and drafts too (an import must not reuse one)."""
        return {incident_id for (incident_id,) in self.db.execute("SELECT id FROM incidents")}

    def count(self) -> int:
        return self.db.execute("SELECT count(*) FROM incidents WHERE deleted_at IS NULL AND valid = 1").fetchone()[0]

    def delete(self, incident_id: str) -> None:
        self._set_deleted(incident_id, _now())

    def restore(self, incident_id: str) -> None:
        self._set_deleted(incident_id, None)

    def _set_deleted(self, incident_id: str, when: str | None) -> None:
        with self.transaction():
            changed = self.db.execute(
                "UPDATE incidents SET deleted_at = ?, updated_at = ?, unsynced = 1 WHERE id = ?",
                (when, _now(), incident_id)
            ).rowcount
        if not changed:
            raise StoreError(Problem("incident_not_found", params={"id": incident_id}))


def daily_backups(db_path: Path) -> list[Path]:
    """The daily copies of the database at ``db_path`` in its backups/ folder, oldest first."""
    return sorted((db_path.parent / BACKUP_FOLDER).glob(f"{db_path.stem}-????????.db"))


def store_copies(db_path: Path) -> list[Path]:
    """Every whole copy of the database at ``db_path`` that sitrep made: the daily backups, then
    the copies made before a migration. They are encrypted with the store's key."""
    return [*daily_backups(db_path), *sorted(db_path.parent.glob(f"{db_path.stem}.before-v*.db"))]


def check_output_path(output: str | Path, db_path: str | Path | None = None) -> Path:
    """``output`` as given, or InputError ("output_is_store_file") if writing it would
    destroy one of the store's own files.

    Refused: the database at ``db_path`` (None: the user's default one), its -wal, -shm
    and -journal, the copy made before a migration, and anything in the backups/ and
    photos/ folders beside it. Paths are compared resolved (links, "..", relative to the
    current folder) and without regard to case where the system ignores it (Windows);
    an existing file is also compared as a file (macOS folders ignore case too).
    Every command and dialog that writes a file the user named calls this first.
    """
    db = Path(db_path) if db_path else default_db_path()
    target = Path(output).resolve()
    key = _key(target)
    files = [db, *(_side_file(db, suffix) for suffix in SIDE_FILES)]
    folders = [db.parent / BACKUP_FOLDER, db.parent / PHOTO_FOLDER]
    refused = (
        any(key == _key(file) or _same_file(target, file) for file in files)
        or any(key == _key(folder) or key.startswith(_key(folder) + os.sep) or _same_file(target.parent, folder)
               for folder in folders)
        # fnmatch ignores case where the system does.
        or (_key(target.parent) == _key(db.parent) and fnmatch(target.name, f"{db.stem}.before-v*.db"))
    )
    if refused:
        raise InputError([Problem("output_is_store_file", params={"path": str(output)})])
    return Path(output)


def _key(path: Path) -> str:
    return os.path.normcase(str(Path(path).resolve()))


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # either does not exist
        return False


def _copy_database(source: sqlite3.Connection, key: StoreKey, target: Path) -> None:
    """A whole copy of ``source`` at ``target``, encrypted with the same ``key``, or nothing there.

    Written under a name of its own first: processes opening the database at the same
    time each copy to their own file, and a copy killed half-way is never named as a
    backup. mkstemp creates it private (0600), and SQLite gives its side files the
    same mode.
    """
    _remove_stale_partials(target.parent)
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.stem}.", suffix=".partial")
    os.close(handle)
    partial = Path(name)
    try:
        with closing(connect(partial, key)) as copy:
            # SQLite's backup copies the encrypted pages as they are: it works between two
            # databases with the same key and salt, which is what a backup is.
            source.backup(copy)
            # The copy inherits WAL mode from the header; a backup is one file, with no -wal beside it.
            copy.execute("PRAGMA journal_mode=DELETE")
        os.replace(partial, target)
    finally:
        for leftover in (partial, *(_side_file(partial, suffix) for suffix in SIDE_FILES)):
            leftover.unlink(missing_ok=True)


def _remove_stale_partials(folder: Path) -> None:
    # A copy killed half-way leaves its partial file and SQLite's side files.
    remove_stale(folder.glob("*.partial*"), STALE_PARTIAL_SECONDS)


SIDE_FILES = ("-wal", "-shm", "-journal")  # SQLite's files beside a database


def _side_file(db: Path, suffix: str) -> Path:
    return db.with_name(db.name + suffix)


def _problem(path: Path, error: Exception, opening: bool) -> Problem:
    """The message for an open or a write that failed.

    Only a damaged file gets the advice to restore a backup: restoring over a healthy
    database throws away the work done since that backup.
    """
    params = {"path": str(path), "detail": _detail(error)}
    code = _sqlite_code(error)
    shm = _side_file(path, "-shm")
    if _no_room(error, path.parent):
        return Problem("disk_full", params=params)
    if code == sqlite3.SQLITE_READONLY and shm.exists() and not os.access(shm, os.W_OK):
        return Problem("db_shm_readonly", params={"path": str(shm)})
    if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
        return Problem("db_unreadable", params=params)
    return Problem("db_unavailable" if opening else "db_write_failed", params=params)


def _sqlite_code(error: Exception) -> int:
    """SQLite's primary result code (SQLITE_FULL, …) of an error, 0 for other errors."""
    return (getattr(error, "sqlite_errorcode", None) or 0) & 0xFF


def _no_room(error: Exception, folder: Path) -> bool:
    code = _sqlite_code(error)
    if is_disk_full(error) or code == sqlite3.SQLITE_FULL:
        return True
    # SQLite reports a disk that fills up while it sizes its -shm index as an I/O error.
    try:
        return code == sqlite3.SQLITE_IOERR and shutil.disk_usage(folder).free < 1024 * 1024
    except OSError:
        return False


def _detail(error: Exception) -> str:
    return getattr(error, "strerror", None) or str(error)


_RECORD_COLUMNS = "id, status, date, data, valid, deleted_at"


def _record(row: tuple) -> Record:
    incident_id, status, date, data, valid, deleted = row
    return Record(incident_id, status, date, json.loads(data), bool(valid), deleted is not None)


def parse_stored(data: str) -> Incident:
    # Rows were validated on the way in; this only turns the JSON back into a model
    # (STORED: rows of older versions with control characters in their text still open).
    return Incident.model_validate_json(data, context=STORED)
