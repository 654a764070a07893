"""Long tasks off the UI thread: one path for every job of the desktop app.

A job is a plain function (no Qt, no widgets) run in a worker thread. Its result, or
the exception it raised, comes back on the UI thread through a queued signal, so the
callbacks may touch widgets. While any job runs, the status bar of the window shows a
busy bar with the job's label.

Threads are enough here: the long parts either wait on a pipe (a PDF is rendered in
sitrep's render process) or are pure Python in short steps (CSV reading, validation),
which give the interpreter lock back to the interface every few milliseconds.
Measured in bench/gui_bench.py.
"""

from __future__ import annotations

import threading
from typing import Callable

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QProgressBar, QStatusBar


class Job(QObject):
    """One run of ``work`` in a thread; ``on_done(result)`` or ``on_error(exception)`` on the UI thread."""

    _finished = Signal(bool, object)  # ok, result or exception; emitted from the worker thread
    ended = Signal()  # after the callback ran; tests and the busy bar wait on it

    def __init__(self, work: Callable[[], object], on_done: Callable[[object], None],
                 on_error: Callable[[BaseException], None], parent: QObject):
        super().__init__(parent)
        self._work, self._on_done, self._on_error = work, on_done, on_error
        self.running = False
        # A bound slot of an object living on the UI thread: Qt queues the call there.
        self._finished.connect(self._deliver)

    def start(self) -> None:
        self.running = True
        threading.Thread(target=self._run, name="sitrep-job", daemon=True).start()

    def _run(self) -> None:
        try:
            result, ok = self._work(), True
        except Exception as error:  # noqa: BLE001 - handed to on_error on the UI thread
            result, ok = error, False
        self._finished.emit(ok, result)

    @Slot(bool, object)
    def _deliver(self, ok: bool, result: object) -> None:
        self.running = False
        try:
            (self._on_done if ok else self._on_error)(result)
        finally:
            self.ended.emit()
            self.deleteLater()


class Jobs(QObject):
    """The window's jobs and its busy bar in the status bar."""

    def __init__(self, status_bar: QStatusBar):
        super().__init__(status_bar)
        self.active: list[Job] = []
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # busy: these jobs cannot say how far they are
        self.bar.setMaximumWidth(160)
        self.bar.setTextVisible(False)
        self.bar.hide()
        self._status_bar = status_bar
        status_bar.addPermanentWidget(self.bar)

    def run(self, label: str, work: Callable[[], object], on_done: Callable[[object], None],
            on_error: Callable[[BaseException], None]) -> Job:
        job = Job(work, on_done, on_error, self)
        self.active.append(job)
        job.ended.connect(lambda job=job: self._ended(job))
        self.bar.setToolTip(label)
        self.bar.show()
        self._status_bar.showMessage(label)
        job.start()
        return job

    def _ended(self, job: Job) -> None:
        if job in self.active:
            self.active.remove(job)
        self.bar.setVisible(bool(self.active))

    @property
    def busy(self) -> bool:
        return bool(self.active)
