"""Concurrent imports: several ``sitrep import --yes`` processes on one CSV without IDs.

    .venv/bin/python bench/concurrent_import.py [--runs 8] [--processes 3] [--rows 300]

Each run starts with a fresh database (created beforehand, so that only the imports
race) and starts the processes at once on the same file. Rows without an ID get a new
one each time they are read, so only the duplicate check stands between the processes
and a doubled store. Prints a Markdown row for docs/reliability.md; exits 1 if any run
ended with a row count other than --rows.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # helpers: the test passphrase

from helpers import open_store, passphrase_environment  # noqa: E402

passphrase_environment()  # the processes started here open the same stores


def csv_without_ids(rows: int) -> str:
    """``rows`` different incidents (one per day and village), no id column."""
    lines = ["date,place_en,place_ar,attack_types,target_kinds,target_names_en,certainty"]
    start = dt.date(2019, 1, 1)
    for index in range(rows):
        day = start + dt.timedelta(days=index)
        lines.append(f"{day.isoformat()},Village {index},قرية {index},airstrike,hospital,Hospital {index},probable")
    return "\n".join(lines) + "\n"


def run(folder: Path, processes: int, csv_path: Path) -> tuple[int, list[int]]:
    """One run: the rows stored at the end and each process's exit code."""
    db = folder / "data.db"
    # Created (and today's backup made) beforehand: only the imports race, not the first open.
    for _ in range(2):
        open_store(db).close()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "LANG": "en_GB.UTF-8"}
    env.pop("SITREP_DEBUG", None)
    started = [subprocess.Popen([sys.executable, "-m", "sitrep.cli", "import", str(csv_path), "--yes",
                                 "--db", str(db)], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True) for _ in range(processes)]
    codes = []
    for process in started:
        out, err = process.communicate(timeout=300)
        codes.append(process.returncode)
        if process.returncode:
            print(err.strip()[-500:], file=sys.stderr)
    with open_store(db) as store:
        stored = store.db.execute("SELECT count(*) FROM incidents").fetchone()[0]
    return stored, codes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=8)
    parser.add_argument("--processes", type=int, default=3)
    parser.add_argument("--rows", type=int, default=300)
    options = parser.parse_args()
    counts, failed_processes = [], 0
    began = time.monotonic()
    with tempfile.TemporaryDirectory() as temporary:
        csv_path = Path(temporary) / "no-ids.csv"
        csv_path.write_text(csv_without_ids(options.rows), encoding="utf-8")
        for number in range(options.runs):
            folder = Path(temporary) / f"run{number}"
            folder.mkdir()
            stored, codes = run(folder, options.processes, csv_path)
            counts.append(stored)
            failed_processes += sum(1 for code in codes if code)
            print(f"run {number + 1}: {stored} rows, exit codes {codes}", file=sys.stderr)
    wrong = sum(1 for count in counts if count != options.rows)
    print("| date | runs | processes per run | rows in the file | rows stored per run | runs with another count "
          "| processes that failed | time |")
    print("|---|---|---|---|---|---|---|---|")
    print(f"| {dt.date.today()} | {options.runs} | {options.processes} | {options.rows} | "
          f"{', '.join(str(count) for count in counts)} | {wrong} | {failed_processes} | "
          f"{time.monotonic() - began:.0f} s |")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
