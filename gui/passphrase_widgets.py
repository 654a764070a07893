"""What the two passphrase dialogs share (gui/unlock_dialog.py, gui/passphrase_dialog.py)."""

from __future__ import annotations

from typing import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QProgressBar, QPushButton, QVBoxLayout


def secret_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


def add_status_and_buttons(dialog: QDialog, layout: QVBoxLayout, action: str,
                           on_action: Callable[[], None]) -> QPushButton:
    """Below the fields: ``dialog.problem`` (hidden until something is wrong), ``dialog.progress``
    (shown while the work runs), then Cancel and the action button, which is returned."""
    dialog.problem = QLabel()
    dialog.problem.setObjectName("problems")
    dialog.problem.setWordWrap(True)
    dialog.problem.hide()
    layout.addWidget(dialog.problem)
    dialog.progress = QProgressBar()
    dialog.progress.setTextVisible(False)
    dialog.progress.hide()
    layout.addWidget(dialog.progress)
    dialog.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    button = dialog.buttons.addButton(action, QDialogButtonBox.ButtonRole.AcceptRole)
    button.setDefault(True)
    dialog.buttons.accepted.connect(on_action)
    dialog.buttons.rejected.connect(dialog.reject)
    layout.addWidget(dialog.buttons)
    return button
