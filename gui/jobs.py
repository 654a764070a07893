"""Long tasks off the UI thread: one path for every job of the desktop app.

A job is a plain function (no Qt, no widgets) run in a worker thread; it gets its Job,
through which it may report progress and see whether it was cancelled. Its progress,
its result, or the exception it raised come back on the UI thread through queued
signals, so the callbacks may touch widgets; widgets never start threads of their own.
A cancelled job's result is dropped: ``on_cancelled`` runs instead of the callbacks.
The window's jobs (Jobs) show a busy bar with their label in the status bar; a widget
that shows its own progress (the preview, the report dialog, the photo list) runs its
job with Job directly.

Threads are enough here: the long parts either wait on a pipe (a PDF is rendered in
sitrep's child-process worker, sitrep/render/worker.py) or are pure Python in short
steps (CSV reading, validation, photo cleaning), which give the interpreter lock back to
the interface every few milliseconds. Measured in bench/gui_bench.py.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Callable

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QProgressBar, QStatusBar


@dataclass(frozen=True)
class Progress:
    """How far a job is: a value out of a maximum, a message, or a piece of the result ready now."""

    value: int | None = None
    maximum: int | None = None
    message: str | None = None
    item: object = None


class Job(QObject):
    """One run of ``work(job)`` in a thread; ``on_done(result)`` or ``on_error(exception)`` on the UI thread.

    ``on_progress(Progress)`` gets what the work reports; cancel() asks the work to stop
    (``job.cancelled``), calls ``interrupt`` to wake work that waits (a child process to
    terminate), and makes ``on_cancelled()`` run in place of the result's callback.
    """

    _progressed = Signal(object)  # Progress; emitted from the worker thread
    _finished = Signal(bool, object)  # ok, result or exception; emitted from the worker thread
    ended = Signal()  # after the callback ran; tests and the busy bar wait on it

    _running: set[Job] = set()  # kept alive until delivered, whoever holds them

    def __init__(self, parent: QObject, work: Callable[[Job], object], on_done: Callable[[object], None],
                 on_error: Callable[[BaseException], None], *, on_progress: Callable[[Progress], None] | None = None,
                 on_cancelled: Callable[[], None] | None = None, interrupt: Callable[[], None] | None = None):
        super().__init__(parent)
        self._work, self._on_done, self._on_error = work, on_done, on_error
        self._on_progress, self._on_cancelled, self._interrupt = on_progress, on_cancelled, interrupt
        self._cancel = threading.Event()
        self.running = False
        # Bound slots of an object living on the UI thread: Qt queues the calls there, in order.
        self._progressed.connect(self._show_progress)
        self._finished.connect(self._deliver)

    def start(self) -> Job:
        self.running = True
        Job._running.add(self)
        threading.Thread(target=self._run, name="sitrep-job", daemon=True).start()
        return self

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        """From the UI thread: drop the result, and stop the work if it can be stopped."""
        if not self.running or self.cancelled:
            return
        self._cancel.set()
        if self._interrupt is not None:
            self._interrupt()

    def report(self, value: int | None = None, maximum: int | None = None, message: str | None = None,
               item: object = None) -> None:
        """From the work: progress for ``on_progress``, on the UI thread (dropped once cancelled)."""
        if not self.cancelled:
            self._emit(self._progressed, Progress(value, maximum, message, item))

    def _run(self) -> None:
        try:
            result, ok = self._work(self), True
        except Exception as error:  # noqa: BLE001 - handed to on_error on the UI thread
            result, ok = error, False
        self._emit(self._finished, ok, result)

    def _emit(self, signal, *args) -> None:
        try:
            signal.emit(*args)
        except RuntimeError:  # the widget that owned the job is gone: nobody to tell
            Job._running.discard(self)

    @Slot(object)
    def _show_progress(self, progress: Progress) -> None:
        if self._on_progress is not None and not self.cancelled:
            self._on_progress(progress)

    @Slot(bool, object)
    def _deliver(self, ok: bool, result: object) -> None:
        self.running = False
        Job._running.discard(self)
        try:
            if self.cancelled:
                if self._on_cancelled is not None:
                    self._on_cancelled()
            else:
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

    def run(self, label: str, work: Callable[[Job], object], on_done: Callable[[object], None],
            on_error: Callable[[BaseException], None]) -> Job:
        job = Job(self, work, on_done, on_error)
        self.active.append(job)
        job.ended.connect(lambda job=job: self._ended(job))
        self.bar.setToolTip(label)
        self.bar.show()
        self._status_bar.showMessage(label)
        return job.start()

    def _ended(self, job: Job) -> None:
        if job in self.active:
            self.active.remove(job)
        self.bar.setVisible(bool(self.active))

    @property
    def busy(self) -> bool:
        return bool(self.active)


def exec_then_delete(dialog) -> int:
    """``dialog.exec()``, then the dialog deleted at once, with the jobs it ran.

    A dialog that ran a job and was closed from the job's callback, then kept as a window's
    child with the job's deletion pending, crashed Qt in a later event loop (~QObject on a
    deleted object: seen with the unlock and team dialogs). Deleting the dialog right after
    exec() ends that; the caller reads what it needs from the dialog before calling this."""
    import shiboken6

    result = dialog.exec()
    shiboken6.delete(dialog)
    return result

