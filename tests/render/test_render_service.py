"""The desktop app's render process: PDFs out, problems out, and it survives a crash."""

from __future__ import annotations

import json

from helpers import SAMPLES, pdf_pages
from sitrep.flash_update.pdf import FlashUpdateRequest
from sitrep.render.bilingual import Options
from sitrep.flash_update.render_process import RenderProcess


def test_renders_reports_problems_and_restarts_after_a_crash():
    data = json.loads((SAMPLES / "kafr-naha-field-hospital.json").read_text(encoding="utf-8"))
    renderer = RenderProcess()
    try:
        rendered = renderer.render(FlashUpdateRequest(data, Options(languages="ar")))
        assert not rendered.problems and pdf_pages(rendered.pdf) == 1

        rendered = renderer.render(FlashUpdateRequest({**data, "time": "25:00"}, Options()))
        assert rendered.pdf is None and rendered.problems[0].path == "time"

        renderer._process.kill()  # a crash in rendering
        renderer._process.join(10)
        rendered = renderer.render(FlashUpdateRequest(data, Options()))
        assert rendered.pdf.startswith(b"%PDF")
    finally:
        renderer.close()


def counting(request, progress):
    """A task for the worker's child: progress for each step, then the sum; or a long sleep."""
    import time

    if request == "sleep":
        time.sleep(60)
    for n in range(1, request + 1):
        progress(n, request)
    return sum(range(request + 1))


def test_the_worker_reports_progress_and_stop_ends_a_waiting_request_at_once():
    import threading
    import time

    import pytest

    from sitrep.render.worker import Worker, WorkerError, WorkerStopped

    worker = Worker(counting, "sitrep-test")
    try:
        steps = []
        assert worker.ask(3, progress=lambda done, total: steps.append((done, total))) == 6
        assert steps == [(1, 3), (2, 3), (3, 3)]
        with pytest.raises(WorkerError, match="TypeError"):
            worker.ask("not a number")  # raised in the child, named in the parent; the child goes on
        assert worker.ask(1) == 1

        outcome = []
        waiting = threading.Thread(target=lambda: outcome.append(_raised(lambda: worker.ask("sleep"))))
        waiting.start()
        time.sleep(0.5)
        stopped = time.monotonic()
        worker.stop()  # cancel: from another thread, while the request waits
        waiting.join(10)
        assert outcome == [WorkerStopped] and time.monotonic() - stopped < 3
        assert not worker._process.is_alive()
        with pytest.raises(WorkerStopped):
            worker.ask(1)  # a stopped worker does not start again
    finally:
        worker.close()


def _raised(call):
    try:
        call()
    except Exception as error:  # noqa: BLE001
        return type(error)
    return None
