"""The desktop app's one child-process worker: a request in, progress and an answer out.

WeasyPrint is pure Python for much of its work: in a thread it would hold the GIL in
long stretches and freeze the window (measured: gaps of 100-280 ms on the UI thread).
So the app hands rendering (the flash update of the live preview and Export PDF) and
the situation report to a child process, and a job's thread waits on the pipe, which
leaves the GIL to the interface.

The child is started by spawn, never fork (the app runs Qt; Windows has no fork), ends
with its parent (sitrep/render/lifeline.py), and gets its work over the pipe only:
nothing of an incident is written to disk on the way. Progress comes back as messages
before the answer. Cancelling terminates the child; a crash ends the child, not the
app, and the next request starts a new one. Nothing here imports Qt.
"""

from __future__ import annotations

import multiprocessing
import threading
import time
import weakref
from typing import Callable

from sitrep.render.lifeline import exit_with_parent


# Every worker of this process, for stop_all(); weak, so a worker dropped by its owner is not kept.
_workers: weakref.WeakSet = weakref.WeakSet()


class WorkerStopped(Exception):
    """The child ended before it answered: stopped, killed or crashed."""


class WorkerError(RuntimeError):
    """The task raised in the child; the message names the exception."""


def _serve(connection, task: Callable) -> None:
    """The child's loop: ``task(request, progress)`` for each request until None or a closed pipe."""
    exit_with_parent()  # the pipe only tells of a closed app while the child reads it

    def progress(*args) -> None:
        connection.send(("progress", args))

    while True:
        try:
            request = connection.recv()
        except (EOFError, OSError):
            return
        if request is None:
            return
        try:
            reply = ("answer", task(request, progress))
        except Exception as error:  # noqa: BLE001 - the loop goes on; the parent raises WorkerError
            reply = ("error", f"{type(error).__name__}: {error}")
        connection.send(reply)


class Worker:
    """One child process running ``task``, started on first use; requests are serialised.

    ask() blocks (call it from a job's thread); stop() may be called from any thread and
    makes a waiting ask() raise WorkerStopped at once.
    """

    def __init__(self, task: Callable, name: str, daemon: bool = True):
        # A daemon child cannot start processes of its own: the report's layout workers need daemon=False.
        self._task, self._name, self._daemon = task, name, daemon
        self._lock = threading.Lock()  # one request at a time
        self._state = threading.Lock()  # start against stop, never held while waiting on the child
        self._process = None
        self._connection = None
        self._closed = False
        _workers.add(self)

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def start(self) -> None:
        """Start the child now if it is not running (ask() also does)."""
        with self._state:
            if self._closed:
                raise WorkerStopped(self._name)
            if self._process is not None and self._process.is_alive():
                return
            if self._connection is not None:
                self._connection.close()  # the pipe of a child that crashed
            context = multiprocessing.get_context("spawn")
            parent, child = context.Pipe()
            self._process = context.Process(target=_serve, args=(child, self._task), daemon=self._daemon,
                                            name=self._name)
            self._process.start()
            child.close()  # else the parent's copy would keep the pipe open after the child died
            self._connection = parent

    def ask(self, request, progress: Callable | None = None):
        """The task's answer to ``request``; ``progress(*args)`` for each progress message on the way."""
        with self._lock:
            self.start()
            process, connection = self._process, self._connection
            try:
                connection.send(request)
                while True:
                    kind, payload = connection.recv()
                    if kind == "progress":
                        if progress is not None:
                            progress(*payload)
                        continue
                    if kind == "error":
                        raise WorkerError(payload)
                    return payload
            except (EOFError, OSError):
                process.join(5)  # stopped or crashed: reaped here, off the UI thread
                raise WorkerStopped(self._name) from None

    def stop(self) -> None:
        """Cancel: terminate the child now; a waiting ask() raises WorkerStopped. No restart after."""
        with self._state:
            self._closed = True
            process = self._process
        if process is not None and process.is_alive():
            process.terminate()

    def close(self, wait: float = 5) -> None:
        """Ask the child to end after its current request; terminate it if it has not within ``wait``
        seconds. With wait=0 only ask: it ends on its own (it has no more work) and is reaped later."""
        with self._state:
            self._closed = True
        with self._lock:
            if self._process is None or self._connection is None:  # never started, or failed to
                return
            try:
                self._connection.send(None)
            except OSError:
                pass
            self._process.join(wait)
            if wait and self._process.is_alive():
                self._process.terminate()
                self._process.join(wait)
            self._connection.close()


def stop_all(wait: float = 0.1) -> None:
    """The app's quick exit: stop() every worker of this process at once, then kill any child still
    running after ``wait`` seconds in all. Never raises and never waits longer: the app is leaving.
    The report's layout workers are not ours to reach; they end with their parent (lifeline.py)."""
    processes = []
    for worker in list(_workers):
        try:
            worker.stop()
        except Exception:  # noqa: BLE001 - one worker's trouble must not keep the others running
            pass
        if worker._process is not None:
            processes.append(worker._process)
    deadline = time.monotonic() + wait
    for process in processes:
        try:
            process.join(max(0.0, deadline - time.monotonic()))
            if process.is_alive():
                process.kill()
        except (OSError, ValueError):  # already reaped by the job thread waiting on it, or closed
            pass
