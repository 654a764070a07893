"""Benchmark of the desktop app: start-up with 1,000 stored incidents, and how long the
UI thread is ever blocked while the live preview renders.

    .venv/bin/python bench/gui_bench.py [--runs N]

Prints Markdown for docs/benchmarks.md. Start-up is measured from spawning the
process to the moment the main window has been shown (the app prints it, with
--quit-after-show), so interpreter start and every import count.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # helpers: the test passphrase
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from search_bench import make_incident  # noqa: E402

from sitrep.contract.documents import parse_incident  # noqa: E402
from helpers import open_store, passphrase_environment  # noqa: E402

passphrase_environment()  # the processes started here open the same stores


def fill_store(folder: Path, count: int) -> None:
    rng = random.Random(7)
    with open_store(folder / "sitrep.db") as store:
        for n in range(count):
            store.add(parse_incident(make_incident(n, rng)))


def startup_times(folder: Path, config: Path, runs: int) -> list[float]:
    env = {**os.environ, "SITREP_CONFIG_DIR": str(config), "QT_QPA_PLATFORM": "offscreen"}
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-m", "gui.app", "--data-folder", str(folder),
                                    "--quit-after-show"], stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT)
        line = process.stdout.readline()
        elapsed = time.perf_counter() - start
        process.wait(60)
        if not line.startswith("shown"):
            raise RuntimeError(f"the app did not start: {line!r}")
        times.append(elapsed)
    return times


def arabic_window(folder: Path, config: Path):
    """The application and a main window in Arabic on ``folder``, shown."""
    os.environ["SITREP_CONFIG_DIR"] = str(config)
    from gui.app import make_application
    from gui.main_window import MainWindow
    from gui.qt_i18n import UiLanguage
    from sitrep.settings import Settings

    app = make_application([])
    settings = Settings(ui_language="ar", data_folder=str(folder))
    ui = UiLanguage("ar")
    ui.apply_to_application()
    window = MainWindow(settings, ui, open_store(settings.db_path))
    window.show()
    return app, window


def ui_blocking(folder: Path, config: Path, renders: int) -> tuple[list[float], list[float], list]:
    """Largest gaps between ticks of a 5 ms timer on the UI thread, while previews render."""
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer

    app, window = arabic_window(folder, config)
    first = window.store.records()[0].id
    window.open_incident(first)
    # Let start-up finish (first paint of the window, the log's search index) so the
    # probe measures the time while previews render, not the start-up itself.
    settle = QEventLoop()
    QTimer.singleShot(2000, settle.quit)
    settle.exec()

    clock = QElapsedTimer()
    clock.start()
    gaps: list[float] = []
    last = [clock.elapsed()]

    where: list[int] = []
    current = [0]

    def tick():
        now = clock.elapsed()
        gaps.append(now - last[0])
        where.append(current[0])
        last[0] = now

    probe = QTimer()
    probe.setInterval(5)
    probe.timeout.connect(tick)
    render_times = []
    for n in range(renders):
        loop = QEventLoop()
        window.preview.rendered.connect(loop.quit)
        started = time.perf_counter()
        current[0] = n
        if n == 0:
            probe.start()
        window.form.narrative.edits["en"].setPlainText(f"Edit number {n}: the preview follows the form.")
        window.refresh_preview(immediately=True)
        loop.exec()
        window.preview.rendered.disconnect(loop.quit)
        render_times.append(time.perf_counter() - started)
    probe.stop()
    window.dirty = False
    window.close()
    app.processEvents()
    return gaps, render_times, sorted(zip(gaps, where), reverse=True)[:5]


def report_dialog_blocking(folder: Path, config: Path, details: bool) -> tuple[list[float], float, int]:
    """Gaps of a 5 ms UI-thread timer while the report dialog builds and shows a report
    over every stored incident; also the report's wall time and page count."""
    os.environ["SITREP_CONFIG_DIR"] = str(config)
    os.environ["SITREP_CACHE_DIR"] = str(config / "cache")  # cold: a fresh cache folder
    from PySide6.QtCore import QDate, QElapsedTimer, QEventLoop, QTimer

    from gui.app import make_application
    from gui.qt_i18n import UiLanguage
    from gui.report_dialog import ReportDialog
    from sitrep.contract.model import Organization
    from sitrep.settings import Settings

    app = make_application([])
    settings = Settings(ui_language="ar", data_folder=str(folder))
    with open_store(settings.db_path) as store:
        incidents = store.list()
    ui = UiLanguage("ar")
    ui.apply_to_application()
    dialog = ReportDialog(ui, settings.db_path, incidents, Organization(), settings)
    first, last = min(i.date for i in incidents), max(i.date for i in incidents)
    dialog.start.setDate(QDate(first.year, first.month, first.day))
    dialog.end.setDate(QDate(last.year, last.month, last.day))
    dialog.details.setChecked(details)
    dialog.include_drafts.setChecked(True)  # every stored incident, as before drafts were left out by default
    dialog.show()
    clock = QElapsedTimer()
    clock.start()
    gaps: list[float] = []
    last_tick = [clock.elapsed()]

    def tick():
        now = clock.elapsed()
        gaps.append(now - last_tick[0])
        last_tick[0] = now

    probe = QTimer()
    probe.setInterval(5)
    probe.timeout.connect(tick)
    done = QEventLoop()
    dialog.finished_report.connect(lambda *_: done.quit())
    started = time.perf_counter()
    probe.start()
    dialog.run()
    done.exec()
    settle = QEventLoop()  # the preview paints its first pages
    QTimer.singleShot(1000, settle.quit)
    settle.exec()
    probe.stop()
    wall = time.perf_counter() - started - 1.0
    pages = dialog.figures.get("pages", 0) if isinstance(dialog.figures, dict) else 0
    dialog.reject()
    app.processEvents()
    return gaps, wall, pages


