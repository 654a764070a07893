"""Nothing about an incident is written in the clear, anywhere but where the user exported it.

A session through the real command line and the real window, with planted strings in Latin and
Arabic script in a source's name, the internal notes and a photo caption: add, attach a photo,
an internal flash update, an internal situation report with details (twice: the second one from
the cache), an internal data export, the form opened (its photo's thumbnail), typed and autosaved,
the live preview (with the photo). Then every file under the data folder (the database, its WAL,
its backups and the photos included), and under the config, cache and temporary folders the
session used, is read back: raw bytes as UTF-8 and UTF-16, zlib and gzip streams, and the text and
attachments of any PDF found in them. No file there may be a plaintext SQLite database, and no
stored photo a JPEG or PNG. Exports go where the user chose (outside those folders) and are not read.
"""

from __future__ import annotations

import io
import json
import re
import zlib
from pathlib import Path

from helpers import SAMPLES, WAIT_MS, images_in, load_json, phone_photo, run_cli
from sitrep.photos import IMAGE_SIGNATURES, STORED_NAME
from sitrep.sealing import MAGIC

PLANTED = ("LEAK-SOURCE-5521", "مصدر-سري-٥٥٢١", "LEAK-NOTE-7730", "ملاحظة-سرية", "LEAK-CAPTION-3318", "تعليق-سري")
def planted_incident() -> dict:
    data = load_json(SAMPLES / "kafr-naha-field-hospital.json")
    data["id"] = "leak-test-2016-05-07"
    data["sources"] = [{"type": "eyewitness", "name": f"{PLANTED[0]} {PLANTED[1]}", "date": "2016-05-07"}]
    data["internal_notes"] = f"{PLANTED[2]} {PLANTED[3]}"
    return data


def leaks(folder: Path) -> list[str]:
    """What of the planted strings, or of a plaintext database, any file under ``folder`` holds."""
    found = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.is_symlink():
            continue
        data = path.read_bytes()
        if data.startswith(b"SQLite format 3"):
            found.append(f"{path}: an SQLite database in the clear")
        if b"%PDF" in data[:1024]:  # no PDF belongs there: exports go where the user chose
            found.append(f"{path}: a PDF")
        readings = [data, *inflated(data), *pdf_contents(data)]
        for secret in PLANTED:
            for encoded in (secret.encode("utf-8"), secret.encode("utf-16-le"), secret.encode("utf-16-be")):
                if any(encoded in reading for reading in readings):
                    found.append(f"{path}: {secret}")
    return found


def inflated(data: bytes) -> list[bytes]:
    """Every zlib stream (a PDF's "stream", or a bare zlib header) and gzip member in ``data``, inflated."""
    streams = []
    for start in re.finditer(rb"stream\r?\n|\x78[\x01\x5e\x9c\xda]|\x1f\x8b\x08", data):
        if start.group().startswith(b"s"):
            offset, wbits = start.end(), zlib.MAX_WBITS
        else:
            offset, wbits = start.start(), 31 if start.group().startswith(b"\x1f") else zlib.MAX_WBITS
        try:
            streams.append(zlib.decompressobj(wbits).decompress(data[offset:]))
        except zlib.error:
            pass
    return streams


def pdf_contents(data: bytes) -> list[bytes]:
    """The text layer and the embedded files of every PDF that starts anywhere in ``data``.

    Text in a PDF is glyph numbers of a subset font: a planted string would not show in its bytes."""
    import pypdf
    import pypdfium2

    from textcheck import pdf_text

    contents = []
    for start in re.finditer(rb"%PDF-", data):
        document = data[start.start():]
        try:
            contents.append(pdf_text(document).encode("utf-8"))
        except pypdfium2.PdfiumError:
            continue
        try:
            attachments = pypdf.PdfReader(io.BytesIO(document)).attachments
            contents += [body for bodies in attachments.values() for body in bodies]
        except pypdf.errors.PyPdfError:
            pass
    return contents


