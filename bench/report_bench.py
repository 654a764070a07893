"""Benchmark of the situation report (issue 4): whole `sitrep report` processes.

    .venv/bin/python bench/report_bench.py [--sizes 10,100,500,1000] [--details-sizes 10,100,500]

For each size, generates that many varied, validated incidents in one month (the
generator of bench/search_bench.py, re-dated), stores them in a fresh SQLite file and
times `sitrep report` as a separate process: annex only, and with details (cold cache:
a fresh cache folder; then warm: the same command again, every detail section from
the cache). Peak memory is the largest sum of RSS over the process and its workers,
sampled every 20 ms from /proc. Prints a Markdown table for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # helpers: the test passphrase
sys.path.insert(0, str(ROOT / "bench"))

from search_bench import make_incident  # noqa: E402

from sitrep.contract.model import Incident  # noqa: E402
from helpers import open_store, passphrase_environment  # noqa: E402

passphrase_environment()  # the processes started here open the same stores

START, END = dt.date(2016, 5, 1), dt.date(2016, 5, 31)
TARGETS = {("annex", 1000): 10.0, ("details", 100): 5.0, ("details", 500): 25.0}
MEMORY_TARGET_MB = 600


def month_of_incidents(count: int, seed: int = 2016) -> list[Incident]:
    rng = random.Random(seed)
    out = []
    for n in range(count):
        data = make_incident(n, rng)
        day = START + dt.timedelta(days=rng.randrange((END - START).days + 1))
        data["date"], data["id"] = day.isoformat(), f"syr-{day:%Y%m%d}-{n:05d}"
        out.append(Incident.model_validate_json(json.dumps(data, ensure_ascii=False)))
    return out


def tree_rss(root: int) -> int:
    """RSS in bytes of ``root`` and all its descendants."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            ppid, pages = int(fields[1]), int(fields[21])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
        rss[int(entry)] = pages * os.sysconf("SC_PAGE_SIZE")
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo += children.get(pid, [])
    return total


def run(command: list[str], env: dict) -> tuple[float, int, str]:
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    while process.poll() is None:
        peak = max(peak, tree_rss(process.pid))
        time.sleep(0.02)
    elapsed = time.perf_counter() - start
    out, err = process.communicate()
    if process.returncode:
        raise SystemExit(f"{command} failed: {err}")
    return elapsed, peak, out.strip()


BARE_WEASYPRINT = """
import sys
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
html, css, out = sys.argv[1:4]
fonts = FontConfiguration()
HTML(filename=html).write_pdf(out, stylesheets=[CSS(filename=css, font_config=fonts)], font_config=fonts)
"""


def bare_weasyprint(count: int, tmp: Path) -> tuple[float, int]:
    """The same detail sections as ONE WeasyPrint document in a bare process: the baseline."""
    from sitrep.render.engine import default_renderer
    from sitrep.situation_report import layout, parts
    from sitrep.situation_report.pipeline import ReportRequest, report_for

    incidents = month_of_incidents(count)
    request = ReportRequest(START, END, details=True)
    report = report_for(request, incidents)
    html = default_renderer().jinja.get_template("sitrep_detail.html").render(
        **parts.details_context(report, request.options(), incidents))
    (tmp / "bare.html").write_text(html, encoding="utf-8")
    (tmp / "bare.css").write_text(layout.stylesheet_text(), encoding="utf-8")
    elapsed, peak, _ = run([sys.executable, "-c", BARE_WEASYPRINT, str(tmp / "bare.html"), str(tmp / "bare.css"),
                            str(tmp / "bare.pdf")], dict(os.environ))
    return elapsed, peak


def pages_of(path: Path) -> int:
    import pypdfium2

    document = pypdfium2.PdfDocument(str(path))
    try:
        return len(document)
    finally:
        document.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,100,500,1000")
    parser.add_argument("--details-sizes", default="10,100,500,1000")
    parser.add_argument("--bare", type=int, default=100, help="detail sections in the bare-WeasyPrint baseline")
    args = parser.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]
    detail_sizes = {int(x) for x in args.details_sizes.split(",") if x}
    sitrep = str(Path(sys.executable).with_name("sitrep"))
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for size in sizes:
            db = tmp / f"{size}.db"
            with open_store(db) as store:
                for incident in month_of_incidents(size):
                    store.add(incident)
            # Half the generated incidents are drafts: --include-drafts keeps every one in the
            # report, as the figures in docs/benchmarks.md were measured before drafts were
            # left out by default.
            base = [sitrep, "report", "--db", str(db), "--from", START.isoformat(), "--to", END.isoformat(),
                    "--number", "2016/05", "--include-drafts"]
            variants = [("annex", [], "cold")]
            if size in detail_sizes:
                variants += [("details", ["--details"], "cold"), ("details", ["--details"], "warm")]
            cache = tmp / f"cache-{size}"
            for name, extra, state in variants:
                env = {**os.environ, "LANG": "en_GB.UTF-8", "SITREP_CACHE_DIR": str(cache),
                       "SITREP_CONFIG_DIR": str(tmp / "config")}
                output = tmp / f"{size}-{name}.pdf"
                elapsed, peak, _ = run(base + extra + ["-o", str(output)], env)
                rows.append((size, name, state, elapsed, peak, pages_of(output), output.stat().st_size))
                print(f"  {size} {name} {state}: {elapsed:.2f} s, {peak / 2**20:.0f} MB", file=sys.stderr)
        bare = bare_weasyprint(args.bare, tmp) if args.bare else None

    print(f"## Situation report (issue 4), {dt.date.today().isoformat()}\n")
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
          "whole `sitrep report` processes (2 worker processes), one month of generated incidents.\n")
    print("| incidents | content | cache | wall time | per incident | peak RSS (all processes) | pages | PDF size | target |")
    print("|---:|---|---|---:|---:|---:|---:|---:|---|")
    for size, name, state, elapsed, peak, pages, bytes_ in rows:
        target = TARGETS.get((name, size)) if state == "cold" else None
        verdict = (f"≤ {target:g} s: {'met' if elapsed <= target else 'NOT met'}" if target else "")
        mb = peak / 2**20
        verdict += ("; " if verdict else "") + (f"memory {'met' if mb <= MEMORY_TARGET_MB else 'NOT met'}")
        print(f"| {size:,} | {'annex only' if name == 'annex' else 'with details'} | "
              f"{state if name == 'details' else '-'} | {elapsed:.2f} s | {elapsed / size * 1000:.0f} ms | "
              f"{mb:.0f} MB | {pages:,} | {bytes_ / 2**20:.1f} MB | {verdict} |")
    if bare:
        print(f"\nBaseline in the same run: bare WeasyPrint laying out the same {args.bare} detail sections "
              f"(same HTML and CSS, one document, no cover, annex or page furniture) in a process of its own: "
              f"{bare[0]:.2f} s, {bare[1] / 2**20:.0f} MB.")


if __name__ == "__main__":
    main()
