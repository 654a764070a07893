"""The desktop app, driven through its real widgets (offscreen)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from helpers import ROOT, SAMPLES, WAIT_MS, pdf_pages, run_cli
from sitrep.contract import vocab
from sitrep.photos import PHOTO_KEY, read_stored
from sitrep.sealing import MAGIC
from sitrep.contract.documents import load_document
from sitrep.settings import Settings
from textcheck import normalize, pdf_text


def type_text(widget, text: str) -> None:
    """Type like a keyboard: one key event per character (QTest.keyClicks knows ASCII only)."""
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent

    widget.setFocus()
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char))


def type_minimal_incident(qtbot, form):
    type_text(form.location["place"].edits["en"], "Kafr Naha")
    type_text(form.location["place"].edits["ar"], "كفرناها")
    type_text(form.location["admin1"].edits["en"], "Aleppo")
    type_text(form.narrative.edits["ar"], "أصابت غارة جوية المشفى الميداني.")
    form.attack_types.item(0).setCheckState(Qt.CheckState.Checked)  # airstrike
    form.certainty.set_value("probable")
    form.status.set_value("final")


def test_type_save_reopen(make_window, qtbot, dialogs):
    window = make_window()
    form = window.form
    type_minimal_incident(qtbot, form)
    assert window.dirty
    incident_id = form.incident_id
    assert window.save()
    assert not window.dirty

    stored = window.store.get(incident_id)
    assert stored.location.place.en == "Kafr Naha" and stored.location.place.ar == "كفرناها"
    assert stored.attack_types == ["airstrike"] and stored.status == "final" and stored.time is None

    window.new_incident()
    assert form.location["place"].edits["en"].text() == ""
    window.open_incident(incident_id)
    assert form.location["place"].edits["ar"].text() == "كفرناها"
    assert form.narrative.edits["ar"].toPlainText() == "أصابت غارة جوية المشفى الميداني."
    assert window.log.model.rowCount() == 1


def test_invalid_input_is_marked_and_never_final(make_window, qtbot, dialogs):
    window = make_window()
    form = window.form
    type_text(form.location["place"].edits["en"], "Atarib")
    casualties = form.fields["casualties"]
    casualties.add_row({"group": "civilians", "killed": 1, "children_killed": 3})
    form.lat.setText("95")
    form.lon.setText("36.8")
    form.status.set_value("final")

    assert not window.save()
    assert dialogs and "cannot be saved as final" in dialogs[-1][1]
    assert window.store.records() == []
    # Problems name the field as the form labels it, in the interface language.
    messages = [form.summary.item(i).text() for i in range(form.summary.count())]
    assert "✖ Type of attack: choose at least one." in messages
    assert any(m.startswith("✖ Certainty: ") for m in messages)
    assert any(m.startswith("✖ Casualties, row 1, Children killed: ") for m in messages)
    assert any(m.startswith("✖ Latitude: ") for m in messages)
    assert not any("attack_types" in m or "location.lat" in m for m in messages)

    window.set_language("ar")  # the list follows the interface language at once
    messages = [form.summary.item(i).text() for i in range(form.summary.count())]
    assert "✖ نوع الهجوم: اختر واحدا على الأقل." in messages
    assert any(m.startswith("✖ الضحايا، الصف 1، أطفال قتلى: ") for m in messages)
    assert form.attack_types.property("invalid") is True
    assert casualties.widget(0, "children_killed").property("invalid") is True
    assert form.lat.property("invalid") is True

    form.status.set_value("draft")
    assert window.save()
    (record,) = window.store.records()
    assert record.status == "draft" and not record.valid
    assert record.data["location"]["place"]["en"] == "Atarib"


def test_arabic_interface_mirrors_and_keeps_field_directions(make_window, qtbot):
    window = make_window("en")
    assert QApplication.layoutDirection() == Qt.LayoutDirection.LeftToRight
    window.set_language("ar")
    assert not window.dirty  # new labels are not edits
    assert QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert window.isRightToLeft()
    assert window.menuBar().actions()[0].text() == "&ملف"
    assert window.log.model.headerData(0, Qt.Orientation.Horizontal) == "التاريخ"
    assert window.form.time_unknown.text() == "الوقت غير معروف"
    place = window.form.location["place"]
    assert place.edits["ar"].layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert place.edits["en"].layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert window.form.certainty.itemText(window.form.certainty.findData("probable")) == "مرجح"
    window.set_language("en")
    assert window.form.time_unknown.text() == "Time unknown"
    assert place.edits["ar"].layoutDirection() == Qt.LayoutDirection.RightToLeft


def export_through_the_menu(window, qtbot, user, path, **choices):
    """File > Export PDF with these choices in its dialog, saved as ``path``."""

    def choose(dialog):
        for name, value in choices.items():
            combo = getattr(dialog, name)
            combo.setCurrentIndex(combo.findData(value))

    user.in_dialog["ExportDialog"] = choose
    user.save_paths.append(path)
    window.export_action.trigger()
    qtbot.waitUntil(lambda: path.exists() and not window.jobs.busy, timeout=WAIT_MS)
    return path


def stored_sample(window):
    """The Kafr Naha sample, stored and shown in the window's log."""
    sample = load_document(SAMPLES / "kafr-naha-field-hospital.json")
    window.store.add(sample)
    window.reload_log()
    return sample