def sealed_photos(data_folder: Path) -> list[str]:
    """What is wrong with the stored photos: each must be sealed, none a JPEG or PNG."""
    wrong = []
    files = [path for path in (data_folder / "photos").iterdir() if STORED_NAME.match(path.name)]
    for path in files:
        head = path.read_bytes()[:len(MAGIC)]
        if head.startswith(IMAGE_SIGNATURES) or head != MAGIC:
            wrong.append(f"{path}: not sealed")
    return wrong if files else ["no photo was stored"]


def test_a_whole_session_leaves_nothing_in_the_clear_outside_the_store(make_window, qtbot, tmp_path, monkeypatch):
    import tempfile

    config, cache, temp = tmp_path / "config", tmp_path / "cache", tmp_path / "temp"
    data_folder, exports = tmp_path / "data", tmp_path / "exports"
    for folder in (config, cache, temp, exports):
        folder.mkdir()
    env = {"SITREP_CONFIG_DIR": str(config), "SITREP_CACHE_DIR": str(cache), "TMPDIR": str(temp),
           "TEMP": str(temp), "TMP": str(temp)}
    db = str(data_folder / "sitrep.db")
    source = tmp_path / "incident.json"
    source.write_text(json.dumps(planted_incident(), ensure_ascii=False), encoding="utf-8")
    (exports / "phone.jpg").write_bytes(phone_photo(400, 300))

    # The command line.
    steps = [
        ("add", "--db", db, str(source)),
        ("attach", "--db", db, "leak-test-2016-05-07", str(exports / "phone.jpg"), "--caption-en", PLANTED[4],
         "--caption-ar", PLANTED[5], "--publishable"),  # publishable: the (public) preview prints it too
        ("render", "--db", db, "--id", "leak-test-2016-05-07", "--profile", "internal", "-o",
         str(exports / "flash.pdf")),
        ("report", "--db", db, "--from", "2016-05-01", "--to", "2016-05-31", "--details", "--profile", "internal",
         "-o", str(exports / "report.pdf")),
        ("report", "--db", db, "--from", "2016-05-01", "--to", "2016-05-31", "--details", "--profile", "internal",
         "-o", str(exports / "report-again.pdf")),
        ("export", "--db", db, "--profile", "internal", "--format", "csv", "-o", str(exports / "data.csv")),
    ]
    for step in steps:
        done = run_cli(*step, env_extra=env)
        assert done.returncode == 0, (step, done.stderr)
    assert PLANTED[0].encode() in (exports / "data.csv").read_bytes()  # the planted strings were really there
    assert images_in((exports / "flash.pdf").read_bytes()) == 1  # the photo was really printed

    # The window: the same store, the form typed with planted text, autosaved, previewed. The
    # render process it starts inherits the environment: its temporary files go to ``temp`` too.
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    window = make_window(data_folder=data_folder)
    window.open_incident("leak-test-2016-05-07")
    assert not window.form.photos.table.cellWidget(0, 0).pixmap().isNull()  # the thumbnail, made in memory
    window.form.narrative.edits["en"].setPlainText(f"Typed: {PLANTED[2]}")
    window.dirty = True
    window.autosave_now()
    with qtbot.waitSignal(window.preview.rendered, timeout=WAIT_MS):
        window.refresh_preview(immediately=True)
    assert images_in(bytes(window.preview._buffer.data())) == 1  # the render process unsealed the photo

    found = [*leaks(config), *leaks(cache), *leaks(temp), *leaks(data_folder), *sealed_photos(data_folder)]
    assert list(cache.rglob("*.sealed")), "the report cache was not used"
    assert list((data_folder / "autosave").glob("*.sealed")), "nothing was autosaved"
    assert list((data_folder / "backups").iterdir()) and (data_folder / "sitrep.db-wal").exists(), \
        "the backups and the WAL were not there to be read"
    assert not found, found
