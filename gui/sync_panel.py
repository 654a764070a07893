"""File > Sync (F5, the toolbar): the laptop and the team server, and the sync status in the status bar.

The sync (sitrep/team/sync.py) runs in a job, never blocking the window. The job opens its OWN
connection to the store (same file, same key) and closes it at the end: the window's connection
stays on the UI thread, never used by two threads at once. SQLite keeps the two apart (WAL, and
each write waits for the other's), and the sync protocol notices a row saved during the sync. When
the job ends, the log and a clean open form are read again on the UI thread.

While a sync runs the app does not lock (the lock waits), and the commands that would change the
store under it (Settings, with the passphrase change and the data folder; Destroy all data; the
conflicts) are off until it ends. A sync that fails is said in the status bar, never in a dialog
that stops the user: the work goes on offline and is sent at the next sync.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QLabel, QMessageBox

from sitrep.contract.problems import Problem
from sitrep.i18n import N_, N_plural
from sitrep.store import Store
from sitrep.team import connection, local
from sitrep.team.status import MSG as STATUS, SyncStatus

from gui.jobs import Job

# F5: "refresh" in most programs, which is what a sync is to the user; free in the app.
SYNC_KEY = "F5"
MSG = {
    "connect_first": N_("Connect to the team server first: File > Team server…"),
    "synced": N_("Synced with {server}: {sent} sent, {received} received, {photos} photos moved."),  # as the CLI
    "connected": N_("Connected to: {server}"),  # as File > Team server… says it
    "conflicts_title": N_("Conflicts"),
}
CONFLICTS_FOUND = N_plural(
    "{count} incident was changed both here and on the team server. Both versions are kept. Compare them now?",
    "{count} incidents were changed both here and on the team server. Both versions are kept. Compare them now?")


class SyncPanel(QObject):
    """The window's sync: ``sync_now()`` and the status label (a permanent widget of the status bar)."""

    def __init__(self, window):
        super().__init__(window)
        self.window, self.ui = window, window.ui
        self.state = SyncStatus()
        self.job: Job | None = None
        self.problem = ""  # why the last sync failed, in the interface's language
        self.dsn: str | None = None
        self.label = QLabel()
        self.label.setObjectName("sync_status")
        window.statusBar().addPermanentWidget(self.label)
        self.ui.changed.connect(lambda *_: self.show())
        # The actions this panel turns off while a sync runs (MainWindow sets them).
        self.guarded: list = []

    @property
    def syncing(self) -> bool:
        return self.job is not None

    # The status

    def refresh(self) -> None:
        """Read the counts again (after a save, an import, a sync): on the UI thread, the window's store."""
        store = self.window.store
        if store is None:  # locked
            self.label.clear()
            return
        if store.path != self.state.store_path:  # another data folder: its own status
            self.state = SyncStatus(store_path=store.path)
        self.dsn = connection.saved(store)
        self.state.connected = self.dsn is not None
        if self.state.connected:
            self.state.waiting = local.waiting(store)
            self.state.conflicts = local.conflict_count(store)
        self.show()

    def show(self) -> None:
        self.label.setText(self.state.text(self.ui))
        tip = self.problem if self.state.offline else ""
        if not tip and self.state.connected and self.dsn:
            tip = self.ui.t(MSG["connected"], server=connection.redacted(self.dsn))
        self.label.setToolTip(tip)

    def connection_changed(self) -> None:
        """After File > Team server…: a new server, nothing known of it yet."""
        self.state = SyncStatus()
        self.problem = ""
        self.refresh()

    # The sync

    def sync_now(self) -> None:
        store = self.window.store
        if self.syncing or store is None:
            return
        dsn = connection.saved(store)
        if not dsn:
            self.window.statusBar().showMessage(self.ui.t(MSG["connect_first"]), 10000)
            return
        path, key = store.path, store.key

        def work(job: Job):
            from sitrep.team.sync import sync  # start-up time: psycopg loads libpq

            with Store(path, key, daily_backup=False) as own:  # this thread's own connection
                return sync(own, dsn)

        self._hold(True)
        self.job = self.window.jobs.run(self.ui.t(STATUS["syncing"]), work, lambda result: self._synced(dsn, result),
                                        self._failed)

    def _hold(self, syncing: bool) -> None:
        self.window.app_lock.held = syncing  # a lock waits until the sync ends
        for action in self.guarded:
            action.setEnabled(not syncing)
        self.state.syncing = syncing
        self.show()

    def _ended(self) -> None:
        self.job = None
        self._hold(False)

    def _synced(self, dsn: str, result) -> None:
        self._ended()
        self.state.offline, self.problem = False, ""
        self.state.last_synced = dt.datetime.now()
        self.store_changed()
        lines = [self.ui.t(MSG["synced"], server=connection.redacted(dsn), sent=result.sent,
                           received=result.received, photos=result.photos_sent + result.photos_received)]
        lines += [problem.message(self.ui.lang) for problem in result.problems]
        self.window.statusBar().showMessage(" ".join(lines), 15000)
        if result.conflicts:  # after the job's delivery has ended
            QTimer.singleShot(0, lambda count=len(result.conflicts): self._offer_conflicts(count))

    def _failed(self, error: BaseException) -> None:
        self._ended()
        problems = getattr(error, "problems", None) or [
            Problem("unexpected", params={"detail": f"{type(error).__name__}: {error}"})]
        self.problem = "\n".join(problem.message(self.ui.lang) for problem in problems)
        self.state.offline = True
        self.refresh()
        self.window.statusBar().showMessage(self.problem.replace("\n", " "), 30000)

    def _offer_conflicts(self, count: int) -> None:
        if self.window.store is None or self.window.app_lock.locked:
            return
        buttons = QMessageBox.StandardButton
        answer = QMessageBox.question(self.window, self.ui.t(MSG["conflicts_title"]),
                                      self.ui.n(CONFLICTS_FOUND, count), buttons.Yes | buttons.No, buttons.Yes)
        if answer == buttons.Yes:
            from gui.conflicts_dialog import show_conflicts

            show_conflicts(self.window)

    def store_changed(self) -> None:
        """The store changed under the window (a sync, a conflict resolved): the log, the status, and
        the open form if the user has not changed it (else their save would send a stale version)."""
        window = self.window
        window.reload_log()
        if window.pages.currentWidget() is window.start_panel and window.store.count():
            window.pages.setCurrentWidget(window.splitter)
        current = window.form.incident_id
        if window.dirty or not current:
            return
        record = window.store.record(current)
        if record is not None and record.data != window.form.data():
            window.open_incident(current)
