"""One sync with the team server: push what changed here, then pull what the user may see.

Every step is safe to cut at any moment (a kill, the network gone, the server restarted) and to
run again; the next sync converges:
- Push: a change is sent as an UPDATE guarded by the revision it is based on (or an INSERT for
  a new incident). When that guard fails, the server's version is read: if it is already the
  same document (an earlier sync sent it, then was cut before it could note so), the laptop just
  takes the revision; if it differs, both versions are kept as a *conflict*, never overwritten.
- Pull: the server's (id, revision) pairs the user may see are compared with the laptop's, and
  only the rows that differ are fetched. A row changed on both sides becomes a conflict too.
- Photos go before the incident that shows them, and come after it; each is stored once by name.
- Time is the server's clock only (updated_at, revisions): a laptop whose clock is wrong changes
  nothing here.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from sitrep.contract.problems import Problem
from sitrep.photos import PHOTO_KEY, read_stored, store_received
from sitrep.team import local
from sitrep.team.connection import opened

FETCH_BATCH = 500  # rows fetched per query on a pull


@dataclass
class SyncResult:
    sent: int = 0
    received: int = 0
    conflicts: list[str] = field(default_factory=list)
    photos_sent: int = 0
    photos_received: int = 0
    problems: list[Problem] = field(default_factory=list)


def sync(store, dsn: str, progress: Callable[[str], None] | None = None) -> SyncResult:
    """Push then pull; InputError with a message in the user's language when the server cannot
    be used or refuses a statement (nothing local is lost: what was not sent stays marked to send)."""
    result = SyncResult()
    with opened(dsn, autocommit=True) as server:
        _push(store, server, result, progress)
        _pull(store, server, result, progress)
    return result


def _push(store, server, result: SyncResult, progress) -> None:
    changes = local.outgoing(store)
    for done, change in enumerate(changes, start=1):
        document = change.document()
        result.photos_sent += _send_photos(store, server, document)
        _send(store, server, change, document, result)
        if progress:
            progress(f"sent {done}/{len(changes)}")


def _send(store, server, change: local.Outgoing, document: dict, result: SyncResult) -> None:
    import psycopg
    from psycopg.types.json import Jsonb

    local.note_sending(store, change, local.version_hash(document, change.deleted))
    row = None
    if change.server_revision is None:
        try:
            row = server.execute("INSERT INTO sitrep.incidents (id, document, deleted) VALUES (%s, %s, %s) "
                                 "RETURNING revision", (change.id, Jsonb(document), change.deleted)).fetchone()
        except psycopg.errors.UniqueViolation:
            row = None
    else:
        row = server.execute("UPDATE sitrep.incidents SET document = %s, deleted = %s "
                             "WHERE id = %s AND revision = %s RETURNING revision",
                             (Jsonb(document), change.deleted, change.id, change.server_revision)).fetchone()
    if row is not None:
        local.mark_sent(store, change, row[0])
        result.sent += 1
    else:
        _already_there(store, server, change, document, result)


def _already_there(store, server, change: local.Outgoing, document: dict, result: SyncResult) -> None:
    """The guarded write found the server at another revision. The same document (sent before a
    cut) is taken as sent; this laptop's own earlier send (cut, then edited here again) becomes
    the base of a second try; anything else is a conflict; no row visible means another user's id."""
    theirs = server.execute("SELECT document, deleted, revision FROM sitrep.incidents WHERE id = %s",
                            (change.id,)).fetchone()
    if theirs is None:
        result.problems.append(Problem("team_id_taken", params={"id": change.id}, severity="warning"))
    elif _same(theirs[0], document) and theirs[1] == change.deleted:
        local.mark_sent(store, change, theirs[2])
        result.sent += 1
    elif change.sent_hash is not None and local.version_hash(theirs[0], theirs[1]) == change.sent_hash \
            and change.server_revision != theirs[2]:
        local.rebase(store, change.id, theirs[2])
        _send(store, server, replace(change, server_revision=theirs[2], sent_hash=None), document, result)
    else:
        local.record_conflict(store, change.id, theirs[0], theirs[1], theirs[2])
        result.conflicts.append(change.id)


def _pull(store, server, result: SyncResult, progress) -> None:
    remote = dict(server.execute("SELECT id, revision FROM sitrep.incidents").fetchall())
    known = local.known_revisions(store)
    changed = sorted(incident_id for incident_id, revision in remote.items()
                     if known.get(incident_id, (None, False))[0] != revision)
    pending_conflicts = {conflict.id for conflict in local.conflicts(store)}
    for start in range(0, len(changed), FETCH_BATCH):
        batch = changed[start:start + FETCH_BATCH]
        rows = server.execute("SELECT id, document, deleted, revision FROM sitrep.incidents WHERE id = ANY(%s)",
                              (batch,)).fetchall()
        for incident_id, document, deleted, revision in rows:
            _receive(store, server, result, incident_id, document, deleted, revision,
                     known.get(incident_id), incident_id in pending_conflicts)
        if progress:
            progress(f"received {min(start + FETCH_BATCH, len(changed))}/{len(changed)}")


def _receive(store, server, result: SyncResult, incident_id: str, document: dict, deleted: bool, revision: int,
             here: tuple[int | None, bool] | None, in_conflict: bool) -> None:
    if here is not None and (here[1] or in_conflict):  # changed here too
        mine = store.db.execute("SELECT data, deleted_at IS NOT NULL FROM incidents WHERE id = ?",
                                (incident_id,)).fetchone()
        if mine and _same(document, json.loads(mine[0])) and bool(mine[1]) == deleted:
            local.take(store, incident_id, document, deleted, revision)
        else:
            local.record_conflict(store, incident_id, document, deleted, revision)
            if incident_id not in result.conflicts:
                result.conflicts.append(incident_id)
        return
    result.photos_received += _fetch_photos(store, server, document)
    local.take(store, incident_id, document, deleted, revision)
    result.received += 1


def _send_photos(store, server, document: dict) -> int:
    names = _photo_names(document)
    if not names:
        return 0
    there = {name for (name,) in server.execute("SELECT name FROM sitrep.photos WHERE name = ANY(%s)",
                                                 (names,)).fetchall()}
    key, sent = store.file_key(PHOTO_KEY), 0
    for name in names:
        data = None if name in there else read_stored(store.photo_dir, f"photos/{name}", key)
        if data is not None:
            server.execute("INSERT INTO sitrep.photos (name, data) VALUES (%s, %s) ON CONFLICT (name) DO NOTHING",
                           (name, data))
            sent += 1
    return sent


def _fetch_photos(store, server, document: dict) -> int:
    key = store.file_key(PHOTO_KEY)
    missing = [name for name in _photo_names(document)
               if read_stored(store.photo_dir, f"photos/{name}", key) is None]
    if not missing:
        return 0
    rows = server.execute("SELECT name, data FROM sitrep.photos WHERE name = ANY(%s)", (missing,)).fetchall()
    for name, data in rows:
        store_received(store.photo_dir, f"photos/{name}", bytes(data), key)
    return len(rows)


def _photo_names(document: dict) -> list[str]:
    paths = [attachment.get("path", "") for attachment in document.get("attachments") or []
             if isinstance(attachment, dict)]
    return [path.removeprefix("photos/") for path in paths if path.startswith("photos/")]


def _same(a: dict, b: dict) -> bool:
    """The same incident, whatever the key order or the server's own stamps (id, status it keeps)."""
    return json.dumps(a, sort_keys=True, ensure_ascii=False) == json.dumps(b, sort_keys=True, ensure_ascii=False)
