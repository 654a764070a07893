"""The laptop's side of a sync: what the store knows of the server, read and written in SQLite.

Each incident row carries ``server_revision`` (the server's revision it is based on; NULL when
never synced) and ``unsynced`` (changed here since: the store's own writes set it). A conflict
keeps the server's version in ``conflicts`` beside the user's row, which is never overwritten.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

from sitrep.contract.model import STORED, Incident


@dataclass(frozen=True)
class Outgoing:
    """A local change to send: the row as stored when the sync read it."""

    id: str
    data: str  # the stored JSON text, compared again before the row is marked synced
    deleted: bool
    server_revision: int | None
    sent_hash: str | None  # what the last send of this row carried (version_hash)

    def document(self) -> dict:
        return json.loads(self.data)


def version_hash(document: dict, deleted: bool) -> str:
    """The same for the same incident whatever the key order (the server's jsonb reorders keys)."""
    text = json.dumps(document, sort_keys=True, ensure_ascii=False) + ("\x00deleted" if deleted else "")
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Conflict:
    id: str
    mine: dict | None
    theirs: dict
    their_revision: int
    their_deleted: bool
    found_at: str


def outgoing(store) -> list[Outgoing]:
    """Valid rows changed here and not in conflict (a draft that does not validate stays on the laptop)."""
    rows = store.db.execute(
        "SELECT id, data, deleted_at IS NOT NULL, server_revision, sent_hash FROM incidents "
        "WHERE unsynced = 1 AND valid = 1 AND id NOT IN (SELECT id FROM conflicts) ORDER BY id")
    return [Outgoing(incident_id, data, bool(deleted), revision, sent) for incident_id, data, deleted, revision, sent
            in rows]


def note_sending(store, change: Outgoing, sent_hash: str) -> None:
    """Before the server is written: which version is on its way (see version_hash)."""
    with store.transaction():
        store.db.execute("UPDATE incidents SET sent_hash = ? WHERE id = ?", (sent_hash, change.id))


def rebase(store, incident_id: str, revision: int) -> None:
    """The server's ``revision`` is this laptop's own last send: later changes here build on it."""
    with store.transaction():
        store.db.execute("UPDATE incidents SET server_revision = ? WHERE id = ?", (revision, incident_id))


def known_revisions(store) -> dict[str, tuple[int | None, bool]]:
    """id -> (server revision, unsynced) of every row."""
    return {incident_id: (revision, bool(unsynced)) for incident_id, revision, unsynced
            in store.db.execute("SELECT id, server_revision, unsynced FROM incidents")}


def mark_sent(store, sent: Outgoing, revision: int) -> None:
    """The server holds ``sent`` as ``revision``. The row is clean unless it changed during the sync."""
    with store.transaction():
        store.db.execute(
            "UPDATE incidents SET server_revision = ?, unsynced = CASE WHEN data = ? AND "
            "(deleted_at IS NOT NULL) = ? THEN 0 ELSE 1 END WHERE id = ?",
            (revision, sent.data, int(sent.deleted), sent.id))


def take(store, incident_id: str, document: dict, deleted: bool, revision: int) -> None:
    """The server's version replaces the row (or becomes a new one), clean."""
    data = json.dumps(document, ensure_ascii=False)
    try:
        incident = Incident.model_validate(document, context=STORED)
        status, date, valid = incident.status, incident.date.isoformat(), 1
    except ValueError:  # kept as it came, like a draft, for the user to look at
        status, date, valid = "draft", str(document.get("date") or "")[:10], 0
    now = _now()
    with store.transaction():
        store.db.execute(
            "INSERT INTO incidents (id, status, date, data, created_at, updated_at, valid, deleted_at, "
            "server_revision, unsynced) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0) ON CONFLICT(id) DO UPDATE SET "
            "status = excluded.status, date = excluded.date, data = excluded.data, updated_at = excluded.updated_at, "
            "valid = excluded.valid, deleted_at = excluded.deleted_at, server_revision = excluded.server_revision, "
            "unsynced = 0",
            (incident_id, status, date, data, now, now, valid, now if deleted else None, revision))
        store.db.execute("DELETE FROM conflicts WHERE id = ?", (incident_id,))


def record_conflict(store, incident_id: str, theirs: dict, deleted: bool, revision: int) -> None:
    with store.transaction():
        store.db.execute(
            "INSERT INTO conflicts (id, theirs, their_revision, their_deleted, found_at) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET theirs = excluded.theirs, their_revision = excluded.their_revision, "
            "their_deleted = excluded.their_deleted, found_at = excluded.found_at",
            (incident_id, json.dumps(theirs, ensure_ascii=False), revision, int(deleted), _now()))


def conflicts(store) -> list[Conflict]:
    rows = store.db.execute(
        "SELECT c.id, i.data, c.theirs, c.their_revision, c.their_deleted, c.found_at "
        "FROM conflicts AS c LEFT JOIN incidents AS i ON i.id = c.id ORDER BY c.id")
    return [Conflict(incident_id, json.loads(mine) if mine else None, json.loads(theirs), revision, bool(deleted),
                     found) for incident_id, mine, theirs, revision, deleted, found in rows]


def keep_mine(store, incident_id: str) -> None:
    """Resolve a conflict with the user's version: sent at the next sync, over the server's."""
    with store.transaction():
        row = store.db.execute("SELECT their_revision FROM conflicts WHERE id = ?", (incident_id,)).fetchone()
        if row is None:
            return
        store.db.execute("UPDATE incidents SET server_revision = ?, unsynced = 1 WHERE id = ?", (row[0], incident_id))
        store.db.execute("DELETE FROM conflicts WHERE id = ?", (incident_id,))


def take_theirs(store, incident_id: str) -> None:
    """Resolve a conflict with the server's version: it replaces the user's row."""
    found = next((conflict for conflict in conflicts(store) if conflict.id == incident_id), None)
    if found is not None:
        take(store, incident_id, found.theirs, found.their_deleted, found.their_revision)


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


# What the app shows: counts for its status line, and a conflict's two versions field by field.

def waiting(store) -> int:
    """How many rows outgoing() would send now (a count: the status line asks after every save)."""
    return store.db.execute(
        "SELECT COUNT(*) FROM incidents WHERE unsynced = 1 AND valid = 1 "
        "AND id NOT IN (SELECT id FROM conflicts)").fetchone()[0]


def conflict_count(store) -> int:
    return store.db.execute("SELECT COUNT(*) FROM conflicts").fetchone()[0]


@dataclass(frozen=True)
class Difference:
    """A top-level field of an incident that differs between the two versions, each as short text."""

    field: str
    mine: str
    theirs: str


def differences(conflict: Conflict) -> list[Difference]:
    """The top-level fields that differ, in the document's order (the user's version first)."""
    mine, theirs = conflict.mine or {}, conflict.theirs
    fields = dict.fromkeys([*mine, *theirs])
    return [Difference(field, compact(mine.get(field)), compact(theirs.get(field)))
            for field in fields if mine.get(field) != theirs.get(field)]


def compact(value) -> str:
    """A JSON value on one line: text as it is, anything else as compact JSON; "—" for none."""
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
