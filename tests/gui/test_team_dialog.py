"""File > Team server…, as a user goes: the menu entry, the string pasted, Test and save clicked."""

from __future__ import annotations

import socket

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from sitrep.team import connection


def in_team_dialog(qtbot, act):
    """Run ``act(dialog)`` once the Team server dialog is shown; returns what it saw at the end."""
    seen = {}

    def step():
        dialog = QApplication.activeModalWidget()
        if type(dialog).__name__ != "TeamDialog":
            QTimer.singleShot(20, step)
            return
        act(dialog)
        qtbot.waitUntil(lambda: dialog.job is None, timeout=15000)
        seen.update(problem=dialog.problem.text() if dialog.problem.isVisible() else "",
                    visible=dialog.isVisible())
        if dialog.isVisible():
            dialog.reject()

    QTimer.singleShot(0, step)
    return seen


def paste_and_test(dsn: str, allow: bool = False):
    def act(dialog):
        dialog.dsn.setText(dsn)
        dialog.insecure.setChecked(allow)
        dialog.save_button.click()
    return act


def test_an_unreachable_server_is_said_in_the_dialog_and_nothing_is_kept(make_window, qtbot):
    window = make_window("ar")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    seen = in_team_dialog(qtbot, paste_and_test(f"postgresql://amina:pw@127.0.0.1:{port}/sitrep"))
    window.team_action.trigger()
    assert seen["visible"] and "pw" not in seen["problem"]
    assert any("\u0600" <= ch <= "\u06ff" for ch in seen["problem"])
    assert connection.saved(window.store) is None


def test_no_tls_to_a_remote_server_is_refused_in_the_dialog(make_window, qtbot):
    window = make_window()
    seen = in_team_dialog(qtbot, paste_and_test("postgresql://amina:pw@db.example.org/sitrep?sslmode=disable"))
    window.team_action.trigger()
    assert "would not be encrypted" in seen["problem"] and connection.saved(window.store) is None


def test_the_settings_open_the_team_server_dialog_too(make_window, qtbot):
    from PySide6.QtWidgets import QDialog

    window = make_window()
    shown = []

    def in_settings():
        dialog = QApplication.activeModalWidget()
        if type(dialog).__name__ != "SettingsDialog":
            QTimer.singleShot(20, in_settings)
            return
        seen = in_team_dialog(qtbot, lambda team: shown.append(type(team).__name__))
        dialog.team_button.click()
        assert seen["visible"]
        dialog.done(QDialog.DialogCode.Rejected)

    QTimer.singleShot(0, in_settings)
    window.settings_action.trigger()
    assert shown == ["TeamDialog"]
