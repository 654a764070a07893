"""gui/jobs.py: progress and results on the UI thread, cancel drops the result and wakes the work."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QObject

from gui.jobs import Job


@pytest.fixture
def owner(qtbot):
    from gui.app import make_application

    make_application([])
    return QObject()


def test_progress_and_result_arrive_in_order_on_the_ui_thread(owner, qtbot):
    seen, threads = [], set()

    def work(job):
        threads.add(threading.current_thread())
        for n in range(1, 4):
            job.report(n, 3)
        job.report(message="almost")
        return "result"

    def note(what):
        threads.add(threading.current_thread())
        seen.append(what)

    job = Job(owner, work, note, note, on_progress=lambda p: note((p.value, p.maximum, p.message)))
    with qtbot.waitSignal(job.ended, timeout=10_000):
        job.start()
    assert seen == [(1, 3, None), (2, 3, None), (3, 3, None), (None, None, "almost"), "result"]
    assert threading.main_thread() in threads and len(threads) == 2  # the work's thread, and the UI's


def test_an_error_goes_to_on_error(owner, qtbot):
    errors = []
    job = Job(owner, lambda job: 1 / 0, lambda result: errors.append("done?"), errors.append)
    with qtbot.waitSignal(job.ended, timeout=10_000):
        job.start()
    assert len(errors) == 1 and isinstance(errors[0], ZeroDivisionError)


def test_cancel_wakes_the_work_and_drops_its_result(owner, qtbot):
    wake, started, outcome = threading.Event(), threading.Event(), []

    def work(job):
        started.set()
        wake.wait(30)  # like a pipe to a child process, until the interrupt ends it
        job.report(1, 1)  # too late: dropped
        return "stale" if job.cancelled else "fresh"

    job = Job(owner, work, outcome.append, outcome.append, on_progress=outcome.append,
              on_cancelled=lambda: outcome.append("cancelled"), interrupt=wake.set)
    job.start()
    assert started.wait(10) and job.running and not job.cancelled
    with qtbot.waitSignal(job.ended, timeout=5_000):
        job.cancel()
    assert outcome == ["cancelled"] and job.cancelled and not job.running
