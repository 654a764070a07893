"""The situation-report dialog, driven through its real widgets (offscreen), with a real
store and a real child process."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate

from sitrep.model import Organization, Text
from sitrep.settings import Settings
from sitrep.store import Store
from test_report import incidents


@pytest.fixture
def dialog(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("SITREP_CACHE_DIR", str(tmp_path / "cache"))
    from gui.app import make_application
    from gui.qt_i18n import UiLanguage
    from gui.report_dialog import ReportDialog

    make_application([])
    db = tmp_path / "data.db"
    with Store(db) as store:
        for incident in incidents():
            store.add(incident)
        stored = store.list()
    made = ReportDialog(UiLanguage("en"), db, stored, Organization(name=Text(ar="شبكة المثال", en="Example")),
                        Settings(), None)
    qtbot.addWidget(made)
    made.languages.setCurrentIndex(made.languages.findData("en"))
    return made


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
        dialog.export(str(out))
    assert finished.args == ["pdf"], dialog.status.text()
    assert out.read_bytes() == dialog.last_pdf and dialog.figures["incidents"] == 2
    assert str(out) in dialog.status.text()


def test_stop_cancels_and_writes_nothing(dialog, qtbot, tmp_path):
    out = tmp_path / "never.pdf"
    dialog.details.setChecked(True)
    with qtbot.waitSignal(dialog.finished_report, timeout=120_000) as finished:
        dialog.export(str(out))
        dialog.stop()
    assert finished.args == ["cancelled"] and not out.exists()
    assert dialog.preview_button.isEnabled() and not dialog.stop_button.isEnabled()


def test_problems_are_shown_not_raised(dialog, qtbot):
    dialog.start.setDate(QDate(2010, 1, 1))
    dialog.end.setDate(QDate(2010, 1, 31))
    with qtbot.waitSignal(dialog.finished_report, timeout=120_000) as finished:
        dialog.preview_button.click()
    assert finished.args == ["problems"] and "No stored incident falls between" in dialog.status.text()


def test_totals_since_a_date_reach_the_report(dialog, qtbot):
    from sitrep.textcheck import pdf_text

    assert dialog.request().since is None and not dialog.since.isEnabled()
    dialog.since_on.setChecked(True)
    assert dialog.since.isEnabled() and dialog.since.date() == QDate(2016, 1, 1)
    assert str(dialog.request().since) == "2016-01-01"
    with qtbot.waitSignal(dialog.finished_report, timeout=120_000) as finished:
        dialog.preview_button.click()
    assert finished.args == ["pdf"], dialog.status.text()
    assert "Total: since 1 January 2016" in " ".join(pdf_text(dialog.last_pdf).split())
