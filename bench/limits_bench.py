"""Limits that protect against hostile input (issue 11, item 10): time and peak memory.

    .venv/bin/python bench/limits_bench.py [--skip-reports] [--skip-orphans]

1. `sitrep report` over the years 0001–9998 with 2 stored incidents, and over
   2016-05-01 to 9999-12-31 with 3: the time axis of the breakdowns used to have a row
   for every year of the period (9,998 rows laid out in one table).
2. Cleaning a 59-megapixel PNG of about 230 KB (one colour, so it compresses well), a
   PNG at the PNG limit (30 MP) and, for comparison, a 48-megapixel JPEG, each in a
   fresh process: peak RSS of that process, and how much of it the cleaning added over
   the imports.

3. Workers of a killed `sitrep report --details` (200 incidents): the parent gets SIGTERM
   or SIGKILL 1.5 s into the layout; how long its two workers live on (they used to
   run until their jobs were done, then wait forever).

Peak memory of a report is the largest sum of RSS over the process and its workers,
sampled every 20 ms from /proc (bench/report_bench.py). Prints Markdown rows for
docs/reliability.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))
from helpers import passphrase_environment  # noqa: E402

passphrase_environment()  # the processes started here open the same stores

from helpers import alive as _alive, children as _children  # noqa: E402
from report_bench import run  # noqa: E402

# Peak RSS from VmHWM, which starts afresh with the new program (ru_maxrss would
# carry over the peak of the process that started it).
CLEAN = """
import re, sys, time
from sitrep.photos import clean_photo
import PIL.Image, PIL.PngImagePlugin, PIL.JpegImagePlugin
def peak_kb():
    return int(re.search(r"VmHWM:\\s+(\\d+)", open("/proc/self/status").read()).group(1))
data = open(sys.argv[1], "rb").read()
before = peak_kb()
start = time.perf_counter()
try:
    photo = clean_photo(data)
    result = f"{photo.width}x{photo.height} {photo.extension}"
except Exception as error:
    result = "refused: " + error.problems[0].code
