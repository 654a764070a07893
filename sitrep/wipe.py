"""Wipe: overwrite and remove everything sitrep keeps about incidents for one data folder.

What is destroyed, each file overwritten with zeros over its whole length, flushed to
the disk (fsync), then removed:

- the database and SQLite's files beside it (``-wal``, ``-shm``, ``-journal``), the copy
  made before a migration and the partial copies of one (sitrep/store.py);
- every daily backup in ``backups/``, partial ones too;
- the stored photos in ``photos/`` (sitrep/photos.py);
- the autosave of the open form in ``autosave/``, and the unreadable ones moved aside
  (sitrep/autosave.py);
- the report-parts cache (sitrep/situation_report/cache.py), which holds laid-out
  incidents, sources and internal notes of internal reports included.

Only names sitrep itself writes are touched: anything else in those folders (a file the
user put there) is left, and so is a folder that is not empty afterwards. A link is never
followed (a symbolic link, or a junction on Windows): the link is left and reported, and
what it points to is not touched. Running it again finds nothing and changes nothing.

What cannot be reached from here, and is said wherever a wipe is offered (CANNOT_REACH):
copies on other disks or memory sticks, in cloud-synced folders, in backups the user made,
in files exported from sitrep, and the old blocks an SSD or flash drive keeps aside when a
file is overwritten (wear levelling): on such a disk overwriting cannot promise that the
old bytes are gone; only full-disk encryption from the start protects them.

The settings file is left as it is: it holds the organization's name and logo, the report
choices and the data folder, not records. The desktop app clears its own recent paths (Qt's
file dialog history), which the core cannot reach without Qt.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from sitrep.autosave import FILE_NAME as AUTOSAVE_FILE, SEALED_NAME as SEALED_AUTOSAVE
from sitrep.fileio import destroy_file, is_link
from sitrep.i18n import N_
from sitrep.paths import default_cache_dir
from sitrep.search import fold
from sitrep.settings import AUTOSAVE_FOLDER
from sitrep.encryption import SUFFIXES as ENCRYPTION_SUFFIXES
from sitrep.store import BACKUP_FOLDER, PHOTO_FOLDER, SIDE_FILES

CONFIRM_WORD = N_("DESTROY")  # what the user types, in their language, before anything is destroyed
CANNOT_REACH = N_("Copies kept anywhere else cannot be reached from here: on other disks or memory sticks, in "
                  "cloud-synced folders, in backups you made yourself, in files exported from sitrep, and the old "
                  "blocks that an SSD or a flash drive keeps aside when a file is overwritten.")
LEFTOVER_MESSAGES = {
    "link": N_("{path} is a link to another place: it was not followed and what it points to was not touched."),
    "not_a_file": N_("{path} is not an ordinary file: it was left."),
    "other_names": N_("{path} was removed, but not overwritten: the same file has other names on this disk, "
                      "and they still hold it."),
    "not_overwritten": N_("{path} was removed, but could not be overwritten first ({detail})."),
    "not_removed": N_("{path} could not be removed ({detail})."),
}

# SQLite's side files, and the names a move from plaintext gives a file on the way (sitrep/encryption.py).
_SIDE = "(" + "|".join(re.escape(suffix) for suffix in (*SIDE_FILES, *ENCRYPTION_SUFFIXES)) + ")?"
# backups/: the daily copies of any database of this folder, and copies killed half-way.
_BACKUPS = re.compile(rf"^(.+-\d{{8}}\.db{_SIDE}|\..+\.partial.*)$")
# photos/: stored by content, and atomic_write's temporary files.
_PHOTOS = re.compile(r"^(\.)?[0-9a-f]{64}\.(jpg|png)(?(1)\..+\.tmp)$")
_AUTOSAVE_NAMES = f"{re.escape(AUTOSAVE_FILE)}|{re.escape(SEALED_AUTOSAVE)}"
_AUTOSAVE = re.compile(rf"^({_AUTOSAVE_NAMES}|current\.corrupt-[0-9TZ-]+\.(json|sealed)|\.({_AUTOSAVE_NAMES})\..+\.tmp)$")
# The cache's batches/<32 hex>.sealed (.pdf before they were sealed) and refs/<2 hex>/<64 hex>,
# and their temporary files.
_BATCHES = re.compile(r"^(\.)?[0-9a-f]{32}\.(pdf|sealed)(?(1)\..+\.tmp)$")  # .pdf: before sealing
_REFS = re.compile(r"^(\.)?[0-9a-f]{64}(?(1)\..+\.tmp)$")
_REF_FOLDER = re.compile(r"^[0-9a-f]{2}$")


@dataclass(frozen=True)
class Leftover:
    """Something that is still there, or whose content may be: ``code`` keys LEFTOVER_MESSAGES."""

    path: str
    code: str
    detail: str = ""


@dataclass
class WipeReport:
    files: int = 0  # overwritten and removed
    bytes: int = 0  # overwritten
    leftovers: list[Leftover] = field(default_factory=list)


def is_confirmation(typed: str, word: str) -> bool:
    """Whether the user typed ``word`` (or the English one), however Arabic or case was typed."""
    return fold(typed) in (fold(word), fold(CONFIRM_WORD))


def wipe(db_path: str | Path, cache_dir: str | Path | None = None) -> WipeReport:
    """Overwrite and remove what sitrep keeps for the database ``db_path`` and its folder,
    and the report-parts cache (``cache_dir``; None: the user's, SITREP_CACHE_DIR included).

    The store must be closed first. Never raises for a file: what could not be done is in
    the report's leftovers.
    """
    db = Path(db_path)
    folder = db.parent.resolve()  # the folder the user chose, wherever it is; nothing below it is followed
    report = WipeReport()
    stem = re.escape(db.stem)
    database = re.compile(rf"^({re.escape(db.name)}{_SIDE}|{stem}\.before-v\d+\.\d{{8}}\.db{_SIDE}|"
                          rf"\.{stem}\.before-v.+\.partial.*)$")
    _wipe_files(folder, database, report)
    for name, pattern in ((BACKUP_FOLDER, _BACKUPS), (PHOTO_FOLDER, _PHOTOS), (AUTOSAVE_FOLDER, _AUTOSAVE)):
        if _is_folder(folder / name, report):
            _wipe_files(folder / name, pattern, report)
            _remove_if_empty(folder / name)
    _wipe_cache(Path(cache_dir) if cache_dir else default_cache_dir(), report)
    return report


def _wipe_cache(cache: Path, report: WipeReport) -> None:
    if not _is_folder(cache, report):
        return
    if _is_folder(cache / "batches", report):
        _wipe_files(cache / "batches", _BATCHES, report)
        _remove_if_empty(cache / "batches")
    if _is_folder(cache / "refs", report):
        for entry in _entries(cache / "refs"):
            if _REF_FOLDER.match(entry.name) and _is_folder(Path(entry.path), report):
                _wipe_files(Path(entry.path), _REFS, report)
                _remove_if_empty(Path(entry.path))
        _remove_if_empty(cache / "refs")
    _remove_if_empty(cache)


def _is_folder(path: Path, report: WipeReport) -> bool:
    """A real folder to go into; a link or junction in its place is reported and not followed."""
    try:
        info = os.lstat(path)
    except OSError:
        return False
    if is_link(info):
        report.leftovers.append(Leftover(str(path), "link"))
        return False
    return stat.S_ISDIR(info.st_mode)


def _entries(folder: Path) -> list[os.DirEntry]:
    try:
        with os.scandir(folder) as found:
            return sorted(found, key=lambda entry: entry.name)
    except OSError:
        return []


def _wipe_files(folder: Path, pattern: re.Pattern, report: WipeReport) -> None:
    for entry in _entries(folder):
        if pattern.match(entry.name):
            _destroy(Path(entry.path), report)


def _destroy(path: Path, report: WipeReport) -> None:
    destroyed = destroy_file(path)
    if destroyed is None:
        return  # gone since the folder was read (SQLite removes its -journal)
    if destroyed.problem:
        report.leftovers.append(Leftover(str(path), destroyed.problem, destroyed.detail))
    else:
        report.files += 1
        report.bytes += destroyed.bytes


def _remove_if_empty(folder: Path) -> None:
    try:
        folder.rmdir()  # only an empty folder: anything the user put there keeps it
    except OSError:
        pass


#END
