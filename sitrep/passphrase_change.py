"""Changing the passphrase: the store and its copies re-encrypted under the new key.

SQLCipher's ``PRAGMA rekey`` rewrites every page in one transaction, so a change that is
killed part way leaves the store opening with the old passphrase or with the new one, never
neither (the crash test kills it at random moments). SQLCipher keeps the file's salt, so the
new key is Argon2id of the new passphrase with the same salt (sitrep/vault.py).

The daily backups and the copies made before a migration are re-keyed after the store, one
transaction each. A change killed among them leaves some copies under the old passphrase:
each still opens with one of the two, and the next change (or the next day's backups)
replaces them.

The files sealed outside the database (autosave, report cache, photos) are not rewritten:
their keys live inside the database (Store.file_key), so the new passphrase protects them
from the moment the store is re-keyed. docs/security.md says what that means.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import closing
from pathlib import Path

from sitrep.store import Store, StoreError, connect, sqlite3, store_copies
from sitrep.vault import StoreKey, derive


def change_passphrase(store: Store, new_passphrase: str,
                      progress: Callable[[int, int], None] | None = None) -> StoreKey:
    """Re-key the open ``store`` and its copies for ``new_passphrase``; the store keeps working
    with the new key, which is returned. Raises StoreError if the store itself could not be
    re-keyed (then it still opens with the old passphrase)."""
    old, new = store.key, derive(new_passphrase, store.key.salt)
    copies = store_copies(store.path)
    total = 1 + len(copies)
    if progress:
        progress(0, total)
    try:
        store.db.execute(f"PRAGMA rekey = {new.pragma()}")
        # The old key's pages leave the -wal now rather than at some later checkpoint.
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.Error as error:
        raise StoreError(_failed(store.path, error)) from None
    store.key = new
    for done, copy in enumerate(copies, start=2):
        _rekey_copy(copy, old, new)
        if progress:
            progress(done, total)
    return new


def _rekey_copy(path: Path, old: StoreKey, new: StoreKey) -> None:
    try:
        with closing(connect(path, old)) as db:
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()
            db.execute(f"PRAGMA rekey = {new.pragma()}")
    except sqlite3.Error:
        pass  # already under the new key (an earlier change killed half-way), or damaged: left as it is


def _failed(path: Path, error: Exception):
    from sitrep.contract.problems import Problem

    return Problem("db_write_failed", params={"path": str(path), "detail": str(error)})
