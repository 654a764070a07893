"""Export data and import in the desktop app: real widgets offscreen, real files and database."""

from __future__ import annotations

import csv
import io

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QDialogButtonBox

from conftest import DATA, SAMPLES, SECRETS
from sitrep.documents import load_document


def stored(window, *paths):
    for path in paths:
        window.store.add(load_document(path))
    window.reload_log()


def test_export_data_applies_the_profile(make_window, tmp_path):
    window = make_window()
    stored(window, DATA / "third_party_incident.json", SAMPLES / "kafr-naha-field-hospital.json")
    from gui.exchange_dialog import ExportDataDialog, export_data

    dialog = ExportDataDialog(window.ui, has_selection=False, parent=window)
    assert dialog.choices()["profile"] == "public" and dialog.choices()["scope"] == "all"
    assert not dialog.start.isEnabled()
    written = export_data(window, str(tmp_path / "all.csv"), dialog.choices())
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
    dialog = window.import_dialog
    assert dialog.isVisible() and dialog.table.rowCount() == 6
    assert [dialog.table.item(row, 4).text() for row in range(6)] == [
        "to import", "not imported (errors)", "not imported (errors)", "not imported (errors)", "to import",
        "already there, skipped"]
    assert "'three' is not a whole number" in dialog.table.item(3, 5).text()
    assert window.store.count() == 0  # nothing before the user confirms
    assert dialog.import_button.text() == "Import 2 incidents"
    dialog.import_button.click()
    qtbot.waitUntil(lambda: window.store.count() == 2)
    assert "Imported 2 incidents." in window.statusBar().currentMessage()


def test_importing_a_file_that_is_not_ours_says_why(make_window, tmp_path, dialogs):  # noqa: F811
    from gui.exchange_dialog import import_file

    window = make_window()
    bad = tmp_path / "photo.pdf"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n")
    assert import_file(window, str(bad)) is None
    assert "not a PDF" in dialogs[-1][1] and window.store.count() == 0


def test_arabic_import_dialog(make_window):
    from gui.exchange_dialog import import_file

    window = make_window("ar")
    dialog = import_file(window, str(DATA / "exchange" / "kobo_export.csv"))
    assert dialog.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert dialog.table.rowCount() == 3
    assert "date: '15/06/2019' ليس تاريخا" in dialog.table.item(2, 5).text()
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Cancel).click()
    assert window.store.count() == 0


def test_a_sitrep_pdf_brings_its_incident(make_window, qtbot, tmp_path):
    from gui.exchange_dialog import import_file
    from sitrep.exporting import export_flash_update

    original = load_document(DATA / "third_party_incident.json")
    pdf = export_flash_update(original, tmp_path / "from-a-colleague.pdf", profile="internal").path
    window = make_window()
    dialog = import_file(window, str(pdf))
    assert dialog.table.rowCount() == 1 and dialog.table.item(0, 4).text() == "to import"
    dialog.import_button.click()
    qtbot.waitUntil(lambda: window.store.count() == 1)
    assert window.store.list() == [original]
    assert window.log.selected_id() == original.id
