"""What the app's small task dialogs share: the unlock, the passphrase change, the team server."""

from __future__ import annotations

from typing import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QProgressBar, QPushButton, QVBoxLayout


def explanation(layout: QVBoxLayout, text: str) -> QLabel:
    """A paragraph at the top of a dialog, wrapped to its width."""
    label = QLabel(text)
    label.setWordWrap(True)
    layout.addWidget(label)
    return label


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
