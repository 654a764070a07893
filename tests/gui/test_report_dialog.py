"""The situation-report dialog, driven through its real widgets (offscreen), with a real
store and a real child process."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, Qt

from sitrep.contract.model import Organization, Text
from sitrep.settings import Settings

from helpers import alive, children, kill_all, many_incidents, may_incidents, store_with, wait_until, open_store


@pytest.fixture
def dialog(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("SITREP_CACHE_DIR", str(tmp_path / "cache"))
    from gui.app import make_application
    from gui.qt_i18n import UiLanguage
    from gui.report_dialog import ReportDialog

    make_application([])
    db = tmp_path / "data.db"
    with open_store(db) as store:
        for incident in may_incidents():
            store.add(incident)
        stored = store.list()
    made = ReportDialog(UiLanguage("en"), store, stored, Organization(name=Text(ar="شبكة المثال", en="Example")),
                        Settings(), None)
    qtbot.addWidget(made)
    made.languages.setCurrentIndex(made.languages.findData("en"))
    return made


@pytest.fixture
def long_report(qtbot, tmp_path, monkeypatch):
    """A report dialog over 200 incidents with their detail sections: long enough to stop mid-way."""
    monkeypatch.setenv("SITREP_CACHE_DIR", str(tmp_path / "cache"))
    from gui.app import make_application
    from gui.qt_i18n import UiLanguage
    from gui.report_dialog import ReportDialog

    make_application([])

    def make(lang: str):
        db = store_with(tmp_path / "data.db", many_incidents(200))
        with open_store(db) as store:
            stored = store.list()
        made = ReportDialog(UiLanguage(lang), store, stored, Organization(), Settings(), None)
        qtbot.addWidget(made)
        made.languages.setCurrentIndex(made.languages.findData(lang if lang == "en" else "ar+en"))
        made.start.setDate(QDate(2016, 5, 1))
        made.details.setChecked(True)
        return made

    return make


def export_to(dialog, path) -> None:
    """The Export button, with the operating system's save dialog answering ``path``."""
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QFileDialog

    original = QFileDialog.getSaveFileName
    QFileDialog.getSaveFileName = staticmethod(lambda *a, **k: (str(path), ""))
    try:
        QTest.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    finally:
        QFileDialog.getSaveFileName = original


def test_period_defaults_to_the_month_of_the_last_incident(dialog):
    assert dialog.start.date() == QDate(2016, 5, 1) and dialog.end.date() == QDate(2016, 5, 20)
    assert [dialog.area.itemData(i) for i in range(dialog.area.count())] == [None, "Aleppo", "Idlib"]


def test_preview_shows_the_report_with_progress(dialog, qtbot):
    seen = []
    dialog.progress.valueChanged.connect(seen.append)
    with qtbot.waitSignal(dialog.finished_report, timeout=120_000) as finished:
        dialog.preview_button.click()
        assert not dialog.preview_button.isEnabled() and dialog.stop_button.isEnabled()
    assert finished.args == ["pdf"], dialog.status.text()
    assert dialog.document.pageCount() >= 3 and dialog.figures["incidents"] == 3
    assert seen and dialog.preview_button.isEnabled()


def test_export_writes_what_the_preview_showed(dialog, qtbot, tmp_path):
    out = tmp_path / "may.pdf"
    dialog.area.setCurrentIndex(dialog.area.findData("Aleppo"))
    with qtbot.waitSignal(dialog.finished_report, timeout=120_000) as finished:
        export_to(dialog, out)
    assert finished.args == ["pdf"], dialog.status.text()
    assert out.read_bytes() == dialog.last_pdf and dialog.figures["incidents"] == 2
    assert str(out) in dialog.status.text()


def test_stop_cancels_and_writes_nothing(dialog, qtbot, tmp_path):
    out = tmp_path / "never.pdf"
    dialog.details.setChecked(True)
    with qtbot.waitSignal(dialog.finished_report, timeout=120_000) as finished:
        export_to(dialog, out)
        dialog.stop()
    assert finished.args == ["cancelled"] and not out.exists()
    assert dialog.preview_button.isEnabled() and not dialog.stop_button.isEnabled()


