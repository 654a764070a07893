"""The local incident store: one SQLite file.

Each incident is kept whole as contract JSON, with a few columns copied out for
listing and sorting. The schema is versioned with ``PRAGMA user_version``; opening
an older file runs the migrations in order, after copying the file aside.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sitrep.model import Incident, upgrade_v1
from sitrep.problems import Problem

APP_NAME = "sitrep"


class StoreError(Exception):
    def __init__(self, problem: Problem):
        super().__init__(problem.message("en"))
        self.problems = [problem]


def default_db_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False)) / "sitrep.db"


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


# MIGRATIONS[n] takes a database at version n to n + 1.
MIGRATIONS = [_migrate_0_to_1, _migrate_1_to_2, _migrate_2_to_3]
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
        return Incident.model_validate(self.data) if self.valid else None


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


BACKUPS_KEPT = 7  # daily copies: a week of "yesterday's file" to go back to


class Store:
    def __init__(self, path: str | Path | None = None, daily_backup: bool = True):
        self.path = Path(path) if path else default_db_path()
        self.folder_lock = None  # the desktop app's lock on the data folder, if it holds one
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            new = not self.path.exists()
            self.db = sqlite3.connect(self.path, isolation_level=None)  # explicit transactions below
            if new and os.name == "posix":
                os.chmod(self.path, 0o600)  # it holds confidential sources
            # Read-only checks first: a damaged or foreign file is refused before
            # anything (even the journal mode in its header) is written to it.
            self._check_integrity()
            version = self._check_ours()
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            if daily_backup and version > 0:
                self._daily_backup()
            self._migrate(version)
        except (sqlite3.DatabaseError, OSError) as error:
            raise StoreError(Problem("db_unreadable", params={"path": str(self.path), "detail": str(error)})) from None

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def photo_dir(self) -> Path:
        """Cleaned photos live next to the database (see sitrep/photos.py)."""
        return self.path.parent / "photos"

    # Schema

    def _check_integrity(self) -> None:
        # The full check reads every page (2 ms for 1,000 incidents, 44 ms for 10,000;
        # docs/reliability.md); quick_check would miss damaged indexes.
        result = self.db.execute("PRAGMA integrity_check").fetchone()[0]
        if result != "ok":
            raise sqlite3.DatabaseError(result)

    def _check_ours(self) -> int:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(Problem("db_too_new", params={"path": str(self.path)}))
        tables = {name for (name,) in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if (version == 0 and tables) or (version > 0 and "incidents" not in tables):
            # Another program's SQLite file: never add our tables to it.
            raise StoreError(Problem("db_foreign", params={"path": str(self.path)}))
        return version

    def _migrate(self, version: int) -> None:
        if version == SCHEMA_VERSION:
            return
        if version > 0:
            self._backup(self.path.with_name(f"{self.path.stem}.before-v{SCHEMA_VERSION}.{dt.date.today():%Y%m%d}.db"))
        for step in range(version, SCHEMA_VERSION):
            with self._transaction():
                MIGRATIONS[step](self.db)
                self.db.execute(f"PRAGMA user_version = {step + 1}")

    @property
    def backup_dir(self) -> Path:
        return self.path.parent / "backups"

    def _daily_backup(self) -> None:
        """One copy per day in backups/, the newest BACKUPS_KEPT kept."""
        folder = self.backup_dir
        target = folder / f"{self.path.stem}-{dt.date.today():%Y%m%d}.db"
        if target.exists():
            return
        folder.mkdir(mode=0o700, exist_ok=True)
        partial = target.with_suffix(".partial")
        self._backup(partial)
        os.replace(partial, target)  # a crash mid-copy never leaves a half file named as a backup
        for old in sorted(folder.glob(f"{self.path.stem}-????????.db"))[:-BACKUPS_KEPT]:
            old.unlink(missing_ok=True)

    def _backup(self, target: Path) -> Path:
        copy = sqlite3.connect(target)
        try:
            self.db.backup(copy)
        finally:
            copy.close()
        if os.name == "posix":
            os.chmod(target, 0o600)
        return target

    def _transaction(self):
        db = self.db

        class _Tx:
            def __enter__(self):
                db.execute("BEGIN IMMEDIATE")

            def __exit__(self, exc_type, *rest):
                db.execute("ROLLBACK" if exc_type else "COMMIT")

        return _Tx()

    # Incidents

    def add(self, incident: Incident) -> str:
        self.add_many([incident])
        return incident.id

    def add_many(self, incidents: list[Incident]) -> None:
        """Store new incidents in one transaction: all of them, or none if an ID is taken."""
        now = _now()
        with self._transaction():  # a StoreError raised inside rolls every row back
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
        with self._transaction():
            changed = self.db.execute(
                # Saving brings back an incident deleted while it was open: the user's save wins.
                "UPDATE incidents SET status = ?, date = ?, data = ?, valid = 1, deleted_at = NULL, updated_at = ? "
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
        with self._transaction():
            self.db.execute(
                "INSERT INTO incidents (id, status, date, data, created_at, updated_at, valid) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET status = excluded.status, "
                "date = excluded.date, data = excluded.data, updated_at = excluded.updated_at, "
                "valid = excluded.valid, deleted_at = NULL",
                (incident_id, status, date, data, now, now, int(valid)),
            )

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
        return _incident(row[0])

    def list(self, include_deleted: bool = False) -> list[Incident]:
        where = "WHERE valid = 1" + ("" if include_deleted else " AND deleted_at IS NULL")
        rows = self.db.execute(f"SELECT data FROM incidents {where} ORDER BY date DESC, id")
        return [_incident(data) for (data,) in rows]

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
        with self._transaction():
            changed = self.db.execute(
                "UPDATE incidents SET deleted_at = ?, updated_at = ? WHERE id = ?", (when, _now(), incident_id)
            ).rowcount
        if not changed:
            raise StoreError(Problem("incident_not_found", params={"id": incident_id}))


_RECORD_COLUMNS = "id, status, date, data, valid, deleted_at"


def _record(row: tuple) -> Record:
    incident_id, status, date, data, valid, deleted = row
    return Record(incident_id, status, date, json.loads(data), bool(valid), deleted is not None)


def _incident(data: str) -> Incident:
    # Rows were validated on the way in; this only turns the JSON back into a model.
    return Incident.model_validate_json(data)