def test_export_equals_the_command_line(make_window, qtbot, tmp_path, user):
    window = make_window()
    sample = stored_sample(window)
    window.open_incident(sample.id)
    exported = export_through_the_menu(window, qtbot, user, tmp_path / "gui.pdf", languages="ar+en",
                                       digits="arab", profile="internal")
    if os.name == "posix":  # an internal PDF names sources: its owner's only, like the CLI's
        assert exported.stat().st_mode & 0o777 == 0o600
    assert "gui.pdf" in window.statusBar().currentMessage() and window.open_folder_button.isVisible()

    cli_pdf = tmp_path / "cli.pdf"
    result = run_cli("render", str(SAMPLES / "kafr-naha-field-hospital.json"), "-o", str(cli_pdf),
                     "--languages", "ar+en", "--digits", "arab", "--profile", "internal")
    assert result.returncode == 0
    gui_text, cli_text = pdf_text(exported.read_bytes()), pdf_text(cli_pdf.read_bytes())
    assert gui_text == cli_text
    assert pdf_pages(exported.read_bytes()) == 1 and "كفرناها" in normalize(gui_text)


def test_live_preview_renders_and_shows_problems(make_window, qtbot, dialogs):
    window = make_window()
    sample = stored_sample(window)
    with qtbot.waitSignal(window.preview.rendered, timeout=30_000):
        window.open_incident(sample.id)
    assert window.preview.stack.currentWidget() is window.preview.view
    assert window.preview.document.pageCount() == 1

    window.form.attack_types.set_value([])  # now invalid
    with qtbot.waitSignal(window.preview.rendered, timeout=30_000):
        window.refresh_preview(immediately=True)
    assert window.preview.stack.currentWidget() is window.preview.message
    assert "Type of attack: choose at least one." in window.preview.message.text()


def test_overtaken_renders_are_dropped(make_window, qtbot):
    window = make_window()
    data = json.loads((SAMPLES / "kafr-naha-field-hospital.json").read_text(encoding="utf-8"))
    shown = []
    window.preview.rendered.connect(shown.append)
    pane = window.preview
    for index in range(4):  # four edits in a row, each sent straight away
        pane.schedule(window.render_request({**data, "id": f"edit-{index}"}), immediately=True)
        pane._send()
    qtbot.waitUntil(lambda: pane.shown_generation == pane.generation, timeout=30_000)
    qtbot.wait(300)
    assert shown == [pane.generation]  # only the newest edit reached the screen


