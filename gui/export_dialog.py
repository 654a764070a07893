"""Export options: languages, digits, profile, and where to write the PDF."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QMessageBox

from sitrep.i18n import N_
from sitrep.contract.problems import InputError
from sitrep.store import check_output_path

from gui.qt_i18n import UiLanguage

LANGUAGE_LABELS = {"ar+en": N_("Arabic and English side by side"), "ar": N_("Arabic only"), "en": N_("English only")}
DIGIT_LABELS = {"arab": N_("Arabic-Indic digits (٠١٢٣)"), "latn": N_("Latin digits (0123)")}
# One wording for the PDFs and the data exports: both apply the same public profile.
PROFILE_LABELS = {"public": N_("Public: no sources, no notes, coordinates to 2 decimals"),
                  "internal": N_("Internal: with sources and notes")}


def labelled_rows_with_buttons(dialog: QDialog, ui: UiLanguage, rows) -> QFormLayout:
    """A dialog's form: one labelled row per (msgid, widget), then OK and Cancel."""
    form = QFormLayout(dialog)
    for label, widget in rows:
        text = QLabel(ui.t(label))
        text.setBuddy(widget)
        form.addRow(text, widget)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    form.addRow(buttons)
    return form


def chosen_output(parent, ui: UiLanguage, title: str, path: str, db_path) -> Path | None:
    """The file the user chose in a save dialog, or None after saying why it may not be written:
    the database, its side files, a backup or a stored photo (the same rule as the CLI's -o)."""
    try:
        return check_output_path(path, db_path)
    except InputError as error:
        QMessageBox.warning(parent, title, error.problems[0].message(ui.lang))
        return None


def choice_combo(ui: UiLanguage, labels: dict, current: str) -> QComboBox:
    combo = QComboBox()
    for key, label in labels.items():
        combo.addItem(ui.t(label), key)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    return combo


class ExportDialog(QDialog):
    def __init__(self, ui: UiLanguage, languages: str, digits: str, profile: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(ui.t(N_("Export PDF")))
        self.languages = choice_combo(ui, LANGUAGE_LABELS, languages)
        self.digits = choice_combo(ui, DIGIT_LABELS, digits)
        self.profile = choice_combo(ui, PROFILE_LABELS, profile)
        labelled_rows_with_buttons(self, ui, [(N_("Languages"), self.languages),
                                              (N_("Digits in Arabic text"), self.digits),
                                              (N_("Profile"), self.profile)])

    def choices(self) -> dict:
        return {"languages": self.languages.currentData(), "digits": self.digits.currentData(),
                "profile": self.profile.currentData()}
