"""Settings: organization, logo, report defaults, interface language, data folder."""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import QDialog, QFileDialog, QHBoxLayout, QLineEdit, QPushButton, QWidget

from sitrep.i18n import N_
from sitrep.settings import Settings

from gui.export_dialog import (DIGIT_LABELS, LANGUAGE_LABELS, PROFILE_LABELS, choice_combo,
                               labelled_rows_with_buttons)
from gui.fields import LTR, RTL
from gui.qt_i18n import UiLanguage

UI_LANGUAGES = {"ar": "العربية", "en": "English"}


class SettingsDialog(QDialog):
    def __init__(self, ui: UiLanguage, settings: Settings, parent=None):
        super().__init__(parent)
        self.ui = ui
        self.setWindowTitle(ui.t(N_("Settings")))
        self.org_en, self.org_ar = QLineEdit(settings.organization_en), QLineEdit(settings.organization_ar)
        self.org_en.setLayoutDirection(LTR)
        self.org_ar.setLayoutDirection(RTL)
        self.logo = QLineEdit(settings.logo or "")
        self.contact = QLineEdit(settings.organization_contact)
        self.data_url = QLineEdit(settings.organization_data_url)
        for edit in (self.contact, self.data_url):
            edit.setLayoutDirection(LTR)
        self.data_folder = QLineEdit(settings.data_folder)
        self.languages = choice_combo(ui, LANGUAGE_LABELS, settings.languages)
        self.digits = choice_combo(ui, DIGIT_LABELS, settings.digits)
        self.profile = choice_combo(ui, PROFILE_LABELS, settings.profile)
        self.ui_language = choice_combo(ui, UI_LANGUAGES, settings.ui_language)
        self._settings = settings

        labelled_rows_with_buttons(self, ui, [
            (N_("Organization name (English)"), self.org_en),
            (N_("Organization name (Arabic)"), self.org_ar),
            (N_("Logo"), self._with_browse(self.logo, folder=False)),
            (N_("Contact (e-mail or phone)"), self.contact),
            (N_("Link to the data"), self.data_url),
            (N_("Report languages"), self.languages),
            (N_("Digits in Arabic text"), self.digits),
            (N_("Default report profile"), self.profile),
            (N_("Interface language"), self.ui_language),
            (N_("Data folder"), self._with_browse(self.data_folder, folder=True)),
        ])

    def _with_browse(self, edit: QLineEdit, folder: bool) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(edit)
        button = QPushButton(self.ui.t(N_("Choose…")))
        row.addWidget(button)

        def browse():
            if folder:
                chosen = QFileDialog.getExistingDirectory(self, self.ui.t(N_("Data folder")), edit.text())
            else:
                chosen, _ = QFileDialog.getOpenFileName(self, self.ui.t(N_("Logo")), edit.text(),
                                                        "Images (*.png *.jpg *.jpeg)")
            if chosen:
                edit.setText(chosen)

        button.clicked.connect(browse)
        return box

    def settings(self) -> Settings:
        return dataclasses.replace(
            self._settings,
            organization_en=self.org_en.text().strip(), organization_ar=self.org_ar.text().strip(),
            logo=self.logo.text().strip() or None, organization_contact=self.contact.text().strip(),
            organization_data_url=self.data_url.text().strip(), languages=self.languages.currentData(),
            digits=self.digits.currentData(), profile=self.profile.currentData(),
            ui_language=self.ui_language.currentData(), data_folder=self.data_folder.text().strip()
            or self._settings.data_folder,
        )
