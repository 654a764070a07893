"""Settings: organization, logo, report defaults, interface language, data folder."""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import (QDialog, QFileDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSpinBox,
                               QVBoxLayout, QWidget)

from sitrep.i18n import N_
from sitrep.settings import LOCK_MINUTES_MAX, WIPE_TRIES_MAX, WIPE_TRIES_MIN, Settings

from gui.export_dialog import (DIGIT_LABELS, LANGUAGE_LABELS, PROFILE_LABELS, choice_combo,
                               labelled_rows_with_buttons)
from gui.fields import LTR, RTL
from gui.qt_i18n import UiLanguage

UI_LANGUAGES = {"ar": "العربية", "en": "English"}


MSG_WIPE_WARNING = N_("Warning: after this many wrong passphrases in a row, at the start or on the lock screen, "
                      "all the data in the data folder is overwritten and removed, without asking. 0 = never.")
MSG_PASSPHRASE_CHANGED = N_("The passphrase was changed.")


class SettingsDialog(QDialog):
    """``change_passphrase(parent)``: opens the dialog that changes it; ``team_server()``: the team
    server's dialog (File > Team server…, here too where a user looks for it). None: no button."""

    def __init__(self, ui: UiLanguage, settings: Settings, parent=None, change_passphrase=None, team_server=None):
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
        self.lock_minutes = _spin_box(0, LOCK_MINUTES_MAX, settings.lock_after_minutes)
        self.lock_minutes.setSpecialValueText(ui.t(N_("Never")))
        self.wipe_tries = _spin_box(0, WIPE_TRIES_MAX, settings.wipe_after_failed_unlocks)
        self.wipe_tries.setSpecialValueText(ui.t(N_("Never")))
        self.wipe_warning = QLabel(ui.t(MSG_WIPE_WARNING))
        self.wipe_warning.setWordWrap(True)
        self.wipe_warning.setObjectName("problems")  # the red of a warning
        self._settings = settings

        rows = [
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
            (N_("Lock after idle minutes"), self.lock_minutes),
            (N_("Destroy the data after failed unlocks"), self._with_warning(self.wipe_tries)),
        ]
        if change_passphrase is not None:
            rows.append((N_("Passphrase"), self._passphrase_button(change_passphrase)))
        if team_server is not None:
            self.team_button = QPushButton(self.ui.t(N_("&Team server…")))
            self.team_button.clicked.connect(lambda _checked=False: team_server())
            rows.append((N_("Team server"), self.team_button))
        labelled_rows_with_buttons(self, ui, rows)

    def _with_warning(self, spin: QSpinBox) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(spin)
        column.addWidget(self.wipe_warning)
        return box

    def _passphrase_button(self, change_passphrase) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        self.passphrase_button = QPushButton(self.ui.t(N_("Change passphrase…")))
        self.passphrase_changed = QLabel()
        row.addWidget(self.passphrase_button)
        row.addWidget(self.passphrase_changed, 1)

        def change():
            if change_passphrase(self):
                self.passphrase_changed.setText(self.ui.t(MSG_PASSPHRASE_CHANGED))

        self.passphrase_button.clicked.connect(change)
        return box

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
            or self._settings.data_folder, lock_after_minutes=self.lock_minutes.value(),
            wipe_after_failed_unlocks=self._wipe_tries(),
        )

    def _wipe_tries(self) -> int:
        # The box counts 1..4 on its way up to 5; fewer than 5 tries is not a setting (sitrep.settings).
        tries = self.wipe_tries.value()
        return max(tries, WIPE_TRIES_MIN) if tries else 0


def _spin_box(low: int, high: int, value: int) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setValue(value)
    return spin
