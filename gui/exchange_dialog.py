"""Exporting incident data and importing files, in the desktop app.

Export: the format, the profile (public unless chosen otherwise) and which incidents
(the selected one, all, or a period), then a file name. Import (File menu, or a JSON,
CSV or PDF file dropped on the window): the dry run in a table, one line per row of the
file with its problems, and a button that stores the valid new rows. Everything else
is sitrep.exchange.export_data and sitrep.exchange.planning, exactly as the command line uses them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QDate, QEvent, QModelIndex, QObject, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFileDialog, QFormLayout,
                               QHBoxLayout, QHeaderView, QLabel, QMessageBox, QTableView, QVBoxLayout)

from sitrep.formatting import as_path
from sitrep.exchange.decoding import encoding_preview, legacy_encoding
from sitrep.exchange.export_data import export_bytes, select
from sitrep.exchange.planning import ImportPlan, STORED_MEANWHILE, apply_import, plan_against
from sitrep.output import write_output
from sitrep.store import StoreError, parse_stored
from sitrep.exchange.formats import EXPORTS, FORMATS, READ_EXTENSIONS
from sitrep.i18n import N_, N_plural
from sitrep.contract.problems import InputError, Problem

from gui.export_dialog import PROFILE_LABELS, chosen_output
from gui.qt_i18n import UiLanguage

FORMAT_LABELS = {
    "json": N_("JSON (the data contract; sitrep reads it back)"),
    "csv": N_("CSV table (Excel, LibreOffice)"),
    "hxl": N_("CSV with HXL hashtags (HDX)"),
    "geojson": N_("GeoJSON points (maps)"),
}
FILTERS = {name: f"{FORMATS[name].title} (*{FORMATS[name].extension})" for name in EXPORTS}
SCOPE_LABELS = {"selected": N_("The incident selected in the log"), "all": N_("All stored incidents"),
                "period": N_("Incidents in a period")}
HEADERS = (N_("Row"), N_("ID"), N_("Date"), N_("Place"), N_("What happens"), N_("Problems"))
STATUS_LABELS = {"new": N_("to import"), "duplicate": N_("already there, skipped"),
                 "invalid": N_("not imported (errors)")}
MSG = {
    "export_title": N_("Export data"),
    "import_title": N_("Import incidents"),
    "exported": N_plural("Exported {count} incident: {path}", "Exported {count} incidents: {path}"),
    "none_selected": N_("No stored incident matches this selection; nothing was written."),
    "internal": N_("This file is INTERNAL: it holds the sources and internal notes. Do not share it publicly."),
    "failed": N_("The file could not be written: {detail}"),
    "import_button": N_plural("Import {count} incident", "Import {count} incidents"),
    "imported": N_plural("Imported {count} incident.", "Imported {count} incidents."),
    "summary": N_plural("{count} row read: {new} to import, {duplicates} already there, {invalid} with errors.",
                        "{count} rows read: {new} to import, {duplicates} already there, {invalid} with errors."),
    "open_filter": N_("Incident files (*.json *.geojson *.csv *.pdf)"),
    "exporting": N_("Writing the file…"),
    "reading": N_("Reading the file…"),
    "legacy_preview": N_("The Arabic text of the first rows, read as Windows-1256:"),
    "legacy_ask": N_("Does it read correctly? Yes imports the file read so; No leaves it."),
    "from": N_("From"),
    "to": N_("To"),
    "format": N_("Format"),
    "profile": N_("Profile"),
    "which": N_("Incidents"),
}


class ExportDataDialog(QDialog):
    def __init__(self, ui: UiLanguage, has_selection: bool, parent=None):
        super().__init__(parent)
        self.ui = ui
        self.setWindowTitle(ui.t(MSG["export_title"]))
        form = QFormLayout(self)
        self.format = self._combo({name: FORMAT_LABELS[name] for name in EXPORTS}, "csv")
        self.profile = self._combo(PROFILE_LABELS, "public")
        self.scope = self._combo(SCOPE_LABELS, "selected" if has_selection else "all")
        self.start, self.end = QDateEdit(), QDateEdit()
        today = QDate.currentDate()
        for edit, value in ((self.start, today.addMonths(-1)), (self.end, today)):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setDate(value)
        period = QHBoxLayout()
        for label, edit in ((MSG["from"], self.start), (MSG["to"], self.end)):
            period.addWidget(QLabel(ui.t(label)))
            period.addWidget(edit)
        form.addRow(ui.t(MSG["format"]), self.format)
        form.addRow(ui.t(MSG["profile"]), self.profile)
        form.addRow(ui.t(MSG["which"]), self.scope)
        form.addRow("", period)
        self.scope.currentIndexChanged.connect(self._period_enabled)
        self._period_enabled()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _combo(self, labels: dict, current: str) -> QComboBox:
        box = QComboBox()
        for key, label in labels.items():
            box.addItem(self.ui.t(label), key)
        box.setCurrentIndex(list(labels).index(current))
        return box

    def _period_enabled(self) -> None:
        on = self.scope.currentData() == "period"
        self.start.setEnabled(on)
        self.end.setEnabled(on)

    def choices(self) -> dict:
        scope = self.scope.currentData()
        period = scope == "period"
        return {"fmt": self.format.currentData(), "profile": self.profile.currentData(), "scope": scope,
                "start": self.start.date().toPython() if period else None,
                "end": self.end.date().toPython() if period else None}


def export_data(window) -> None:
    """File > Export data: format, profile and which incidents, then a file name."""
    ui = window.ui
    selected = window.log.selected_id()
    dialog = ExportDataDialog(ui, bool(selected), window)
    if not dialog.exec():
        return
    choices = dialog.choices()
    ids = [selected] if choices["scope"] == "selected" and selected else None
    incidents = select(window.store.list(), choices["start"], choices["end"], ids)
    if not incidents:
        QMessageBox.warning(window, ui.t(MSG["export_title"]), ui.t(MSG["none_selected"]))
        return
    fmt, profile = choices["fmt"], choices["profile"]
    suggested = Path(window.export_folder or Path.home()) / (
        f"incidents-{dt.date.today().isoformat()}-{profile}{FORMATS[fmt].extension}")
    title = ui.t(MSG["export_title"])
    path, _ = QFileDialog.getSaveFileName(window, title, str(suggested), FILTERS[fmt])
    path = chosen_output(window, ui, title, path, window.store.path) if path else None
    if path:
        write_data(window, path, incidents, fmt, profile)


def write_data(window, path: Path, incidents: list, fmt: str, profile: str):
    """Write ``incidents`` as ``fmt`` with ``profile`` applied, off the UI thread: a Job."""
    ui = window.ui

    def done(written: Path) -> None:
        window.export_folder = written.parent
        window.open_folder_button.show()
        message = ui.n(MSG["exported"], len(incidents), path=as_path(written))
        if profile == "internal":
            message += "  " + ui.t(MSG["internal"])
        window.statusBar().showMessage(message, 30000)

    def failed(error: BaseException) -> None:
        # The system's reason, as before: the sentence around it already says what failed.
        detail = error.problems[0].params["detail"] if isinstance(error, InputError) else str(error)
        window.statusBar().clearMessage()
        QMessageBox.warning(window, ui.t(MSG["export_title"]), ui.t(MSG["failed"], detail=detail))

    # write_output: written atomically, an internal file (sources, notes) for its owner only.
    return window.jobs.run(ui.t(MSG["exporting"]), lambda job: write_output(
        path, export_bytes(incidents, fmt, profile), profile), done, failed)


class DryRunModel(QAbstractTableModel):
    """The dry run's rows for a table view: cells are made when they are shown, so a file of
    5,000 rows opens at once (a table of 30,000 ready-made items held the window for seconds)."""

    def __init__(self, ui: UiLanguage, plan):
        super().__init__()
        self.ui, self.rows = ui, plan.rows

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.ui.t(HEADERS[section])
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.ForegroundRole and row.status == "invalid":
            return QColor("#a40000")
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if index.column() == 5:
            return "\n".join(problem.message(self.ui.lang) for problem in row.problems)
        incident_id, date, place = row.label()
        return (row.where, incident_id, date, place, self.ui.t(STATUS_LABELS[row.status]))[index.column()]

    def text(self, row: int, column: int) -> str:
        return self.data(self.index(row, column)) or ""


class ImportDialog(QDialog):
    """The dry run of one file, row by row; Import stores the valid new rows."""

    def __init__(self, ui: UiLanguage, plan, parent=None):
        super().__init__(parent)
        self.ui, self.plan = ui, plan
        self.setWindowTitle(ui.t(MSG["import_title"]))
        self.resize(900, 480)
        layout = QVBoxLayout(self)
        counts = {status: plan.count(status) for status in ("new", "duplicate", "invalid")}
        self.summary = QLabel(f"{plan.path.name}\n" + ui.n(
            MSG["summary"], len(plan.rows), new=counts["new"], duplicates=counts["duplicate"],
            invalid=counts["invalid"]))
        layout.addWidget(self.summary)
        for note in plan.notes:
            layout.addWidget(QLabel(note.message(ui.lang)))
        self.model = DryRunModel(ui, plan)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for column, width in enumerate((50, 110, 90, 140, 150)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(len(HEADERS) - 1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = buttons.addButton(ui.n(MSG["import_button"], counts["new"]),
                                               QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(counts["new"] > 0)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def import_file(window, path: str | None = None, encoding: str | None = None):
    """Read ``path`` (or ask for one) off the UI thread, then show the dry run: a Job, or None.

    The dialog is opened without blocking (a dropped file must not freeze the drop);
    it is kept as ``window.import_dialog`` until it closes.
    """
    ui = window.ui
    title = ui.t(MSG["import_title"])
    if path is None:
        path, _ = QFileDialog.getOpenFileName(window, title, str(window.export_folder or Path.home()),
                                              ui.t(MSG["open_filter"]))
        if not path:
            return None

    # The store's rows are fetched here, on the UI thread that owns its connection, and
    # parsed in the job, which reads the file and judges every row against them.
    # Storing judges again (see sitrep.exchange.planning.apply_import).
    stored_json, taken_ids = window.store.list_json(), window.store.ids()

    def read_and_judge(job) -> ImportPlan:
        return plan_against(path, [parse_stored(data) for data in stored_json], taken_ids, encoding)

    def done(plan: ImportPlan) -> None:
        dialog = ImportDialog(ui, plan, window)
        dialog.accepted.connect(lambda: _apply(window, plan))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        window.import_dialog = dialog
        window.statusBar().clearMessage()
        dialog.open()

    def failed(error: BaseException) -> None:
        window.statusBar().clearMessage()
        legacy = legacy_encoding(error) if isinstance(error, InputError) and encoding is None else None
        if legacy is not None:  # Excel's default "CSV" for Arabic: offer to read it, after a look
            if _read_as_legacy(window, path, error, legacy):
                import_file(window, path, legacy)
            return
        problems = error.problems if isinstance(error, InputError) else [
            Problem("file_unreadable", params={"detail": f"{type(error).__name__}: {error}"[:200]})]
        QMessageBox.warning(window, title, "\n".join(p.message(ui.lang) for p in problems))

    return window.jobs.run(ui.t(MSG["reading"]), read_and_judge, done, failed)


def _read_as_legacy(window, path: str, error: InputError, encoding: str) -> bool:
    """Show why the file was refused and its first Arabic cells decoded; True if the user reads them so."""
    ui = window.ui
    try:
        preview = encoding_preview(path, encoding)
    except InputError:
        preview = []
    text = "\n\n".join([error.problems[0].message(ui.lang), ui.t(MSG["legacy_preview"]), "\n".join(preview),
                         ui.t(MSG["legacy_ask"])])
    buttons = QMessageBox.StandardButton
    answer = QMessageBox.question(window, ui.t(MSG["import_title"]), text, buttons.Yes | buttons.No, buttons.No)
    return answer == buttons.Yes


def _apply(window, plan) -> None:
    ui = window.ui
    planned = plan.count("new")
    try:
        ids = apply_import(plan, window.store)  # judged again as it writes: the dialog may have been open a while
    except StoreError as error:
        QMessageBox.warning(window, ui.t(MSG["import_title"]), error.problems[0].message(ui.lang))
        return
    window.reload_log(select=ids[0] if ids else None)
    message = ui.n(MSG["imported"], len(ids))
    if planned > len(ids):
        message += " " + ui.n(STORED_MEANWHILE, planned - len(ids))
    window.statusBar().showMessage(message, 15000)


class DropImporter(QObject):
    """Lets a JSON, CSV or PDF file dropped anywhere on the window start an import."""
    def __init__(self, window):
        super().__init__(window)
        self.window = window
        window.setAcceptDrops(True)
        window.installEventFilter(self)

    @staticmethod
    def dropped_file(mime) -> str | None:
        if not mime.hasUrls():
            return None
        for url in mime.urls():
            if url.isLocalFile() and url.toLocalFile().lower().endswith(READ_EXTENSIONS):
                return url.toLocalFile()
        return None

    def eventFilter(self, watched, event) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove) and self.dropped_file(event.mimeData()):
            event.acceptProposedAction()
            return True
        if kind == QEvent.Type.Drop:
            path = self.dropped_file(event.mimeData())
            if path:
                event.acceptProposedAction()
                import_file(self.window, path)
                return True
        return False

