"""Editable tables for the form's lists: facilities, casualties and sources.

Every cell is a real input widget (combo, spin box, line edit), so values are typed
and a problem such as ``casualties[1].children_killed`` can be shown at its cell.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QPushButton, QTableWidget, QVBoxLayout, QWidget)

from sitrep.i18n import N_

from gui.fields import LTR, RTL, CountEdit, VocabCombo, mark_invalid
from gui.qt_i18n import UiLanguage


@dataclass
class Column:
    key: str  # contract field; "name.ar" is the Arabic half of a bilingual field
    header: str  # msgid
    kind: str = "text"  # text | vocab | count | flag | photo
    table: dict | None = None
    default: object = None


class RowsEditor(QWidget):
    changed = Signal()

    def __init__(self, ui: UiLanguage, columns: list[Column], add_label: str, min_rows: int = 0):
        super().__init__()
        self.ui, self.columns, self.min_rows = ui, columns, min_rows
        self.thumbnail = None  # path -> QPixmap or None, for "photo" columns (see gui/photos.py)
        self.table = QTableWidget(0, len(columns))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.add_button, self.remove_button = QPushButton(), QPushButton()
        ui.bind(self.add_button.setText, add_label)
        ui.bind(self.remove_button.setText, N_("Remove row"))
        self.add_button.clicked.connect(self.on_add)
        self.remove_button.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.retranslate()
        ui.changed.connect(self.retranslate)
        for _ in range(min_rows):
            self.add_row()

    def retranslate(self, *_):
        self.table.setHorizontalHeaderLabels([self.ui.t(column.header) for column in self.columns])

    def _cell(self, column: Column):
        if column.kind == "flag":
            widget = QCheckBox()
            widget.toggled.connect(self.changed)
        elif column.kind == "photo":
            widget = PhotoCell(self.thumbnail)
        elif column.kind == "vocab":
            widget = VocabCombo(self.ui, column.table)
            widget.set_value(column.default)
            widget.currentIndexChanged.connect(self.changed)
        elif column.kind == "count":
            widget = CountEdit(self.ui)  # empty = not known, which is not 0
            widget.textChanged.connect(self.changed)
        else:
            widget = QLineEdit()
            widget.setLayoutDirection(RTL if column.key.endswith(".ar") else LTR)
            widget.textChanged.connect(self.changed)
        return widget

    def on_add(self) -> None:
        """The Add button: an empty row (gui/photos.py asks for files instead)."""
        self.add_row()

    def add_row(self, values: dict | None = None) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for index, column in enumerate(self.columns):
            self.table.setCellWidget(row, index, self._cell(column))
        if values:
            self.set_row(row, values)
        self.table.resizeRowsToContents()
        self.changed.emit()

    def remove_selected(self) -> None:
        rows = sorted({index.row() for index in self.table.selectedIndexes()}, reverse=True)
        if not rows and self.table.rowCount() > self.min_rows:
            rows = [self.table.rowCount() - 1]
        for row in rows:
            if self.table.rowCount() > self.min_rows:
                self.table.removeRow(row)
        self.changed.emit()

    def widget(self, row: int, key: str):
        for index, column in enumerate(self.columns):
            if column.key == key:
                return self.table.cellWidget(row, index)
        return None

    def set_row(self, row: int, values: dict) -> None:
        for index, column in enumerate(self.columns):
            widget = self.table.cellWidget(row, index)
            value = _get(values, column.key)
            if column.kind == "vocab":
                widget.set_value(value if value is not None else column.default)
            elif column.kind == "count":
                widget.set_value(value)
            elif column.kind == "flag":
                widget.setChecked(value is True)
            elif column.kind == "photo":
                widget.set_path(value if isinstance(value, str) else "")
            else:
                widget.setText(value if isinstance(value, str) else "")

    def value(self) -> list[dict]:
        rows = []
        for row in range(self.table.rowCount()):
            values: dict = {}
            for index, column in enumerate(self.columns):
                widget = self.table.cellWidget(row, index)
                if column.kind in ("vocab", "count"):
                    value = widget.value()
                elif column.kind == "flag":
                    value = widget.isChecked()
                elif column.kind == "photo":
                    value = widget.path
                else:
                    value = widget.text().strip()
                _set(values, column.key, value)
            rows.append(values)
        return rows

    def set_value(self, rows) -> None:
        self.table.setRowCount(0)
        for values in rows or []:
            self.add_row(values if isinstance(values, dict) else {})
        while self.table.rowCount() < self.min_rows:
            self.add_row()

    def mark(self, row: int, key: str, message: str | None) -> QWidget | None:
        widget = self.widget(row, key) if 0 <= row < self.table.rowCount() else None
        target = widget or self.table
        mark_invalid(target, message)
        return target

    def clear_marks(self) -> None:
        mark_invalid(self.table, None)
        for row in range(self.table.rowCount()):
            for index in range(len(self.columns)):
                mark_invalid(self.table.cellWidget(row, index), None)


class PhotoCell(QLabel):
    """A stored photo's thumbnail; keeps the stored path as the cell's value."""

    def __init__(self, thumbnail):
        super().__init__()
        self.thumbnail, self.path = thumbnail, ""
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)

    def set_path(self, path: str) -> None:
        self.path = path
        pixmap = self.thumbnail(path) if self.thumbnail else None
        if pixmap is not None:
            self.setPixmap(pixmap)
        else:  # a path from someone else's file: kept, never read, shown as text
            self.setText(path[-40:])
        self.setToolTip(path)


def _get(values: dict, key: str):
    for part in key.split("."):
        values = values.get(part) if isinstance(values, dict) else None
    return values


def _set(values: dict, key: str, value) -> None:
    parts = key.split(".")
    for part in parts[:-1]:
        values = values.setdefault(part, {})
    values[parts[-1]] = value
