"""The main window: incident log, form and live preview side by side."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer, QUrl
from PySide6.QtGui import QAction, QActionGroup, QDesktopServices, QIcon, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox, QPushButton, QSplitter, QStackedWidget, QStyle

from sitrep.formatting import as_path
from sitrep.autosave import AUTOSAVE_KEY, Autosave
from sitrep.flash_update.pdf import FlashUpdateRequest, Rendered
from sitrep.output import write_output
from sitrep.render.bilingual import Options
from sitrep.render.worker import stop_all
from sitrep.i18n import N_
from sitrep.contract.model import new_incident_id
from sitrep.paths import RESOURCES_DIR
from sitrep.contract.problems import InputError, Problem
from sitrep.flash_update.render_process import RenderProcess
from sitrep.samples import add_samples
from sitrep.photos import PHOTO_KEY
from sitrep.saving import judge, save_form
from sitrep.settings import Settings, SettingsError, organization, save_settings, settings_path
from sitrep.store import Store, StoreError
from sitrep.team import connection as team_connection

from gui.app_lock import LOCK_KEY, AppLock
from gui.conflicts_dialog import show_conflicts
from gui.exchange_dialog import DropImporter, export_data, import_file
from gui.export_dialog import ExportDialog, chosen_output
from gui.folder_lock import open_locked_store
from gui.form import IncidentForm
from gui.jobs import Jobs, exec_then_delete
from gui.log_view import IncidentLog
from gui.preview import PreviewPane
from gui.qt_i18n import UiLanguage
from gui.quick_exit import QUICK_EXIT_KEY, QuickExit
from gui.team_dialog import edit_team_server
from gui.settings_dialog import SettingsDialog
from gui.start_panel import StartPanel
from gui.sync_panel import SYNC_KEY, SyncPanel
from gui.wipe_dialog import destroy_all_data

AUTOSAVE_MS = 4_000
MSG = {
    "saved": N_("Saved: {id}"),
    "kept_draft": N_("Kept as an incomplete draft: {id}. Fix the marked fields to make it final."),
    "not_final": N_("This incident cannot be saved as final until the marked problems are fixed. "
                    "Set its status to Draft to keep it as it is."),
    "not_exportable": N_("Fix the marked problems before exporting."),
    "exported": N_("Exported: {path}"),
    "exporting": N_("Writing the PDF…"),
    "export_failed": N_("The PDF could not be written: {detail}"),
    "deleted": N_("Deleted: {id}"),
    "restored": N_("Restored: {id}"),
    "nothing_selected": N_("Select an incident in the log first."),
    "unsaved_title": N_("Unsaved changes"),
    "unsaved": N_("The open incident has changes that are not saved. Save them?"),
    "restore_title": N_("Restore unsaved work"),
    "restore": N_("sitrep was closed on {when} with an incident that was not saved. Restore it?"),
    "db_title": N_("The data folder cannot be used"),
    "db_choose": N_("Choose another data folder?"),
}


class MainWindow(QMainWindow):
    def __init__(self, settings: Settings, ui: UiLanguage, store: Store, saved_data_folder: str | None = None):
        super().__init__()
        self.settings, self.ui = settings, ui
        # A folder given with --data-folder is for this session only: settings keep theirs.
        self._saved_data_folder = saved_data_folder or settings.data_folder
        self.dirty = False
        self.setWindowIcon(QIcon(str(RESOURCES_DIR / "icons" / "sitrep.svg")))
        ui.bind(self.setWindowTitle, N_("sitrep: attacks on health care"))

        self.log = IncidentLog(ui)
        self.form = IncidentForm(ui)
        self._use_store(store, settings)
        self.renderer = RenderProcess()  # preview and export share it: one renderer, off the UI thread
        self.preview = PreviewPane(ui, self.renderer, describe=self.form.describe)
        splitter = QSplitter()
        splitter.addWidget(self.log)
        splitter.addWidget(self.form)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 4)
        splitter.setStretchFactor(2, 3)
        splitter.setSizes([380, 560, 420])
        self.splitter = splitter
        # An empty store opens on a page that says what to do first, not on an empty form.
        self.start_panel = StartPanel(ui)
        self.start_panel.new_clicked.connect(self.new_incident)
        self.start_panel.import_clicked.connect(lambda: import_file(self))
        self.start_panel.samples_clicked.connect(self.open_samples)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.start_panel)
        self.pages.addWidget(splitter)
        self.setCentralWidget(self.pages)
        self.undo_button = QPushButton()
        ui.bind(self.undo_button.setText, N_("Undo"))
        self.undo_button.hide()
        self.open_folder_button = QPushButton()
        ui.bind(self.open_folder_button.setText, N_("Open folder"))
        self.open_folder_button.hide()
        self.statusBar().addPermanentWidget(self.open_folder_button)
        self.statusBar().addPermanentWidget(self.undo_button)
        self._last_deleted: str | None = None
        self.export_folder: Path | None = None  # where the last export went: the next dialog starts there
        self.jobs = Jobs(self.statusBar())
        self.undo_button.clicked.connect(self.undo_delete)
        self.open_folder_button.clicked.connect(self._open_export_folder)

        self._build_actions()
        self.form.changed.connect(self._on_edit)
        self.log.opened.connect(self.open_incident)
        ui.changed.connect(lambda *_: self.refresh_preview(immediately=True))

        self.autosave_timer = QTimer(self)
        self.autosave_timer.setInterval(AUTOSAVE_MS)
        self.autosave_timer.timeout.connect(self.autosave_now)
        self.autosave_timer.start()

        self.resize(1280, 760)
        self.setMinimumSize(960, 600)
        self._restore_geometry()
        self.drop_importer = DropImporter(self)  # a JSON, CSV or PDF dropped on the window is imported
        self.reload_log()
        self._show_store_warnings()
        self.pages.setCurrentWidget(self.start_panel if self.store.count() == 0 else self.splitter)
        self.refresh_preview(immediately=True)

    # Actions and menus

    def _action(self, menu, text: str, slot, shortcut=None, icon: QStyle.StandardPixmap | str | None = None) -> QAction:
        action = QAction(self)
        self.ui.bind(action.setText, text)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if icon is not None:  # the style's own icon, or one of ours by file name
            action.setIcon(QIcon(str(RESOURCES_DIR / "icons" / icon)) if isinstance(icon, str)
                           else self.style().standardIcon(icon))
            self.toolbar.addAction(action)
        # triggered(bool) would hand `checked` to a slot with an optional first parameter
        # (it once arrived as Export PDF's file name): a menu command takes no arguments.
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        self.addAction(action)
        return action

    def _menu(self, title: str):
        menu = self.menuBar().addMenu("")
        self.ui.bind(menu.setTitle, title)
        return menu

    def _build_actions(self) -> None:
        # Icons and text side by side; in Arabic the bar mirrors with the window.
        self.toolbar = self.addToolBar("")
        self.toolbar.setObjectName("main_toolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.ui.bind(self.toolbar.setWindowTitle, N_("Toolbar"))
        icons = QStyle.StandardPixmap
        file_menu = self._menu(N_("&File"))
        self.new_action = self._action(file_menu, N_("&New incident"), self.new_incident,
                                       QKeySequence.StandardKey.New, icons.SP_FileIcon)
        self.save_action = self._action(file_menu, N_("&Save"), self.save, QKeySequence.StandardKey.Save,
                                        icons.SP_DialogSaveButton)
        self.export_action = self._action(file_menu, N_("&Export PDF…"), self.export, "Ctrl+E",
                                          "export-pdf.svg")
        self.export_data_action = self._action(file_menu, N_("Export &data…"), lambda: export_data(self),
                                               "Ctrl+Shift+E")
        self.report_action = self._action(file_menu, N_("Situation &report…"), self.open_report_dialog, "Ctrl+R",
                                          icons.SP_FileDialogContentsView)
        self.import_action = self._action(file_menu, N_("&Import…"), lambda: import_file(self), "Ctrl+I",
                                          icons.SP_DialogOpenButton)
        file_menu.addSeparator()
        self.settings_action = self._action(file_menu, N_("Se&ttings…"), self.edit_settings)
        # Team mode (gui/sync_panel.py): the server, the sync and its status in the status bar.
        self.sync_panel = SyncPanel(self)
        self.team_action = self._action(file_menu, N_("&Team server…"), self._edit_team_server)
        self.sync_action = self._action(file_menu, N_("S&ync"), self.sync_panel.sync_now, SYNC_KEY,
                                        icons.SP_BrowserReload)
        self.ui.bind(self.sync_action.setToolTip,
                     N_("Send this laptop's changes to the team server and receive what you may see there. "
                        "({key})"), key=SYNC_KEY)
        self.wipe_action = self._action(file_menu, N_("Destroy all data…"), lambda: destroy_all_data(self))
        self.quit_action = self._action(file_menu, N_("&Quit"), self.close, QKeySequence.StandardKey.Quit)
        # Quick exit: no question asked, nothing typed lost (gui/quick_exit.py).
        self.quick_exit_action = self._action(file_menu, N_("Quick e&xit"), lambda: self.quick_exit.run(),
                                              QUICK_EXIT_KEY, "quick-exit.svg")
        self.ui.bind(self.quick_exit_action.setToolTip,
                     N_("Hide every window and close sitrep at once. The open incident is kept and offered "
                        "back at the next start. ({key})"), key=QUICK_EXIT_KEY)
        self.quick_exit = QuickExit(self, self.quick_exit_action)
        # The lock: the data closed, the passphrase asked again (gui/app_lock.py).
        self.app_lock = AppLock(self)
        self.lock_action = self._action(file_menu, N_("&Lock"), self.app_lock.lock, LOCK_KEY, "lock.svg")
        self.ui.bind(self.lock_action.setToolTip,
                     N_("Close the data and ask for the passphrase to go on. The open incident is kept, "
                        "encrypted. ({key})"), key=LOCK_KEY)
        self.quick_exit.carried.append(self.lock_action)  # from the dialogs too
        edit_menu = self._menu(N_("&Incident"))
        self.open_action = self._action(edit_menu, N_("&Open selected"),
                                        lambda: self.open_incident(self.log.selected_id()), "Ctrl+O")
        self.duplicate_action = self._action(edit_menu, N_("D&uplicate"), self.duplicate, "Ctrl+D")
        self.delete_action = self._action(edit_menu, N_("&Delete selected"), self.delete_selected, "Ctrl+Delete")
        self.restore_action = self._action(edit_menu, N_("&Restore last deleted"), self.undo_delete,
                                           "Ctrl+Shift+Z")
        self.samples_action = self._action(edit_menu, N_("Open the &sample incidents"), self.open_samples)
        self.conflicts_action = self._action(edit_menu, N_("&Conflicts…"), lambda: show_conflicts(self))
        # What would change the store under a running sync waits for its end.
        self.sync_panel.guarded += [self.sync_action, self.settings_action, self.wipe_action, self.team_action,
                                    self.conflicts_action]
        view_menu = self._menu(N_("&View"))
        group = QActionGroup(self)
        for lang, label in (("ar", "العربية"), ("en", "English")):
            action = QAction(label, self, checkable=True)
            action.setChecked(self.ui.lang == lang)
            action.triggered.connect(lambda _=False, lang=lang: self.set_language(lang))
            group.addAction(action)
            view_menu.addAction(action)
        self.search_action = self._action(view_menu, N_("Search the log"), self._focus_search, "Ctrl+F")

    def _show_store_warnings(self) -> None:
        """What opening the store could not do (a daily backup on a full disk): said, never blocking."""
        if self.store.warnings:
            text = " ".join(problem.message(self.ui.lang) for problem in self.store.warnings)
            self.statusBar().showMessage("⚠ " + text, 30000)

    def _edit_team_server(self) -> None:
        if edit_team_server(self):
            self.sync_panel.connection_changed()

    def _show_workspace(self) -> None:
        self.pages.setCurrentWidget(self.splitter)

    def _focus_search(self) -> None:
        self._show_workspace()
        self.log.search.setFocus()

    def open_samples(self) -> None:
        """Store the two sample incidents (once) and open the first."""
        try:
            ids = add_samples(self.store)
        except StoreError as error:
            QMessageBox.warning(self, self.ui.t(N_("Not saved")), error.problems[0].message(self.ui.lang))
            return
        self.reload_log()
        self.open_incident(ids[0])

    # Language and settings

    def set_language(self, lang: str) -> None:
        self.ui.set_language(lang)
        self.settings = dataclasses.replace(self.settings, ui_language=lang)
        self._save_settings()

    def _save_settings(self) -> None:
        try:
            save_settings(dataclasses.replace(self.settings, data_folder=self._saved_data_folder))
        except OSError as error:
            self.statusBar().showMessage(str(error), 8000)

    def open_report_dialog(self) -> None:
        """The periodic situation report (issue 4): its own dialog, built in a child process."""
        from gui.report_dialog import ReportDialog  # start-up time: most sessions never open it

        ReportDialog(self.ui, self.store, self.store.list(), self._organization, self.settings, self,
                     team_connected=bool(team_connection.saved(self.store))).exec()

    def edit_settings(self) -> None:
        from gui.passphrase_dialog import ChangePassphraseDialog  # start-up time

        dialog = SettingsDialog(self.ui, self.settings, self,
                                change_passphrase=lambda parent: exec_then_delete(ChangePassphraseDialog(self, parent)),
                                team_server=self._edit_team_server)
        if not dialog.exec():
            return
        try:
            chosen = dialog.settings()
        except SettingsError as error:  # in the interface's language, like every other message
            QMessageBox.warning(self, self.ui.t(N_("Settings")), error.problem.message(self.ui.lang))
            return
        if chosen.data_folder != self.settings.data_folder:
            store = self._open_other_store(chosen)
            if store is None:
                return
            self.store.close()  # and the old folder's lock
            self._use_store(store, chosen)
            self._show_store_warnings()
            self._saved_data_folder = chosen.data_folder
        self.settings = chosen
        self._save_settings()
        self.app_lock.apply(chosen)
        if chosen.ui_language != self.ui.lang:
            self.ui.set_language(chosen.ui_language)
        self.reload_log()
        self.refresh_preview(immediately=True)

    def _use_store(self, store: Store, settings: Settings) -> None:
        """Work with ``store``: its photos, and an autosave sealed with its key (the form holds sources)."""
        self.store = store
        self.autosave = Autosave(settings.autosave_folder, store.file_key(AUTOSAVE_KEY))
        self.form.photos.photo_dir = store.photo_dir
        self.form.photos.photo_key = store.file_key(PHOTO_KEY)

    def start_empty(self, store: Store) -> None:
        """After Destroy all data (gui/wipe_dialog.py): a fresh empty store, nothing of the session kept."""
        self._use_store(store, self.settings)
        self._forget_session()
        self.form.clear()
        self.dirty = False
        self.reload_log()
        self.pages.setCurrentWidget(self.start_panel)
        self.refresh_preview(immediately=True)
        self.autosave_timer.start()

    def put_away(self) -> None:
        """Before the lock screen: nothing of the data shown, running or kept in memory.

        The open form goes to the sealed autosave first; take_back() brings it back."""
        self.hide()
        self.autosave_timer.stop()
        self.autosave_now()
        for job in list(self.jobs.active):
            job.cancel()
        stop_all()  # the render processes; the next render starts a new one
        self.form.clear()
        self.dirty = False
        self.preview.clear()  # after the form: clearing it asked for a render
        self.log.set_records([])
        self._forget_session()
        self.store.close()
        # The store's key and the keys made from it go with it.
        self.store = self.autosave = None
        self.form.photos.photo_key = self.form.photos.photo_dir = None

    def take_back(self, store: Store) -> None:
        """After the lock screen: the store again, and the form as it was (from the autosave)."""
        self.start_empty(store)
        if self.store.count():
            self._show_workspace()
        self.offer_restore(ask=True)
        self.show()

    def _forget_session(self) -> None:
        self._last_deleted = self.export_folder = None
        self.undo_button.hide()
        self.open_folder_button.hide()
        self.log.search.clear()
        self.statusBar().clearMessage()

    def _open_other_store(self, chosen: Settings) -> Store | None:
        """The store of another data folder, locked for this app; None after saying why not."""
        store, message = open_locked_store(chosen.db_path, self.ui, parent=self)
        if store is None and message:
            QMessageBox.warning(self, self.ui.t(MSG["db_title"]), message)
        return store

    # The form

    def _on_edit(self) -> None:
        self.dirty = True
        self.refresh_preview()

    @property
    def settings(self) -> Settings:
        return self._settings

    @settings.setter
    def settings(self, settings: Settings) -> None:
        # The organization is built when the settings change, not per keystroke:
        # its logo is read from disk.
        self._settings = settings
        self._organization = organization(settings)

    def render_request(self, data: dict, **override) -> FlashUpdateRequest:
        """The preview's and the export's render of ``data``: the settings' choices (``override``
        replaces some, as chosen in the export dialog), the stored photos and the organization."""
        choices = {"languages": self.settings.languages, "digits": self.settings.digits,
                   "profile": self.settings.profile, "arabic_locale": self.settings.arabic_locale,
                   "photo_dir": str(self.store.photo_dir), "photo_key": self.form.photos.photo_key, **override}
        return FlashUpdateRequest(data, Options(**choices), self._organization)

    def refresh_preview(self, immediately: bool = False) -> None:
        self.preview.schedule(self.render_request(self.form.data()), immediately=immediately)

    def validate(self, data: dict | None = None) -> tuple[object | None, list[Problem]]:
        return judge(self.form.data() if data is None else data)

    def save(self) -> bool:
        try:
            saved = save_form(self.store, self.form.incident_id, self.form.data())
        except StoreError as error:
            QMessageBox.warning(self, self.ui.t(N_("Not saved")), error.problems[0].message(self.ui.lang))
            return False
        self.form.show_problems(saved.problems)
        if saved.outcome == "refused_final":
            QMessageBox.warning(self, self.ui.t(N_("Not saved")), self.ui.t(MSG["not_final"]))
            return False
        message = self.ui.t(MSG[saved.outcome], id=saved.incident_id)
        self.dirty = False
        self.autosave.clear()
        self.reload_log(select=self.form.incident_id)
        self.statusBar().showMessage(message, 8000)
        return True

    def maybe_save(self) -> bool:
        """Ask before dropping unsaved changes; False means the user cancelled."""
        if not self.dirty:
            return True
        buttons = QMessageBox.StandardButton
        answer = QMessageBox.question(self, self.ui.t(MSG["unsaved_title"]), self.ui.t(MSG["unsaved"]),
                                      buttons.Save | buttons.Discard | buttons.Cancel, buttons.Save)
        if answer == buttons.Save:
            return self.save()
        if answer == buttons.Discard:
            self.dirty = False
            self.autosave.clear()
            return True
        return False

    def new_incident(self) -> None:
        if self.maybe_save():
            self.form.clear()
            self.dirty = False
            self._show_workspace()
            self.refresh_preview(immediately=True)

    def open_incident(self, incident_id: str | None) -> None:
        if not incident_id:
            self.statusBar().showMessage(self.ui.t(MSG["nothing_selected"]), 5000)
            return
        record = self.store.record(incident_id)
        if record is None or not self.maybe_save():
            return
        self.form.load(record.data)
        self.dirty = False
        self._show_workspace()
        self.refresh_preview(immediately=True)

    def duplicate(self) -> None:
        data = self.form.data()
        data.update(id=new_incident_id(), status="draft")
        self.form.load(data)
        self.dirty = True
        self.refresh_preview(immediately=True)

    def delete_selected(self) -> None:
        incident_id = self.log.selected_id()
        if not incident_id:
            self.statusBar().showMessage(self.ui.t(MSG["nothing_selected"]), 5000)
            return
        self.store.delete(incident_id)
        self._last_deleted = incident_id
        self.reload_log()
        self.undo_button.show()
        self.statusBar().showMessage(self.ui.t(MSG["deleted"], id=incident_id), 15000)

    def undo_delete(self) -> None:
        if not self._last_deleted:
            return
        self.store.restore(self._last_deleted)
        self.reload_log(select=self._last_deleted)
        self.statusBar().showMessage(self.ui.t(MSG["restored"], id=self._last_deleted), 8000)
        self._last_deleted = None
        self.undo_button.hide()

    def reload_log(self, select: str | None = None) -> None:
        self.log.set_records(self.store.records())
        self.sync_panel.refresh()  # after every change: the count waiting to be sent
        if select:
            self.log.select(select)
            self._show_workspace()

    # Export

    def export(self) -> None:
        """File > Export PDF: options, then a file name; the PDF is written off the UI thread."""
        incident, problems = self.validate()
        if incident is None:
            self.form.show_problems(problems)
            QMessageBox.warning(self, self.ui.t(N_("Export PDF")), self.ui.t(MSG["not_exportable"]))
            return
        dialog = ExportDialog(self.ui, self.settings.languages, self.settings.digits, self.settings.profile, self)
        if not dialog.exec():
            return
        suggested = Path(self.export_folder or Path.home()) / _file_name(incident)
        title = self.ui.t(N_("Export PDF"))
        path, _ = QFileDialog.getSaveFileName(self, title, str(suggested), "PDF (*.pdf)")
        path = chosen_output(self, self.ui, title, path, self.store.path) if path else None
        if path:
            self.export_to(path, incident, dialog.choices())

    def export_to(self, path: Path, incident, choices: dict):
        """Render ``incident`` with ``choices`` in the render process and write it to ``path``: a Job."""
        request = self.render_request(incident.model_dump(mode="json"), **choices)

        def work(job):
            rendered = self.renderer.render(request)  # an internal PDF is written 0600
            return rendered if rendered.problems else write_output(path, rendered.pdf, request.options.profile)

        def done(result):
            if isinstance(result, Rendered):
                failed(result.problems[0].message(self.ui.lang))
                return
            self.export_folder = result.parent
            self.open_folder_button.show()
            self.statusBar().showMessage(self.ui.t(MSG["exported"], path=as_path(result)), 30000)

        def failed(detail):
            if isinstance(detail, InputError):  # from write_output: the system's reason
                detail = detail.problems[0].params["detail"]
            self.statusBar().clearMessage()
            QMessageBox.warning(self, self.ui.t(N_("Export PDF")), self.ui.t(MSG["export_failed"], detail=detail))

        return self.jobs.run(self.ui.t(MSG["exporting"]), work, done, failed)

    def _open_export_folder(self) -> None:
        if self.export_folder:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.export_folder)))

    # Never losing typing

    def autosave_now(self) -> None:
        if self.dirty and self.autosave is not None:  # None while locked: nothing to seal it with
            try:
                self.autosave.save({"data": self.form.data()})
            except (OSError, TypeError, ValueError) as error:
                self.statusBar().showMessage(str(error), 8000)

    def offer_restore(self, ask=None) -> bool:
        """At start-up: bring back the form a crashed or killed session left unsaved."""
        pending = self.autosave.pending()
        if not pending or not isinstance(pending["form_state"].get("data"), dict):
            return False
        when = pending["saved_at"].replace("T", " ")[:16] + " UTC"
        if ask is None:
            buttons = QMessageBox.StandardButton
            answer = QMessageBox.question(self, self.ui.t(MSG["restore_title"]),
                                          self.ui.t(MSG["restore"], when=when), buttons.Yes | buttons.No,
                                          buttons.Yes)
            ask = answer == buttons.Yes
        if not ask:
            self.autosave.clear()
            return False
        self.form.load(pending["form_state"]["data"])
        self.dirty = True
        self._show_workspace()
        self.refresh_preview(immediately=True)
        return True

    # Window

    def _window_state(self) -> QSettings:
        return QSettings(str(settings_path().with_name("window.ini")), QSettings.Format.IniFormat)

    def _restore_geometry(self) -> None:
        state = self._window_state()
        geometry = state.value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        splitter = state.value("splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)

    def closeEvent(self, event) -> None:
        if not self.maybe_save():
            event.ignore()
            return
        state = self._window_state()
        state.setValue("geometry", self.saveGeometry())
        state.setValue("splitter", self.splitter.saveState())
        self.autosave_timer.stop()
        self.preview.shutdown()
        self.renderer.close()
        if self.store is not None:  # None while locked
            if not self.dirty:
                self.autosave.clear()
            self.store.close()
        event.accept()


def _file_name(incident) -> str:
    place = incident.location.place.en or incident.id
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in place).strip("-") or incident.id
    return f"flash-update-{incident.date.isoformat()}-{safe}.pdf"

