"""The lock (gui/app_lock.py), the failed-unlock wipe and the passphrase change, as a user does them.

The lock screen is the real unlock dialog in its own modal loop: the test acts in it from a
timer (steps below), typing into its field and clicking its Open button. Only the app's end
(AppLock.end_process) and QMessageBox (conftest's ``dialogs``) are replaced.
"""

from __future__ import annotations

import dataclasses

import pytest
from helpers import TEST_PASSPHRASE, open_store, press
from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

import gui.app_lock
from gui.unlock_dialog import UnlockDialog
from sitrep.store import Store, StoreError
from sitrep.unlock_failures import FailedUnlocks
from sitrep.vault import key_for

PLACE = "Kafr Naha field hospital"
NEW_PASSPHRASE = "a new passphrase for the test"


@pytest.fixture
def typed(make_window, monkeypatch):
    """A window with a new incident's place typed in (not saved); the app's end is recorded."""
    window = make_window()
    ended = []
    monkeypatch.setattr(window.app_lock, "end_process", lambda: ended.append(True))
    window.new_action.trigger()
    place = window.form.location["place"].edits["en"]
    place.setFocus()
    QTest.keyClicks(place, PLACE)
    return window, place, ended


def on_lock_screen(*steps, seconds: float = 20) -> list[str]:
    """Act in the unlock dialog once it is shown, step by step: a string is typed as the passphrase
    and Open clicked, None clicks Cancel, a function is called with the dialog. Each step waits until
    the dialog is idle (the last opening ended). Returns the problem shown after each wrong passphrase."""
    steps, problems = list(steps), []
    left = [int(seconds * 1000 / 20)]

    def step():
        dialog = next((w for w in QApplication.topLevelWidgets()
                       if isinstance(w, UnlockDialog) and w.isVisible()), None)
        left[0] -= 1
        if dialog is None or dialog.job is not None:
            if left[0] > 0 and steps:
                QTimer.singleShot(20, step)
            return
        if dialog.problem.isVisible() and dialog.problem.text() not in problems[-1:]:
            problems.append(dialog.problem.text())
        what = steps.pop(0)
        if callable(what):
            what(dialog)
        elif what is None:
            dialog.buttons.rejected.emit()  # what clicking Cancel does
        else:
            dialog.passphrase.setText(what)
            dialog.open_button.click()
        if steps:
            QTimer.singleShot(20, step)

    QTimer.singleShot(0, step)
    return problems


def test_ctrl_l_locks_shows_nothing_and_brings_the_typing_back(typed, dialogs):
    window, place, ended = typed
    window.save_action.trigger()  # one incident in the log
    QTest.keyClicks(place, " (east wing)")  # and unsaved typing
    seen = {}

    def look(dialog):
        seen.update(window_visible=window.isVisible(), store=window.store, autosave=window.autosave,
                    place=place.text(), log_rows=window.log.model.rowCount(),
                    photo_key=window.form.photos.photo_key)

    problems = on_lock_screen(look, "not the passphrase", TEST_PASSPHRASE)
    press(window, "Ctrl+L")  # returns once the lock screen is done

    assert seen["window_visible"] is False and seen["store"] is None and seen["autosave"] is None
    assert seen["place"] == "" and seen["photo_key"] is None and seen["log_rows"] == 0
    assert problems and "does not open" in problems[0]  # the wrong one was said, the dialog stayed
    assert window.isVisible() and window.store is not None and not ended
    assert place.text() == PLACE + " (east wing)" and window.dirty  # restored without asking
    assert window.log.model.rowCount() == 1
    assert [title for title, _ in dialogs] == []
    folder = window.settings.autosave_folder
    assert not (folder / "current.json").exists()  # the typing only ever left memory sealed
    assert all(b"east wing" not in file.read_bytes() for file in folder.iterdir())


def test_the_toolbar_button_and_the_menu_lock_too(typed):
    window, place, ended = typed
    assert window.lock_action in [a for top in window.menuBar().actions() for a in top.menu().actions()]
    on_lock_screen(TEST_PASSPHRASE)
    window.toolbar.widgetForAction(window.lock_action).click()
    assert window.isVisible() and place.text() == PLACE
    on_lock_screen(TEST_PASSPHRASE)
    window.lock_action.trigger()  # the File menu's entry
    assert window.isVisible() and place.text() == PLACE and not ended


def test_text_copied_from_the_app_leaves_the_clipboard_at_the_lock_and_the_rest_stays(typed):
    from PySide6.QtGui import QGuiApplication

    window, place, ended = typed
    place.selectAll()
    press(place, "Ctrl+C")
    assert QGuiApplication.clipboard().text() == PLACE
    on_lock_screen(lambda dialog: seen.append(QGuiApplication.clipboard().text()), TEST_PASSPHRASE)
    seen = []
    press(window, "Ctrl+L")
    assert seen == [""] and place.text() == PLACE