def test_problems_are_shown_not_raised(dialog, qtbot):
    dialog.start.setDate(QDate(2010, 1, 1))
    dialog.end.setDate(QDate(2010, 1, 31))
    with qtbot.waitSignal(dialog.finished_report, timeout=120_000) as finished:
        dialog.preview_button.click()
    assert finished.args == ["problems"] and "No stored incident falls between" in dialog.status.text()


def _descendants(pid: int) -> set[int]:
    from helpers import children

    found = set()
    for child in children(pid):
        found |= {child} | _descendants(child)
    return found


# The app as a user runs it, in a process of its own: a report with a detail section
# per incident is started from the dialog, then the app is killed.
APP = """
import sys
sys.path.insert(0, "tests")
from helpers import open_store
from gui.app import make_application
from gui.qt_i18n import UiLanguage
from gui.report_dialog import ReportDialog
from PySide6.QtCore import QDate, Qt
from sitrep.contract.model import Organization
from sitrep.settings import Settings


app = make_application([])
with open_store(sys.argv[1]) as store:
    incidents = store.list()
dialog = ReportDialog(UiLanguage("en"), store, incidents, Organization(), Settings())
dialog.start.setDate(QDate(2016, 5, 1))
dialog.details.setChecked(True)
dialog.show()
dialog.run()
app.exec()
"""


@pytest.mark.skipif(not __import__("os").path.isdir("/proc"), reason="finds the processes through /proc")
def test_killing_the_app_ends_the_report_process_and_its_workers(tmp_path):
    """Issue 11, item 8: neither the dialog's report process nor its workers outlive the app."""
    import os
    import signal
    import subprocess
    import sys
    import time

    from helpers import ROOT
    from helpers import alive, kill_all, many_incidents, store_with, wait_until

    db = store_with(tmp_path / "data.db", many_incidents(200))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT), SITREP_CACHE_DIR=str(tmp_path / "c"))
    app = subprocess.Popen([sys.executable, "-c", APP, str(db)], env=env, cwd=ROOT)
    started = set()
    try:
        # The report process, and its two layout workers under it.
        assert wait_until(lambda: len(_descendants(app.pid)) >= 3, 60), "the report never started"
        time.sleep(1.5)
        started = _descendants(app.pid)
        app.send_signal(signal.SIGKILL)
        app.wait(10)
        assert wait_until(lambda: not any(alive(pid) for pid in started), 5), [
            pid for pid in started if alive(pid)]
    finally:
        app.kill()
        kill_all(started)


@pytest.mark.skipif(not __import__("os").path.isdir("/proc"), reason="finds the processes through /proc")
def test_a_killed_report_process_takes_its_workers_along(qtbot, long_report):
    """Issue 11, item 8: the report process killed (the OOM killer's pick: it holds the
    whole report) leaves no layout worker behind, and the dialog says what happened."""
    import os
    import signal
    import time

    made = long_report("ar")
    workers = set()
    with qtbot.waitSignal(made.finished_report, timeout=60_000) as finished:
        made.preview_button.click()
        child = made.worker.pid
        try:
            assert wait_until(lambda: len(children(child)) >= 2, 60), "the workers never started"
            workers = children(child)
            time.sleep(1.5)
            os.kill(child, signal.SIGKILL)
            assert wait_until(lambda: not any(alive(pid) for pid in workers), 5), [
                pid for pid in workers if alive(pid)]
        finally:
            kill_all(workers)
    assert finished.args == ["problems"]
    assert "Traceback" not in made.status.text() and any("\u0600" <= ch <= "\u06ff" for ch in made.status.text())


def test_highlights_over_the_limit_are_a_message_naming_the_box(dialog, qtbot):
    """Issue 11, item 9: pydantic's own text (or an exception in Qt's event loop) before."""
    dialog.highlights_en.setPlainText("x" * 20_001)
    dialog.number.setText("9" * 41)
    with qtbot.waitSignal(dialog.finished_report, timeout=10_000) as finished:
        dialog.preview_button.click()
    assert finished.args == ["problems"] and dialog.job is None
    text = dialog.status.text()
    assert "Highlights (English): Too long: at most 20000 characters." in text, text
    assert "Report number: Too long: at most 40 characters." in text and "pydantic" not in text
    assert dialog.preview_button.isEnabled()


