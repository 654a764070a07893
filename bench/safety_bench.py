"""What the safety measures cost: integrity check at open, daily backup, photo cleaning,
and the largest incident the model accepts, rendered.

    .venv/bin/python bench/safety_bench.py

Prints a Markdown report for docs/reliability.md. Times are medians of a few runs;
compare them with each other (the machines here are noisy), not across days.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import platform
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # helpers: the test passphrase
sys.path.insert(0, str(ROOT / "bench"))

from search_bench import make_incident  # noqa: E402

from sitrep.contract.documents import parse_incident  # noqa: E402
from helpers import open_store, passphrase_environment, raw_connection  # noqa: E402

passphrase_environment()  # the processes started here open the same stores


def timed(action, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def store_figures(folder: Path, count: int) -> list[str]:
    rng = random.Random(count)
    path = folder / f"store-{count}.db"
    with open_store(path) as store:
        for n in range(count):
            store.save(parse_incident({**make_incident(n, rng), "id": f"i{n}"}))
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw = raw_connection(path)
    integrity = timed(lambda: raw.execute("PRAGMA integrity_check").fetchone())
    quick = timed(lambda: raw.execute("PRAGMA quick_check").fetchone())
    raw.close()
    open_ms = timed(lambda: open_store(path, daily_backup=False).close())
    backup_dir = folder / "backups"

    def backup() -> None:
        for old in backup_dir.glob("*.db"):
            old.unlink()
        open_store(path).close()

    backup_ms = timed(backup) - open_ms
    size = path.stat().st_size / 1024 / 1024
    return [f"| {count:,} | {size:.1f} MB | {integrity:.0f} ms | {quick:.0f} ms | {open_ms:.0f} ms | {backup_ms:.0f} ms |"]


def photo_figures() -> list[str]:
    from PIL import Image, ImageDraw

    from sitrep.photos import clean_photo

    rows = []
    for width, height in ((4000, 3000), (8000, 6000)):
        image = Image.effect_noise((width // 8, height // 8), 60).convert("RGB").resize((width, height))
        ImageDraw.Draw(image).ellipse((width // 4, height // 4, width // 2, height // 2), fill=(200, 50, 50))
        out = io.BytesIO()
        image.save(out, "JPEG", quality=92)
        data = out.getvalue()
        result = clean_photo(data)
        ms = timed(lambda d=data: clean_photo(d), runs=3)
        rows.append(f"| {width}×{height} ({width * height / 1e6:.0f} MP) | {len(data) / 1e6:.1f} MB | {ms:.0f} ms | "
                    f"{result.width}×{result.height}, {len(result.data) / 1e6:.2f} MB |")
    return rows


def largest_incident():
    """Every text at its limit and 50 rows in every list: the worst the model lets in."""
    import json

    from sitrep.contract.model import LONG_TEXT, MAX_ROWS, SHORT_TEXT

    data = json.loads((ROOT / "resources" / "samples" / "kafr-naha-field-hospital.json").read_text("utf-8"))
    arabic = "استهدفت الغارة مدخل المشفى الميداني وأصابت سيارة إسعاف كانت تنقل الجرحى "
    english = "The strike hit the entrance of the field hospital and an ambulance carrying the wounded "
    data["narrative"] = {"ar": (arabic * 400)[:LONG_TEXT], "en": (english * 400)[:LONG_TEXT]}
    data["internal_notes"] = ("note " * 5000)[:LONG_TEXT]
    long_name = {"ar": ("مشفى " + "ا" * SHORT_TEXT)[:SHORT_TEXT], "en": ("Hospital " + "x" * SHORT_TEXT)[:SHORT_TEXT]}
    data["targets"] = [{"kind": "hospital", "name": long_name, "damage": "severe", "service": "partial"}] * MAX_ROWS
    data["casualties"] = [{"group": "civilians", "killed": 100_000, "injured": 100_000, "detained": 5}] * MAX_ROWS
    data["sources"] = [{"type": "media", "name": "n" * SHORT_TEXT, "note": "z" * 2000, "url": "u" * 2000}] * MAX_ROWS
    return parse_incident(data)


def largest_incident_figures() -> list[str]:
    from sitrep.flash_update.pdf import render_flash_update

    incident = largest_incident()
    rows = []
    for profile in ("public", "internal"):
        start = time.perf_counter()
        data, pages, _ = render_flash_update(incident, profile=profile)
        rows.append(f"| {profile} | {pages} | {time.perf_counter() - start:.1f} s | {len(data) // 1024} KB |")
    return rows


def main() -> None:
    print(f"## Cost of the safety measures ({dt.date.today()}, {platform.system()} {platform.machine()}, "
          f"{os.cpu_count()} cores, Python {platform.python_version()}, SQLite {sqlite3.sqlite_version})\n")
    print("| incidents | file | integrity_check | quick_check | open_store() open | daily backup |")
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for count in (1_000, 10_000):
            print(*store_figures(Path(tmp), count), sep="\n")
    print("\n| photo | file | cleaning | stored |")
    print("|---|---|---|---|")
    print(*photo_figures(), sep="\n")
    print("\nLargest incident the model accepts (every text at its limit, 50 rows in every list):\n")
    print("| profile | pages | render | PDF |")
    print("|---|---|---|---|")
    print(*largest_incident_figures(), sep="\n")


if __name__ == "__main__":
    main()
