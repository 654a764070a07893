"""Live preview: the flash-update PDF of the incident being edited.

Each render is a job (gui/jobs.py) whose thread hands it to sitrep's render process
and waits for it, so the interface never waits on WeasyPrint (see
sitrep/render/worker.py). One render runs at a time: an edit made meanwhile cancels the
running one (its result is dropped) and waits, replacing any edit that waited before
it, so only the newest is drawn next. Each request carries a generation number, and the
pane ignores late results. A render error is shown in the pane as a message, never raised.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, QTimer, Signal, Slot
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

from sitrep.flash_update.pdf import FlashUpdateRequest, Rendered
from sitrep.contract.problems import Problem
from sitrep.i18n import N_

from gui.jobs import Job
from gui.qt_i18n import UiLanguage

DEBOUNCE_MS = 600
MSG_RENDERING = N_("Rendering the preview…")
MSG_CANNOT_PREVIEW = N_("No preview until these are fixed:")


class PreviewPane(QWidget):
    rendered = Signal(int)  # generation shown; tests and the benchmark wait on it

    def __init__(self, ui: UiLanguage, renderer, describe=None):
        super().__init__()
        self.ui = ui
        self.renderer = renderer
        # How a problem reads to the user (the form names its fields); the bare message otherwise.
        self.describe = describe or (lambda problem: problem.message(self.ui.lang))
        self.generation = 0
        self.shown_generation = 0
        self._pending: tuple[dict, dict] | None = None
        self._job: Job | None = None  # the render running now
        self._waiting: tuple[int, dict, dict] | None = None  # the newest edit, sent when it ends
        self._buffer: QBuffer | None = None

        self.document = QPdfDocument(self)
        self.view = QPdfView()
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.message)
        self.status = QLabel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.status)
        layout.addWidget(self.stack)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self._send)

    def schedule(self, request: FlashUpdateRequest, immediately: bool = False) -> None:
        """Render shortly after the user stops typing (or now)."""
        self._pending = request
        self.timer.start(0 if immediately else DEBOUNCE_MS)

    def _send(self) -> None:
        if self._pending is None:
            return
        request, self._pending = self._pending, None
        self.generation += 1
        self.status.setText(self.ui.t(MSG_RENDERING))
        if self._job is not None:  # overtaken: its result is dropped, this edit is drawn next
            self._job.cancel()
            self._waiting = (self.generation, request)
            return
        self._start(self.generation, request)

    def _start(self, generation: int, request: FlashUpdateRequest) -> None:
        self._job = Job(self, lambda job: self.renderer.render(request),
                        lambda outcome: self._show(generation, outcome),
                        lambda error: self._show_problems(generation, [Problem(
                            "unexpected", params={"detail": f"{type(error).__name__}: {error}"})]))
        self._job.ended.connect(self._next)
        self._job.start()

    def _next(self) -> None:
        self._job = None
        if self._waiting is not None:
            waiting, self._waiting = self._waiting, None
            self._start(*waiting)

    def _show(self, generation: int, rendered: Rendered) -> None:
        if rendered.problems:
            self._show_problems(generation, list(rendered.problems))
        else:
            self._show_pdf(generation, rendered.pdf)

    @Slot(int, object)
    def _show_pdf(self, generation: int, pdf: bytes) -> None:
        if generation != self.generation:
            return  # overtaken by a newer edit
        buffer = QBuffer(self)
        buffer.setData(QByteArray(pdf))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(buffer)
        if self._buffer is not None:
            self._buffer.deleteLater()
        self._buffer = buffer  # QPdfDocument reads from it lazily: keep it alive
        self.stack.setCurrentWidget(self.view)
        self.status.setText("")
        self.shown_generation = generation
        self.rendered.emit(generation)

    @Slot(int, object)
    def _show_problems(self, generation: int, problems: list) -> None:
        if generation != self.generation:
            return
        lines = [self.ui.t(MSG_CANNOT_PREVIEW)] + ["• " + self.describe(p) for p in problems[:12]]
        self.message.setText("\n".join(lines))
        self.stack.setCurrentWidget(self.message)
        self.status.setText("")
        self.shown_generation = generation
        self.rendered.emit(generation)

    def clear(self) -> None:
        """Show nothing (the app locks): the PDF shown and any render under way are dropped."""
        self.shutdown()
        self._pending = None
        self.generation += 1  # a render still under way is not shown when it ends
        self.document.close()
        self.message.clear()
        self.status.clear()

    def shutdown(self) -> None:
        self.timer.stop()
        self._waiting = None
        if self._job is not None:
            self._job.cancel()  # the renderer's close() then waits for its render to end