def test_cancel_on_the_lock_screen_ends_the_app_with_the_form_sealed(typed):
    window, place, ended = typed
    on_lock_screen(None)
    press(window, "Ctrl+L")
    assert ended == [True] and not window.isVisible() and window.store is None
    # The next start offers the typing back, under the same passphrase.
    with open_store(window.settings.db_path) as store:
        from sitrep.autosave import AUTOSAVE_KEY, Autosave
        pending = Autosave(window.settings.autosave_folder, store.file_key(AUTOSAVE_KEY)).pending()
    assert pending["form_state"]["data"]["location"]["place"]["en"] == PLACE


def test_the_app_locks_itself_after_the_idle_minutes(typed, qtbot, monkeypatch):
    window, place, ended = typed
    monkeypatch.setattr(gui.app_lock, "MINUTE_MS", 100)  # a "minute" of 0.1 s
    window.settings = dataclasses.replace(window.settings, lock_after_minutes=2)
    window.app_lock.apply(window.settings)
    assert window.app_lock.idle.interval() == 200
    seen = []
    on_lock_screen(lambda dialog: seen.append(window.isVisible()), TEST_PASSPHRASE, seconds=5)
    qtbot.waitUntil(lambda: seen != [], timeout=3000)
    qtbot.waitUntil(window.isVisible, timeout=3000)
    assert seen == [False] and place.text() == PLACE and window.app_lock.idle.isActive()

    window.settings = dataclasses.replace(window.settings, lock_after_minutes=0)  # never
    window.app_lock.apply(window.settings)
    assert not window.app_lock.idle.isActive()


def test_wrong_passphrases_in_a_row_destroy_the_data(make_window, typed, monkeypatch, dialogs, tmp_path):
    window, place, ended = typed
    window.settings = dataclasses.replace(window.settings, wipe_after_failed_unlocks=5)
    db = window.settings.db_path
    window.save_action.trigger()
    assert db.exists()
    on_lock_screen("wrong 1", "wrong 2", None)
    press(window, "Ctrl+L")
    assert ended == [True] and db.exists()
    assert FailedUnlocks.beside_settings().count() == 2  # kept on disk for the next start

    # The next start: the count goes on from 2.
    again = make_window(data_folder=db.parent)
    again.settings = window.settings
    monkeypatch.setattr(again.app_lock, "end_process", lambda: ended.append("again"))
    on_lock_screen("wrong 3", "wrong 4", "wrong 5", seconds=15)
    press(again, "Ctrl+L")
    assert ended == [True, "again"] and not again.isVisible()
    assert not db.exists() and not list(db.parent.glob("sitrep*.db*"))
    assert any("destroyed" in title for title, _ in dialogs) and "5 times" in dialogs[-1][1]
    assert FailedUnlocks.beside_settings().count() == 0


def test_a_right_passphrase_resets_the_count(typed):
    window, place, ended = typed
    window.settings = dataclasses.replace(window.settings, wipe_after_failed_unlocks=5)
    on_lock_screen("wrong 1", TEST_PASSPHRASE)
    press(window, "Ctrl+L")
    assert window.isVisible() and FailedUnlocks.beside_settings().count() == 0


def test_the_passphrase_is_changed_from_the_settings(make_window, user, qtbot):
    window = make_window()
    db = window.settings.db_path
    said = []

    def change(dialog):
        dialog.current.setText("not the passphrase")
        dialog.new.setText(NEW_PASSPHRASE)
        dialog.again.setText(NEW_PASSPHRASE)
        dialog.change_button.click()
        qtbot.waitUntil(lambda: dialog.job is None, timeout=5000)
        said.append(dialog.problem.text())
        dialog.current.setText(TEST_PASSPHRASE)
        dialog.change_button.click()
        qtbot.waitUntil(lambda: dialog.job is None, timeout=5000)
        return dialog.result() == 1

    def settings(dialog):
        dialog.passphrase_button.click()
        said.append(dialog.passphrase_changed.text())
        return False  # the other settings are left as they were

    user.in_dialog["SettingsDialog"] = settings
    user.in_dialog["ChangePassphraseDialog"] = change
    window.settings_action.trigger()

    assert said == ["The current passphrase is not right. Nothing was changed.", "The passphrase was changed."]
    assert window.store.count() == 0  # the open store works on with the new key
    with Store(db, key_for(db, NEW_PASSPHRASE)) as store:
        assert store.count() == 0
    with pytest.raises(StoreError):
        Store(db, key_for(db, TEST_PASSPHRASE))
