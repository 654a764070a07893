"""Holes found by attacking the import (issue 11): each test failed before its fix.

Real parts only: SQLite files in tmp_path, the command line as separate processes.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from helpers import DATA, ROOT, SAMPLES, WAIT_MS, load_json, run_cli, open_store
from sitrep.contract.documents import parse_incident
from sitrep.exchange.export_data import export_bytes
from sitrep.fileio import NotAFileError, TooLargeError, read_limited
from sitrep.exchange.decoding import encoding_preview, legacy_encoding
from sitrep.exchange.planning import apply_import, plan_import
from sitrep.contract.problems import InputError
from sitrep.contract.public_profile import public_incident


sys.path.insert(0, str(ROOT / "bench"))
from concurrent_import import csv_without_ids  # noqa: E402


@pytest.fixture
def store(tmp_path):
    with open_store(tmp_path / "data.db", daily_backup=False) as opened:
        yield opened


def without_place(data: dict, admin: bool = True) -> dict:
    """The sample with an empty place name (and, if asked, no admin areas either)."""
    data = json.loads(json.dumps(data))
    data["location"]["place"] = {"ar": "", "en": ""}
    if not admin:
        for level in ("admin1", "admin2", "admin3"):
            data["location"][level] = {"ar": "", "en": ""}
    return data


def codes(row) -> list[str]:
    return [problem.code for problem in row.problems]


# 1. Re-importing an incident without a place name duplicated it.


def test_reimporting_an_incident_without_a_place_keeps_one_copy(tmp_path):
    db = str(tmp_path / "own.db")
    source = tmp_path / "noplace.json"
    source.write_text(json.dumps(without_place(load_json(SAMPLES / "kafr-naha-field-hospital.json"))),
                      encoding="utf-8")
    assert run_cli("add", str(source), "--db", db).returncode == 0
    exported = tmp_path / "export.json"
    assert run_cli("export", "--profile", "internal", "-o", str(exported), "--db", db).returncode == 0
    for _ in range(3):
        result = run_cli("import", str(exported), "--yes", "--db", db)
        assert result.returncode == 0, result.stderr
        assert "1 row read: 0 to import, 1 already there, 0 with errors." in result.stdout
        assert "different stored incident" not in result.stdout  # the false warning
    listed = json.loads(run_cli("list", "--json", "--db", db).stdout)
    assert [item["id"] for item in listed] == ["kafr-naha-2016-05-07"]


def test_same_id_and_content_is_already_stored(tmp_path, store):
    incident = parse_incident(without_place(load_json(SAMPLES / "kafr-naha-field-hospital.json"), admin=False))
    store.add(incident)
    path = tmp_path / "again.json"
    for profile in ("internal", "public"):  # our own public export: same id, the public content
        path.write_bytes(export_bytes([incident], "json", profile))
        row = plan_import(path, store).rows[0]
        assert row.status == "duplicate" and codes(row) == ["same_stored"], profile
        assert row.problems[0].params == {"id": incident.id}
        assert "same ID and content" in row.problems[0].message("en")
    # The same id with other content, and nothing else to compare: a different incident.
    changed = incident.model_copy(update={"date": incident.date.replace(day=8)})
    path.write_bytes(export_bytes([changed], "json", "internal"))
    row = plan_import(path, store).rows[0]
    assert row.status == "new" and codes(row) == ["id_taken"]


def test_without_a_place_the_admin_area_identifies_the_incident(tmp_path, store):
    """A colleague's copy (another id, public content) of an incident that has no place name."""
    incident = parse_incident(without_place(load_json(SAMPLES / "kafr-naha-field-hospital.json")))
    store.add(incident)
    copy = public_incident(incident).model_copy(update={"id": "colleague-1"})
    other_area = copy.model_copy(update={"id": "colleague-2", "location": copy.location.model_copy(
        update={"admin3": copy.location.admin3.model_copy(update={"ar": "دارة عزة", "en": "Daret Azza"})})})
    path = tmp_path / "colleague.json"
    path.write_bytes(export_bytes([copy, other_area], "json", "internal"))
    plan = plan_import(path, store)
    assert [row.status for row in plan.rows] == ["duplicate", "new"]
    assert codes(plan.rows[0]) == ["duplicate_stored"] and plan.rows[0].problems[0].params == {"id": incident.id}
    # A place name, where there is one, still decides: the admin area does not replace it.
    with_place = copy.model_copy(update={"location": copy.location.model_copy(
        update={"place": copy.location.place.model_copy(update={"en": "Kafr Naha"})})})
    path.write_bytes(export_bytes([with_place], "json", "internal"))
    assert plan_import(path, store).rows[0].status == "new"


