"""Live preview: the flash-update PDF of the incident being edited.

One worker thread hands each render to sitrep's render process and waits for it, so
the interface never waits on WeasyPrint (see sitrep/render/worker.py). Each request
carries a generation number: the worker skips requests already overtaken by a newer
edit, and the pane ignores late results. A render error is shown in the pane as a
message, never raised.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, Qt, QThread, QTimer, Signal, Slot
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

from sitrep.i18n import N_

from gui.qt_i18n import UiLanguage

DEBOUNCE_MS = 600
MSG_RENDERING = N_("Rendering the preview…")
MSG_CANNOT_PREVIEW = N_("No preview until these are fixed:")


class RenderWorker(QObject):
    # object, not dict/list/bytes: Qt would convert those to its own types on the way.
    done = Signal(int, object)
    failed = Signal(int, object)  # generation, problems (sitrep.contract.problems.Problem)

    def __init__(self, renderer):
        super().__init__()
        self.renderer = renderer
        self.latest = 0  # set from the UI thread; one int, read and written whole

    def supersede(self, generation: int) -> None:
        self.latest = generation

    @Slot(int, object, object)
    def render(self, generation: int, data: dict, choices: dict) -> None:
        if generation < self.latest:
            return  # a newer edit is already queued
        kind, result = self.renderer.render(data, choices)
        if kind == "pdf":
            self.done.emit(generation, result)
        else:
            self.failed.emit(generation, result)


class PreviewPane(QWidget):
    request_render = Signal(int, object, object)
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

        self.thread = QThread(self)
        self.worker = RenderWorker(renderer)
        self.worker.moveToThread(self.thread)
        self.request_render.connect(self.worker.render, Qt.ConnectionType.QueuedConnection)
        self.worker.done.connect(self._show_pdf, Qt.ConnectionType.QueuedConnection)
        self.worker.failed.connect(self._show_problems, Qt.ConnectionType.QueuedConnection)
        self.thread.start()

    def schedule(self, data: dict, choices: dict, immediately: bool = False) -> None:
        """Render shortly after the user stops typing (or now)."""
        self._pending = (data, choices)
        self.timer.start(0 if immediately else DEBOUNCE_MS)

    def _send(self) -> None:
        if self._pending is None:
            return
        data, choices = self._pending
        self._pending = None
        self.generation += 1
        self.worker.supersede(self.generation)
        self.status.setText(self.ui.t(MSG_RENDERING))
        self.request_render.emit(self.generation, data, dict(choices))

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

    def shutdown(self) -> None:
        self.timer.stop()
        self.thread.quit()
        self.thread.wait(10_000)
