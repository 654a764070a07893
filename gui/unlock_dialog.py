"""The passphrase at each start: unlock the store, or set the passphrase of a new one.

Three cases, told apart by sitrep.encryption.needs_new_passphrase and the file itself:
- an encrypted store: one field; a wrong passphrase is said in the dialog, which stays open;
- a new store: the passphrase typed twice, under a warning in both languages that nobody can
  recover it (the user may not read the interface's language well yet on the first start);
- a plaintext store of an older sitrep: the same, and the dialog says that it will now be
  encrypted and that copies elsewhere cannot be reached.

The opening runs in a job (Argon2id takes about 0.2 s; encrypting a large old store takes
longer), so the dialog never freezes. SITREP_PASSPHRASE, if set, is tried first without asking:
it is for scripted starts and tests, and docs/security.md says why it is less safe. The lock
screen (gui/app_lock.py) never tries it: there the user must type the passphrase.

A ``guard`` (gui/app_lock.py's FailedUnlockGuard) hears of every wrong passphrase typed and of
the opening; it may destroy the data after too many failures, and the dialog then closes.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Protocol

import shiboken6
from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QMessageBox, QVBoxLayout

from sitrep.contract.problems import Problem
from sitrep.encryption import Opened, needs_new_passphrase, open_with_passphrase
from sitrep.formatting import as_path
from sitrep.i18n import N_, Translator
from sitrep.store import Store, StoreError
from sitrep.vault import PASSPHRASE_VARIABLE, check_new_passphrase, store_state

from gui.jobs import Job, Progress
from gui.dialog_parts import add_status_and_buttons, secret_field
from gui.qt_i18n import UiLanguage

MSG = {
    "title": N_("Unlock sitrep"),
    "title_new": N_("Choose a passphrase"),
    "unlock": N_("The data in {folder} is encrypted. Type its passphrase to open it."),
    "new": N_("The data in {folder} will be encrypted with this passphrase. Nobody can recover a lost "
              "passphrase, not even the people who make sitrep: without it, the data cannot be read. Write it "
              "down and keep it apart from this computer."),
    "encrypt": N_("The data in {folder} was kept unencrypted by an older version of sitrep. It will now be "
                  "encrypted with this passphrase, and the unencrypted files overwritten and removed. Copies made "
                  "elsewhere (other disks, cloud sync, the spare blocks an SSD keeps) cannot be reached: remove "
                  "those yourself."),
    "passphrase": N_("&Passphrase:"),
    "again": N_("The same &again:"),
    "open": N_("&Open"),
    "encrypted_now": N_("The data is now encrypted. Copies made elsewhere before today (other disks, cloud sync, "
                        "the spare blocks an SSD keeps) cannot be reached from here: remove those yourself."),
}


class Guard(Protocol):
    def failed(self, parent) -> bool:
        """A wrong passphrase was typed; True if the data was destroyed (the dialog then closes)."""

    def succeeded(self) -> None:
        """The store opened."""


class UnlockDialog(QDialog):
    """Asks for the passphrase until the store opens or the user cancels; ``opened`` then holds it."""

    def __init__(self, ui: UiLanguage, db_path: Path, store_class: type[Store] = Store, parent=None,
                 guard: Guard | None = None):
        super().__init__(parent)
        self.ui, self.db_path, self.store_class = ui, Path(db_path), store_class
        self.guard = guard
        self.destroyed_data = False  # the guard destroyed the data after too many failures
        self.opened: Opened | None = None
        self.error: StoreError | None = None  # a store that no passphrase opens (damaged, foreign, …)
        self.job: Job | None = None
        self.new = needs_new_passphrase(db_path)
        folder = as_path(self.db_path.parent)
        self.setWindowTitle(ui.t(MSG["title_new"] if self.new else MSG["title"]))
        layout = QVBoxLayout(self)
        if self.new:
            case = MSG["encrypt"] if store_state(db_path) == "plaintext" else MSG["new"]
            # Both languages, the interface's first: it cannot be said too clearly.
            other = "ar" if ui.lang == "en" else "en"
            texts = [ui.t(case, folder=folder), Translator(other).t(case, folder=folder)]
        else:
            texts = [ui.t(MSG["unlock"], folder=folder)]
        for text in texts:
            label = QLabel(text)
            label.setWordWrap(True)
            layout.addWidget(label)
        form = QFormLayout()
        self.passphrase = secret_field()
        self.again = secret_field()
        form.addRow(ui.t(MSG["passphrase"]), self.passphrase)
        if self.new:
            form.addRow(ui.t(MSG["again"]), self.again)
        layout.addLayout(form)
        self.open_button = add_status_and_buttons(self, layout, ui.t(MSG["open"]), self.try_open)
        self.setMinimumWidth(460)

    def try_open(self) -> None:
        if self.job is not None:
            return
        typed = self.passphrase.text()
        problems = check_new_passphrase(typed, self.again.text()) if self.new else []
        if problems:
            self._show(problems)
            return
        self._start(typed)

    def _start(self, passphrase: str) -> None:
        self.problem.hide()
        self.open_button.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.show()
        path, store_class = self.db_path, self.store_class

        def work(job: Job) -> Opened:
            return open_with_passphrase(path, passphrase, store_class,
                                        progress=lambda done, total: job.report(done, total))

        self.job = Job(self, work, self._opened, self._failed, on_progress=self._progressed).start()

    def _progressed(self, progress: Progress) -> None:
        self.progress.setRange(0, progress.maximum or 0)
        self.progress.setValue(progress.value or 0)

    def _opened(self, opened: Opened) -> None:
        self.job = None
        self.opened = opened
        if self.guard is not None:
            self.guard.succeeded()
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.job = None
        if isinstance(error, StoreError) and not _passphrase_problem(error):
            self.error = error  # the caller says why and offers another folder
            self.reject()
            return
        if _passphrase_problem(error) and self.guard is not None and self.guard.failed(self):
            self.destroyed_data = True
            super().reject()
            return
        self.progress.hide()
        self.open_button.setEnabled(True)
        problems = getattr(error, "problems", None) or [
            Problem("unexpected", params={"detail": f"{type(error).__name__}: {error}"})]
        self._show(problems)
        self.passphrase.selectAll()
        self.passphrase.setFocus()

    def _show(self, problems: list[Problem]) -> None:
        self.problem.setText("\n".join(problem.message(self.ui.lang) for problem in problems))
        self.problem.show()

    def reject(self) -> None:
        if self.job is None:  # an opening under way is not left half-done
            super().reject()


def _passphrase_problem(error: BaseException) -> bool:
    return isinstance(error, StoreError) and error.problems[0].code == "wrong_passphrase"


def unlock(ui: UiLanguage, db_path: Path, store_class: type[Store] = Store, parent=None,
           use_environment: bool = True, guard: Guard | None = None) -> Opened | None:
    """The store at ``db_path`` opened with its passphrase, or None if the user cancelled (or
    the guard destroyed the data). Raises StoreError for a store that no passphrase would open
    (damaged, another program's).

    SITREP_PASSPHRASE is tried first unless ``use_environment`` is False (the lock screen); if it
    is not the store's passphrase, the dialog asks."""
    given = os.environ.get(PASSPHRASE_VARIABLE) if use_environment else None
    opened = None
    if given and not (needs_new_passphrase(db_path) and check_new_passphrase(given, given)):
        try:
            opened = open_with_passphrase(db_path, given, store_class)
        except StoreError as error:
            if not _passphrase_problem(error):
                raise
        if opened is not None and guard is not None:
            guard.succeeded()
    if opened is None:
        dialog = UnlockDialog(ui, db_path, store_class, parent, guard)
        dialog.exec()
        error, opened = dialog.error, dialog.opened
        # Gone now, its job with it: a dialog kept as the child of a window (the lock screen's)
        # would pile up, one per unlock.
        shiboken6.delete(dialog)
        if error is not None:
            raise error
        if opened is None:
            return None
    if opened.encrypted_now:
        QMessageBox.information(parent, ui.t(MSG["title"]), ui.t(MSG["encrypted_now"]))
    return opened
