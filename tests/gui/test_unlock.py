"""The passphrase at start, as a user meets it: the dialog is typed into and its buttons clicked.

SITREP_PASSPHRASE is removed for these tests, so the app asks (it is set for every other test).
"""

from __future__ import annotations

import sqlite3

import pytest
from helpers import TEST_PASSPHRASE, many_incidents, store_with
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from sitrep.settings import Settings
from sitrep.vault import SQLITE_HEADER


@pytest.fixture
def start(monkeypatch, tmp_path, qtbot):
    """gui.app.open_store on a data folder, with ``answers``: one function per dialog shown,
    each typing into the live UnlockDialog (and returning nothing)."""
    monkeypatch.delenv("SITREP_PASSPHRASE", raising=False)
    monkeypatch.setenv("SITREP_CONFIG_DIR", str(tmp_path / "config"))
    from gui.app import make_application, open_store
    from gui.qt_i18n import UiLanguage

    make_application([])
    seen = []

    def run(answers, lang="en", folder=None):
        pending = list(answers)

        def answer():
            dialog = QApplication.activeModalWidget()
            if type(dialog).__name__ != "UnlockDialog" or dialog.job is not None:
                QTimer.singleShot(20, answer)
                return
            seen.append(dialog)
            pending.pop(0)(dialog)
            if pending:
                QTimer.singleShot(20, answer)

        QTimer.singleShot(0, answer)
        settings = Settings(ui_language=lang, data_folder=str(folder or tmp_path / "data"))
        store, _ = open_store(settings, UiLanguage(lang))
        return store

    run.seen = seen
    return run


def type_and_open(passphrase: str, again: str | None = None):
    def fill(dialog):
        dialog.passphrase.setText(passphrase)
        if again is not None:
            dialog.again.setText(again)
        dialog.open_button.click()
    return fill


def test_first_start_asks_twice_warns_in_both_languages_and_makes_an_encrypted_store(start, tmp_path):
    def check_warning(dialog):
        texts = " ".join(label.text() for label in dialog.findChildren(type(dialog.problem)))
        assert "Nobody can recover" in texts and "لا يستطيع أحد" in texts
        assert dialog.again.isVisible()

    store = start([lambda d: (check_warning(d), type_and_open("short", "short")(d)),
                   type_and_open(TEST_PASSPHRASE, TEST_PASSPHRASE + "x"),
                   type_and_open(TEST_PASSPHRASE, TEST_PASSPHRASE)])
    assert store is not None
    store.close()
    first, second, third = start.seen
    assert first is second is third  # one dialog, told twice what was wrong
    db = tmp_path / "data" / "sitrep.db"
    assert db.exists() and not db.read_bytes().startswith(SQLITE_HEADER)


def test_a_wrong_passphrase_is_said_in_arabic_and_the_dialog_stays(start, tmp_path):
    store_with(tmp_path / "data" / "sitrep.db", many_incidents(2))
    messages = []

    def wrong(dialog):
        type_and_open("not the passphrase at all")(dialog)

    def right(dialog):
        messages.append(dialog.problem.text())
        type_and_open(TEST_PASSPHRASE)(dialog)

    store = start([wrong, right], lang="ar")
    assert store is not None and store.count() == 2
    store.close()
    assert "لا تفتح" in messages[0]


def test_cancel_at_the_passphrase_opens_nothing(start, tmp_path):
    db = store_with(tmp_path / "data" / "sitrep.db", many_incidents(1))
    before = db.read_bytes()
    assert start([lambda dialog: dialog.reject()]) is None
    assert db.read_bytes() == before


def test_an_older_plaintext_store_is_encrypted_at_the_first_start(start, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    told = []
    monkeypatch.setattr(QMessageBox, "information", staticmethod(lambda parent, title, text: told.append(text)))
    folder = tmp_path / "data"
    folder.mkdir()
    old = sqlite3.connect(folder / "sitrep.db")
    from sitrep.store import MIGRATIONS, SCHEMA_VERSION

    for migrate in MIGRATIONS:
        migrate(old)
    old.execute("INSERT INTO incidents (id, status, date, data, created_at, updated_at, valid) "
                "VALUES ('draft-1', 'draft', '2016-05-07', '{\"date\": \"2016-05-07\"}', '', '', 0)")
    old.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    old.commit()
    old.close()

    def encrypt(dialog):
        assert "older version" in dialog.findChildren(type(dialog.problem))[0].text()
        type_and_open(TEST_PASSPHRASE, TEST_PASSPHRASE)(dialog)

    store = start([encrypt])
    assert store is not None and [record.id for record in store.records()] == ["draft-1"]
    store.close()
    assert told and "cannot be reached" in told[0]
    assert not any(path.read_bytes().startswith(SQLITE_HEADER) for path in folder.rglob("*") if path.is_file())
