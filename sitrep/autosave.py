"""Never losing typing: the open form's raw state, kept on disk while the user works.

Power cuts and crashes are ordinary where this tool is used, so the GUI saves the
form every few seconds, whatever it holds (a half-filled, invalid incident too).
One form is open at a time, so there is one file: ``current.sealed``, sealed with the store's key
(sitrep/sealing.py; the app passes Store.file_key(AUTOSAVE_KEY)), since the form holds sources and
it lives outside the database. Without a key (a library caller) it is ``current.json``, in the clear.

- ``save()`` replaces it atomically: a kill at any moment leaves the previous
  autosave or the new one, never a mix (see sitrep.fileio.atomic_write).
- ``pending()`` at start-up tells whether a previous session left one to restore.
- ``clear()`` removes it once the incident is stored or the user discards it.

A file that cannot be read is moved aside, never deleted: it may still hold the
only copy of someone's work, and a person can open it by hand (with the key, if sealed).
A plaintext ``current.json`` left by an older version is still offered once; the next save or
clear overwrites and removes it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

from sitrep.fileio import atomic_write, destroy_file, remove_stale
from sitrep.sealing import seal, unseal

FILE_NAME = "current.json"
SEALED_NAME = "current.sealed"
AUTOSAVE_KEY = "autosave"  # the purpose under which the store keeps the autosave's key
AUTOSAVE_VERSION = 1
# A temporary file this old was left by a killed writer, not one writing right now.
STALE_TEMP_SECONDS = 60


class Autosave:
    """The autosave in ``folder``; the app's is ``Autosave(settings.autosave_folder)``."""

    def __init__(self, folder: str | Path, key: bytes | None = None):
        self.folder = Path(folder)
        self.key = key
        self.legacy = self.folder / FILE_NAME  # in the clear: a keyless autosave, or an older version's
        self.path = self.folder / SEALED_NAME if key else self.legacy

    def save(self, form_state: dict) -> Path:
        """Write the form's state; raise TypeError/ValueError if it is not JSON-serialisable."""
        record = {
            "autosave_version": AUTOSAVE_VERSION,
            "saved_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "pid": os.getpid(),
            "form_state": form_state,
        }
        # Serialise before touching the disk, so a bad state cannot cost the last good autosave.
        data = json.dumps(record, ensure_ascii=False).encode("utf-8")
        if self.key:
            data = seal(self.key, data, SEALED_NAME)
        self.folder.mkdir(parents=True, exist_ok=True)
        # Private (mode 0600 on POSIX): the form holds confidential sources.
        written = atomic_write(self.path, data, private=True)
        self._destroy_legacy()
        return written

    def pending(self) -> dict | None:
        """The last autosave, or None if there is none or it could not be read.

        Returns the whole record: ``form_state`` (what was passed to save()),
        ``saved_at`` (ISO 8601, UTC) and ``pid`` (the process that wrote it), so the
        GUI can say when the unsaved work dates from.
        """
        self._remove_stale_temps()
        path = self.path if self.path.exists() or not self.key else self.legacy
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError:
            self._move_aside(path)
            return None
        if path != self.legacy:
            raw = unseal(self.key, raw, SEALED_NAME)  # None: another store's key, or damaged
        try:
            record = json.loads(raw.decode("utf-8")) if raw is not None else None
        except (ValueError, RecursionError):  # not UTF-8, not JSON, an int of too many digits
            record = None
        if not _is_record(record):
            self._move_aside(path)
            return None
        return {"form_state": record["form_state"], "saved_at": record["saved_at"], "pid": record["pid"]}

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)
        self._destroy_legacy()

    def _destroy_legacy(self) -> None:
        """An older version's plaintext autosave, once a sealed one replaces it: overwritten, removed."""
        if self.key:
            destroy_file(self.legacy)  # what cannot go now is tried again at the next save; sitrep wipe too

    def _move_aside(self, path: Path) -> Path | None:
        """Rename the unreadable file so that the next save() cannot overwrite it."""
        stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        suffix = path.suffix
        target = self.folder / f"current.corrupt-{stamp}{suffix}"
        count = 1
        while target.exists():  # two bad files within one second: keep both
            target = self.folder / f"current.corrupt-{stamp}-{count}{suffix}"
            count += 1
        try:
            os.replace(path, target)
        except OSError:
            return None  # cannot even rename it (permissions): leave it where it is
        return target

    def _remove_stale_temps(self) -> None:
        # A writer killed mid-write leaves its temporary file behind; it holds at most
        # a half-written copy of what the autosave already has, complete, from before.
        remove_stale([*self.folder.glob(f".{FILE_NAME}.*.tmp"), *self.folder.glob(f".{SEALED_NAME}.*.tmp")],
                     STALE_TEMP_SECONDS)


def _is_record(record) -> bool:
    return (isinstance(record, dict)
            and isinstance(record.get("form_state"), dict)
            and isinstance(record.get("saved_at"), str)
            and isinstance(record.get("pid"), int))
