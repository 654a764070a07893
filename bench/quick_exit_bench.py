"""Quick exit on the real app: from the key press to no window shown, and to the end of the process.

    .venv/bin/python bench/quick_exit_bench.py [--runs N] [--incidents N] [--json]

Each run starts the app (gui.app.main, Qt offscreen) in a process of its own on a store of
N incidents, types into a new incident's form, opens the situation report dialog (modal, as
File > Situation report opens it), starts a report with a detail section per incident, and
once its parts are being laid out (the report process and its two layout workers running)
presses Ctrl+Shift+Q in the dialog as the keyboard does: QTest.keyClick goes through Qt's
shortcut handling as a key event from the window system does. The app prints the time of the
press and of its last window being hidden; this script notes when the process ended and when
its child processes were gone (found through /proc where there is one), and checks that the
typed text is in the autosave.

Prints Markdown for docs/benchmarks.md (or one JSON object per run with --json).
"""

from __future__ import annotations

import argparse
import json
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
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))
from helpers import passphrase_environment  # noqa: E402

passphrase_environment()  # the processes started here open the same stores
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TYPED = "Typed before the checkpoint"


def child(folder: str) -> int:
    """In the app's process: the scenario above, around the app's own main()."""
    from PySide6.QtCore import QDate, QEvent, QObject, Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from gui import app as gui_app
    from gui.main_window import MainWindow

    application = gui_app.make_application([sys.argv[0]])  # main() takes this one

    def say(*words) -> None:
        print(*words, flush=True)  # the app ends with os._exit: nothing is flushed after

    class LastHidden(QObject):
        """Prints the time at which no window of the app is shown any more."""

        def eventFilter(self, watched, event):
            if (event.type() == QEvent.Type.Hide and watched.isWidgetType() and watched.isWindow()
                    and not any(w.isVisible() for w in QApplication.topLevelWidgets())):
                say("hidden", repr(time.time()))
                application.removeEventFilter(self)
            return False

    def fill_the_form() -> None:
        window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))
        window.new_action.trigger()
        place = window.form.location["place"].edits["en"]
        place.setFocus()
        QTest.keyClicks(place, TYPED)
        QTimer.singleShot(0, start_the_report)
        window.report_action.trigger()  # exec(): modal until the quick exit hides it

    def start_the_report() -> None:
        dialog = QApplication.activeModalWidget()
        dialog.start.setDate(QDate(2000, 1, 1))
        dialog.details.setChecked(True)
        dialog.include_drafts.setChecked(True)
        dialog.preview_button.click()
        started = time.monotonic()

        def when_laying_out() -> None:
            # The first part is done (the bar has a maximum) or the report is already over.
            if dialog.progress.maximum() == 0 and dialog.job is not None and time.monotonic() - started < 60:
                QTimer.singleShot(50, when_laying_out)
                return
            say("ready")
            sys.stdin.readline()  # the bench has noted the child processes
            watch = LastHidden(application)
            application.installEventFilter(watch)
            dialog.activateWindow()
            application.processEvents()
            say("pressed", repr(time.time()))
            QTest.keyClick(dialog, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
            say("still running after the key press")

        when_laying_out()

    QTimer.singleShot(0, fill_the_form)
    return gui_app.main(["--data-folder", folder])


def descendants(pid: int) -> set[int]:
    from helpers import children

    found = set()
    for kid in children(pid):
        found |= {kid} | descendants(kid)
    return found


def one_run(folder: Path, config: Path) -> dict:
    from helpers import alive

    from sitrep.autosave import AUTOSAVE_KEY, Autosave
    from sitrep.settings import Settings
    from helpers import open_store

    env = {**os.environ, "SITREP_CONFIG_DIR": str(config), "SITREP_CACHE_DIR": str(config / "cache"),
           "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--child", str(folder)],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    lines: dict[str, str] = {}
    try:
        line = process.stdout.readline()
        if line.strip() != "ready":
            raise RuntimeError(f"the app did not get ready: {line!r}")
        kids = descendants(process.pid) if os.path.isdir("/proc") else set()
        process.stdin.write("go\n")
        process.stdin.flush()
        for line in process.stdout:
            word, _, value = line.strip().partition(" ")
            lines[word] = value
        process.wait(30)
        ended = time.time()
        gone = None
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if not any(alive(pid) for pid in kids):
                gone = time.time()
                break
            time.sleep(0.005)
    finally:
        if process.poll() is None:
            process.kill()
    pressed = float(lines["pressed"])
    settings = Settings(data_folder=str(folder))
    with open_store(settings.db_path) as store:  # the autosave is sealed with the store's key
        autosave = Autosave(settings.autosave_folder, store.file_key(AUTOSAVE_KEY))
    pending = autosave.pending()
    place = pending["form_state"]["data"]["location"]["place"]["en"] if pending else None
    autosave.clear()  # the next run starts without the offer
    return {"hidden_ms": (float(lines["hidden"]) - pressed) * 1000 if "hidden" in lines else None,
            "ended_ms": (ended - pressed) * 1000, "children": len(kids),
            "children_gone_ms": (gone - pressed) * 1000 if gone else None,
            "returncode": process.returncode, "autosaved": place == TYPED,
            "returned_from_key_press": "still" in lines}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--incidents", type=int, default=300)
    parser.add_argument("--json", action="store_true", help="one JSON object per run")
    parser.add_argument("--child", help=argparse.SUPPRESS)  # the app's side of a run
    args = parser.parse_args()
    if args.child:
        sys.exit(child(args.child))

    from gui_bench import fill_store

    results = []
    with tempfile.TemporaryDirectory() as tmp:
        folder, config = Path(tmp) / "data", Path(tmp) / "config"
        folder.mkdir()
        fill_store(folder, args.incidents)
        for _ in range(args.runs):
            result = one_run(folder, config)
            results.append(result)
            if args.json:
                print(json.dumps(result), flush=True)
            else:
                print(result, file=sys.stderr)
    if args.json:
        return

    def row(label: str, key: str) -> str:
        values = [r[key] for r in results if r[key] is not None]
        if len(values) < len(results):
            return f"| {label} | not seen in {len(results) - len(values)} of {len(results)} runs | | |"
        return (f"| {label} | {statistics.median(values):.0f} ms | {min(values):.0f} | {max(values):.0f} |")

    print(f"## Quick exit, {time.strftime('%Y-%m-%d')}\n")
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.platform()}; Qt offscreen. {args.runs} runs, {args.incidents:,} incidents, "
          f"a report with details being laid out when the key is pressed.\n")
    print("| from the key press to | median | min | max |")
    print("|---|---|---|---|")
    print(row("no window shown", "hidden_ms"))
    print(row("the end of the app's process", "ended_ms"))
    print(row("its child processes gone", "children_gone_ms"))
    print()
    print(f"Child processes at the press: {sorted({r['children'] for r in results})}; exit codes: "
          f"{sorted({r['returncode'] for r in results})}; typed text in the autosave: "
          f"{sum(r['autosaved'] for r in results)} of {len(results)} runs.")


if __name__ == "__main__":
    main()