def test_search_finds_arabic_typed_any_way(make_window, qtbot):
    window = make_window()
    for name in ("kafr-naha-field-hospital.json", "atarib-civil-defence.json"):
        window.store.add(load_document(SAMPLES / name))
    window.reload_log()
    assert window.log.proxy.rowCount() == 2
    for query in ("كفرناها", "كفرنـاها", "KAFR naha", "المشفي"):
        window.log.search.setText(query)
        assert window.log.proxy.rowCount() == 1, query
    window.log.search.setText("الاتارب")  # both lie in the Atareb sub-district
    assert window.log.proxy.rowCount() == 2
    window.log.search.setText("مركز الدفاع")
    assert window.log.proxy.rowCount() == 1
    window.log.search.clear()
    window.log.attack_type.setCurrentIndex(window.log.attack_type.findData("chemical"))
    assert window.log.proxy.rowCount() == 0


def test_delete_and_undo(make_window, qtbot):
    window = make_window()
    sample = stored_sample(window)
    window.log.select(sample.id)
    window.delete_selected()
    assert window.log.proxy.rowCount() == 0 and window.undo_button.isVisible()
    window.undo_button.click()
    assert window.log.proxy.rowCount() == 1 and window.store.get(sample.id) == sample


def test_closing_with_unsaved_changes_asks(make_window, qtbot, monkeypatch):
    window = make_window()
    type_text(window.form.location["place"].edits["en"], "Kafr Naha")
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *args, **kwargs: QMessageBox.StandardButton.Cancel))
    assert not window.close()
    assert window.isVisible() and window.dirty


KILLED_APP = textwrap.dedent("""
    import sys, time
    from gui.app import make_application
    from gui.main_window import MainWindow
    from gui.qt_i18n import UiLanguage
    from sitrep.settings import Settings
    sys.path.insert(0, "tests")
    from helpers import open_store

    app = make_application(sys.argv)
    settings = Settings(ui_language="ar", data_folder=sys.argv[1])
    window = MainWindow(settings, UiLanguage("ar"), open_store(settings.db_path))
    window.show()
    window.form.narrative.edits["ar"].setPlainText("نص كتب قبل انقطاع الكهرباء")
    window.form.location["place"].edits["en"].setText("Kafr Naha")
    window.autosave_now()
    print("autosaved", flush=True)
    while True:
        app.processEvents()
        time.sleep(0.05)
""")


def killed_app(tmp_path) -> Path:
    """The data folder of an app killed (SIGKILL) right after it autosaved typed text."""
    data = tmp_path / "shared-data"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SITREP_CONFIG_DIR": str(tmp_path / "config")}
    child = subprocess.Popen([sys.executable, "-c", KILLED_APP, str(data)], stdout=subprocess.PIPE, text=True,
                             env=env, cwd=ROOT)
    try:
        assert child.stdout.readline().strip() == "autosaved"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(30)
    return data


def test_killed_app_offers_to_restore_the_typing(make_window, tmp_path):
    window = make_window(data_folder=killed_app(tmp_path))
    assert window.offer_restore(ask=True)
    assert window.form.narrative.edits["ar"].toPlainText() == "نص كتب قبل انقطاع الكهرباء"
    assert window.form.location["place"].edits["en"].text() == "Kafr Naha"
    assert window.dirty


def test_the_killed_apps_autosave_was_sealed(tmp_path):
    """The typing kept for a crash holds sources: on disk it is sealed with the store's key."""
    data = killed_app(tmp_path)
    kept = [path for path in (data / "autosave").iterdir() if path.is_file()]
    assert [path.name for path in kept] == ["current.sealed"]
    raw = kept[0].read_bytes()
    for typed in ("نص كتب قبل انقطاع الكهرباء", "Kafr Naha"):
        assert typed.encode("utf-8") not in raw and typed.encode("utf-16-le") not in raw