def test_the_same_incident_twice_in_one_file_without_a_place(tmp_path, store):
    incident = parse_incident(without_place(load_json(SAMPLES / "kafr-naha-field-hospital.json"), admin=False))
    path = tmp_path / "twice.json"
    path.write_bytes(export_bytes([incident, incident], "json", "internal"))
    plan = plan_import(path, store)
    assert [row.status for row in plan.rows] == ["new", "duplicate"]
    assert codes(plan.rows[1]) == ["duplicate_in_file"] and plan.rows[1].problems[0].params == {"row": "[0]"}
    assert apply_import(plan, store) == [incident.id]


# 2. Imports running at the same time doubled the rows that have no id.

# A child process: plan the import, wait until every child has planned (the GUI's
# dry-run dialog left open), then apply. Before the fix each child stored every row.
PLAN_WAIT_APPLY = """
import sys, time
from pathlib import Path
from sitrep.exchange.planning import apply_import, plan_import
sys.path.insert(0, "tests")
from helpers import open_store

db, table, gate, index, count = sys.argv[1:]
with open_store(db, daily_backup=False) as store:
    plan = plan_import(table, store)
    Path(gate, index).touch()
    deadline = time.monotonic() + 60
    while len(list(Path(gate).iterdir())) < int(count) and time.monotonic() < deadline:
        time.sleep(0.02)
    print(len(apply_import(plan, store)))
"""


def no_id_table(tmp_path, rows: int = 300):
    path = tmp_path / "no-ids.csv"
    path.write_text(csv_without_ids(rows), encoding="utf-8")
    return path


