"""Every action of the desktop app, triggered the way a user triggers it.

A menu item is triggered with QAction.trigger() (what a click does: it passes
``checked``), the main ones also with their shortcut sent to the window, and a
dialog's buttons are clicked. Only the operating system's dialogs are replaced:
QFileDialog's static functions and QMessageBox answer as a user would, and a modal
dialog's exec() shows the dialog, lets the test act in it, and accepts it as shown.
An exception that reaches Qt's event loop fails the test (pytest-qt captures it).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from helpers import SAMPLES, SECRETS, WAIT_MS, pdf_pages, phone_photo, press, open_store
from sitrep.contract.documents import load_document
from sitrep.photos import attach_photo
from sitrep.situation_report.cache import PartCache

from textcheck import normalize, pdf_text


def store_sample(window, name: str = "kafr-naha-field-hospital.json") -> str:
    incident = load_document(SAMPLES / name)
    window.store.add(incident)
    window.reload_log(select=incident.id)
    return incident.id


def menu_actions(window) -> list[QAction]:
    found = []
    for top in window.menuBar().actions():
        found += [action for action in top.menu().actions() if not action.isSeparator()]
    return found


def test_export_pdf_from_the_menu_and_the_shortcut(make_window, qtbot, user, tmp_path):
    window = make_window()
    incident_id = store_sample(window)
    window.open_action.trigger()
    assert window.form.incident_id == incident_id

    user.save_paths.append(tmp_path / "from-menu.pdf")
    window.export_action.trigger()
    qtbot.waitUntil(lambda: (tmp_path / "from-menu.pdf").exists() and not window.jobs.busy, timeout=WAIT_MS)
    pdf = (tmp_path / "from-menu.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-") and pdf_pages(pdf) >= 1
    assert "Kafr Naha" in normalize(pdf_text(pdf))
    assert "Exported" in window.statusBar().currentMessage() and window.open_folder_button.isVisible()
    assert [type(d).__name__ for d in user.shown] == ["ExportDialog"]

    user.save_paths.append(tmp_path / "from-keys.pdf")
    press(window, "Ctrl+E")
    qtbot.waitUntil(lambda: (tmp_path / "from-keys.pdf").exists() and not window.jobs.busy, timeout=WAIT_MS)
    assert pdf_pages((tmp_path / "from-keys.pdf").read_bytes()) >= 1
    assert len(user.shown) == 2


def test_export_is_refused_with_a_message_when_the_form_does_not_validate(make_window, user, tmp_path):
    window = make_window()
    window.new_action.trigger()
    window.export_action.trigger()
    assert user.messages and "Fix the marked problems" in user.messages[-1][1]
    assert user.shown == [] and list(tmp_path.glob("*.pdf")) == []


def test_a_failed_export_says_why_and_keeps_the_earlier_file(make_window, qtbot, user, tmp_path):
    window = make_window()
    store_sample(window)
    window.open_action.trigger()
    user.save_paths.append(tmp_path / "no-such-folder" / "x.pdf")
    window.export_action.trigger()
    qtbot.waitUntil(lambda: bool(user.messages) and not window.jobs.busy, timeout=WAIT_MS)
    assert "could not be written" in user.messages[-1][1]


def test_save_new_open_duplicate_delete_and_restore_by_keys(make_window, qtbot, user):
    window = make_window()
    incident_id = store_sample(window)
    press(window, "Ctrl+O")
    assert window.form.incident_id == incident_id and not window.dirty

    press(window, "Ctrl+D")
    copy_id = window.form.incident_id
    assert copy_id != incident_id and window.dirty
    press(window, "Ctrl+S")
    assert not window.dirty and window.store.record(copy_id) is not None

    window.log.select(incident_id)
    press(window, "Ctrl+Delete")
    assert window.log.proxy.rowCount() == 1 and window.undo_button.isVisible()
    press(window, "Ctrl+Shift+Z")
    assert window.log.proxy.rowCount() == 2 and not window.undo_button.isVisible()

    press(window, "Ctrl+N")
    assert window.form.incident_id not in (incident_id, copy_id)
    press(window, "Ctrl+F")
    assert window.log.search.hasFocus()


def test_export_data_and_import_through_the_menu(make_window, qtbot, user, tmp_path):
    window = make_window()
    store_sample(window)
    store_sample(window, "atarib-civil-defence.json")
    user.save_paths.append(tmp_path / "all.csv")

    def choose_all(dialog):
        dialog.scope.setCurrentIndex(dialog.scope.findData("all"))

    user.in_dialog["ExportDataDialog"] = choose_all
    window.export_data_action.trigger()
    qtbot.waitUntil(lambda: (tmp_path / "all.csv").exists() and not window.jobs.busy, timeout=WAIT_MS)
    text = (tmp_path / "all.csv").read_text(encoding="utf-8-sig")
    assert "Kafr Naha" in text and "Atarib" in text
    assert not any(secret in text for secret in SECRETS)

    other = make_window(data_folder=tmp_path / "other")
    user.open_paths.append(tmp_path / "all.csv")
    other.import_action.trigger()
    qtbot.waitUntil(lambda: getattr(other, "import_dialog", None) is not None, timeout=WAIT_MS)
    assert other.import_dialog.model.rowCount() == 2
    other.import_dialog.import_button.click()
    qtbot.waitUntil(lambda: other.store.count() == 2)


def test_import_of_a_file_that_is_not_ours_says_why(make_window, qtbot, user, tmp_path):
    window = make_window()
    bad = tmp_path / "notes.json"
    bad.write_text('{"hello": ', encoding="utf-8")
    user.open_paths.append(bad)
    window.import_action.trigger()
    qtbot.waitUntil(lambda: bool(user.messages) and not window.jobs.busy, timeout=WAIT_MS)
    assert "not valid JSON" in user.messages[-1][1]


def test_situation_report_dialog_exports_through_its_buttons(make_window, qtbot, user, tmp_path, monkeypatch):
    monkeypatch.setenv("SITREP_CACHE_DIR", str(tmp_path / "cache"))
    window = make_window()
    store_sample(window)
    out = tmp_path / "report.pdf"

    def export_report(dialog):
        user.save_paths.append(out)
        with qtbot.waitSignal(dialog.finished_report, timeout=WAIT_MS):
            dialog.export_button.click()
        dialog.close_button.click()
        return False

    user.in_dialog["ReportDialog"] = export_report
    window.report_action.trigger()
    assert [type(d).__name__ for d in user.shown] == ["ReportDialog"]
    assert out.exists() and pdf_pages(out.read_bytes()) >= 1


def test_settings_dialog_through_the_menu_and_its_buttons(make_window, qtbot, user, tmp_path):
    window = make_window()
    logo = tmp_path / "logo.png"
    from PIL import Image

    Image.new("RGB", (40, 20), "navy").save(logo)

    def edit(dialog):
        dialog.org_en.setText("Example Health Network")
        dialog.contact.setText("+963 11 000 0000")
        dialog.data_url.setText("https://example.org/data")
        user.open_paths.append(logo)
        browse = [b for b in dialog.findChildren(QWidget) if b.metaObject().className() == "QPushButton"]
        browse[0].click()  # the logo's Choose… button
        assert dialog.logo.text() == str(logo)

    user.in_dialog["SettingsDialog"] = edit
    window.settings_action.trigger()
    assert window.settings.organization_en == "Example Health Network" and window.settings.logo == str(logo)
    # The back matter of a situation report prints them (issue 16).
    organization = window.render_request({}).organization
    assert organization.contact.en == organization.contact.ar == "+963 11 000 0000"
    assert organization.data_url == "https://example.org/data"

    def bad_link(dialog):
        dialog.data_url.setText("example.org/data")

    user.in_dialog["SettingsDialog"] = bad_link
    window.settings_action.trigger()
    assert "https://" in user.messages[-1][1] and window.settings.organization_data_url == "https://example.org/data"
    # The refusal speaks the interface's language (it was English whatever the language).
    window.ui.set_language("ar")
    window.settings_action.trigger()
    refusal = user.messages[-1][1]
    assert "https://" in refusal and any("\u0600" <= ch <= "\u06ff" for ch in refusal), refusal
    window.ui.set_language("en")


def test_view_menu_switches_the_language_and_samples_open(make_window, qtbot, user):
    window = make_window()
    assert window.pages.currentWidget() is window.start_panel
    view = window.menuBar().actions()[2].menu()
    arabic = next(action for action in view.actions() if action.text() == "العربية")
    arabic.trigger()
    assert window.ui.lang == "ar" and window.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert window.toolbar.layoutDirection() == Qt.LayoutDirection.RightToLeft
    english = next(action for action in view.actions() if action.text() == "English")
    english.trigger()
    assert window.ui.lang == "en"

    window.samples_action.trigger()
    assert window.store.count() == 2 and window.pages.currentWidget() is window.splitter
    window.samples_action.trigger()  # a second time stores nothing twice
    assert window.store.count() == 2


def test_start_panel_buttons(make_window, qtbot, user, tmp_path):
    window = make_window()
    panel = window.start_panel
    assert window.pages.currentWidget() is panel
    panel.buttons["new"].click()
    assert window.pages.currentWidget() is window.splitter

    other = make_window(data_folder=tmp_path / "other")
    other.start_panel.buttons["samples"].click()
    assert other.store.count() == 2 and other.form.incident_id == "kafr-naha-2016-05-07"

    third = make_window(data_folder=tmp_path / "third")
    user.open_paths.append(SAMPLES / "atarib-civil-defence.json")
    third.start_panel.buttons["import"].click()
    qtbot.waitUntil(lambda: getattr(third, "import_dialog", None) is not None, timeout=WAIT_MS)
    third.import_dialog.import_button.click()
    qtbot.waitUntil(lambda: third.store.count() == 1)
    assert third.pages.currentWidget() is third.splitter


def test_quit_closes_the_window(make_window, user):
    window = make_window()
    window.quit_action.trigger()
    assert not window.isVisible()


def test_destroy_all_data_only_after_the_typed_word_then_an_empty_store(make_window, qtbot, user, tmp_path,
                                                                       monkeypatch):
    from PySide6.QtCore import QSettings, QStandardPaths

    cache = tmp_path / "cache"
    monkeypatch.setenv("SITREP_CACHE_DIR", str(cache))
    for kind in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):  # not the tester's own Qt settings
        QSettings.setPath(kind, QSettings.Scope.UserScope, str(tmp_path / "qt"))
    history = QSettings(QSettings.Scope.UserScope, "QtProject")
    history.setValue("FileDialog/history", [str(tmp_path / "exports")])
    history.sync()
    try:
        window = make_window()
        incident_id = store_sample(window)
        (tmp_path / "phone.jpg").write_bytes(phone_photo(600, 400))
        attach_photo(window.store, incident_id, tmp_path / "phone.jpg")
        open_store(window.store.path).close()  # a second opening makes the day's backup
        window.open_action.trigger()
        window.dirty = True
        window.autosave_now()
        PartCache(cache).store(b"%PDF-1.7 Kafr Naha %%EOF", [("ab" + "0" * 62, 1, 1)])
        folder = window.store.path.parent
        assert {"sitrep.db", "backups", "photos", "autosave"} <= {path.name for path in folder.iterdir()}

        def type_a_wrong_word(dialog):
            qtbot.keyClicks(dialog.typed, "yes")
            assert not dialog.destroy_button.isEnabled() and "DESTROY" in dialog.prompt.text()

        user.in_dialog["WipeDialog"] = type_a_wrong_word  # and the dialog closes as accepted all the same
        window.wipe_action.trigger()
        assert window.store.count() == 1 and user.messages == []

        def type_the_word(dialog):
            qtbot.keyClicks(dialog.typed, "destroy")
            assert dialog.destroy_button.isEnabled()
            dialog.destroy_button.click()

        user.in_dialog["WipeDialog"] = type_the_word
        window.wipe_action.trigger()
        assert window.store.records() == [] and window.store.path == folder / "sitrep.db"
        assert window.pages.currentWidget() is window.start_panel and not window.dirty
        assert "Overwritten and removed" in user.messages[-1][1] and "cannot be reached" in user.messages[-1][1]
        assert not any(b"Kafr Naha" in path.read_bytes() or incident_id.encode() in path.read_bytes()
                       for base in (folder, cache) for path in base.rglob("*") if path.is_file())
        assert not (folder / "backups").exists() and not (folder / "photos").exists()
        assert not (folder / "autosave").exists() and not (cache / "refs").exists()
        history.sync()
        assert history.value("FileDialog/history") is None
        window.new_action.trigger()  # and work goes on in the empty store
        assert window.form.incident_id != incident_id
    finally:
        for kind in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
            QSettings.setPath(kind, QSettings.Scope.UserScope,
                              QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericConfigLocation))


def test_quick_exit_in_the_report_dialog_hides_all_keeps_the_typing_and_ends(make_window, qtbot, user, tmp_path,
                                                                           monkeypatch):
    """Ctrl+Shift+Q pressed in the open (modal) report dialog while a report is being built: no
    question, no window shown, the typing in the autosave, the app's text off the clipboard, the
    child processes stopped and the exit taken."""
    monkeypatch.setenv("SITREP_CACHE_DIR", str(tmp_path / "cache"))
    window = make_window()
    store_sample(window)
    ended = []
    # Only the last step (os._exit) is replaced, so that the test's own process goes on.
    monkeypatch.setattr(window.quick_exit, "end_process", lambda: ended.append(True))
    press(window, "Ctrl+N")
    place = window.form.location["place"].edits["en"]
    place.setFocus()
    QTest.keyClicks(place, "SECRET-SOURCE-4412 clinic")
    place.selectAll()
    press(place, "Ctrl+C")
    assert QGuiApplication.clipboard().text() == "SECRET-SOURCE-4412 clinic"
    qtbot.waitUntil(lambda: window.renderer.pid is not None, timeout=WAIT_MS)
    renderer = window.renderer._process
    seen = {}

    def in_the_report(dialog):
        dialog.hide()  # exec() shows it modal, the user fixture's show() does not: made so here
        dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        dialog.show()
        dialog.preview_button.click()
        seen["report"] = dialog.worker._process
        press(dialog, "Ctrl+Shift+Q")
        seen["visible"] = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        return False

    user.in_dialog["ReportDialog"] = in_the_report
    window.report_action.trigger()
    assert ended == [True] and seen["visible"] == [] and user.messages == []
    assert window.autosave.pending()["form_state"]["data"]["location"]["place"]["en"] == "SECRET-SOURCE-4412 clinic"
    assert QGuiApplication.clipboard().text() == ""
    assert not renderer.is_alive() and not seen["report"].is_alive()


def test_every_menu_action_is_walked_and_the_toolbar_carries_the_main_ones(make_window, user):
    """A new menu item must get a test here: the walk above names every action it covers."""
    window = make_window()
    walked = {"new_action", "save_action", "export_action", "export_data_action", "report_action",
              "import_action", "settings_action", "quit_action", "open_action", "duplicate_action",
              "delete_action", "restore_action", "samples_action", "search_action", "wipe_action",
              "quick_exit_action", "lock_action",  # the lock: tests/gui/test_lock.py
              "team_action",  # tests/gui/test_team_dialog.py, tests/team/test_team_connect.py
              "sync_action", "conflicts_action"}  # tests/gui/test_sync_ui.py
    named = {getattr(window, name) for name in walked}
    languages = {"العربية", "English"}
    for action in menu_actions(window):
        assert action in named or action.text() in languages, f"no test triggers {action.text()!r}"
    on_toolbar = window.toolbar.actions()
    assert on_toolbar == [window.new_action, window.save_action, window.export_action, window.report_action,
                          window.import_action, window.sync_action, window.quick_exit_action, window.lock_action]
    assert all(not action.icon().isNull() and action.text() for action in on_toolbar)
    assert window.toolbar.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextBesideIcon


def test_save_dialogs_refuse_the_database_and_keep_it(make_window, qtbot, user, tmp_path, monkeypatch):
    """Picking the database (or a stored file beside it) as the output is refused, in every save dialog."""
    monkeypatch.setenv("SITREP_CACHE_DIR", str(tmp_path / "cache"))
    window = make_window()
    store_sample(window)
    window.open_action.trigger()
    db = window.store.path
    before = db.read_bytes()

    user.save_paths.append(db)
    window.export_action.trigger()
    user.in_dialog["ExportDataDialog"] = lambda dialog: dialog.scope.setCurrentIndex(dialog.scope.findData("all"))
    user.save_paths.append(db.with_name(db.name + "-wal"))
    window.export_data_action.trigger()

    def export_report(dialog):
        user.save_paths.append(db)
        dialog.export_button.click()
        assert dialog.job is None  # nothing started
        return False

    user.in_dialog["ReportDialog"] = export_report
    window.report_action.trigger()
    qtbot.wait(300)
    refusals = [text for _, text in user.messages if "database" in text]
    assert len(refusals) == 3 and not window.jobs.busy
    assert window.store.count() == 1 and db.read_bytes()[:16] == before[:16] == window.store.key.salt