def test_settings_dialog_reaches_the_exported_pdf(make_window, qtbot, tmp_path, user):
    from gui.settings_dialog import SettingsDialog

    window = make_window()
    sample = stored_sample(window)
    window.open_incident(sample.id)
    dialog = SettingsDialog(window.ui, window.settings, window)
    dialog.org_en.setText("Test Relief Network")
    dialog.org_ar.setText("شبكة الإغاثة التجريبية")
    dialog.digits.setCurrentIndex(dialog.digits.findData("latn"))
    window.settings = dialog.settings()
    exported = export_through_the_menu(window, qtbot, user, tmp_path / "org.pdf", languages="ar+en",
                                       digits="latn", profile="public")
    text = normalize(pdf_text(exported.read_bytes()))
    assert "Test Relief Network" in text and normalize("شبكة الإغاثة التجريبية") in text
    assert not any("٠" <= ch <= "٩" for ch in text)


def test_tab_order_follows_the_form_and_geometry_is_remembered(make_window, qtbot):
    window = make_window()
    form = window.form
    order = [form.status, form.certainty, form.date, form.time, form.time_unknown, form.timezone,
             form.location["place"].edits["en"], form.location["place"].edits["ar"], form.attack_types,
             form.narrative.edits["en"], form.narrative.edits["ar"], form.internal_notes]
    positions = []
    widget = form.status
    for _ in range(400):  # walk the real focus chain
        if widget in order and widget not in positions:
            positions.append(widget)
        widget = widget.nextInFocusChain()
    assert positions == order

    window.dirty = False
    window.close()
    from sitrep.settings import settings_path

    saved = settings_path().with_name("window.ini").read_text()
    assert "geometry=" in saved and "splitter=" in saved  # restored by the next start


def test_logo_from_the_settings_is_printed(make_window, qtbot, tmp_path, user):
    from PySide6.QtGui import QColor, QImage

    logo = tmp_path / "logo.png"
    image = QImage(200, 120, QImage.Format.Format_RGB32)
    image.fill(QColor("#0b5c8a"))
    assert image.save(str(logo))
    window = make_window()
    window.settings = Settings(ui_language="en", data_folder=window.settings.data_folder, logo=str(logo),
                               organization_en="Logo Test Network")
    window.refresh_preview(immediately=True)  # a long data: URL must not break the preview
    sample = stored_sample(window)
    window.open_incident(sample.id)
    exported = export_through_the_menu(window, qtbot, user, tmp_path / "logo.pdf", languages="en")
    pdf = exported.read_bytes()
    assert b"/Subtype /Image" in pdf and "Logo Test Network" in pdf_text(pdf)


def test_attack_types_keep_their_order(make_window):
    window = make_window()
    data = json.loads((SAMPLES / "kafr-naha-field-hospital.json").read_text(encoding="utf-8"))
    window.form.load({**data, "attack_types": ["barrel_bomb", "airstrike"]})
    assert window.form.data()["attack_types"] == ["barrel_bomb", "airstrike"]
    window.form.attack_types.item(window.form.attack_types.count() - 1).setCheckState(Qt.CheckState.Checked)
    assert window.form.data()["attack_types"] == ["barrel_bomb", "airstrike", "other"]


def test_a_session_data_folder_is_not_saved_as_the_default(make_window, tmp_path):
    from sitrep.settings import load_settings

    window = make_window(data_folder=tmp_path / "one-off")
    window._saved_data_folder = str(tmp_path / "usual")
    window.set_language("ar")  # saves the settings
    saved, _ = load_settings()
    assert saved.ui_language == "ar" and saved.data_folder == str(tmp_path / "usual")


