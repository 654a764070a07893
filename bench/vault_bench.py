"""What the encrypted store costs (issue 14): unlock, opening and listing, the situation report.

    .venv/bin/python bench/vault_bench.py prepare FOLDER        # the stores, once
    .venv/bin/python bench/vault_bench.py unlock FOLDER         # Argon2id and the first read
    .venv/bin/python bench/vault_bench.py list FOLDER [--plain] # open the store, list 10,000 incidents
    .venv/bin/python bench/vault_bench.py report FOLDER [--plain]  # the 1,000-incident situation report

"--plain" runs the same code with SQLCipher given no key, on a plaintext copy of the same data:
the store as it was before the vault, everything else equal. Pair the two with a timer that
runs them turn by turn (docs/benchmarks.md has the commands and the figures); `list` also
prints its own in-process time, without the interpreter's start.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # helpers: the test passphrase
sys.path.insert(0, str(ROOT / "bench"))

from helpers import TEST_PASSPHRASE, open_store, passphrase_environment, passphrase_key  # noqa: E402

import sitrep.store  # noqa: E402
from sitrep.vault import StoreKey  # noqa: E402

passphrase_environment()

LIST_SIZE, REPORT_SIZE = 10_000, 1_000


def use_plaintext() -> None:
    """The store's own code with SQLCipher unkeyed: what opening and reading cost before the vault."""
    from sqlcipher3 import dbapi2

    def plain_connect(path, key):
        return dbapi2.connect(path, isolation_level=None)

    sitrep.store.connect = plain_connect
    sitrep.store.store_state = lambda path: "encrypted"  # let the store open the plaintext file


def paths(folder: Path, plain: bool) -> tuple[Path, Path]:
    kind = "plain" if plain else "encrypted"
    return folder / kind / "list.db", folder / kind / "report.db"


def prepare(folder: Path) -> None:
    from report_bench import month_of_incidents

    incidents = month_of_incidents(LIST_SIZE)
    for plain in (False, True):
        if plain:
            use_plaintext()
        list_db, report_db = paths(folder, plain)
        list_db.parent.mkdir(parents=True, exist_ok=True)
        for db, count in ((list_db, LIST_SIZE), (report_db, REPORT_SIZE)):
            with open_store(db, daily_backup=False) as store:
                store.add_many(incidents[:count])
                store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    print(f"prepared {folder}", file=sys.stderr)


def list_incidents(folder: Path, plain: bool) -> None:
    if plain:
        use_plaintext()
    list_db, _ = paths(folder, plain)
    # The plaintext store needs no key: no Argon2id in its process. The encrypted one derives its
    # key first (the unlock), outside the in-process time printed below but inside the process.
    key = StoreKey(b"", b"") if plain else passphrase_key(list_db)
    started = time.perf_counter()
    with sitrep.store.Store(list_db, key, daily_backup=False) as store:
        count = len(store.list())
    print(f"{'plain' if plain else 'encrypted'}: opened and listed {count} in {time.perf_counter() - started:.3f} s")


def unlock(folder: Path) -> None:
    from sitrep.encryption import open_with_passphrase
    from sitrep.vault import derive

    list_db, _ = paths(folder, False)
    times = []
    for _ in range(7):
        started = time.perf_counter()
        open_with_passphrase(list_db, TEST_PASSPHRASE).store.close()
        times.append(time.perf_counter() - started)
    print(f"unlock (Argon2id, then opening with the integrity check of 10,000 incidents): median "
          f"{statistics.median(times):.3f} s, min {min(times):.3f} s, max {max(times):.3f} s over 7")
    # An attacker's rate on this machine: one guess is one derivation (its 2 lanes use both cores).
    started, guesses = time.perf_counter(), 20
    for n in range(guesses):
        derive(f"guess {n}", bytes(16))
    per_guess = (time.perf_counter() - started) / guesses
    print(f"Argon2id alone: {per_guess:.3f} s a guess, {1 / per_guess:.1f} guesses a second on this machine")


def report(folder: Path, plain: bool) -> None:
    import sitrep.cli.report
    from sitrep.cli.main import main

    if plain:
        use_plaintext()
        sitrep.cli.report.open_store = lambda args, console: open_store(args.db, daily_backup=False)
    _, report_db = paths(folder, plain)
    output = folder / ("plain.pdf" if plain else "encrypted.pdf")
    code = main(["report", "--db", str(report_db), "--from", "2016-05-01", "--to", "2016-05-31",
                 "--include-drafts", "--no-cache", "-o", str(output)])
    sys.exit(code)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("step", choices=("prepare", "unlock", "list", "report"))
    parser.add_argument("folder", type=Path)
    parser.add_argument("--plain", action="store_true")
    args = parser.parse_args()
    if args.step == "prepare":
        prepare(args.folder)
    elif args.step == "unlock":
        unlock(args.folder)
    elif args.step == "list":
        list_incidents(args.folder, args.plain)
    else:
        report(args.folder, args.plain)


if __name__ == "__main__":
    main()
