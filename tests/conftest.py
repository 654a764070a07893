"""Shared fixtures. Everything here is real: real SQLite files, real PDFs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers import DATA, SAMPLES, load_json, open_store, passphrase_environment

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
passphrase_environment()  # the CLI and app processes the tests start unlock with it

@pytest.fixture
def kafr_naha() -> dict:
    return load_json(SAMPLES / "kafr-naha-field-hospital.json")


@pytest.fixture
def kafr_naha_v1() -> dict:
    """The sample as data contract 1 wrote it: "not known" as a row of zeros."""
    return load_json(DATA / "v1" / "kafr-naha-field-hospital.json")


@pytest.fixture
def third_party() -> dict:
    return load_json(DATA / "third_party_incident.json")


# The desktop app's fixtures (Qt is imported only by the tests that use them).


@pytest.fixture
def make_window(qtbot, tmp_path, monkeypatch, dialogs):
    """A main window on a fresh data folder and settings, closed after the test."""
    monkeypatch.setenv("SITREP_CONFIG_DIR", str(tmp_path / "config"))
    from gui.app import make_application
    from gui.main_window import MainWindow
    from gui.qt_i18n import UiLanguage
    from sitrep.settings import Settings

    make_application([])
    windows = []

    def make(lang: str = "en", data_folder=None) -> MainWindow:
        settings = Settings(ui_language=lang, data_folder=str(data_folder or tmp_path / "data"))
        ui = UiLanguage(lang)
        ui.apply_to_application()
        window = MainWindow(settings, ui, open_store(settings.db_path))
        qtbot.addWidget(window)
        window.show()
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.dirty = False
        window.close()
    UiLanguage("en").apply_to_application()


@pytest.fixture
def dialogs(monkeypatch):
    """Modal message boxes answer at once and are recorded instead of blocking the test."""
    from PySide6.QtWidgets import QMessageBox

    shown = []

    def record(answer):
        def box(parent, title, text, *args, **kwargs):
            shown.append((title, text))
            return answer
        return staticmethod(box)

    monkeypatch.setattr(QMessageBox, "warning", record(QMessageBox.StandardButton.Ok))
    monkeypatch.setattr(QMessageBox, "critical", record(QMessageBox.StandardButton.Cancel))
    monkeypatch.setattr(QMessageBox, "question", record(QMessageBox.StandardButton.Discard))
    return shown


# The operating system's dialogs, answered as a user would (see tests/gui/test_actions.py).

class UserAnswers:
    """What the user picks in the operating system's dialogs, in order."""

    def __init__(self):
        self.save_paths: list[Path] = []
        self.open_paths: list[Path] = []
        self.folders: list[Path] = []
        self.shown: list = []  # every modal dialog opened with exec()
        self.in_dialog: dict[str, object] = {}  # dialog class name -> what the user does in it

    def exec_dialog(self, dialog) -> int:
        self.shown.append(dialog)
        dialog.show()
        act = self.in_dialog.get(type(dialog).__name__)
        accepted = act(dialog) if act else True  # as shown: the defaults are accepted
        dialog.done(1 if accepted is not False else 0)  # QDialog.Accepted or Rejected
        return dialog.result()


@pytest.fixture
def user(monkeypatch, dialogs):
    from PySide6.QtWidgets import QDialog, QFileDialog

    answers = UserAnswers()

    def take(queue):
        return str(queue.pop(0)) if queue else ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (take(answers.save_paths), "")))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (take(answers.open_paths), "")))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        staticmethod(lambda *a, **k: ([take(answers.open_paths)] if answers.open_paths else [], "")))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: take(answers.folders)))
    monkeypatch.setattr(QDialog, "exec", lambda dialog: answers.exec_dialog(dialog))
    answers.messages = dialogs  # QMessageBox calls, recorded by conftest's fixture
    return answers


# Hypothesis keeps no example database in the repository; CI runs the same cases each time.
from hypothesis import settings as _hypothesis_settings  # noqa: E402

_hypothesis_settings.register_profile("sitrep", database=None, derandomize=bool(os.environ.get("CI")))
_hypothesis_settings.load_profile("sitrep")


@pytest.fixture(scope="session")
def postgres_cluster():
    """A real PostgreSQL server for this test session (tests/team/), stopped and removed at the end.
    Skipped only when the server's programs are not installed (scripts/system-deps.sh installs them)."""
    from helpers import PostgresCluster, postgres_bindir

    bindir = postgres_bindir()
    if bindir is None:
        pytest.skip("PostgreSQL's server programs (initdb, pg_ctl) are not installed: "
                    "run scripts/system-deps.sh, or apt-get install postgresql")
    cluster = PostgresCluster(bindir)
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def team_database(postgres_cluster) -> str:
    """The admin connection string of a new, empty database on the session's PostgreSQL."""
    return postgres_cluster.new_database()