def test_photos_are_cleaned_in_the_background_and_saved_with_captions(make_window, qtbot, tmp_path, dialogs):
    from helpers import SECRET_BITS, phone_photo

    window = make_window()
    form = window.form
    type_minimal_incident(qtbot, form)
    photo, fake = tmp_path / "IMG_0001.JPG", tmp_path / "notes.jpg"
    photo.write_bytes(phone_photo(1200, 800))
    fake.write_text("not a photo at all")
    form.photos.add_files([str(photo), str(fake)])
    assert not form.photos.add_button.isEnabled()  # busy while cleaning
    qtbot.waitUntil(lambda: not form.photos.busy(), timeout=20_000)
    assert form.photos.add_button.isEnabled() and form.photos.table.rowCount() == 1
    assert dialogs and "JPEG" in dialogs[-1][1] and "notes.jpg" in dialogs[-1][1]  # the fake one, named
    assert not form.photos.table.cellWidget(0, 0).pixmap().isNull()  # a thumbnail shows
    type_text(form.photos.widget(0, "caption.ar"), "المدخل")
    form.photos.widget(0, "publishable").setChecked(True)
    assert window.save()
    (attachment,) = window.store.get(form.incident_id).attachments
    assert attachment.caption.ar == "المدخل" and attachment.publishable
    stored = window.store.photo_dir / attachment.path.removeprefix("photos/")
    assert stored.read_bytes().startswith(MAGIC)  # sealed; the thumbnail above was made in memory
    cleaned = read_stored(window.store.photo_dir, attachment.path, window.store.file_key(PHOTO_KEY))
    assert cleaned is not None and all(bit not in cleaned for bit in SECRET_BITS)


def test_damaged_database_offers_another_folder_and_is_left_alone(tmp_path, monkeypatch, qtbot):
    from PySide6.QtWidgets import QFileDialog

    from gui.app import make_application, open_store
    from gui.qt_i18n import UiLanguage

    monkeypatch.setenv("SITREP_CONFIG_DIR", str(tmp_path / "config"))
    make_application([])
    damaged_folder, fresh_folder = tmp_path / "damaged", tmp_path / "fresh"
    damaged_folder.mkdir()
    settings = Settings(data_folder=str(damaged_folder))
    damaged = b"SQLite format 3\x00" + b"\x00\x10" + b"\xff" * 5000  # a header, then garbage
    settings.db_path.write_bytes(damaged)
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(
        lambda parent, title, text, *rest: shown.append(text) or QMessageBox.StandardButton.Yes))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *args: str(fresh_folder)))
    store, chosen = open_store(settings, UiLanguage("ar"))
    assert store is not None and chosen.data_folder == str(fresh_folder)
    store.close()
    assert shown and "sitrep.db" in shown[0] and any("\u0600" <= ch <= "\u06ff" for ch in shown[0])
    assert settings.db_path.read_bytes() == damaged  # never overwritten


