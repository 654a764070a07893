"""File > Team server…: the connection to the organization's server, tested, then kept in the vault.

The connection string the IT person gave (``sitrep team add-user`` prints it) is pasted here. It is
tested in a job (a server that cannot be reached is said within a few seconds, never freezing the
window), made safe by the TLS rule (sitrep/team/connection.py) and kept only in the encrypted
store. Nothing of it goes to the settings file; the dialog shows it again without its password.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout

from sitrep.contract.problems import Problem
from sitrep.i18n import N_
from sitrep.team import connection

from gui.jobs import Job, exec_then_delete
from gui.dialog_parts import add_status_and_buttons, explanation

MSG = {
    "title": N_("Team server"),
    "explain": N_("Paste the connection string the organization's IT person gave you. It is tested, then kept "
                  "in the encrypted data, never anywhere else."),
    "dsn": N_("&Connection string:"),
    "insecure": N_("&Allow a connection without encryption (only on a network you trust)"),
    "connected": N_("Connected to: {server}"),
    "none": N_("Not connected to a team server."),
    "save": N_("&Test and save"),
}


class TeamDialog(QDialog):
    def __init__(self, window):
        super().__init__(window)
        self.window, self.ui = window, window.ui
        self.job: Job | None = None
        self.setWindowTitle(self.ui.t(MSG["title"]))
        layout = QVBoxLayout(self)
        explanation(layout, self.ui.t(MSG["explain"]))
        saved = connection.saved(window.store)
        self.current = QLabel(self.ui.t(MSG["connected"], server=connection.redacted(saved)) if saved
                              else self.ui.t(MSG["none"]))
        self.current.setWordWrap(True)
        layout.addWidget(self.current)
        form = QFormLayout()
        self.dsn = QLineEdit()
        self.dsn.setEchoMode(QLineEdit.EchoMode.PasswordEchoOnEdit)  # it holds a password
        self.dsn.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # a URI reads left to right
        form.addRow(self.ui.t(MSG["dsn"]), self.dsn)
        layout.addLayout(form)
        self.insecure = QCheckBox(self.ui.t(MSG["insecure"]))
        layout.addWidget(self.insecure)
        self.save_button = add_status_and_buttons(self, layout, self.ui.t(MSG["save"]), self.test_and_save)
        self.setMinimumWidth(520)

    def test_and_save(self) -> None:
        if self.job is not None:
            return
        self.problem.hide()
        typed, allow = self.dsn.text().strip(), self.insecure.isChecked()

        def work(job: Job) -> str:
            dsn = connection.secure(typed, allow_insecure=allow)
            connection.check(dsn)
            return dsn

        self.save_button.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.job = Job(self, work, self._tested, self._failed).start()

    def _tested(self, dsn: str) -> None:
        self.job = None
        connection.save(self.window.store, dsn)  # on the UI thread: the store's connection lives here
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.job = None
        self.progress.hide()
        self.save_button.setEnabled(True)
        problems = getattr(error, "problems", None) or [
            Problem("unexpected", params={"detail": f"{type(error).__name__}: {error}"})]
        self.problem.setText("\n".join(problem.message(self.ui.lang) for problem in problems))
        self.problem.show()

    def reject(self) -> None:
        if self.job is None:
            super().reject()


def edit_team_server(window) -> bool:
    """File > Team server…: the dialog, deleted once closed (gui/jobs.exec_then_delete says why).
    True when a connection was saved."""
    return bool(exec_then_delete(TeamDialog(window)))