def test_imports_planned_at_the_same_time_store_each_row_once(tmp_path):
    table, db, gate = no_id_table(tmp_path), tmp_path / "data.db", tmp_path / "gate"
    gate.mkdir()
    open_store(db, daily_backup=False).close()
    children = [subprocess.Popen([sys.executable, "-c", PLAN_WAIT_APPLY, str(db), str(table), str(gate), str(n),
                                  "3"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                for n in range(3)]
    stored = []
    for child in children:
        out, err = child.communicate(timeout=120)
        assert child.returncode == 0, err
        stored.append(int(out))
    assert sorted(stored) == [0, 0, 300]  # the first to write stores the rows; the others find them
    with open_store(db, daily_backup=False) as store:
        assert store.count() == 300


def test_concurrent_cli_imports_store_each_row_once(tmp_path):
    """Real `sitrep import --yes` processes started together (issue 11 saw 600 or 900 rows)."""
    table = no_id_table(tmp_path)
    for run in range(2):
        db = str(tmp_path / f"run{run}.db")
        run_cli("list", "--db", db), run_cli("list", "--db", db)  # created first: only the imports race
        with ThreadPoolExecutor(6) as pool:
            results = list(pool.map(lambda _: run_cli("import", str(table), "--yes", "--db", db), range(6)))
        assert [result.returncode for result in results] == [0] * 6, [result.stderr for result in results]
        assert len(json.loads(run_cli("list", "--json", "--db", db).stdout)) == 300
        imported = [int(found.group(1)) if (found := re.search(r"Imported (\d+) incident", r.stdout)) else 0
                    for r in results]
        assert sum(imported) == 300
        for result, count in zip(results, imported):
            if "300 to import" in result.stdout and count < 300:  # planned before the first one wrote
                assert f"{300 - count} incidents were stored by another window or process" in result.stdout


# 4. A CSV row whose first cell starts with "#" was dropped as an HXL hashtag row.


def test_a_row_starting_with_a_hash_is_data_not_hxl(tmp_path, store):
    path = tmp_path / "hash.csv"
    path.write_text("narrative_en,date,place_en,attack_types,target_kinds,certainty\n"
                    "#Idlib: shelling hit the hospital at dawn,2020-02-03,Ariha,airstrike,hospital,probable\n"
                    "Second incident,2020-02-04,Saraqib,airstrike,hospital,probable\n", encoding="utf-8")
    plan = plan_import(path, store)
    assert [row.number for row in plan.rows] == [2, 3]
    assert plan.rows[0].incident.narrative.en == "#Idlib: shelling hit the hospital at dawn"
    result = run_cli("import", str(path), "--dry-run", "--db", str(tmp_path / "cli.db"))
    assert "2 rows read: 2 to import" in result.stdout


@pytest.mark.parametrize("tags", [
    ["#description +i_en", "#date +occurred", "#loc +name", "#event +type", "#loc +facility +type", "#meta"],
    ["#description+i_en", "#date", "", "", "", ""],  # hashtags without spaces, some columns untagged
    ["'#description +i_en", " #date +occurred ", "#loc", "#event", "#loc", "#meta"],  # spreadsheet quirks
])
def test_a_real_hashtag_row_is_still_skipped(tmp_path, store, tags):
    path = tmp_path / "hxl.csv"
    path.write_text("narrative_en,date,place_en,attack_types,target_kinds,certainty\n" + ",".join(tags) + "\n"
                    "Hospital hit,2020-02-03,Ariha,airstrike,hospital,probable\n", encoding="utf-8")
    plan = plan_import(path, store)
    assert [row.number for row in plan.rows] == [3] and plan.rows[0].status == "new"


# 7. A JSON number of more than 4,300 digits ended in "Unexpected error" (exit 3).


def huge_number_json(tmp_path):
    data = load_json(SAMPLES / "kafr-naha-field-hospital.json")
    data["casualties"] = [{"group": "civilians", "killed": 0}]
    text = json.dumps(data).replace('"killed": 0', '"killed": ' + "9" * 5000, 1)
    assert "9" * 5000 in text
    path = tmp_path / "huge.json"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("command", [["validate"], ["add", "--db", "{db}"], ["import", "--yes", "--db", "{db}"],
                                     ["render", "-o", "{pdf}"]])
def test_a_huge_json_number_is_bad_input(tmp_path, command):
    path = huge_number_json(tmp_path)
    args = [part.format(db=tmp_path / "d.db", pdf=tmp_path / "out.pdf") for part in command]
    result = run_cli(args[0], str(path), *args[1:])
    assert result.returncode == 1, result.stderr
    assert "more than 4300 digits" in result.stderr and "Unexpected" not in result.stderr
    arabic = run_cli(args[0], str(path), *args[1:], lang="ar_SY.UTF-8")
    assert arabic.returncode == 1 and "4300" in arabic.stderr and "digits" not in arabic.stderr
    assert not (tmp_path / "out.pdf").exists()


def test_a_huge_number_in_a_pdfs_embedded_json_is_bad_input(tmp_path, store):
    from pypdf import PdfWriter

    from sitrep.exchange.pdf_data import ATTACHMENT_NAME

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_attachment(ATTACHMENT_NAME, huge_number_json(tmp_path).read_bytes())
    pdf = tmp_path / "huge.pdf"
    with pdf.open("wb") as handle:
        writer.write(handle)
    with pytest.raises(InputError) as raised:
        plan_import(pdf, store)
    assert [problem.code for problem in raised.value.problems] == ["number_too_long"]
    result = run_cli("import", str(pdf), "--db", str(tmp_path / "cli.db"))
    assert result.returncode == 1 and "Unexpected" not in result.stderr


def test_a_huge_number_in_the_settings_or_the_autosave_is_not_a_crash(tmp_path):
    from sitrep.autosave import Autosave
    from sitrep.settings import Settings, load_settings

    path = tmp_path / "settings.json"
    path.write_text('{"ui_language": ' + "1" * 5000 + "}", encoding="utf-8")
    settings, problems = load_settings(path)
    assert settings == Settings() and [problem.code for problem in problems] == ["settings_unreadable"]
    autosave = Autosave(tmp_path / "autosave")
    autosave.folder.mkdir()
    autosave.path.write_text('{"form_state": ' + "1" * 5000 + "}", encoding="utf-8")
    assert autosave.pending() is None
    assert [p.name.startswith("current.corrupt-") for p in autosave.folder.iterdir()] == [True]  # kept aside


# 10. /dev/zero and /dev/urandom passed the size check (st_size 0) and ended in MemoryError.

DEVICES = pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero and /dev/urandom")


@DEVICES
@pytest.mark.parametrize("command", [["import", "/dev/zero", "--dry-run"], ["validate", "/dev/urandom"]])
def test_devices_are_refused_before_reading(tmp_path, command):
    result = run_cli(*command, "--db", str(tmp_path / "d.db")) if command[0] == "import" else run_cli(*command)
    assert result.returncode == 1, result.stderr
    assert "not an ordinary file" in result.stderr and "Unexpected" not in result.stderr


@DEVICES
def test_attaching_a_device_is_refused(tmp_path):
    db = str(tmp_path / "d.db")
    assert run_cli("add", str(SAMPLES / "kafr-naha-field-hospital.json"), "--db", db).returncode == 0
    result = run_cli("attach", "kafr-naha-2016-05-07", "/dev/urandom", "--db", db)
    assert result.returncode == 1 and "not an ordinary file" in result.stderr, result.stderr
    arabic = run_cli("attach", "kafr-naha-2016-05-07", "/dev/urandom", "--db", db, lang="ar_SY.UTF-8")
    assert arabic.returncode == 1 and "ordinary" not in arabic.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes as files are POSIX")
def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "incidents.json"
    os.mkfifo(fifo)
    result = run_cli("import", str(fifo), "--dry-run", "--db", str(tmp_path / "d.db"), timeout=30)
    assert result.returncode == 1 and "not an ordinary file" in result.stderr, result.stderr


def test_read_limited_reads_at_most_one_byte_over_the_limit(tmp_path):
    path = tmp_path / "data.bin"
    path.write_bytes(b"x" * 1000)
    assert read_limited(path, 1000) == b"x" * 1000
    with pytest.raises(TooLargeError) as raised:
        read_limited(path, 999)
    assert raised.value.size == 1000
    with pytest.raises(NotAFileError):
        read_limited(tmp_path, 1000)  # a folder
    with pytest.raises(FileNotFoundError):
        read_limited(tmp_path / "missing", 1000)


# 9. A Windows-1256 CSV (Excel's "CSV" on an Arabic Windows) was refused without saying how to fix it.

MIXED = DATA / "exchange" / "mixed_rows.csv"


def windows_arabic_csv(tmp_path) -> Path:
    path = tmp_path / "excel.csv"
    path.write_bytes(MIXED.read_text(encoding="utf-8").encode("cp1256"))
    return path


def test_a_windows_1256_csv_is_recognised_previewed_and_read_when_asked(tmp_path, store):
    path = windows_arabic_csv(tmp_path)
    with pytest.raises(InputError) as raised:
        plan_import(path, store)
    assert [problem.code for problem in raised.value.problems] == ["csv_cp1256"]
    assert 'save it again as "CSV UTF-8' in raised.value.problems[0].message("en")
    assert legacy_encoding(raised.value) == "cp1256"
    preview = encoding_preview(path, "cp1256")
    assert preview[0] == "أريحا | مشفى أريحا الجراحي | غارة جوية أصابت باحة المشفى." and len(preview) == 5
    plan = plan_import(path, store, encoding="cp1256")
    assert [row.incident for row in plan.rows] == [row.incident for row in plan_import(MIXED, store).rows]
    assert plan.rows[0].incident.location.place.ar == "أريحا"
    # The option is only a fallback: a UTF-8 file is still read as UTF-8.
    assert plan_import(MIXED, store, encoding="cp1256").rows[0].incident.location.place.ar == "أريحا"


@pytest.mark.parametrize("raw", [
    "date,place_en\n2020-01-01,Hôpital Sainte-Thérèse\n".encode("cp1252"),  # Western Windows: not Arabic
    MIXED.read_bytes()[:-40] + b"\xff" + MIXED.read_bytes()[-40:],  # UTF-8 Arabic with one bad byte
    b"id,date\n\xff\xfe,2020-01-01\n",
])
def test_other_text_that_is_not_utf8_says_how_to_save_it(tmp_path, store, raw):
    path = tmp_path / "other.csv"
    path.write_bytes(raw)
    with pytest.raises(InputError) as raised:
        plan_import(path, store)
    assert [problem.code for problem in raised.value.problems] == ["csv_not_utf8"]
    assert "CSV UTF-8" in raised.value.problems[0].message("en") and legacy_encoding(raised.value) is None


def test_cli_shows_the_decoded_arabic_and_reads_it_with_the_option(tmp_path):
    path, db = windows_arabic_csv(tmp_path), str(tmp_path / "d.db")
    refused = run_cli("import", str(path), "--yes", "--db", db)
    assert refused.returncode == 1 and "Windows-1256" in refused.stderr and "Traceback" not in refused.stderr
    assert "أريحا" in refused.stderr and "--encoding cp1256" in refused.stderr  # the preview, then the way
    arabic = run_cli("import", str(path), "--dry-run", "--db", db, lang="ar_SY.UTF-8")
    assert arabic.returncode == 1 and "--encoding cp1256" in arabic.stderr and "Excel" in arabic.stderr
    assert "Save" not in arabic.stderr
    done = run_cli("import", str(path), "--encoding", "cp1256", "--yes", "--db", db)
    assert done.returncode == 1 and "Imported 2 incidents." in done.stdout  # 1: the file's invalid rows
    stored = json.loads(run_cli("list", "--json", "--db", db).stdout)
    assert {item["location"]["place"]["ar"] for item in stored} == {"أريحا", "بنش"}


@pytest.mark.skipif(os.name != "posix", reason="a pseudo-terminal to answer on")
@pytest.mark.parametrize("answer, imported", [("y", True), ("n", False)])
def test_cli_asks_on_a_terminal_whether_to_read_windows_1256(tmp_path, answer, imported):
    import pty

    path, db = windows_arabic_csv(tmp_path), str(tmp_path / "d.db")
    main, terminal = pty.openpty()
    try:
        # Two answers typed ahead: the encoding, then the import itself.
        os.write(main, f"{answer}\ny\n".encode())
        result = run_cli("import", str(path), "--db", db, stdin=terminal, timeout=60)
    finally:
        os.close(main), os.close(terminal)
    assert "أريحا" in result.stderr and "Read it as Windows-1256?" in result.stdout
    assert ("Imported 2 incidents." in result.stdout) is imported
    assert ("Nothing was imported." in result.stdout) is not imported


# The same holes through the desktop app (its code unchanged: it calls plan_import/apply_import).


def test_gui_import_dialog_left_open_while_the_cli_imports_stores_each_row_once(make_window, qtbot, tmp_path, user):
    window = make_window()
    table = no_id_table(tmp_path)
    user.open_paths.append(table)
    window.import_action.trigger()
    qtbot.waitUntil(lambda: getattr(window, "import_dialog", None) is not None, timeout=WAIT_MS)
    dialog = window.import_dialog
    assert dialog.import_button.text() == "Import 300 incidents"
    # While the dry run is on screen, another process imports the same file.
    assert run_cli("import", str(table), "--yes", "--db", str(window.store.path)).returncode == 0
    dialog.import_button.click()
    qtbot.waitUntil(lambda: "Imported" in window.statusBar().currentMessage())
    assert window.store.count() == 300
    assert window.statusBar().currentMessage() == (
        "Imported 0 incidents. 300 incidents were stored by another window or process after the check: "
        "they were skipped.")


def test_gui_import_of_a_huge_json_number_says_why(make_window, qtbot, tmp_path, user):
    window = make_window()
    user.open_paths.append(huge_number_json(tmp_path))
    window.import_action.trigger()
    qtbot.waitUntil(lambda: bool(user.messages) and not window.jobs.busy, timeout=WAIT_MS)
    dialogs = user.messages
    assert "more than 4300 digits" in dialogs[-1][1] and window.store.count() == 0


@pytest.mark.parametrize("answer, imported", [("Yes", 2), ("No", 0)])
def test_gui_offers_to_read_a_windows_1256_csv_after_showing_its_arabic(make_window, qtbot, tmp_path, user,
                                                                         monkeypatch, answer, imported):
    from PySide6.QtWidgets import QMessageBox

    asked = []

    def question(parent, title, text, *args, **kwargs):
        asked.append(text)
        return getattr(QMessageBox.StandardButton, answer)

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    window = make_window()
    user.open_paths.append(windows_arabic_csv(tmp_path))
    window.import_action.trigger()
    qtbot.waitUntil(lambda: bool(asked) and not window.jobs.busy, timeout=WAIT_MS)
    assert 'save it again as "CSV UTF-8' in asked[0]
    assert "أريحا | مشفى أريحا الجراحي | غارة جوية أصابت باحة المشفى." in asked[0]
    if imported:
        qtbot.waitUntil(lambda: getattr(window, "import_dialog", None) is not None, timeout=WAIT_MS)
        assert window.import_dialog.model.text(0, 3) == "أريحا"
        window.import_dialog.import_button.click()
    qtbot.wait(200)
    assert window.store.count() == imported and len(asked) == 1