def test_one_app_per_data_folder_and_a_killed_apps_lock_is_taken_over(tmp_path, monkeypatch, qtbot):
    from gui.app import make_application, open_store
    from gui.qt_i18n import UiLanguage

    monkeypatch.setenv("SITREP_CONFIG_DIR", str(tmp_path / "config"))
    make_application([])
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(
        lambda parent, title, text, *rest: shown.append(text) or QMessageBox.StandardButton.Cancel))
    settings = Settings(data_folder=str(tmp_path / "data"))
    first, _ = open_store(settings, UiLanguage("en"))
    second, _ = open_store(settings, UiLanguage("en"))
    assert first is not None and second is None and "already open" in shown[-1]
    first.close()  # and its lock

    # A lock left by an app killed with SIGKILL does not lock the folder for ever.
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sys, time
        from gui.folder_lock import lock_data_folder
        lock = lock_data_folder({str(tmp_path / "data")!r})
        print("locked" if lock else "busy", flush=True)
        time.sleep(60)
    """)], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert holder.stdout.readline().strip() == "locked"
    assert open_store(settings, UiLanguage("en"))[0] is None  # held by a live process
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    again, _ = open_store(settings, UiLanguage("en"))
    assert again is not None
    again.close()


def test_values_the_form_cannot_show_are_kept_and_named_not_replaced(make_window, qtbot, kafr_naha):
    window = make_window()
    form = window.form
    odd = {**kafr_naha, "status": "draft", "certainty": "certain", "date": "07/05/2016", "time": "10h30",
           "attack_types": ["airstrike", "drone_strike"]}
    odd["targets"][0]["kind"] = "clinic"
    form.load(odd)
    data = form.data()
    assert (data["certainty"], data["date"], data["time"]) == ("certain", "07/05/2016", "10h30")
    assert data["attack_types"] == ["airstrike", "drone_strike"] and data["targets"][0]["kind"] == "clinic"
    _, problems = window.validate()
    assert {"certainty", "date", "time", "attack_types[1]", "targets[0].kind"} <= {p.path for p in problems}
    assert "⚠ certain" == form.certainty.currentText()
    form.date.setDate(QDate(2016, 5, 7))  # the user sets a date: that one counts from now on
    form.certainty.set_value("confirmed")
    assert form.data()["date"] == "2016-05-07" and form.certainty.findText("⚠ certain") == -1
    form.load(kafr_naha)  # the next record does not inherit the unknown values
    assert form.attack_types.count() == len(vocab.ATTACK_TYPES)


def test_switching_to_a_folder_in_use_is_refused_with_a_message(make_window, tmp_path, dialogs):
    from gui.folder_lock import lock_data_folder

    window = make_window()
    busy = lock_data_folder(tmp_path / "busy")  # another app holds it
    assert window._open_other_store(Settings(data_folder=str(tmp_path / "busy"))) is None
    assert "already open" in dialogs[-1][1]
    busy.unlock()
    store = window._open_other_store(Settings(data_folder=str(tmp_path / "free")))
    assert store is not None and store.folder_lock is not None and store.folder_lock.isLocked()
    store.close()
    assert not store.folder_lock.isLocked()


def test_an_empty_count_is_not_known_and_zero_is_typed(make_window, qtbot, dialogs):
    """Issue 16: every count cell may stay empty ("not known"), which is saved as null, not 0."""
    window = make_window()
    form = window.form
    type_minimal_incident(qtbot, form)
    casualties = form.fields["casualties"]
    casualties.add_button.click()  # a new row: every count not known
    casualties.widget(0, "group").set_value("health_workers")
    type_text(casualties.widget(0, "killed"), "٢")  # Arabic-Indic digits are numbers too
    type_text(casualties.widget(0, "arrested"), "0")
    type_text(casualties.widget(0, "injured"), "x")  # not a digit: refused as typed
    assert casualties.widget(0, "injured").text() == ""
    assert casualties.widget(0, "kidnapped").placeholderText() == "not known"
    form.perpetrator_groups.item(0).setCheckState(Qt.CheckState.Checked)  # state forces
    form.perpetrator_groups.item(1).setCheckState(Qt.CheckState.Checked)  # allied foreign forces
    assert window.save()

    stored = window.store.get(form.incident_id)
    (row,) = stored.casualties
    assert (row.killed, row.arrested, row.injured, row.kidnapped, row.missing, row.children_killed) == (
        2, 0, None, None, None, None)
    assert stored.perpetrator_groups == ["state_forces", "allied_foreign_forces"]
    assert stored.schema_version == 2
    model = window.log.model  # the log: killed 2, injured not known (never 0)
    assert [model.data(model.index(0, column)) for column in (4, 5)] == ["2", "?"]

    window.set_language("ar")
    assert casualties.widget(0, "kidnapped").placeholderText() == "غير معروف"
    window.new_incident()
    window.open_incident(stored.id)
    assert casualties.widget(0, "killed").text() == "2" and casualties.widget(0, "injured").text() == ""
    assert form.perpetrator_groups.value() == ["state_forces", "allied_foreign_forces"]
    casualties.widget(0, "killed").clear()  # back to "not known"
    assert form.data()["casualties"][0]["killed"] is None


def test_a_contract_1_autosave_opens_as_contract_2(make_window):
    window = make_window()
    window.form.load({"schema_version": 1, "date": "2016-05-07", "targets": [{}],
                      "casualties": [{"group": "unknown", "killed": 0, "injured": 0, "detained": 0},
                                     {"group": "civilians", "killed": 3}]})
    casualties = window.form.fields["casualties"]
    assert casualties.widget(0, "killed").text() == ""  # version 1's "not known"
    assert [casualties.widget(1, name).text() for name in ("killed", "injured", "detained", "kidnapped")] == [
        "3", "0", "0", ""]
    assert window.form.data()["schema_version"] == 2
