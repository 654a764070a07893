"""Many `sitrep` processes opening one database at the same moment (issue 11, item 3).

    .venv/bin/python bench/store_races.py [--rounds 5] [--code DIR]

Counts the processes that fail, round after round, in three cases: 12 `sitrep list`
with today's backup missing (a 4 MB database), 20 `sitrep add` on a database that does
not exist yet, and 10 `sitrep list` on a version-1 database that each may migrate.
``--code`` runs another copy of the package (e.g. the code before a fix, from
``git archive``). Prints Markdown for docs/reliability.md.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = json.loads((ROOT / "resources" / "samples" / "kafr-naha-field-hospital.json").read_text(encoding="utf-8"))


def cli(code: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(code), "LANG": "en_GB.UTF-8"}
    env.pop("SITREP_DEBUG", None)
    # Run from inside ``code``: python -m looks in the current folder first.
    return subprocess.run([sys.executable, "-m", "sitrep.cli", *args], capture_output=True, text=True, env=env,
                          cwd=code)


def at_once(code: Path, commands: list[tuple]) -> list[subprocess.CompletedProcess]:
    with ThreadPoolExecutor(len(commands)) as pool:
        return list(pool.map(lambda args: cli(code, *args), commands))


def rows(prefix: str, count: int) -> list[tuple]:
    data = json.dumps(SAMPLE)
    return [(f"{prefix}{n}", data.replace(SAMPLE["id"], f"{prefix}{n}")) for n in range(count)]


def old_database(path: Path, count: int, version: int) -> None:
    """A database as sitrep writes it at ``version`` (1: before drafts), without the app."""
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE TABLE incidents (id TEXT PRIMARY KEY, status TEXT NOT NULL, date TEXT NOT NULL, "
               "data TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, deleted_at TEXT)")
    db.execute("CREATE INDEX incidents_date ON incidents(date)")
    if version >= 2:
        db.execute("ALTER TABLE incidents ADD COLUMN valid INTEGER NOT NULL DEFAULT 1")
    db.executemany("INSERT INTO incidents (id, status, date, data, created_at, updated_at) "
                   "VALUES (?, 'final', '2016-05-07', ?, '', '')", rows("stored", count))
    db.execute(f"PRAGMA user_version = {version}")
    db.close()


def case_lists(code: Path, folder: Path) -> list:
    db = folder / "own.db"
    if not db.exists():
        old_database(db, 1000, 2)
    shutil.rmtree(folder / "backups", ignore_errors=True)
    return at_once(code, [("list", "--db", str(db))] * 12)


def case_adds(code: Path, folder: Path) -> list:
    shutil.rmtree(folder / "new", ignore_errors=True)
    files = []
    for incident_id, data in rows("new", 20):
        files.append(folder / f"{incident_id}.json")
        files[-1].write_text(data, encoding="utf-8")
    return at_once(code, [("add", "--db", str(folder / "new" / "new.db"), str(f)) for f in files])


def case_migrations(code: Path, folder: Path) -> list:
    shutil.rmtree(folder / "old", ignore_errors=True)
    (folder / "old").mkdir()
    old_database(folder / "old" / "old.db", 50, 1)
    return at_once(code, [("list", "--db", str(folder / "old" / "old.db"))] * 10)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--code", type=Path, default=ROOT)
    options = parser.parse_args()
    cases = {"12 × `list`, today's backup missing": case_lists, "20 × `add`, new database": case_adds,
             "10 × `list`, version-1 database": case_migrations}
    print("| case | failed processes per round | messages |")
    print("|---|---|---|")
    for name, case in cases.items():
        with tempfile.TemporaryDirectory() as folder:
            failed, messages = [], collections.Counter()
            for _ in range(options.rounds):
                results = case(options.code.resolve(), Path(folder))
                failed.append(sum(1 for r in results if r.returncode))
                messages.update(r.stderr.strip().split("(")[-1].split(")")[0] for r in results if r.returncode)
            shown = "; ".join(f"{text} ×{count}" for text, count in messages.most_common()) or "–"
            print(f"| {name} | {' '.join(map(str, failed))} | {shown} |")


if __name__ == "__main__":
    main()
