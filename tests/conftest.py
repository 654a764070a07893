"""Shared fixtures. Everything here is real: real SQLite files, real PDFs."""

from __future__ import annotations

import ctypes
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SAMPLES = ROOT / "resources" / "samples"
SECRETS = ("SECRET-NOTE-7731", "SECRET-SOURCE-4412", "+963-SECRET-CONTACT")


def load_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


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


def pdf_language(data: bytes) -> str:
    """The /Lang entry of a PDF's catalog, through PDFium."""
    import pypdfium2
    import pypdfium2.raw as raw

    document = pypdfium2.PdfDocument(data)
    try:
        size = raw.FPDFCatalog_GetLanguage(document.raw, None, 0)  # bytes, UTF-16LE with a final NUL
        buffer = (ctypes.c_ushort * (size // 2))()
        raw.FPDFCatalog_GetLanguage(document.raw, buffer, size)
        return bytes(buffer)[: max(0, size - 2)].decode("utf-16-le")
    finally:
        document.close()


def pdf_pages(data: bytes) -> int:
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        return len(document)
    finally:
        document.close()


def pdf_metadata(data: bytes) -> dict:
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        return document.get_metadata_dict()
    finally:
        document.close()


def run_cli(*args: str, lang: str = "en_GB.UTF-8", cwd: Path | None = None, env_extra: dict | None = None,
            timeout: float = 120, **kwargs) -> subprocess.CompletedProcess:
    """The real command line, as a separate process."""
    env = {key: value for key, value in os.environ.items() if key not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    env["LANG"] = lang
    env.update(env_extra or {})
    env.pop("SITREP_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "sitrep.cli", *args], capture_output=True, encoding="utf-8",
                          errors="replace", env=env, cwd=cwd or ROOT, timeout=timeout, **kwargs)


# The desktop app's fixtures (Qt is imported only by the tests that use them).


@pytest.fixture
def make_window(qtbot, tmp_path, monkeypatch, dialogs):
    """A main window on a fresh data folder and settings, closed after the test."""
    monkeypatch.setenv("SITREP_CONFIG_DIR", str(tmp_path / "config"))
    from gui.app import make_application
    from gui.main_window import MainWindow
    from gui.qt_i18n import UiLanguage
    from sitrep.settings import Settings
    from sitrep.store import Store

    make_application([])
    windows = []

    def make(lang: str = "en", data_folder=None) -> MainWindow:
        settings = Settings(ui_language=lang, data_folder=str(data_folder or tmp_path / "data"))
        ui = UiLanguage(lang)
        ui.apply_to_application()
        window = MainWindow(settings, ui, Store(settings.db_path))
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


# The operating system's dialogs, answered as a user would (see tests/test_actions.py).

WAIT_MS = 60_000  # a PDF is rendered in a child process that starts on first use


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


def press(window, shortcut: str) -> None:
    """Send a key combination to the window, as the keyboard would."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    window.activateWindow()
    QApplication.processEvents()
    modifiers = Qt.KeyboardModifier.NoModifier
    *mods, key = shortcut.split("+")
    for mod in mods:
        modifiers |= {"Ctrl": Qt.KeyboardModifier.ControlModifier, "Shift": Qt.KeyboardModifier.ShiftModifier}[mod]
    QTest.keyClick(window, getattr(Qt.Key, f"Key_{key}"), modifiers)



# Hypothesis keeps no example database in the repository; CI runs the same cases each time.
from hypothesis import settings as _hypothesis_settings  # noqa: E402

_hypothesis_settings.register_profile("sitrep", database=None, derandomize=bool(os.environ.get("CI")))
_hypothesis_settings.load_profile("sitrep")
