"""Consecutive failed unlocks, counted across restarts (the setting wipe_after_failed_unlocks).

The count is a small file next to the settings holding only a number: quitting and starting
again must not give a guesser a fresh set of tries. Any success resets it. A file that cannot
be read counts as 0 rather than stopping the app from starting.
"""

from __future__ import annotations

from pathlib import Path

from sitrep.fileio import atomic_write

FILE_NAME = "failed-unlocks"


class FailedUnlocks:
    def __init__(self, path: str | Path):
        self.path = Path(path)

    @classmethod
    def beside_settings(cls) -> FailedUnlocks:
        from sitrep.settings import settings_path

        return cls(settings_path().with_name(FILE_NAME))

    def count(self) -> int:
        try:
            text = self.path.read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            return 0
        return int(text) if text.isdigit() and len(text) < 6 else 0

    def add(self) -> int:
        """One more failed unlock; the count now."""
        count = self.count() + 1
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(self.path, f"{count}\n".encode("ascii"))
        except OSError:  # a read-only config folder: this session still counts
            pass
        return count

    def reset(self) -> None:
        try:
            self.path.unlink()
        except OSError:
            pass