def probe_while(run_job) -> tuple[list[float], float, list]:
    """Gaps between ticks of a 5 ms UI-thread timer while ``run_job()`` (which returns a Job) runs."""
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer

    clock = QElapsedTimer()
    clock.start()
    gaps: list[float] = []
    last = [clock.elapsed()]

    when: list[float] = []

    def tick():
        now = clock.elapsed()
        gaps.append(now - last[0])
        when.append(now)
        last[0] = now

    probe = QTimer()
    probe.setInterval(5)
    probe.timeout.connect(tick)
    probe.start()
    done = QEventLoop()
    started = time.perf_counter()
    job = run_job()
    job.ended.connect(done.quit)
    done.exec()
    wall = time.perf_counter() - started
    after = QEventLoop()  # one more tick measures the job's last step on the UI thread (its callback)
    QTimer.singleShot(100, after.quit)
    after.exec()
    probe.stop()
    return gaps, wall, sorted(zip(gaps, when), reverse=True)[:3]


def export_blocking(folder: Path, config: Path) -> list[tuple[str, list[float], float]]:
    """The UI thread while the window exports the largest incident's PDF (24 pages), exports 1,000
    incidents as CSV, and reads a 5,000-row CSV for the import's dry run: the jobs of gui/jobs.py."""
    from PySide6.QtCore import QEventLoop, QTimer

    from gui.exchange_dialog import import_file, write_data
    from safety_bench import largest_incident
    from sitrep.exchange.export_data import export_bytes

    app, window = arabic_window(folder, config)
    largest = largest_incident()
    window.store.add(largest)
    window.reload_log()
    shown = QEventLoop()  # the preview of the largest incident is shown first, so it does not count
    window.preview.rendered.connect(lambda *_: shown.quit())
    window.open_incident(largest.id)
    shown.exec()
    settle = QEventLoop()
    QTimer.singleShot(2000, settle.quit)
    settle.exec()
    out = Path(folder) / "out"
    out.mkdir()
    incidents = window.store.list()
    rows = Path(folder) / "rows.csv"
    ordinary = [incident for incident in incidents if incident.id != largest.id]
    rows.write_bytes(export_bytes((ordinary * (5000 // len(ordinary) + 1))[:5000], "csv", "internal"))
    results = []
    for label, job in (
            ("Export PDF, largest incident (24 pages)",
             lambda: window.export_to(out / "largest.pdf", largest, {"languages": "ar+en", "profile": "internal"})),
            (f"Export data, {len(incidents):,} incidents as CSV",
             lambda: write_data(window, out / "all.csv", incidents, "csv", "internal")),
            ("Import: read and validate 5,000 CSV rows", lambda: import_file(window, str(rows)))):
        gaps, wall, worst = probe_while(job)
        print(label, "longest gaps (ms, at ms):", worst, file=sys.stderr)
        results.append((label, gaps, wall))
        if getattr(window, "import_dialog", None) is not None:
            window.import_dialog.reject()
    window.dirty = False
    window.close()
    app.processEvents()
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--incidents", type=int, default=1000)
    parser.add_argument("--report-dialog", action="store_true",
                        help="only measure the UI thread while the report dialog builds a report")
    parser.add_argument("--export", action="store_true",
                        help="only measure the UI thread while the window's export and import jobs run")
    args = parser.parse_args()
    if args.export:
        with tempfile.TemporaryDirectory() as tmp:
            folder, config = Path(tmp) / "data", Path(tmp) / "config"
            folder.mkdir()
            fill_store(folder, args.incidents)
            results = export_blocking(folder, config)
        print(f"## Export and import jobs, {time.strftime('%Y-%m-%d')}, Qt offscreen\n")
        print("| job | wall time | UI timer ticks | longest gap | 99th percentile | median |")
        print("|---|---|---|---|---|---|")
        for label, gaps, wall in results:
            ordered = sorted(gaps)
            print(f"| {label} | {wall:.1f} s | {len(gaps)} | {max(gaps):.0f} ms | "
                  f"{ordered[max(0, int(len(gaps) * 0.99) - 1)]:.0f} ms | {statistics.median(gaps):.0f} ms |")
        return
    if args.report_dialog:
        with tempfile.TemporaryDirectory() as tmp:
            folder, config = Path(tmp) / "data", Path(tmp) / "config"
            folder.mkdir()
            fill_store(folder, args.incidents)
            print(f"## Report dialog, {time.strftime('%Y-%m-%d')}, {args.incidents:,} incidents, Qt offscreen\n")
            print("| report | wall time | UI timer ticks | longest gap | 99th percentile | median |")
            print("|---|---|---|---|---|---|")
            for details in (False, True):
                gaps, wall, _ = report_dialog_blocking(folder, config, details)
                ordered = sorted(gaps)
                print(f"| {'with details' if details else 'annex only'} | {wall:.1f} s | {len(gaps)} | "
                      f"{max(gaps):.0f} ms | {ordered[int(len(gaps) * 0.99) - 1]:.0f} ms | "
                      f"{statistics.median(gaps):.0f} ms |")
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder, config = Path(tmp) / "data", Path(tmp) / "config"
        folder.mkdir()
        fill_store(folder, args.incidents)
        empty = Path(tmp) / "empty"
        empty.mkdir()
        full = startup_times(folder, config, args.runs)
        bare = startup_times(empty, config, args.runs)
        gaps, renders, worst = ui_blocking(folder, config, renders=12)

    med = statistics.median
    gaps_sorted = sorted(gaps)
    print(f"## Desktop app, {time.strftime('%Y-%m-%d')}")
    print()
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.platform()}; Qt offscreen.")
    print()
    print("| measure | median | min | max |")
    print("|---|---|---|---|")
    print(f"| process start to main window shown, {args.incidents:,} incidents | {med(full):.3f} s | "
          f"{min(full):.3f} | {max(full):.3f} |")
    print(f"| the same with an empty store | {med(bare):.3f} s | {min(bare):.3f} | {max(bare):.3f} |")
    print(f"| live preview: edit to PDF shown (12 renders) | {med(renders) * 1000:.0f} ms | "
          f"{min(renders) * 1000:.0f} | {max(renders) * 1000:.0f} |")
    print()
    print(f"UI thread during those renders: a 5 ms timer ticked {len(gaps)} times; the longest gap between ticks "
          f"was {max(gaps):.0f} ms, the 99th percentile {gaps_sorted[int(len(gaps) * 0.99) - 1]:.0f} ms, "
          f"the median {med(gaps):.0f} ms. Longest five (ms, during render number): {worst}.")


if __name__ == "__main__":
    main()
