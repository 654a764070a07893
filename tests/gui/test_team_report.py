"""The report dialog's "whole team" choice: the coordinator's report over the team server."""

from __future__ import annotations

from helpers import may_incidents, open_store, pdf_pages, run_cli, store_with, team_user
from PySide6.QtCore import QDate

from sitrep.contract.model import Organization
from sitrep.settings import Settings
from sitrep.team import connection


def test_the_whole_team_choice_reports_the_servers_incidents(qtbot, tmp_path, team_database, monkeypatch):
    monkeypatch.setenv("SITREP_CACHE_DIR", str(tmp_path / "cache"))
    from gui.app import make_application
    from gui.qt_i18n import UiLanguage
    from gui.report_dialog import ReportDialog

    make_application([])
    chosen = may_incidents()
    officer = store_with(tmp_path / "officer" / "sitrep.db", chosen)
    with open_store(officer) as store:
        connection.save(store, team_user(team_database, "officer"))
    assert run_cli("sync", "--db", str(officer), timeout=120).returncode == 0
    with open_store(tmp_path / "reviewer" / "sitrep.db") as store:  # nothing of her own
        unconnected = ReportDialog(UiLanguage("en"), store, [], Organization(), Settings(), None,
                                   team_connected=bool(connection.saved(store)))
        assert unconnected.whole_team.isHidden()  # offered only once connected
        connection.save(store, team_user(team_database, "reviewer"))
    with open_store(tmp_path / "reviewer" / "sitrep.db") as store:
        dialog = ReportDialog(UiLanguage("en"), store, [], Organization(), Settings(), None,
                              team_connected=bool(connection.saved(store)))
    qtbot.addWidget(dialog)
    qtbot.addWidget(unconnected)
    assert not dialog.whole_team.isHidden()
    dialog.start.setDate(QDate(2016, 5, 1))
    dialog.end.setDate(QDate(2016, 5, 31))
    dialog.whole_team.setChecked(True)
    with qtbot.waitSignal(dialog.finished_report, timeout=120_000) as done:
        dialog.preview_button.click()
    assert done.args == ["pdf"] and pdf_pages(dialog.last_pdf) >= 1
    assert dialog.figures["incidents"] == len(chosen)
