"""Reading files with a byte limit; writing them so that an existing one is never left half-written;
destroying them (overwritten, then removed)."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


class NotAFileError(Exception):
    """A device, a pipe, a socket or a folder where an ordinary file was expected."""


class TooLargeError(Exception):
    def __init__(self, size: int):
        super().__init__(f"{size} bytes")
        self.size = size  # what the file claims, or what was read before stopping


def read_limited(path: str | Path, limit: int) -> bytes:
    """The bytes of an ordinary file of at most ``limit`` bytes; never reads more than limit + 1.

    The size a file claims is not enough: /dev/zero and /dev/urandom say 0 and never
    end, so anything but an ordinary file is refused before it is read (a named pipe
    would also block until a writer came), and the read itself stops past the limit.
    Raises NotAFileError, TooLargeError, or OSError when the file cannot be opened.
    """
    if not stat.S_ISREG(os.stat(path).st_mode):
        raise NotAFileError(str(path))
    # O_NONBLOCK: if a pipe replaced the file since the check, opening it returns at
    # once instead of waiting for a writer (POSIX; Windows has neither flag nor FIFOs).
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    with open(os.open(path, flags), "rb") as handle:
        info = os.fstat(handle.fileno())  # what was opened, not what was checked above
        if not stat.S_ISREG(info.st_mode):
            raise NotAFileError(str(path))
        if info.st_size > limit:
            raise TooLargeError(info.st_size)
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise TooLargeError(len(data))
    return data


def atomic_write(path: str | Path, data: bytes, private: bool = False) -> Path:
    """Write to a temporary file beside ``path``, flush it to disk, then rename over it.

    A crash or a full disk leaves either the old file or the new one, never a mix.
    ``private`` keeps the file readable by its owner only (the temporary file's 0600);
    otherwise it gets the mode a new file would get (the umask), like any exported PDF.
    """
    path = Path(path)
    handle = tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False)
    try:
        with handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if not private:
            os.chmod(handle.name, 0o666 & ~_umask())
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
    _sync_folder(path.parent)
    return path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); Windows has no directory handles to sync."""
    if os.name != "posix":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


# No room left: a full disk, or the user's quota (EDQUOT does not exist on Windows).
_NO_ROOM = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


def is_disk_full(error: BaseException) -> bool:
    return isinstance(error, OSError) and error.errno in _NO_ROOM


def remove_stale(paths, older_than: float) -> None:
    """Remove the files among ``paths`` unchanged for ``older_than`` seconds: what a writer killed
    half-way left behind. Younger ones are left alone: another process may be writing them now."""
    now = time.time()
    for path in paths:
        try:
            if now - path.stat().st_mtime > older_than:
                path.unlink()
        except OSError:
            pass


# Destroying a file: what a wipe, and the clean-up of an older version's plaintext files, do.

OVERWRITE_CHUNK = 1024 * 1024


@dataclass
class Destroyed:
    """What destroy_file() did: ``bytes`` overwritten, or the ``problem`` that stopped it
    ("link", "not_a_file", "other_names", "not_overwritten", "not_removed") and its ``detail``."""

    bytes: int = 0
    problem: str | None = None
    detail: str = ""


def destroy_file(path: Path) -> Destroyed | None:
    """Overwrite one file with zeros, flush it to the disk, remove it; None if it is not there.

    A link is never followed (nor overwritten: its target may be anyone's), a file with other
    names (hard links) is only unlinked, since overwriting would reach the other names too."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as error:
        return Destroyed(problem="not_removed", detail=_detail(error))
    if is_link(info):
        return Destroyed(problem="link")
    if not stat.S_ISREG(info.st_mode):
        return Destroyed(problem="not_a_file")
    done = Destroyed()
    if info.st_nlink > 1:
        done = Destroyed(problem="other_names")
    else:
        try:
            done = Destroyed(bytes=_overwrite(path, info))
        except OSError as error:
            done = Destroyed(problem="not_overwritten", detail=_detail(error))
    try:
        Path(path).unlink()
    except FileNotFoundError:
        pass
    except OSError as error:
        return Destroyed(problem="not_removed", detail=_detail(error))
    return done


def is_link(info: os.stat_result) -> bool:
    # A Windows junction is not a symbolic link to Python 3.11, but a reparse point all the same.
    reparse = getattr(info, "st_file_attributes", 0) & stat.FILE_ATTRIBUTE_REPARSE_POINT
    return stat.S_ISLNK(info.st_mode) or bool(reparse)


def _overwrite(path: Path, seen: os.stat_result) -> int:
    if os.name == "nt" and not seen.st_mode & stat.S_IWRITE:
        os.chmod(path, stat.S_IREAD | stat.S_IWRITE)  # a read-only file can be neither written nor removed
    # O_NOFOLLOW: a link put in the file's place since lstat() is not opened (POSIX; Windows has none).
    flags = os.O_WRONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0)
    descriptor = os.open(path, flags)
    try:
        info = os.fstat(descriptor)
        if (info.st_dev, info.st_ino) != (seen.st_dev, seen.st_ino) or not stat.S_ISREG(info.st_mode):
            raise OSError(f"{path} changed while it was being wiped")
        zeros = bytes(OVERWRITE_CHUNK)
        left = info.st_size
        while left > 0:
            left -= os.write(descriptor, zeros[:min(left, OVERWRITE_CHUNK)])
        os.fsync(descriptor)
        return info.st_size
    finally:
        os.close(descriptor)


def _detail(error: OSError) -> str:
    return error.strerror or str(error)
