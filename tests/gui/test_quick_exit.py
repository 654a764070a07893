"""The quick exit (gui/quick_exit.py): what it leaves on the clipboard, and the real app's end.

Its walk through a modal report dialog is in test_actions.py. Here, as there, only the last
step (os._exit) is replaced, so that the test's process goes on; the subprocess test runs it.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from helpers import ROOT, press
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox


@pytest.fixture
def ready(make_window, qtbot, monkeypatch):
    """A window with a new incident's place typed in, and the list the exit is recorded in."""
    window = make_window()
    ended = []
    monkeypatch.setattr(window.quick_exit, "end_process", lambda: ended.append(True))
    window.new_action.trigger()
    place = window.form.location["place"].edits["en"]
    place.setFocus()
    QTest.keyClicks(place, "Kafr Naha field hospital")
    return window, place, ended


def message_box(window) -> QMessageBox:
    """A modal message box, as QMessageBox's static functions open one."""
    box = QMessageBox(QMessageBox.Icon.Question, "sitrep", "Save the changes?", parent=window)
    box.setWindowModality(Qt.WindowModality.ApplicationModal)
    box.show()
    return box


def test_text_copied_in_another_program_stays_on_the_clipboard(ready, qtbot):
    window, place, ended = ready
    window.hide()  # the user is in another program, and copies there
    qtbot.waitUntil(lambda: QApplication.activeWindow() is None)
    QGuiApplication.clipboard().setText("a shopping list")
    window.show()
    box = message_box(window)
    window.toolbar.widgetForAction(window.quick_exit_action).click()  # the toolbar button
    assert ended == [True] and not window.isVisible() and not box.isVisible()
    assert QGuiApplication.clipboard().text() == "a shopping list"
    assert window.autosave.pending()["form_state"]["data"]["location"]["place"]["en"] == "Kafr Naha field hospital"


def test_text_cut_from_a_field_is_taken_off_the_clipboard(ready, qtbot):
    """Cut text is in no field any more: the app knows it as its own because it was copied in the app."""
    window, place, ended = ready
    place.selectAll()
    press(place, "Ctrl+X")
    assert QGuiApplication.clipboard().text() == "Kafr Naha field hospital" and place.text() == ""
    box = message_box(window)
    press(box, "Ctrl+Shift+Q")
    assert ended == [True] and not window.isVisible() and not box.isVisible()
    assert QGuiApplication.clipboard().text() == ""


@pytest.mark.slow
def test_the_real_app_ends_at_once_after_the_key_press():
    """The app in a process of its own, a report being built in its dialog: the key ends it, its
    child processes with it, and the typing is in the autosave (bench/quick_exit_bench.py, one run)."""
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "quick_exit_bench.py"), "--runs", "1",
                           "--incidents", "20", "--json"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    run = json.loads(done.stdout.splitlines()[-1])
    assert run["returncode"] == 0 and not run["returned_from_key_press"] and run["autosaved"]
    assert run["hidden_ms"] is not None and run["ended_ms"] < 3000
    assert run["children_gone_ms"] is not None or not run["children"]


def test_a_step_that_fails_does_not_keep_the_app_open(ready, qtbot, monkeypatch):
    window, place, ended = ready

    def broken(state):
        raise RuntimeError("the disk went away")

    monkeypatch.setattr(window.autosave, "save", broken)
    place.selectAll()
    press(place, "Ctrl+C")
    press(window, "Ctrl+Shift+Q")
    assert ended == [True] and not window.isVisible()
    assert QGuiApplication.clipboard().text() == ""  # the steps after the failed one ran
