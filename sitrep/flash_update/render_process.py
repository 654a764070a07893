"""The app's flash-update renderer: the preview and Export PDF, in a child process of its own.

The process is the one worker of render/worker.py (spawned, ended with the app, work over a
pipe only); what it runs is flash_update.pdf.render_request.
"""

from __future__ import annotations

from typing import Callable

from sitrep.contract.problems import Problem
from sitrep.flash_update.pdf import FlashUpdateRequest, Rendered, render_request
from sitrep.render.worker import Worker, WorkerError, WorkerStopped


def render_incident(request: FlashUpdateRequest, progress: Callable) -> Rendered:
    """In the child: the flash update of the request (see flash_update.pdf.render_request)."""
    return render_request(request)


class RenderProcess(Worker):
    """The flash update's renderer, shared by the preview and Export PDF; it never raises."""

    def __init__(self):
        super().__init__(render_incident, "sitrep-render")

    def render(self, request: FlashUpdateRequest) -> Rendered:
        try:
            return self.ask(request)
        except (WorkerStopped, WorkerError):  # it died mid-render; the next request starts a new one
            return Rendered(problems=(Problem("unexpected", params={"detail": "the renderer stopped"}),))
