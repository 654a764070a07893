"""One app per data folder: a second window on the same folder would overwrite the
first one's autosave and race it on every save."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLockFile

from sitrep.formatting import as_path
from sitrep.i18n import N_
from sitrep.store import Store, StoreError
from sitrep.vault import StoreKey

MSG_IN_USE = N_("sitrep is already open with the data folder {folder}. Use that window, or choose another data folder.")


def lock_data_folder(folder: str | Path) -> QLockFile | None:
    """The folder's lock, held until released; None if another running app holds it.

    A lock left behind by a crashed or killed app is taken over: Qt sees that its
    process is gone. Age alone never makes it stale (the app may run for days).
    """
    Path(folder).mkdir(parents=True, exist_ok=True)
    lock = QLockFile(str(Path(folder) / "sitrep.lock"))
    lock.setStaleLockTime(0)
    return lock if lock.tryLock(100) else None


class LockedStore(Store):
    """The store of a data folder that this app holds the lock of; closing it lets the lock go."""

    folder_lock: QLockFile

    def close(self) -> None:
        super().close()
        self.folder_lock.unlock()


def open_locked_store(db_path: Path, ui, key: StoreKey | None = None, parent=None,
                      **unlocking) -> tuple[LockedStore | None, str]:
    """The store of a data folder with the folder's lock kept on it, or None and the reason in
    the user's language ("" if the user cancelled the passphrase). Opened with ``key`` if given
    (a new empty store after a wipe keeps the passphrase), else unlocked by the user
    (``unlocking``: gui.unlock_dialog.unlock's use_environment and guard)."""
    from gui.unlock_dialog import unlock  # start-up time
    folder = db_path.parent
    try:
        lock = lock_data_folder(folder)
    except OSError as error:  # the folder cannot be created
        return None, f"{folder}: {error.strerror or error}"
    if lock is None:
        return None, ui.t(MSG_IN_USE, folder=as_path(folder))
    try:
        if key is not None:
            store = LockedStore(db_path, key)
        else:
            opened = unlock(ui, db_path, LockedStore, parent, **unlocking)
            store = opened.store if opened else None
    except StoreError as error:
        lock.unlock()
        return None, error.problems[0].message(ui.lang)
    if store is None:
        lock.unlock()
        return None, ""
    store.folder_lock = lock
    return store, ""
