"""One app per data folder: a second window on the same folder would overwrite the
first one's autosave and race it on every save."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLockFile

from sitrep.i18n import N_

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
