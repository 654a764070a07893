"""Crash test: kill sitrep with SIGKILL at random moments while it saves and exports.

    .venv/bin/python bench/crash_test.py [--runs 50] [--seed N]

Each run starts a child process that saves generated incidents into one SQLite file
(and attaches a photo now and then) and exports a flash-update PDF after every few
saves, printing a line after each save and each export has *returned*. The parent
kills it with SIGKILL after a random delay, then checks:
- the database opens (which runs PRAGMA integrity_check) and passes integrity_check;
- every incident whose save returned is stored, byte for byte the same JSON;
- the exported PDF is either absent or a whole, readable PDF of one of the exports
  that returned or of the one being written (never a torn file);
- every photo an incident refers to is a whole file.
Prints a Markdown summary for docs/reliability.md; exits 1 on any failure.
POSIX only (SIGKILL).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import hmac
import os
import platform
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # helpers: the test passphrase
sys.path.insert(0, str(ROOT / "bench"))
from helpers import open_store, passphrase_environment  # noqa: E402

passphrase_environment()  # the processes started here open the same stores


def child(db: Path, out: Path, seed: int) -> None:
    """Save and export until killed; one line on stdout after each operation returned."""
    import io

    from PIL import Image
    from search_bench import make_incident

    from sitrep.contract.documents import parse_incident
    from sitrep.flash_update.pdf import export_flash_update
    from sitrep.photos import PHOTO_KEY, attach_photo

    rng = random.Random(seed)
    photo = db.parent / "photo.png"
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (rng.randrange(256), 90, 40)).save(buffer, "PNG")
    photo.write_bytes(buffer.getvalue())
    store = open_store(db)
    from sitrep.flash_update.pdf import render_flash_update

    # Warm up WeasyPrint first, so that kills land as often in saves as in exports.
    render_flash_update(parse_incident({**make_incident(0, rng), "id": "warm-up"}))
    print("ready", flush=True)
    n = 0
    while True:
        n += 1
        incident = parse_incident({**make_incident(seed * 100_000 + n, rng), "id": f"s{seed}-{n}"})
        print("saving", incident.id, digest_of(incident), flush=True)
        store.save(incident)
        print("saved", incident.id, digest_of(incident), flush=True)
        if n % 4 == 0:
            print("saving", incident.id, "with-photo", flush=True)
            updated = attach_photo(store, incident.id, photo, "صورة", "photo", publishable=True)
            print("saved", updated.id, digest_of(updated), flush=True)
        if n % 40 == 0:
            print("exporting", flush=True)
            exported = export_flash_update(incident, out, photo_dir=store.photo_dir,
                                           photo_key=store.file_key(PHOTO_KEY))
            print("exported", hashlib.sha256(exported.path.read_bytes()).hexdigest(), flush=True)


def digest_of(incident) -> str:
    return hashlib.sha256(incident.model_dump_json().encode()).hexdigest()


def check(db: Path, out: Path, lines: list[str], exports: set[str]) -> list[str]:
    """What went wrong after a kill (an empty list when nothing did).

    ``exports`` holds the digests of every export that returned in earlier runs (the
    PDF may still be one of those); this run's are added to it.
    """
    from sitrep.photos import PHOTO_KEY, read_stored
    from sitrep.store import StoreError
    from sqlcipher3.dbapi2 import DatabaseError

    failures = []
    saved = {}  # id -> digest of its last save that returned
    in_flight = None  # the id of a save that started and never returned, if any
    for line in lines:
        parts = line.split()
        if parts[:1] == ["saving"]:
            in_flight = parts[1]
        elif parts[:1] == ["saved"] and len(parts) == 3:
            saved[parts[1]], in_flight = parts[2], None
        elif parts[:1] == ["exported"] and len(parts) == 2:
            exports.add(parts[1])
    try:
        with open_store(db, daily_backup=False) as store:
            if store.db.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                failures.append("integrity_check failed")
            for incident_id, digest in saved.items():
                try:
                    incident = store.get(incident_id)
                except StoreError:
                    failures.append(f"lost {incident_id}")
                    continue
                # The killed save may have committed (it just never said so): then the
                # row is newer than the last save that returned, which is correct.
                if digest_of(incident) != digest and incident_id != in_flight:
                    failures.append(f"changed {incident_id}")
            key = store.file_key(PHOTO_KEY)  # photos are sealed with it and named by a hash keyed with it
            for incident in store.list():
                for attachment in incident.attachments:
                    # A torn sealed file does not unseal (its tag fails); a whole one gives its name back.
                    photo = read_stored(store.photo_dir, attachment.path, key)
                    whole = photo is not None and hmac.new(key, photo, hashlib.sha256).hexdigest() in attachment.path
                    if not whole:
                        failures.append(f"photo {attachment.path} missing or torn")
    except (StoreError, DatabaseError) as error:
        failures.append(f"database does not open: {error}")
    if out.exists():
        import pypdfium2

        data = out.read_bytes()
        try:
            pypdfium2.PdfDocument(data).close()
        except pypdfium2.PdfiumError as error:
            failures.append(f"torn PDF: {error}")
        else:
            # Killed mid-export, the new PDF may already be in place: whole, but unannounced.
            mid_export = bool(lines) and lines[-1] == "exporting"
            if hashlib.sha256(data).hexdigest() not in exports and not mid_export:
                failures.append("the PDF is none of the exports that returned")
            exports.add(hashlib.sha256(data).hexdigest())
    return failures


def run_once(index: int, rng: random.Random, folder: Path, exports: set[str]) -> dict:
    db, out = folder / "sitrep.db", folder / "report.pdf"
    process = subprocess.Popen([sys.executable, __file__, "--child", str(db), str(out), str(index)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(line.strip() for line in process.stdout), daemon=True)
    reader.start()
    while not lines and process.poll() is None:  # start the clock once the child works
        time.sleep(0.01)
    delay = rng.uniform(0.05, 2.5)
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait()
    reader.join(timeout=5)
    error = process.stderr.read()
    if lines[:1] != ["ready"]:
        return {"delay": delay, "saves": 0, "exports": 0, "failures": [f"child did not start: {error[-500:]}"]}
    return {"delay": delay, "saves": sum(line.startswith("saved ") for line in lines),
            "exports": sum(line.startswith("exported") for line in lines),
            "mid_export": lines[-1] == "exporting", "mid_save": lines[-1].startswith("saving"),
            "failures": check(db, out, lines, exports)}


def moment(result: dict) -> str:
    if result.get("mid_save"):
        return "killed mid-save"
    return "killed mid-export" if result.get("mid_export") else "killed between operations"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--child", nargs=3, metavar=("DB", "OUT", "SEED"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(Path(args.child[0]), Path(args.child[1]), int(args.child[2]))
        return
    rng = random.Random(args.seed)
    started = time.perf_counter()
    results = []
    with tempfile.TemporaryDirectory(prefix="sitrep-crash-") as tmp:
        folder = Path(tmp)  # one database through every run: damage would accumulate
        exports: set[str] = set()
        for index in range(1, args.runs + 1):
            result = run_once(index, rng, folder, exports)
            results.append(result)
            status = "ok" if not result["failures"] else "; ".join(result["failures"][:3])
            print(f"run {index:3}: killed after {result['delay']:.2f} s, {result['saves']} saves, "
                  f"{result['exports']} exports, {moment(result)}: {status}",
                  file=sys.stderr, flush=True)
        with open_store(folder / "sitrep.db", daily_backup=False) as store:
            stored = store.db.execute("SELECT count(*) FROM incidents").fetchone()[0]
        leftovers = len(list(folder.glob(".report.pdf.*.tmp")))
    failed = [r for r in results if r["failures"]]
    print(f"## Crash test ({dt.date.today()}, {platform.system()} {platform.machine()}, "
          f"{os.cpu_count()} cores, Python {platform.python_version()}, seed {args.seed})\n")
    print("| kills | mid-save | mid-export | saves returned | exports returned | incidents at the end | "
          "failed runs | time |")
    print("|---|---|---|---|---|---|---|---|")
    print(f"| {len(results)} | {sum(bool(r.get('mid_save')) for r in results)} | "
          f"{sum(bool(r.get('mid_export')) for r in results)} | {sum(r['saves'] for r in results)} | "
          f"{sum(r['exports'] for r in results)} | {stored} | {len(failed)} | "
          f"{time.perf_counter() - started:.0f} s |")
    print(f"\nTemporary export files left behind by kills: {leftovers} (named .report.pdf.*.tmp; never the PDF).")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
