"""Building a situation report in a child process, for the desktop app.

The app must stay responsive during a report that takes seconds or minutes, and be
able to stop it. So the report is built in a child process (started by spawn: the
app runs Qt, which must not be forked), which itself runs the two layout workers.
The app polls a pipe: ("progress", done, total) while the parts are laid out, then
("pdf", bytes, pages, figures) or ("problems", [Problem]). Cancelling sends "cancel";
the child stops its workers at once and answers ("cancelled",). Nothing here imports Qt.
"""

from __future__ import annotations

import multiprocessing
from dataclasses import asdict

from sitrep.contract.problems import InputError, Problem
from sitrep.situation_report.texts import ReportProblem


def _serve(connection, request, db_path) -> None:
    from sitrep.render.lifeline import exit_with_parent
    from sitrep.situation_report.pipeline import Cancelled, build_report
    from sitrep.store import Store

    # The pipe tells of a closed app only while the layout runs; the lifeline also
    # covers reading the store and joining the parts (seconds for a large report).
    exit_with_parent()
    stop = False

    def cancelled() -> bool:
        nonlocal stop
        while not stop and connection.poll():
            stop = connection.recv() == "cancel"
        return stop

    def progress(done: int, total: int) -> None:
        connection.send(("progress", done, total))

    try:
        with Store(db_path) as store:
            incidents = store.list()
        built = build_report(request, incidents, progress=progress, cancelled=cancelled)
        reply = ("pdf", built.data, built.pages, asdict(built.figures))
    except Cancelled:
        reply = ("cancelled",)
    except InputError as error:
        reply = ("problems", error.problems)
    except Exception as error:  # noqa: BLE001 - shown to the user
        reply = ("problems", [Problem("unexpected", params={"detail": f"{type(error).__name__}: {error}"})])
    try:
        connection.send(reply)
    except (OSError, EOFError):
        pass


class ReportProcess:
    """One report being built in a child process; poll() from the UI thread's timer."""

    def __init__(self, request, db_path):
        context = multiprocessing.get_context("spawn")
        self._connection, child = context.Pipe()
        self._process = context.Process(target=_serve, args=(child, request, str(db_path)), daemon=False,
                                        name="sitrep-report")
        self._process.start()
        child.close()
        self.finished = False

    def poll(self) -> list[tuple]:
        """Every message waiting now (never blocks)."""
        messages = []
        try:
            while not self.finished and self._connection.poll():
                message = self._connection.recv()
                messages.append(message)
                if message[0] != "progress":
                    self.finished = True
        except (EOFError, OSError):
            self.finished = True
            messages.append(("problems", [ReportProblem("report_process_stopped")]))
        if self.finished:
            # Not join(): the child still shuts its workers down (~150 ms), and this runs
            # on the UI thread. The process is reaped later by multiprocessing.
            self._process.join(0)
        return messages

    def cancel(self) -> None:
        if self.finished:
            return
        try:
            self._connection.send("cancel")
        except OSError:
            pass

    def kill(self) -> None:
        """Last resort (closing the app): the child and, with it, its workers' pipe end."""
        if self._process.is_alive():
            self.cancel()
            self._process.join(3)
        if self._process.is_alive():
            self._process.terminate()
            self._process.join(3)
        self.finished = True
