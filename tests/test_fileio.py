"""Atomic writes: the old file or the new one, with the right permissions."""

from __future__ import annotations

import os
import stat

from sitrep.fileio import atomic_write


def test_replaces_whole_and_leaves_nothing_behind(tmp_path):
    target = tmp_path / "report.pdf"
    target.write_bytes(b"old")
    atomic_write(target, b"new")
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"]


def test_modes_public_and_private(tmp_path):
    old = os.umask(0o022)
    try:
        shared = atomic_write(tmp_path / "shared.pdf", b"x")
        secret = atomic_write(tmp_path / "autosave.json", b"x", private=True)
    finally:
        os.umask(old)
    assert stat.S_IMODE(shared.stat().st_mode) == 0o644
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600
