"""Rendering in a process of its own, for the desktop app.

WeasyPrint is pure Python for much of its work: in a thread it would hold the GIL
in long stretches and freeze the window (measured: gaps of 100-280 ms on the UI
thread). A child process renders instead; the app's worker thread waits on a pipe,
which leaves the GIL to the interface. A crash in rendering ends the child, not the
app: the next request starts a new one.
"""

from __future__ import annotations

import multiprocessing
import threading

from sitrep.contract.problems import Problem


def serve(connection) -> None:
    """The child's loop: (incident data, report choices) in, ("pdf", bytes) or ("problems", [...]) out."""
    from sitrep.contract.documents import parse_incident
    from sitrep.flash_update.pdf import flash_update, render_flash_update
    from sitrep.contract.problems import InputError

    while True:
        try:
            request = connection.recv()
        except (EOFError, OSError):
            return
        if request is None:
            return
        data, choices = request
        choices = dict(choices)
        try:
            organization = choices.pop("organization", None)
            pdf, _, _ = render_flash_update(flash_update(parse_incident(data), organization), **choices)
            reply = ("pdf", pdf)
        except InputError as error:
            reply = ("problems", error.problems)
        except Exception as error:  # noqa: BLE001 - reported to the user, the loop goes on
            reply = ("problems", [Problem("unexpected", params={"detail": f"{type(error).__name__}: {error}"})])
        connection.send(reply)


class RenderProcess:
    """One rendering child process, started on first use; requests are serialised."""

    def __init__(self):
        self._lock = threading.Lock()
        self._process = None
        self._connection = None

    def _start(self) -> None:
        context = multiprocessing.get_context("spawn")  # no fork of a process that runs Qt
        parent, child = context.Pipe()
        self._process = context.Process(target=serve, args=(child,), daemon=True, name="sitrep-render")
        self._process.start()
        child.close()
        self._connection = parent

    def render(self, data: dict, choices: dict) -> tuple[str, object]:
        with self._lock:
            if self._process is None or not self._process.is_alive():
                self._start()
            try:
                self._connection.send((data, choices))
                return self._connection.recv()
            except (EOFError, OSError):
                self._process = None  # it died mid-render; the next request starts a new one
                return ("problems", [Problem("unexpected", params={"detail": "the renderer stopped"})])

    def close(self) -> None:
        with self._lock:
            if self._process is None or self._connection is None:  # never started, or failed to
                return
            try:
                self._connection.send(None)
            except OSError:
                pass
            self._process.join(5)
            if self._process.is_alive():
                self._process.terminate()
            self._process = None
