"""Incident > Conflicts…: the incidents changed both here and on the team server, side by side.

A sync never overwrites a version (sitrep/team/sync.py): both are kept until the user chooses.
For the selected incident the dialog shows the top-level fields that differ, the user's version
beside the server's (sitrep.team.local.differences), and two buttons: keep mine (sent over the
server's at the next sync) or take the server's (it replaces mine here). Choosing is all it does:
to combine the two, keep one, then edit it in the form. Qt mirrors the dialog in Arabic, so the
user's version is on the reading side first; each cell's text keeps its own direction.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel, QListWidget,
                               QListWidgetItem, QMessageBox, QPushButton, QSplitter, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from sitrep.i18n import N_
from sitrep.store import StoreError
from sitrep.team import local

from gui.jobs import exec_then_delete

MSG = {
    "title": N_("Conflicts"),
    "explain": N_("These incidents were changed both on this laptop and on the team server since the last sync. "
                  "Both versions are kept until you choose one. The fields that differ are shown side by side."),
    "none": N_("No conflicts."),  # as sitrep conflicts says it
    "field": N_("Field"),
    "mine": N_("This laptop's version"),
    "theirs": N_("The server's version"),
    "deleted_there": N_("The incident was deleted on the server."),
    "keep": N_("&Keep mine"),
    "take": N_("&Take the server's"),
    "not_resolved": N_("Not resolved"),
}


class ConflictsDialog(QDialog):
    def __init__(self, window):
        super().__init__(window)
        self.window, self.ui = window, window.ui
        t = self.ui.t
        self.conflicts: list[local.Conflict] = []
        self.setWindowTitle(t(MSG["title"]))
        layout = QVBoxLayout(self)
        explain = QLabel(t(MSG["explain"]))
        explain.setWordWrap(True)
        layout.addWidget(explain)
        self.list = QListWidget()
        self.list.currentRowChanged.connect(self._show)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        self.deleted_there = QLabel(t(MSG["deleted_there"]))
        self.deleted_there.hide()
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([t(MSG["field"]), t(MSG["mine"]), t(MSG["theirs"])])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        side_layout.addWidget(self.deleted_there)
        side_layout.addWidget(self.table)
        splitter = QSplitter()
        splitter.addWidget(self.list)
        splitter.addWidget(side)
        splitter.setStretchFactor(1, 3)
        layout.addWidget(splitter, 1)
        self.empty = QLabel(t(MSG["none"]))
        layout.addWidget(self.empty)
        buttons = QHBoxLayout()
        self.keep_button = QPushButton(t(MSG["keep"]))
        self.take_button = QPushButton(t(MSG["take"]))
        self.keep_button.clicked.connect(lambda: self._resolve(keep=True))
        self.take_button.clicked.connect(lambda: self._resolve(keep=False))
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        buttons.addWidget(self.keep_button)
        buttons.addWidget(self.take_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.resize(960, 540)
        self.reload()

    def reload(self, select: int = 0) -> None:
        self.conflicts = local.conflicts(self.window.store)
        self.list.clear()
        for conflict in self.conflicts:
            item = QListWidgetItem(_title(conflict, self.ui.lang))
            item.setToolTip(conflict.id)
            self.list.addItem(item)
        self.empty.setVisible(not self.conflicts)
        for button in (self.keep_button, self.take_button):
            button.setEnabled(bool(self.conflicts))
        if self.conflicts:
            self.list.setCurrentRow(min(select, len(self.conflicts) - 1))
        else:
            self._show(-1)

    def selected(self) -> local.Conflict | None:
        row = self.list.currentRow()
        return self.conflicts[row] if 0 <= row < len(self.conflicts) else None

    def _show(self, row: int) -> None:
        conflict = self.conflicts[row] if 0 <= row < len(self.conflicts) else None
        self.deleted_there.setVisible(bool(conflict and conflict.their_deleted))
        rows = local.differences(conflict) if conflict else []
        self.table.setRowCount(len(rows))
        for index, difference in enumerate(rows):
            cells = (self.window.form.field_label(difference.field), _ltr_json(difference.mine),
                     _ltr_json(difference.theirs))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeading)
                self.table.setItem(index, column, item)
        self.table.resizeRowsToContents()

    def _resolve(self, keep: bool) -> None:
        conflict = self.selected()
        if conflict is None:
            return
        row = self.list.currentRow()
        try:
            (local.keep_mine if keep else local.take_theirs)(self.window.store, conflict.id)
        except StoreError as error:
            QMessageBox.warning(self, self.ui.t(MSG["not_resolved"]), error.problems[0].message(self.ui.lang))
            return
        self.window.sync_panel.store_changed()
        self.reload(select=row)


def _ltr_json(text: str) -> str:
    """JSON (a list or an object) reads left to right even in a mirrored table: embedded so, else its
    brackets and commas would be reordered around the Arabic. Plain text keeps its own direction."""
    return f"\u202a{text}\u202c" if text[:1] in "[{" else text


def _title(conflict: local.Conflict, lang: str) -> str:
    """The incident as the log names it: its date and place (the user's version if there is one)."""
    document = conflict.mine or conflict.theirs
    place = (document.get("location") or {}).get("place") or {}
    name = place.get(lang) or place.get("en") or place.get("ar") if isinstance(place, dict) else None
    return f"{document.get('date') or ''}  {name or conflict.id}".strip()


def show_conflicts(window) -> None:
    """Incident > Conflicts…, and offered after a sync that found some."""
    exec_then_delete(ConflictsDialog(window))
