"""The situation-report dialog: period, area, options; preview and export with progress.

The report is built in a child process (sitrep.situation_report.service, run by the app's
one worker, sitrep/render/worker.py) by a job (gui/jobs.py) whose thread waits on it, so
the window stays responsive; the job's progress moves the bar, and Stop cancels the job,
which terminates the child at once. The PDF shown in the preview is byte for byte the one Export writes, and the one
`sitrep report` writes for the same choices.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QDate, QIODevice, Qt, Signal
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateEdit, QDialog, QFileDialog, QFormLayout, QHBoxLayout,
                               QLabel, QLineEdit, QPlainTextEdit, QProgressBar, QPushButton, QVBoxLayout, QWidget)

from sitrep.formatting import as_path
from sitrep.contract.problems import InputError, Problem
from sitrep.output import write_output
from sitrep.i18n import N_, N_plural
from sitrep.render.worker import Worker, WorkerStopped
from sitrep.situation_report.pipeline import ReportRequest, report_texts
from sitrep.situation_report.selection import governorates
from sitrep.situation_report.service import report_worker
from sitrep.situation_report.texts import N_INCIDENTS, ReportProblem

from gui.export_dialog import DIGIT_LABELS, LANGUAGE_LABELS, PROFILE_LABELS, choice_combo, chosen_output
from gui.jobs import Job, Progress
from gui.qt_i18n import UiLanguage

PAGES_N = N_plural("{count} page", "{count} pages")
TEXT = {
    "title": N_("Situation report"),
    "from": N_("From"),
    "to": N_("To"),
    "area": N_("Area"),
    "since": N_("Also totals since"),
    "all_areas": N_("All governorates"),
    "details": N_("A detail section for every incident"),
    "include_drafts": N_("Include drafts (marked as drafts in the report)"),
    "team": N_("The whole team: the team server's incidents instead of this laptop's"),
    "number": N_("Report number"),
    "highlights_en": N_("Highlights (English)"),
    "highlights_ar": N_("Highlights (Arabic)"),
    "languages": N_("Languages"),
    "digits": N_("Digits in Arabic text"),
    "profile": N_("Profile"),
    "preview": N_("&Preview"),
    "export": N_("&Export PDF…"),
    "stop": N_("&Stop"),
    "close": N_("Close"),
    "working": N_("Laying out the report: part {done} of {total}…"),
    "starting": N_("Starting…"),
    "written": N_("Written: {path}"),
    "cancelled": N_("Stopped; nothing was written."),
    "failed": N_("The report cannot be made:"),
}


class ReportDialog(QDialog):
    finished_report = Signal(str)  # "pdf", "problems" or "cancelled"; tests and the app wait on it

    def __init__(self, ui: UiLanguage, store, incidents, organization, settings, parent=None,
                 team_connected: bool = False):
        """``store`` gives its path and key to the report's child process (which reads the
        incidents itself); ``incidents`` fill the dialog's choices; ``team_connected`` offers the
        whole team's report (the laptop keeps a team server's connection string)."""
        super().__init__(parent)
        self.ui, self.organization = ui, organization
        self.db_path, self.store_key = Path(store.path), store.key
        self.job: Job | None = None
        self.worker: Worker | None = None  # the last report's child process
        self.export_path: Path | None = None
        self.export_profile = "public"
        self.last_pdf: bytes | None = None
        self.figures: dict = {}
        self.setWindowTitle(ui.t(TEXT["title"]))

        dates = sorted(incident.date for incident in incidents) or [dt.date.today()]
        last = dates[-1]
        self.start = QDateEdit(QDate(last.year, last.month, 1))
        self.end = QDateEdit(QDate(last.year, last.month, last.day))
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.area = QComboBox()
        self.area.addItem(ui.t(TEXT["all_areas"]), None)
        for text in governorates(incidents):
            self.area.addItem(" / ".join(filter(None, (text.ar, text.en) if ui.lang == "ar" else (text.en, text.ar))),
                              text.en or text.ar)
        # Optional: each key figure's total since this day. The box ticks it; the date
        # defaults to 1 January of the period's year.
        self.since_on = QCheckBox(ui.t(TEXT["since"]))
        self.since = QDateEdit(QDate(last.year, 1, 1))
        self.since.setCalendarPopup(True)
        self.since.setDisplayFormat("yyyy-MM-dd")
        self.since.setEnabled(False)
        self.since_on.toggled.connect(self.since.setEnabled)
        since_row = QHBoxLayout()
        since_row.addWidget(self.since_on)
        since_row.addWidget(self.since, 1)
        self.details = QCheckBox(ui.t(TEXT["details"]))
        self.include_drafts = QCheckBox(ui.t(TEXT["include_drafts"]))  # off: a report is read as verified
        # The coordinator's report over the team server (a reviewer sees every incident); offered
        # only once this laptop is connected (File > Team server…).
        self.whole_team = QCheckBox(ui.t(TEXT["team"]))
        self.whole_team.setVisible(team_connected)
        self.number = QLineEdit()
        self.highlights_en = QPlainTextEdit()
        self.highlights_ar = QPlainTextEdit()
        self.highlights_ar.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        for box in (self.highlights_en, self.highlights_ar):
            box.setFixedHeight(60)
        self.languages = choice_combo(ui, LANGUAGE_LABELS, settings.languages)
        self.digits = choice_combo(ui, DIGIT_LABELS, settings.digits)
        self.profile = choice_combo(ui, PROFILE_LABELS, settings.profile)
        self.arabic_locale = settings.arabic_locale

        form = QFormLayout()
        for label, widget in ((TEXT["from"], self.start), (TEXT["to"], self.end), (TEXT["area"], self.area),
                              ("", since_row), ("", self.details), ("", self.include_drafts),
                              ("", self.whole_team),
                              (TEXT["number"], self.number),
                              (TEXT["highlights_en"], self.highlights_en), (TEXT["highlights_ar"], self.highlights_ar),
                              (TEXT["languages"], self.languages), (TEXT["digits"], self.digits),
                              (TEXT["profile"], self.profile)):
            form.addRow(ui.t(label) if label else "", widget)

        self.preview_button = QPushButton(ui.t(TEXT["preview"]))
        self.export_button = QPushButton(ui.t(TEXT["export"]))
        self.stop_button = QPushButton(ui.t(TEXT["stop"]))
        self.close_button = QPushButton(ui.t(TEXT["close"]))
        self.preview_button.clicked.connect(lambda: self.run())
        self.export_button.clicked.connect(lambda: self.export())
        self.stop_button.clicked.connect(self.stop)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        for button in (self.preview_button, self.export_button, self.stop_button, self.close_button):
            buttons.addWidget(button)
        self.progress = QProgressBar()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)

        left = QWidget()
        column = QVBoxLayout(left)
        column.addLayout(form)
        column.addLayout(buttons)
        column.addWidget(self.progress)
        column.addWidget(self.status)
        column.addStretch(1)
        self.document = QPdfDocument(self)
        self.view = QPdfView()
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self._buffer = None
        layout = QHBoxLayout(self)
        layout.addWidget(left, 2)
        layout.addWidget(self.view, 3)
        self.resize(1100, 720)
        self._set_running(False)

    # Building

    def request(self):
        """The user's choices; InputError names each box whose text the report cannot take."""
        number, highlights = report_texts(
            self.number.text(), self.highlights_ar.toPlainText(), self.highlights_en.toPlainText(),
            {"number": self.ui.t(TEXT["number"]), "highlights.ar": self.ui.t(TEXT["highlights_ar"]),
             "highlights.en": self.ui.t(TEXT["highlights_en"])})
        return ReportRequest(
            start=self.start.date().toPython(), end=self.end.date().toPython(), area=self.area.currentData(),
            since=self.since.date().toPython() if self.since_on.isChecked() else None,
            details=self.details.isChecked(), include_drafts=self.include_drafts.isChecked(),
            languages=self.languages.currentData(),
            digits=self.digits.currentData(), profile=self.profile.currentData(),
            arabic_locale=self.arabic_locale, organization=self.organization, number=number, highlights=highlights)

    def run(self, export_path: Path | None = None) -> None:
        if self.job is not None:
            return
        try:
            request = self.request()
        except InputError as error:
            self._show_problems(error.problems)
            return
        self.export_path = export_path
        self.export_profile = request.profile  # the PDF's, even if the box changes meanwhile
        # Started here, not in the job's thread: Stop has a process to end from the first moment.
        self.worker = worker = report_worker()
        worker.start()
        asked = (request, str(self.db_path), self.store_key, self.whole_team.isChecked())
        self.job = Job(self, lambda job: _build(job, worker, asked), self._answered, self._failed,
                       on_progress=self._progressed, on_cancelled=self._cancelled, interrupt=worker.stop)
        self.progress.setRange(0, 0)  # busy until the first part is done
        self.status.setText(self.ui.t(TEXT["starting"]))
        self._set_running(True)
        self.job.start()

    def export(self, path: str | None = None) -> None:
        if path is None:
            suggested = Path.home() / f"sitrep-{self.start.date().toPython():%Y-%m-%d}.pdf"
            title = self.ui.t(TEXT["export"]).replace("&", "")
            path, _ = QFileDialog.getSaveFileName(self, title, str(suggested), "PDF (*.pdf)")
            path = chosen_output(self, self.ui, title, path, self.db_path) if path else None
            if not path:
                return
        self.run(Path(path))

    def stop(self) -> None:
        if self.job is not None:
            self.job.cancel()

    def _progressed(self, progress: Progress) -> None:
        self.progress.setRange(0, progress.maximum)
        self.progress.setValue(progress.value)
        self.status.setText(self.ui.t(TEXT["working"], done=progress.value, total=progress.maximum))

    def _answered(self, answer: tuple) -> None:
        if answer[0] == "pdf":
            self._done_pdf(*answer[1:])
        else:
            self._show_problems(answer[1])

    def _failed(self, error: BaseException) -> None:
        # The child ended without a word (killed, out of memory), or the pipe broke.
        self._show_problems([ReportProblem("report_process_stopped")] if isinstance(error, WorkerStopped) else [
            Problem("unexpected", params={"detail": f"{type(error).__name__}: {error}"})])

    def _cancelled(self) -> None:
        self._finish("cancelled", self.ui.t(TEXT["cancelled"]))

    def _show_problems(self, problems) -> None:
        lines = [self.ui.t(TEXT["failed"])] + ["• " + p.message(self.ui.lang) for p in problems[:8]]
        self._finish("problems", "\n".join(lines))

    def _done_pdf(self, data: bytes, pages: int, figures: dict) -> None:
        self.last_pdf = data
        self._show(data)
        # Two counts, two plural messages: each chooses its own form (٣ صفحات، حادثتان).
        text = self.ui.n(PAGES_N, pages) + ("، " if self.ui.lang == "ar" else ", ") + self.ui.n(
            N_INCIDENTS, figures["incidents"]) + "."
        self.figures = figures
        if self.export_path is not None:
            try:
                write_output(self.export_path, data, self.export_profile)
                text += " " + self.ui.t(TEXT["written"], path=as_path(self.export_path))
            except InputError as error:
                text = error.problems[0].message(self.ui.lang)
        self._finish("pdf", text)

    def _show(self, data: bytes) -> None:
        buffer = QBuffer(self)
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(buffer)
        if self._buffer is not None:
            self._buffer.deleteLater()
        self._buffer = buffer  # QPdfDocument reads it lazily: keep it alive

    def _finish(self, kind: str, text: str) -> None:
        self.job = None
        self.status.setText(text)
        self.progress.setRange(0, 1)
        self.progress.setValue(1 if kind == "pdf" else 0)
        self._set_running(False)
        self.finished_report.emit(kind)

    def _set_running(self, running: bool) -> None:
        for widget in (self.preview_button, self.export_button):
            widget.setEnabled(not running)
        self.stop_button.setEnabled(running)

    def done(self, result: int) -> None:
        # Every way out (Close, Esc, the window's close button) stops the report: its
        # process is not a daemon (it starts the layout workers), so it would run on
        # unseen and keep the app from exiting until the report is laid out.
        if self.job is not None:
            self.job.cancel()
        super().done(result)


def _build(job: Job, worker: Worker, request: tuple) -> tuple:
    """The job's work: the child's answer, with its progress reported on the way."""
    try:
        return worker.ask(request, progress=lambda done, total: job.report(done, total))
    finally:
        worker.close(wait=0)  # one child per report: it ends on its own once told