@pytest.mark.skipif(__import__("os").name != "posix", reason="POSIX file modes")
def test_an_internal_report_is_written_for_its_owner_only(dialog, qtbot, tmp_path):
    """Issue 11, item 11: internal exports were 0600, the dialog's internal reports 0644."""
    out = tmp_path / "internal.pdf"
    dialog.profile.setCurrentIndex(dialog.profile.findData("internal"))
    with qtbot.waitSignal(dialog.finished_report, timeout=120_000) as finished:
        export_to(dialog, out)
    assert finished.args == ["pdf"], dialog.status.text()
    assert out.stat().st_mode & 0o777 == 0o600


def test_drafts_are_left_out_unless_the_box_is_ticked(qtbot, tmp_path, monkeypatch):
    """Issue 10: the report counted drafts with final incidents."""
    monkeypatch.setenv("SITREP_CACHE_DIR", str(tmp_path / "cache"))
    from gui.app import make_application
    from gui.qt_i18n import UiLanguage
    from gui.report_dialog import ReportDialog
    from helpers import with_a_draft

    make_application([])
    chosen, _ = with_a_draft()
    db = tmp_path / "data.db"
    with open_store(db) as store:
        store.add_many(chosen)
        stored = store.list()
    made = ReportDialog(UiLanguage("ar"), store, stored, Organization(), Settings(), None)
    qtbot.addWidget(made)
    made.start.setDate(QDate(2016, 5, 1))
    assert not made.include_drafts.isChecked() and "مسودات" in made.include_drafts.text()
    for ticked, count in ((False, 2), (True, 3)):
        made.include_drafts.setChecked(ticked)
        with qtbot.waitSignal(made.finished_report, timeout=120_000) as finished:
            made.preview_button.click()
        assert finished.args == ["pdf"], made.status.text()
        assert made.figures["incidents"] == count and made.figures["drafts"] == count - 2
def test_totals_since_a_date_reach_the_report(dialog, qtbot):
    from textcheck import pdf_text

    assert dialog.request().since is None and not dialog.since.isEnabled()
    dialog.since_on.setChecked(True)
    assert dialog.since.isEnabled() and dialog.since.date() == QDate(2016, 1, 1)
    assert str(dialog.request().since) == "2016-01-01"
    with qtbot.waitSignal(dialog.finished_report, timeout=120_000) as finished:
        dialog.preview_button.click()
    assert finished.args == ["pdf"], dialog.status.text()
    assert "Total: since 1 January 2016" in " ".join(pdf_text(dialog.last_pdf).split())


def test_stop_during_the_layout_ends_the_child_at_once_and_the_dialog_goes_on(qtbot, tmp_path, long_report):
    """Issue 13: the progress bar follows the child's parts; Stop, clicked mid-layout, ends the
    child and its layout workers at once, nothing is written, and the next report runs."""
    import os
    import time

    made = long_report("en")
    made.show()
    out = tmp_path / "never.pdf"
    export_to(made, out)
    worker = made.worker
    workers = set()
    try:
        qtbot.waitUntil(lambda: made.progress.maximum() > 0 and made.progress.value() >= 1, timeout=120_000)
        assert "Laying out the report: part" in made.status.text()
        if os.path.isdir("/proc"):
            workers = children(worker.pid)
        with qtbot.waitSignal(made.finished_report, timeout=5_000) as finished:
            clicked = time.monotonic()
            qtbot.mouseClick(made.stop_button, Qt.MouseButton.LeftButton)
        assert finished.args == ["cancelled"] and time.monotonic() - clicked < 3
        assert not worker._process.is_alive() and not out.exists()
        if os.path.isdir("/proc"):
            assert not alive(worker.pid)
            assert wait_until(lambda: not any(alive(pid) for pid in workers), 5), workers
    finally:
        kill_all(workers)
    assert made.status.text() == "Stopped; nothing was written."
    assert made.preview_button.isEnabled() and made.export_button.isEnabled() and not made.stop_button.isEnabled()

    made.details.setChecked(False)
    made.end.setDate(QDate(2016, 5, 2))
    with qtbot.waitSignal(made.finished_report, timeout=120_000) as finished:
        made.preview_button.click()
    assert finished.args == ["pdf"], made.status.text()
    assert made.progress.value() == made.progress.maximum() and made.document.pageCount() >= 1
