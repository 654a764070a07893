"""File > Destroy all data…: the typed confirmation, the wipe (sitrep/wipe.py), what was done.

The user types the confirmation word shown in the dialog, in their language; nothing happens
before that. Then the store is closed, its folder and the report cache are wiped, the app's own
recent paths (Qt's file dialog history) are cleared, and the user is told what was done and what
cannot be reached.

Afterwards the window opens a fresh, empty store in the same data folder rather than quitting:
the user sees with their own eyes that the log is empty, the window is left in a known state (no
open form, no undo, no last export folder) and work can go on; leaving the screen at once is the
quick exit's job, not this one's.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QMessageBox, QVBoxLayout

from sitrep.formatting import as_path
from sitrep.i18n import N_, N_plural
from sitrep.wipe import CANNOT_REACH, CONFIRM_WORD, LEFTOVER_MESSAGES, WipeReport, is_confirmation, wipe

from gui.folder_lock import open_locked_store
from gui.qt_i18n import UiLanguage

MSG = {
    "title": N_("Destroy all data"),
    "explain": N_("Every incident, backup, stored photo and autosave in the data folder {folder}, and the "
                  "report cache, will be overwritten and removed. This cannot be undone."),
    "type": N_("Type {word} to confirm:"),
    "destroy": N_("Destroy"),
    "done": N_plural("Overwritten and removed: {count} file ({size} KB). The log is now empty.",
                     "Overwritten and removed: {count} files ({size} KB). The log is now empty."),
    "reopen_failed": N_("The data was destroyed, but a new empty store could not be opened: {detail}. "
                        "sitrep will close."),
}
# Where Qt's own file dialog remembers the folders it was last used in (all Qt apps of this user).
FILE_DIALOG_HISTORY = ("FileDialog/history", "FileDialog/lastVisited")


class WipeDialog(QDialog):
    def __init__(self, ui: UiLanguage, folder: Path, parent=None):
        super().__init__(parent)
        self.ui = ui
        self.word = ui.t(CONFIRM_WORD)
        self.setWindowTitle(ui.t(MSG["title"]))
        layout = QVBoxLayout(self)
        for text in (ui.t(MSG["explain"], folder=as_path(folder)), ui.t(CANNOT_REACH)):
            label = QLabel(text)
            label.setWordWrap(True)
            layout.addWidget(label)
        self.prompt = QLabel(ui.t(MSG["type"], word=self.word))
        self.typed = QLineEdit()
        self.prompt.setBuddy(self.typed)
        layout.addWidget(self.prompt)
        layout.addWidget(self.typed)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.destroy_button = buttons.addButton(ui.t(MSG["destroy"]), QDialogButtonBox.ButtonRole.DestructiveRole)
        self.destroy_button.setEnabled(False)
        self.destroy_button.clicked.connect(self.accept)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setDefault(True)
        layout.addWidget(buttons)
        self.typed.textChanged.connect(lambda *_: self.destroy_button.setEnabled(self.confirmed()))

    def confirmed(self) -> bool:
        return is_confirmation(self.typed.text(), self.word)


def destroy_all_data(window) -> WipeReport | None:
    """Ask, wipe the window's data folder and the report cache, and start the window on an empty store."""
    ui = window.ui
    dialog = WipeDialog(ui, window.store.path.parent, window)
    # Checked again after exec(): only the typed word lets anything happen, however the dialog closed.
    if not dialog.exec() or not dialog.confirmed():
        return None
    window.autosave_timer.stop()  # nothing may write the open form again
    window.dirty = False
    db, key = window.store.path, window.store.key
    window.store.close()
    report = wipe(db)
    clear_recent_paths()
    # The new empty store keeps the passphrase: the user is not asked for a new one in the
    # middle of leaving nothing behind.
    store, problem = open_locked_store(db, ui, key)
    lines = [ui.n(MSG["done"], report.files, size=(report.bytes + 1023) // 1024)]
    lines += [ui.t(LEFTOVER_MESSAGES[left.code], path=left.path, detail=left.detail) for left in report.leftovers]
    lines.append(ui.t(CANNOT_REACH))
    QMessageBox.warning(window, ui.t(MSG["title"]), "\n\n".join(lines))
    if store is None:
        QMessageBox.warning(window, ui.t(MSG["title"]), ui.t(MSG["reopen_failed"], detail=problem))
        window.close()
        return report
    window.start_empty(store)
    return report


def clear_recent_paths() -> None:
    """Forget the folders Qt's file dialog remembers; sitrep keeps no list of its own on disk."""
    history = QSettings(QSettings.Scope.UserScope, "QtProject")
    for key in FILE_DIALOG_HISTORY:
        history.remove(key)
    history.sync()
