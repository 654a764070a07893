"""Team mode at scale (issue 15), against a throwaway local PostgreSQL started here.

    .venv/bin/python bench/team_bench.py [--seed 100000] [--officers 20] [--each 500]

1. The server is filled with ``--seed`` incidents (server-side, from one template).
2. ``--officers`` officer laptops, each with ``--each`` new incidents, run `sitrep sync` at the
   same time as separate processes; every incident must arrive exactly once.
3. One officer: a sync with nothing new, and a push of 1,000 incidents, timed inside the process
   (the sync itself, without Python's start and the unlock).
4. A reviewer's annex-only situation report over one month of 10,000 incidents: from the server
   (`--team`) and from a local store holding the same incidents, whole processes in turn.
Prints a Markdown table for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # helpers: the test passphrase, the PostgreSQL cluster
sys.path.insert(0, str(ROOT / "bench"))

from helpers import (PostgresCluster, open_store, passphrase_environment, postgres_bindir,  # noqa: E402
                     store_with, team_user)

passphrase_environment()

SITREP = [sys.executable, "-m", "sitrep.cli"]
OTHER_YEAR = dt.date(2017, 3, 1)


def laptop(folder: Path, dsn: str, incidents) -> Path:
    from sitrep.team import connection

    db = store_with(folder / "sitrep.db", incidents)
    with open_store(db) as store:
        connection.save(store, dsn)
    return db


def seed_server(admin_dsn: str, count: int) -> float:
    """``count`` incidents made on the server from one template (owned by the admin)."""
    import psycopg

    from report_bench import month_of_incidents

    template = month_of_incidents(1)[0].model_dump(mode="json")
    started = time.perf_counter()
    with psycopg.connect(admin_dsn, autocommit=True) as server:
        server.execute(
            "INSERT INTO sitrep.incidents (id, document) SELECT 'seed-' || n, "
            "jsonb_set(%s::jsonb, '{date}', to_jsonb((date '2015-01-01' + (n %% 365))::text)) "
            "FROM generate_series(1, %s) AS n", (json.dumps(template), count))
    return time.perf_counter() - started


def officers_at_once(folder: Path, admin_dsn: str, officers: int, each: int) -> tuple[float, int, int]:
    from report_bench import month_of_incidents

    pool = month_of_incidents(each)
    laptops = []
    for number in range(officers):
        # Dated 2017: outside the month the reviewer's report covers below.
        incidents = [incident.model_copy(update={"id": f"o{number:02d}-{incident.id}", "date": OTHER_YEAR})
                     for incident in pool]
        laptops.append(laptop(folder / f"officer-{number}", team_user(admin_dsn, "officer"), incidents))
    started = time.perf_counter()
    running = [subprocess.Popen([*SITREP, "sync", "--db", str(db)], cwd=ROOT, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, text=True) for db in laptops]
    failed = sum(1 for process in running if process.wait(600) != 0)
    elapsed = time.perf_counter() - started
    import psycopg

    with psycopg.connect(admin_dsn) as server:
        arrived = server.execute("SELECT count(*), count(DISTINCT id) FROM sitrep.incidents WHERE id LIKE 'o%%'"
                                 ).fetchone()
    assert arrived[0] == arrived[1], "an incident arrived twice"
    return elapsed, arrived[0], failed


def one_officer(folder: Path, admin_dsn: str) -> tuple[float, float]:
    from report_bench import month_of_incidents
    from sitrep.team import connection, sync

    db = laptop(folder / "pusher", team_user(admin_dsn, "officer"),
                [incident.model_copy(update={"id": f"push-{incident.id}", "date": OTHER_YEAR})
                 for incident in month_of_incidents(1000)])
    with open_store(db) as store:
        dsn = connection.saved(store)
        started = time.perf_counter()
        done = sync.sync(store, dsn)
        push = time.perf_counter() - started
        assert done.sent == 1000, done
        empties = []
        for _ in range(7):
            started = time.perf_counter()
            sync.sync(store, dsn)
            empties.append(time.perf_counter() - started)
    return push, statistics.median(empties)


def reports(folder: Path, admin_dsn: str) -> dict[str, list[float]]:
    """The annex-only report of May 2016 from a server database holding 10,000 incidents (May and
    June, 5,000 each: a report holds at most 5,000) and from a local store holding the same."""
    from report_bench import month_of_incidents

    may = month_of_incidents(5_000)
    june = [incident.model_copy(update={"date": incident.date.replace(month=6, day=min(incident.date.day, 30))})
            for incident in may]
    incidents = [incident.model_copy(update={"id": f"{incident.date:%m}-{incident.id}", "status": "final"})
                 for incident in may + june]
    subprocess.run([*SITREP, "team", "init", "--dsn", admin_dsn], cwd=ROOT, check=True, capture_output=True)
    officer = laptop(folder / "month-officer", team_user(admin_dsn, "officer"), incidents)
    subprocess.run([*SITREP, "sync", "--db", str(officer)], cwd=ROOT, check=True, capture_output=True)
    reviewer = laptop(folder / "reviewer", team_user(admin_dsn, "reviewer"), [])
    local = store_with(folder / "local" / "sitrep.db", incidents)
    common = ["report", "--from", "2016-05-01", "--to", "2016-05-31", "--no-cache"]
    commands = {"server (--team)": [*SITREP, *common, "--db", str(reviewer), "--team", "-o", str(folder / "t.pdf")],
                "local store": [*SITREP, *common, "--db", str(local), "-o", str(folder / "l.pdf")]}
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(3):  # in turn, so that a slower moment of the machine hits both
        for name, command in commands.items():
            started = time.perf_counter()
            done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
            if done.returncode:
                raise SystemExit(f"{name}: {done.stderr}")
            times[name].append(time.perf_counter() - started)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=100_000)
    parser.add_argument("--officers", type=int, default=20)
    parser.add_argument("--each", type=int, default=500)
    args = parser.parse_args()
    cluster = PostgresCluster(postgres_bindir())
    cluster.start()
    try:
        with tempfile.TemporaryDirectory(prefix="sitrep-team-") as tmp:
            folder = Path(tmp)
            admin = cluster.new_database()
            subprocess.run([*SITREP, "team", "init", "--dsn", admin], cwd=ROOT, check=True, capture_output=True)
            seeded = seed_server(admin, args.seed)
            print(f"seeded {args.seed} incidents in {seeded:.1f} s", file=sys.stderr)
            together, arrived, failed = officers_at_once(folder, admin, args.officers, args.each)
            print(f"{args.officers} officers: {arrived} arrived in {together:.1f} s", file=sys.stderr)
            push, empty = one_officer(folder, admin)
            times = reports(folder, cluster.new_database())
    finally:
        cluster.stop()
    server, local = statistics.median(times["server (--team)"]), statistics.median(times["local store"])
    print(f"| server seeded with | {args.seed:,} incidents ({seeded:.1f} s, server-side) | |")
    print(f"| {args.officers} officers × {args.each} new incidents, syncing at once | {arrived:,} arrived, "
          f"each once; {failed} syncs failed; {together:.1f} s for all | all {args.officers * args.each:,} once |")
    print(f"| a sync with nothing new (in-process, median of 7) | {empty * 1000:.0f} ms | ≤ 0.3 s |")
    print(f"| pushing 1,000 incidents (in-process) | {push:.2f} s | ≤ 5 s |")
    print(f"| reviewer's annex-only report of one month (5,000 of 10,000 incidents): server / local "
          f"(3 each, in turn) | "
          f"{server:.2f} s / {local:.2f} s = {server / local:.2f} | ≤ 1.2 |")


if __name__ == "__main__":
    os.environ.setdefault("LANG", "en_GB.UTF-8")
    main()
