"""Benchmark of the flash update: warm and cold render time, PDF size, Arabic copy-out.

    .venv/bin/python bench/render_bench.py [--runs N] [--copy-out-only]

Prints a Markdown report for docs/benchmarks.md. The machines here are noisy, so
every figure is compared with a baseline measured in the same run: bare Python
start-up, and bare WeasyPrint rendering the very same HTML and CSS in a process of
its own (no sitrep, no validation, no Babel, no gettext).

Copy-out: the share of Arabic words that come back out of the PDF's text layer in
four readers: PDFium (Chrome; pypdfium2), pdf.js (Firefox; node and the npm package
pdfjs-dist), and poppler's pdftotext in -raw and in its default mode (Evince and
most Linux tools). Each sample is rendered twice, as shipped (Arabic text without
kerning) and with Amiri's kerning switched back on, so both rows come from one run.
pdf.js is optional: install it outside the repository's tracked files with

    npm install --prefix bench --no-save --no-package-lock pdfjs-dist@5

(bench/node_modules is git-ignored) or point PDFJS_DIST at a pdfjs-dist folder;
without node or pdfjs-dist its column says so and the rest is measured.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # textcheck: the tests' measure of copied-out text

from sitrep.contract.documents import load_document  # noqa: E402
from sitrep.flash_update.pdf import as_report, options_for, render_flash_update  # noqa: E402
from sitrep.flash_update.layout import FlashUpdateLayout, default_layout  # noqa: E402
from textcheck import arabic_html_text, pdf_text, recovered_share, words  # noqa: E402

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


def poppler_text(data: bytes, *mode: str) -> str:
    """pdftotext's text: mode ("-raw",) for content-stream order, () for its default layout analysis."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        return subprocess.run(["pdftotext", *mode, handle.name, "-"], capture_output=True, text=True,
                              check=True).stdout


PDFJS_SCRIPT = Path(__file__).with_name("pdfjs_text.mjs")


def pdfjs_dist() -> tuple[Path | None, str]:
    """The pdfjs-dist folder and node, or None and why not."""
    node = shutil.which("node")
    folder = Path(os.environ.get("PDFJS_DIST") or Path(__file__).with_name("node_modules") / "pdfjs-dist")
    if node is None:
        return None, "node is not installed"
    if not (folder / "legacy" / "build" / "pdf.mjs").is_file():
        return None, (f"pdfjs-dist not found in {folder} (npm install --prefix bench --no-save "
                      "--no-package-lock pdfjs-dist@5, or set PDFJS_DIST)")
    return folder, ""


def pdfjs_text(data: bytes, folder: Path) -> str:
    """The text Firefox's viewer copies: pdf.js getTextContent(), run with node."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        return subprocess.run(["node", str(PDFJS_SCRIPT), str(folder), handle.name], capture_output=True,
                              text=True, check=True, timeout=300).stdout


# What the stylesheet said before issue 12: Amiri's own kerning on Arabic text.
KERNING_ON = """
.ar, .r { font-kerning: normal; }
@page { @top-right { font-kerning: normal; } @bottom-right { font-kerning: normal; } }
"""


class KernedLayout(FlashUpdateLayout):
    """The shipped layout with Arabic kerning switched back on (the "before" rows)."""

    def html(self, report, options):
        html, css = super().html(report, options)
        return html, css + KERNING_ON


def copy_out(runs: int) -> None:
    folder, why_not = pdfjs_dist()
    readers = {
        "PDFium (Chrome)": pdf_text,
        "pdf.js (Firefox)": (lambda data: pdfjs_text(data, folder)) if folder else None,
        "poppler `-raw`": lambda data: poppler_text(data, "-raw"),
        "poppler default (Evince)": lambda data: poppler_text(data),
    }
    renderers = {"none (now)": default_layout(), "normal (before)": KernedLayout()}
    print("Arabic words found in the PDF's text layer (diacritics and tatweel removed): the narrative the user "
          "typed, and all the Arabic of the document (our labels and sentences too).")
    if folder is None:
        print()
        print(f"pdf.js skipped: {why_not}.")
    print()
    print("| text | Arabic words | kerning | " + " | ".join(readers) + " | PDF size | warm render |")
    print("|---|---|---|" + "---|" * len(readers) + "---|---|")
    for name, (path, choices) in TEXTS.items():
        document = load_document(path)
        incident = document.incidents[0] if hasattr(document, "incidents") else document
        report = as_report(document)
        options = options_for(report, **choices)
        html, _ = default_layout().html(report, options)
        texts = {"narrative": incident.narrative.ar, "whole document": arabic_html_text(html)}
        for kerning, renderer in renderers.items():
            renderer.pdf(report, options)  # warm up: fonts and stylesheet parsed once
            times = []
            for _ in range(runs):
                start = time.perf_counter()
                data, _ = renderer.pdf(report, options)
                times.append(time.perf_counter() - start)
            extracted = {reader: (read(data) if read else None) for reader, read in readers.items()}
            for label, source in texts.items():
                shares = [("–" if text is None else f"{recovered_share(source, text):.1%}")
                          for text in extracted.values()]
                print(f"| {name}: {label} | {len(words(source))} | {kerning} | " + " | ".join(shares)
                      + f" | {len(data) / 1024:.1f} KB | {statistics.median(times) * 1000:.0f} ms |")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--copy-out-only", action="store_true", help="only the copy-out table")
    args = parser.parse_args()
    runs = args.runs
    if args.copy_out_only:
        print(f"## Arabic copy-out, {time.strftime('%Y-%m-%d')}")
        print()
        print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
              f"{platform.platform()}; warm renders: {runs}, median.")
        print()
        copy_out(runs)
        return
    python = sys.executable
    sitrep = str(Path(python).with_name("sitrep"))

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        report = as_report(load_document(SAMPLE))
        html, css = default_layout().html(report, options_for(report))
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
    copy_out(runs)


if __name__ == "__main__":
    main()
