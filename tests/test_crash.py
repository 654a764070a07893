"""The crash test of bench/crash_test.py, shortened: SIGKILL during saves and exports."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from helpers import ROOT


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
def test_killed_saves_and_exports_lose_nothing_that_returned():
    # The full run (50+ kills) is recorded in docs/reliability.md; five keep the suite short.
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "crash_test.py"), "--runs", "5", "--seed", "7"],
                          capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "| 5 |" in done.stdout
