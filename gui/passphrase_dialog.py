"""Settings > Change passphrase…: the current one, the new one twice, then the store re-keyed.

The current passphrase is checked against the open store's key (Argon2id with the store's salt,
compared in constant time), so someone at an unlocked, unattended app cannot change it. The
check and the re-keying (sitrep/passphrase_change.py: the store and its backups) run in a job,
with a progress bar; the dialog stays open until it ends and says any problem in the interface's
language. While it runs, the app does not lock: the store must stay open under it.
"""

from __future__ import annotations

import hmac

from PySide6.QtWidgets import QDialog, QFormLayout, QVBoxLayout

from sitrep.contract.problems import Problem
from sitrep.i18n import N_
from sitrep.passphrase_change import change_passphrase
from sitrep.vault import check_new_passphrase, derive

from gui.jobs import Job, Progress
from gui.dialog_parts import add_status_and_buttons, explanation, secret_field

MSG = {
    "title": N_("Change passphrase"),
    "explain": N_("The data and its backups will be encrypted with the new passphrase. Nobody can recover a "
                  "lost passphrase: write it down and keep it apart from this computer."),
    "current": N_("&Current passphrase:"),
    "new": N_("&New passphrase:"),
    "again": N_("The same &again:"),
    "change": N_("&Change"),
    "wrong_current": N_("The current passphrase is not right. Nothing was changed."),
}


class WrongCurrent(Exception):
    """The passphrase typed as the current one does not give the store's key."""


class ChangePassphraseDialog(QDialog):
    def __init__(self, window, parent=None):
        super().__init__(parent or window)
        self.window, self.ui = window, window.ui
        self.job: Job | None = None
        self.setWindowTitle(self.ui.t(MSG["title"]))
        layout = QVBoxLayout(self)
        explanation(layout, self.ui.t(MSG["explain"]))
        form = QFormLayout()
        self.current, self.new, self.again = secret_field(), secret_field(), secret_field()
        for label, field in (("current", self.current), ("new", self.new), ("again", self.again)):
            form.addRow(self.ui.t(MSG[label]), field)
        layout.addLayout(form)
        self.change_button = add_status_and_buttons(self, layout, self.ui.t(MSG["change"]), self.try_change)
        self.setMinimumWidth(440)

    def try_change(self) -> None:
        if self.job is not None:
            return
        problems = check_new_passphrase(self.new.text(), self.again.text())
        if problems:
            self._show([problem.message(self.ui.lang) for problem in problems])
            return
        self._start(self.current.text(), self.new.text())

    def _start(self, current: str, new: str) -> None:
        store = self.window.store

        def work(job: Job):
            given = derive(current, store.key.salt)
            if not hmac.compare_digest(given.raw, store.key.raw):
                raise WrongCurrent()
            return change_passphrase(store, new, progress=lambda done, total: job.report(done, total))

        self.problem.hide()
        self.change_button.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.window.app_lock.held = True
        self.job = Job(self, work, self._changed, self._failed, on_progress=self._progressed).start()

    def _progressed(self, progress: Progress) -> None:
        self.progress.setRange(0, progress.maximum or 0)
        self.progress.setValue(progress.value or 0)

    def _changed(self, _key) -> None:
        self._ended()
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self._ended()
        self.progress.hide()
        self.change_button.setEnabled(True)
        if isinstance(error, WrongCurrent):
            self._show([self.ui.t(MSG["wrong_current"])])
            self.current.selectAll()
            self.current.setFocus()
            return
        problems = getattr(error, "problems", None) or [
            Problem("unexpected", params={"detail": f"{type(error).__name__}: {error}"})]
        self._show([problem.message(self.ui.lang) for problem in problems])

    def _ended(self) -> None:
        self.job = None
        self.window.app_lock.held = False

    def _show(self, lines: list[str]) -> None:
        self.problem.setText("\n".join(lines))
        self.problem.show()

    def reject(self) -> None:
        if self.job is None:  # a re-keying under way is not left half-done
            super().reject()
