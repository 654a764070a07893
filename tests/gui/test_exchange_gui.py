"""Export data and import in the desktop app: real widgets offscreen, real files and database."""

from __future__ import annotations

import csv
import io

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QDialogButtonBox

from helpers import DATA, SAMPLES, SECRETS, WAIT_MS
from sitrep.contract.documents import load_document


def stored(window, *paths):
    for path in paths:
        window.store.add(load_document(path))
    window.reload_log()


def imported_dialog(qtbot, window):
    """The dry-run dialog, once the file has been read off the UI thread."""
    qtbot.waitUntil(lambda: getattr(window, "import_dialog", None) is not None and not window.jobs.busy,
                    timeout=WAIT_MS)
    return window.import_dialog


def test_export_data_applies_the_profile(make_window, qtbot, tmp_path, user):
    window = make_window()
    stored(window, DATA / "third_party_incident.json", SAMPLES / "kafr-naha-field-hospital.json")
    window.log.table.clearSelection()

    def check_defaults(dialog):
        assert dialog.choices()["profile"] == "public" and dialog.choices()["scope"] == "all"
        assert not dialog.start.isEnabled()

    user.in_dialog["ExportDataDialog"] = check_defaults
    user.save_paths.append(tmp_path / "all.csv")
    window.export_data_action.trigger()
    qtbot.waitUntil(lambda: (tmp_path / "all.csv").exists() and not window.jobs.busy, timeout=WAIT_MS)
    written = tmp_path / "all.csv"
    rows = list(csv.DictReader(io.StringIO(written.read_bytes().decode("utf-8-sig"), newline="")))
    assert len(rows) == 2 and "sources" not in rows[0]
    text = written.read_text(encoding="utf-8-sig")
    assert not any(secret in text for secret in SECRETS)
    assert "Exported 2 incidents" in window.statusBar().currentMessage()


def test_dropped_csv_shows_the_dry_run_and_imports_on_confirm(make_window, qtbot):
    window = make_window()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(DATA / "exchange" / "mixed_rows.csv"))])
    drop = QDropEvent(QPointF(200, 200), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    # Offscreen Qt has no drag manager to route a synthetic drop through notify(), so the
    # window's drop filter gets the event directly; what it does from there is real.
    assert window.acceptDrops()
    assert window.drop_importer.eventFilter(window, drop) and drop.isAccepted()
    dialog = imported_dialog(qtbot, window)
    assert dialog.isVisible() and dialog.model.rowCount() == 6
    assert [dialog.model.text(row, 4) for row in range(6)] == [
        "to import", "not imported (errors)", "not imported (errors)", "not imported (errors)", "to import",
        "already there, skipped"]
    assert "'three' is not a whole number" in dialog.model.text(3, 5)
    assert window.store.count() == 0  # nothing before the user confirms
    assert dialog.import_button.text() == "Import 2 incidents"
    dialog.import_button.click()
    qtbot.waitUntil(lambda: window.store.count() == 2)
    assert "Imported 2 incidents." in window.statusBar().currentMessage()


def test_importing_a_file_that_is_not_ours_says_why(make_window, qtbot, tmp_path, user):
    window = make_window()
    bad = tmp_path / "photo.pdf"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n")
    user.open_paths.append(bad)
    window.import_action.trigger()
    qtbot.waitUntil(lambda: not window.jobs.busy, timeout=WAIT_MS)
    dialogs = user.messages
    assert "not a PDF" in dialogs[-1][1] and window.store.count() == 0


def test_arabic_import_dialog(make_window, qtbot, user):
    window = make_window("ar")
    user.open_paths.append(DATA / "exchange" / "kobo_export.csv")
    window.import_action.trigger()
    dialog = imported_dialog(qtbot, window)
    assert dialog.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert dialog.model.rowCount() == 3
    assert "date: '15/06/2019' ليس تاريخا" in dialog.model.text(2, 5)
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Cancel).click()
    assert window.store.count() == 0


def test_a_sitrep_pdf_brings_its_incident(make_window, qtbot, tmp_path, user):
    from sitrep.flash_update.pdf import export_flash_update

    original = load_document(DATA / "third_party_incident.json")
    pdf = export_flash_update(original, tmp_path / "from-a-colleague.pdf", profile="internal").path
    window = make_window()
    user.open_paths.append(pdf)
    window.import_action.trigger()
    dialog = imported_dialog(qtbot, window)
    assert dialog.model.rowCount() == 1 and dialog.model.text(0, 4) == "to import"
    dialog.import_button.click()
    qtbot.waitUntil(lambda: window.store.count() == 1)
    assert window.store.list() == [original]
    assert window.log.selected_id() == original.id
