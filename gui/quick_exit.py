"""Quick exit: for an officer who must put the device away now (a checkpoint, a search).

One key (QUICK_EXIT_KEY) or the toolbar button, from the main window or any open dialog:
every window is hidden at once, the open form goes to the autosave (the next start offers
it back), text of the app's is taken off the clipboard, the child processes are stopped,
and the process ends. Nothing is asked. The steps run in that order: what the person
at the checkpoint sees goes first, then what could be found later.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QClipboard, QGuiApplication
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QTextEdit

from sitrep.render.worker import stop_all

# Ctrl+Shift+Q: one chord for the left hand alone, taken by nothing in the app (Ctrl+Q is the
# ordinary Quit, which asks about unsaved changes), and Qt matches it by the key's place with
# an Arabic layout too (ض). A double Escape was rejected: Escape already closes the dialogs
# and message boxes, so the first press would be spent there, and two presses in a hurry
# are easy to get wrong.
QUICK_EXIT_KEY = "Ctrl+Shift+Q"


class ClipboardGuard(QObject):
    """Knows which clipboard text came from this app, so that only that is taken off it.

    The clipboard is shared with the rest of the device: what the user copied elsewhere
    is theirs, and stays. Text is the app's if any of these holds:
    - the window system says this process put it there (ownsClipboard: Windows, X11);
    - it arrived while one of the app's windows was active (a Ctrl+C or Ctrl+X in a field,
      remembered below; this also covers cut text, which no field holds any more);
    - it is part of the text of a field in one of the app's windows (platforms that do
      not tell the owner, e.g. Wayland or macOS).
    """

    def __init__(self, parent: QObject):
        super().__init__(parent)
        self._copied: set[str] = set()
        QGuiApplication.clipboard().dataChanged.connect(self._changed)

    def _changed(self) -> None:
        # The user is in the app (one of its windows has the focus): a copy made in it.
        focus = QGuiApplication.focusWindow()  # kept by some platforms after its window is hidden
        if QApplication.activeWindow() is not None or (focus is not None and focus.isVisible()):
            text = QGuiApplication.clipboard().text()
            if text:
                self._copied.add(text)

    def is_ours(self, text: str, mode: QClipboard.Mode) -> bool:
        clipboard = QGuiApplication.clipboard()
        owned = clipboard.ownsClipboard() if mode == QClipboard.Mode.Clipboard else clipboard.ownsSelection()
        return owned or text in self._copied or any(text in field for field in _field_texts())

    def clear(self) -> None:
        clipboard = QGuiApplication.clipboard()
        modes = [QClipboard.Mode.Clipboard]
        if clipboard.supportsSelection():  # X11's selection: pasted with the middle button
            modes.append(QClipboard.Mode.Selection)
        for mode in modes:
            text = clipboard.text(mode)
            if text.strip() and self.is_ours(text, mode):
                clipboard.clear(mode)


def _field_texts() -> list[str]:
    texts = []
    for window in QApplication.topLevelWidgets():
        for field in window.findChildren(QLineEdit):
            texts.append(field.text())
        for field in window.findChildren(QPlainTextEdit) + window.findChildren(QTextEdit):
            texts.append(field.toPlainText())
    return texts


class QuickExit(QObject):
    """The quick exit of ``window`` (the main window): run() does it all."""

    def __init__(self, window, action: QAction):
        super().__init__(window)
        self.window, self.action = window, action
        self.carried = [action]  # the actions every dialog of the window gets (the lock's too)
        self.clipboard = ClipboardGuard(self)
        # A modal dialog (the report, a message box) keeps the key from the main window's
        # actions, even an application-wide one; a key reaches only the active window, so each
        # of this window's dialogs gets the action as it becomes active. (Every dialog of the app
        # has a widget of the main window as its parent. The system's own file dialogs, on
        # Windows, are not Qt windows: the key cannot reach the app while one is open.)
        QGuiApplication.instance().focusWindowChanged.connect(self._carry_to_active_window)

    def _carry_to_active_window(self, *_) -> None:
        active = QApplication.activeWindow()
        if active is None or active is self.window or self.action in active.actions():
            return
        parent = active.parentWidget()
        while parent is not None and parent is not self.window:
            parent = parent.parentWidget()
        if parent is self.window:  # another main window's dialog (tests open several) keeps its own
            active.addActions(self.carried)

    def run(self) -> None:
        # Each step is tried on its own, and the process ends whatever happened: a step that fails
        # (a full disk for the autosave) must neither keep the others from running nor the app open.
        # The autosave brings the form back through the restore offer at the next start.
        try:
            for step in (_hide_all, self.window.autosave_now, self.clipboard.clear, stop_all):
                try:
                    step()
                except Exception:  # noqa: BLE001 - nobody is left to tell
                    pass
        finally:
            self.end_process()

    def end_process(self) -> None:
        """The last step, a method of its own so that a test can replace it and keep its process.

        os._exit ends the process at once: a normal exit would wait for Python's shutdown, which
        joins child processes and runs Qt's destructors. The store is left as a kill leaves it,
        which it is made to survive (SQLite's journal; the folder lock of a gone process is
        taken over at the next start)."""
        os._exit(0)


def _hide_all() -> None:
    for widget in QApplication.topLevelWidgets():
        if widget.isVisible():
            widget.hide()
    QGuiApplication.sync()  # the window system hides them now, not after the steps that follow

