"""The lock: the app closes its data and asks for the passphrase again.

Lock now (LOCK_KEY, the toolbar, File > Lock) or after ``lock_after_minutes`` without a key
press or a mouse action in any of the app's windows. Locking puts the window away
(MainWindow.put_away: the open form goes to the sealed autosave, jobs and child processes stop,
everything shown is cleared, the store and the keys are dropped) and closes every other dialog.
The unlock dialog then asks for the passphrase; SITREP_PASSPHRASE is not tried, the user
must type it. Opened again, the window takes the store back and the form from the autosave,
without asking: it is the user's own unsaved work. Cancel quits; the form stays sealed.

Wrong passphrases typed in a row, at the start or here, are counted in a file beside the
settings (sitrep/unlock_failures.py); at ``wipe_after_failed_unlocks`` the data is destroyed
(sitrep/wipe.py) and the app closes.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from sitrep.formatting import as_path
from sitrep.i18n import N_
from sitrep.unlock_failures import FailedUnlocks

# Ctrl+L: "lock" in most programs' words, free in the app, one hand.
LOCK_KEY = "Ctrl+L"
MINUTE_MS = 60_000  # one idle minute; tests make it shorter
# What counts as the user being there. Mouse moves count: reading without typing is use.
INPUT_EVENTS = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel,
                QEvent.Type.TouchBegin}
RETRY_MS = 500  # a lock that must wait (a passphrase change under way) tries again this soon

MSG = {
    "destroyed_title": N_("The data was destroyed"),
    "destroyed": N_("The passphrase was typed wrong {count} times in a row. As the settings ask, the data in "
                    "{folder} was overwritten and removed. sitrep will close."),
    "db_title": N_("The data folder cannot be used"),
}


class FailedUnlockGuard:
    """Counts wrong passphrases for gui.unlock_dialog and destroys the data at ``limit`` (0: never)."""

    def __init__(self, ui, db_path: Path, limit: int, failures: FailedUnlocks | None = None):
        self.ui, self.db_path, self.limit = ui, Path(db_path), limit
        self.failures = failures or FailedUnlocks.beside_settings()

    def failed(self, parent) -> bool:
        count = self.failures.add()
        if not self.limit or count < self.limit:
            return False
        self._destroy(parent, count)
        return True

    def succeeded(self) -> None:
        self.failures.reset()

    def _destroy(self, parent, count: int) -> None:
        from sitrep.wipe import wipe  # rarely needed

        from gui.wipe_dialog import clear_recent_paths

        wipe(self.db_path)  # the store is not open: the unlock failed
        clear_recent_paths()
        self.failures.reset()  # a new store starts with a new count
        QMessageBox.warning(parent, self.ui.t(MSG["destroyed_title"]),
                            self.ui.t(MSG["destroyed"], count=count, folder=as_path(self.db_path.parent)))


class AppLock(QObject):
    """The lock of ``window`` (the main window): lock() and the idle timer."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.locked = False
        self.held = False  # True while a passphrase change runs: the store must stay open
        self.idle = QTimer(self)
        self.idle.setSingleShot(True)
        self.idle.timeout.connect(self.lock)
        QApplication.instance().installEventFilter(self)
        self.apply(window.settings)

    def apply(self, settings) -> None:
        """Follow the settings' idle minutes (0: never lock by itself)."""
        if settings.lock_after_minutes and not self.locked:
            self.idle.start(settings.lock_after_minutes * MINUTE_MS)
        else:
            self.idle.stop()

    def eventFilter(self, watched, event) -> bool:
        if event.type() in INPUT_EVENTS and self.idle.isActive():
            self.idle.start()  # the user is there: the idle time starts again
        return False

    def lock(self) -> None:
        if self.locked or self.window.store is None:
            return
        if self.held:
            QTimer.singleShot(RETRY_MS, self.lock)
            return
        self.locked = True
        self.idle.stop()
        db_path = self.window.store.path
        # Copied names must not wait on the clipboard for whoever finds the locked laptop; only
        # the app's own text goes (the quick exit's guard), while its fields still hold it.
        self.window.quick_exit.clipboard.clear()
        close_dialogs(self.window)
        self.window.put_away()
        self._ask(db_path)

    def _ask(self, db_path: Path) -> None:
        from gui.folder_lock import open_locked_store

        ui, settings = self.window.ui, self.window.settings
        guard = FailedUnlockGuard(ui, db_path, settings.wipe_after_failed_unlocks)
        # The hidden window as parent: the dialog is not a window of its own that, closed,
        # would end the app, and the quick exit reaches it.
        store, message = open_locked_store(db_path, ui, parent=self.window, use_environment=False, guard=guard)
        if store is None:
            if message:  # the folder was taken or damaged meanwhile
                QMessageBox.warning(None, ui.t(MSG["db_title"]), message)
            self.end_process()
            return
        self.locked = False
        self.window.take_back(store)
        self.apply(settings)

    def end_process(self) -> None:
        """Cancel on the lock screen, or the data destroyed: the app ends (the form is sealed).
        A method of its own so that a test can keep its process."""
        QApplication.quit()


def close_dialogs(window) -> None:
    """Close the dialogs of ``window`` (and those without a parent): nothing stays on the screen."""
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QDialog) and widget.isVisible() and _belongs_to(widget, window):
            widget.done(QDialog.DialogCode.Rejected)


def _belongs_to(widget, window) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        parent = parent.parentWidget()
    return parent is window or widget.parentWidget() is None
