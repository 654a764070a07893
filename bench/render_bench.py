"""Benchmark of the flash update: warm and cold render time, PDF size, Arabic copy-out.

    .venv/bin/python bench/render_bench.py [--runs N]

Prints a Markdown report for docs/benchmarks.md. The machines here are noisy, so
every figure is compared with a baseline measured in the same run: bare Python
start-up, and bare WeasyPrint rendering the very same HTML and CSS in a process of
its own (no sitrep, no validation, no Babel, no gettext).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sitrep.documents import load_document  # noqa: E402
from sitrep.exporting import as_report, options_for, render_flash_update  # noqa: E402
from sitrep.render import default_renderer  # noqa: E402
from sitrep.textcheck import pdf_text, recovered_share  # noqa: E402

SAMPLE = ROOT / "resources" / "samples" / "kafr-naha-field-hospital.json"
TEXTS = {
    "Kafr Naha sample (side by side)": (ROOT / "resources" / "samples" / "demo-report.json", {}),
    "al-Atarib sample (side by side)": (ROOT / "resources" / "samples" / "atarib-civil-defence.json", {}),
    "long third-party narrative (Arabic only)": (ROOT / "tests" / "data" / "third_party_incident.json",
                                                 {"languages": "ar"}),
}

BARE_WEASYPRINT = """
import sys
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
html, css, out = sys.argv[1:4]
fonts = FontConfiguration()
HTML(filename=html).write_pdf(out, stylesheets=[CSS(filename=css, font_config=fonts)], font_config=fonts)
"""


def timed_runs(command: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return times


def warm_render(runs: int) -> list[float]:
    document = load_document(SAMPLE)
    render_flash_update(document)  # the first, cold render
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        render_flash_update(document)
        times.append(time.perf_counter() - start)
    return times


def poppler_text(data: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        return subprocess.run(["pdftotext", "-raw", handle.name, "-"], capture_output=True, text=True,
                              check=True).stdout


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    runs = parser.parse_args().runs
    python = sys.executable
    sitrep = str(Path(python).with_name("sitrep"))

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        report = as_report(load_document(SAMPLE))
        html, css = default_renderer().html(report, options_for(report))
        (tmp / "report.html").write_text(html, encoding="utf-8")
        (tmp / "report.css").write_text(css, encoding="utf-8")

        startup = timed_runs([python, "-c", "pass"], runs)
        bare = timed_runs([python, "-c", BARE_WEASYPRINT, str(tmp / "report.html"), str(tmp / "report.css"),
                           str(tmp / "bare.pdf")], runs)
        cold = timed_runs([sitrep, "render", str(SAMPLE), "-o", str(tmp / "cold.pdf")], runs)
        cold_size = (tmp / "cold.pdf").stat().st_size
        bare_size = (tmp / "bare.pdf").stat().st_size
    warm = warm_render(runs * 2)

    med = statistics.median
    print(f"## Flash update, {time.strftime('%Y-%m-%d')}")
    print()
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.platform()}; {runs} runs each (warm: {runs * 2}), medians.")
    print()
    print("| measure | median | min | max | vs baseline |")
    print("|---|---|---|---|---|")
    print(f"| Python start-up (`python -c pass`) | {med(startup):.3f} s | {min(startup):.3f} | {max(startup):.3f} | |")
    print(f"| bare WeasyPrint, same HTML+CSS, whole process | {med(bare):.3f} s | {min(bare):.3f} | "
          f"{max(bare):.3f} | 1.00 |")
    print(f"| cold `sitrep render`, whole process | {med(cold):.3f} s | {min(cold):.3f} | {max(cold):.3f} | "
          f"{med(cold) / med(bare):.2f} x bare |")
    print(f"| warm render (second and later in one process) | {med(warm) * 1000:.0f} ms | {min(warm) * 1000:.0f} | "
          f"{max(warm) * 1000:.0f} | |")
    print()
    print(f"PDF size: sitrep {cold_size / 1024:.1f} KB; bare WeasyPrint on the same HTML {bare_size / 1024:.1f} KB.")
    print()
    print("Arabic narrative words found in the PDF's text layer (diacritics and tatweel removed):")
    print()
    print("| text | words | PDFium (pypdfium2) | poppler `pdftotext -raw` |")
    print("|---|---|---|---|")
    for name, (path, choices) in TEXTS.items():
        document = load_document(path)
        incident = document.incidents[0] if hasattr(document, "incidents") else document
        data, _, _ = render_flash_update(document, **choices)
        words = len(incident.narrative.ar.split())
        print(f"| {name} | {words} | {recovered_share(incident.narrative.ar, pdf_text(data)):.1%} | "
              f"{recovered_share(incident.narrative.ar, poppler_text(data)):.1%} |")


if __name__ == "__main__":
    main()