elapsed = time.perf_counter() - start
after = peak_kb()
print(before, after, round(elapsed, 2), result)
"""


def make_images(folder: Path) -> dict[str, Path]:
    from PIL import Image, ImageDraw

    png = folder / "huge.png"
    Image.new("RGB", (7700, 7700), (200, 30, 30)).save(png, "PNG", optimize=True)
    transparent = folder / "huge-rgba.png"
    Image.new("RGBA", (7700, 7700), (200, 30, 30, 128)).save(transparent, "PNG", optimize=True)
    limit = {}
    for mode in ("RGB", "RGBA"):
        limit[mode] = folder / f"limit-{mode}.png"
        Image.new(mode, (5477, 5477), (200, 30, 30, 128)[:len(mode)]).save(limit[mode], "PNG", optimize=True)
    jpeg = folder / "phone48.jpg"
    image = Image.new("RGB", (8000, 6000), (120, 160, 200))
    ImageDraw.Draw(image).rectangle((1000, 1000, 5000, 4000), fill=(200, 80, 60))
    image.save(jpeg, "JPEG", quality=90)
    return {"PNG 7700×7700 (59 MP)": png, "PNG with transparency 7700×7700 (59 MP)": transparent,
            "PNG 5477×5477 (30 MP, the PNG limit)": limit["RGB"],
            "PNG with transparency 5477×5477 (30 MP)": limit["RGBA"], "JPEG 8000×6000 (48 MP)": jpeg}


def clean_rows(folder: Path) -> list[str]:
    rows = []
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    for label, path in make_images(folder).items():
        done = subprocess.run([sys.executable, "-c", CLEAN, str(path)], capture_output=True, text=True, env=env,
                              check=True)
        before, after, elapsed, *result = done.stdout.split()
        rows.append(f"| {label} | {path.stat().st_size // 1024:,} KB | {int(after) // 1024:,} MB "
                    f"| {(int(after) - int(before)) // 1024:,} MB | {float(elapsed):.2f} s | {' '.join(result)} |")
    return rows


def report_rows(folder: Path) -> list[str]:
    from sitrep.contract.documents import parse_incident
    from helpers import open_store

    sample = json.loads((ROOT / "resources" / "samples" / "kafr-naha-field-hospital.json").read_text("utf-8"))
    db = folder / "two.db"
    with open_store(db) as store:
        for n, day in enumerate(("0001-03-01", "2016-05-14")):
            store.add(parse_incident({**sample, "id": f"edge-{n}", "date": day,
                                      "sources": [{**s, "date": None} for s in sample["sources"]]}))
    env = dict(os.environ, PYTHONPATH=str(ROOT), SITREP_CACHE_DIR=str(folder / "cache"),
               SITREP_CONFIG_DIR=str(folder / "cfg"))
    rows = []
    for start, end in (("0001-01-01", "9998-12-31"), ("2016-05-01", "9999-12-31")):
        out = folder / "edge.pdf"
        elapsed, peak, printed = run([sys.executable, "-m", "sitrep.cli", "report", "--db", str(db), "--from", start,
                                      "--to", end, "--languages", "en", "-o", str(out)], env)
        rows.append(f"| {start} to {end} | {elapsed:.1f} s | {peak / 2**20:,.0f} MB | {printed} |")
    return rows


def orphan_rows(folder: Path, runs: int = 3) -> list[str]:
    import signal
    import time

    from sitrep.contract.documents import parse_incident
    from helpers import open_store

    sample = json.loads((ROOT / "resources" / "samples" / "kafr-naha-field-hospital.json").read_text("utf-8"))
    db = folder / "many.db"
    with open_store(db) as store:
        store.add_many([parse_incident({**sample, "id": f"many-{n:04d}", "date": f"2016-05-{n % 28 + 1:02d}"})
                        for n in range(200)])
    env = dict(os.environ, PYTHONPATH=str(ROOT), SITREP_CACHE_DIR=str(folder / "cache"),
               SITREP_CONFIG_DIR=str(folder / "cfg"))
    rows = []
    for name in ("SIGTERM", "SIGKILL"):
        lived = []
        for _ in range(runs):
            parent = subprocess.Popen([sys.executable, "-m", "sitrep.cli", "report", "--db", str(db), "--from",
                                       "2016-05-01", "--to", "2016-05-31", "--details", "--no-cache", "-o",
                                       str(folder / "never.pdf")], env=env, stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL)
            while len(_children(parent.pid)) < 2:
                time.sleep(0.05)
            workers = _children(parent.pid)
            time.sleep(1.5)
            parent.send_signal(getattr(signal, name))
            killed = time.perf_counter()
            parent.wait()
            while any(_alive(pid) for pid in workers) and time.perf_counter() - killed < 60:
                time.sleep(0.01)
            lived.append(time.perf_counter() - killed)
            for pid in workers:  # still there after a minute: end them, by their IDs
                if _alive(pid):
                    os.kill(pid, signal.SIGKILL)
        rows.append(f"| {name} | {', '.join(f'{s:.2f} s' if s < 60 else 'over 60 s' for s in lived)} |")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-reports", action="store_true")
    parser.add_argument("--skip-orphans", action="store_true")
    args = parser.parse_args()
    print(f"{dt.date.today()}, {os.cpu_count()} cores, {platform.platform()}, Python {platform.python_version()}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if not args.skip_reports:
            print("\n| period | time | peak memory | output |\n|---|---|---|---|")
            print("\n".join(report_rows(folder)))
        print("\n| photo | file | peak RSS | added by cleaning | time | result |\n|---|---|---|---|---|---|")
        print("\n".join(clean_rows(folder)))
        if not args.skip_orphans:
            print("\n| parent killed by | workers gone after (3 runs) |\n|---|---|")
            print("\n".join(orphan_rows(folder)))


if __name__ == "__main__":
    main()
