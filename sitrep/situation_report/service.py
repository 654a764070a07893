"""The situation report as the app's child process builds it: read the store, lay out, answer.

The desktop app runs this task in its one child-process worker (sitrep/render/worker.py),
which starts it by spawn, reports progress and cancels by terminating the child. The task
reads the incidents from the store itself (a report may cover thousands: they are not
sent over the pipe) and runs the two layout workers, which end with it if it is
terminated (sitrep/render/lifeline.py). Nothing here imports Qt.
"""

from __future__ import annotations

from dataclasses import asdict, replace
from typing import Callable

from sitrep.contract.problems import InputError, Problem
from sitrep.render.worker import Worker
from sitrep.situation_report.pipeline import CACHE_KEY, ReportRequest, build_report
from sitrep.store import Store
from sitrep.vault import StoreKey


def build_in_child(request: tuple[ReportRequest, str, StoreKey, bool], progress: Callable) -> tuple:
    """(request, store path, store key, whole team) -> ("pdf", bytes, pages, figures) or ("problems",
    [Problem]); progress(done, total) while the parts are laid out. The key comes over the worker's
    pipe (memory, never a file or an argument), so the child does not derive it again. With "whole
    team" the incidents are the team server's (sitrep/team/remote.py), read with the connection
    string kept in the store."""
    report_request, db_path, key, whole_team = request
    try:
        with Store(db_path, key) as store:
            incidents = _team_incidents(store) if whole_team else store.list()
            report_request = replace(report_request, cache_key=store.file_key(CACHE_KEY))
        built = build_report(report_request, incidents, progress=progress)
        return ("pdf", built.data, built.pages, asdict(built.figures))
    except InputError as error:
        return ("problems", error.problems)
    except Exception as error:  # noqa: BLE001 - shown to the user
        return ("problems", [Problem("unexpected", params={"detail": f"{type(error).__name__}: {error}"})])


def _team_incidents(store) -> list:
    from sitrep.team import connection, remote  # only for the team's report: psycopg loads libpq

    dsn = connection.saved(store)
    if not dsn:
        raise InputError([Problem("team_not_connected")])
    incidents, _invalid = remote.team_incidents(dsn)  # incidents that do not validate are left out
    return incidents


def report_worker() -> Worker:
    """A worker for one report: not a daemon, since it starts the layout workers."""
    return Worker(build_in_child, "sitrep-report", daemon=False)
