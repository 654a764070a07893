"""Input widgets for the incident form, each reading and writing contract values.

Arabic fields are right-to-left and English ones left-to-right whatever the
interface language; a bilingual pair always shows English on the left and Arabic on
the right, as the printed report does.
"""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLineEdit, QListWidget, QListWidgetItem,
                               QPlainTextEdit, QWidget)

from sitrep.render import labels
from sitrep.i18n import N_

from gui.qt_i18n import UiLanguage

LTR, RTL = Qt.LayoutDirection.LeftToRight, Qt.LayoutDirection.RightToLeft
PLACEHOLDER = {"en": N_("English"), "ar": N_("Arabic")}


def mark_invalid(widget: QWidget, message: str | None) -> None:
    """Highlight a field with a problem (message as tooltip), or clear it."""
    widget.setProperty("invalid", bool(message))
    widget.setToolTip(message or "")
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class BilingualEdit(QWidget):
    """English and Arabic line edits side by side; value is {"ar": ..., "en": ...}."""

    changed = Signal()

    def __init__(self, ui: UiLanguage, multiline: bool = False, max_length: int = 300):
        super().__init__()
        self.setLayoutDirection(LTR)  # fixed order: English left, Arabic right
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.edits = {}
        for lang in ("en", "ar"):
            edit = QPlainTextEdit() if multiline else QLineEdit()
            edit.setLayoutDirection(RTL if lang == "ar" else LTR)
            if multiline:
                edit.document().setDefaultTextOption(_text_option(lang))
                edit.setTabChangesFocus(True)
                edit.textChanged.connect(self.changed)
            else:
                edit.setMaxLength(max_length)
                edit.textChanged.connect(self.changed)
            edit.setObjectName(lang)
            ui.bind(edit.setPlaceholderText, PLACEHOLDER[lang])
            layout.addWidget(edit)
            self.edits[lang] = edit

    def value(self) -> dict:
        return {lang: _text(edit).strip() for lang, edit in self.edits.items()}

    def set_value(self, value: dict | None) -> None:
        value = value or {}
        for lang, edit in self.edits.items():
            text = value.get(lang, "") if isinstance(value, dict) else ""
            if isinstance(edit, QLineEdit):
                edit.setText(text)
                edit.setCursorPosition(0)  # show a long loaded value from its start
            else:
                edit.setPlainText(text)


def _text_option(lang: str):
    from PySide6.QtGui import QTextOption

    option = QTextOption()
    option.setTextDirection(RTL if lang == "ar" else LTR)
    option.setAlignment(Qt.AlignmentFlag.AlignRight if lang == "ar" else Qt.AlignmentFlag.AlignLeft)
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    return option


def _text(edit) -> str:
    return edit.text() if isinstance(edit, QLineEdit) else edit.toPlainText()


def unknown_label(value) -> str:
    """How a vocabulary value this version does not know is shown: as it is, marked."""
    return f"⚠ {str(value)[:60]}"


class VocabCombo(QComboBox):
    """A controlled vocabulary: stable ids as data, labels in the interface language."""

    def __init__(self, ui: UiLanguage, table: dict, allow_empty: bool = False):
        super().__init__()
        self.table = table
        self.ui = ui
        if allow_empty:
            self.addItem("—", None)
        for key in table:
            self.addItem("", key)
        self.retranslate()
        ui.changed.connect(self.retranslate)

    def retranslate(self, *_):
        for index in range(self.count()):
            key = self.itemData(index)
            if key in self.table:
                self.setItemText(index, self.ui.t(self.table[key]))

    def value(self):
        return self.currentData()

    def set_value(self, key) -> None:
        for index in reversed(range(self.count())):  # the previous record's unknown value
            if self.itemData(index) is not None and self.itemData(index) not in self.table:
                self.removeItem(index)
        index = self.findData(key)
        if index < 0 and key not in (None, ""):
            # A value this version does not know (a hand-edited or newer file): kept and
            # shown as it is, so saving never swaps it for another; validation names it.
            self.addItem(unknown_label(key), str(key))
            index = self.count() - 1
        self.setCurrentIndex(max(index, 0))


class CheckList(QListWidget):
    """Several vocabulary ids at once (attack types)."""

    changed = Signal()

    def __init__(self, ui: UiLanguage, table: dict):
        super().__init__()
        self.table = table
        self.ui = ui
        self._loaded: list[str] = []
        for key in table:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.addItem(item)
        self.retranslate()
        ui.changed.connect(self.retranslate)
        self.itemChanged.connect(lambda *_: self.changed.emit())
        self.setMaximumHeight(150)

    def retranslate(self, *_):
        self.blockSignals(True)  # a new label is not an edit
        for index in range(self.count()):
            item = self.item(index)
            key = item.data(Qt.ItemDataRole.UserRole)
            if key in self.table:
                item.setText(self.ui.t(self.table[key]))
        self.blockSignals(False)

    def value(self) -> list[str]:
        """Checked ids, in the order they were loaded, then newly checked ones: the first
        one titles the report, so re-saving must not reorder them."""
        checked = [self.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.count())
                   if self.item(i).checkState() == Qt.CheckState.Checked]
        return [key for key in self._loaded if key in checked] + [k for k in checked if k not in self._loaded]

    def set_value(self, keys) -> None:
        keys = [str(key) for key in keys] if isinstance(keys, list) else []
        for index in reversed(range(self.count())):  # the previous record's unknown ids
            if self.item(index).data(Qt.ItemDataRole.UserRole) not in self.table:
                self.takeItem(index)
        for key in dict.fromkeys(keys):
            if key not in self.table:  # kept, checked and marked, like VocabCombo's unknown values
                item = QListWidgetItem(unknown_label(key))
                item.setData(Qt.ItemDataRole.UserRole, key)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                self.addItem(item)
        self._loaded = list(dict.fromkeys(keys))
        keys = set(keys)
        for index in range(self.count()):
            item = self.item(index)
            item.setCheckState(Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole) in keys
                               else Qt.CheckState.Unchecked)


_ARABIC_INDIC = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")


class CountEdit(QLineEdit):
    """A number of people, or nothing: an empty field is "not known", which is not 0.

    A line edit rather than a spin box, because a spin box always holds a number and
    cannot be emptied back to "not known". Latin or Arabic-Indic digits.
    """

    def __init__(self, ui: UiLanguage):
        super().__init__()
        self.setValidator(QRegularExpressionValidator(QRegularExpression("[0-9٠-٩]{0,7}"), self))
        self.setLayoutDirection(LTR)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        ui.bind(self.setPlaceholderText, labels.NOT_KNOWN)

    def value(self) -> int | str | None:
        """None when empty; the text itself if it is no number (from a file), for validation to name."""
        text = self.text().strip()
        if not text:
            return None
        digits = text.translate(_ARABIC_INDIC)
        return int(digits) if digits.isascii() and digits.isdigit() else text

    def set_value(self, value) -> None:
        # Anything but a count (a hand-edited draft) is shown as written, for validation to name.
        self.setText("" if value is None else str(value))
