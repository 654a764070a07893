"""Photos: real images through Pillow, stored, attached, printed (or not) in real PDFs."""

from __future__ import annotations

import io
import os

import pytest
from helpers import SECRET_BITS, XMP, images_in, phone_photo, run_cli, open_store
from PIL import Image, PngImagePlugin

from sitrep.render.bilingual import Options
from sitrep.contract.documents import parse_incident
from sitrep.flash_update.pdf import as_report, render_flash_update
from sitrep.photos import (MAX_SIDE, PHOTO_KEY, attach_photo, clean_photo, read_stored, seal_legacy_photos,
                           stored_file)
from sitrep.sealing import MAGIC
from sitrep.contract.problems import InputError
from sitrep.render.engine import default_renderer

from sitrep.flash_update.layout import default_layout
from textcheck import pdf_text


def test_phone_photo_loses_every_metadata_and_is_turned_upright():
    original = phone_photo()
    assert all(bit in original for bit in SECRET_BITS[:4])  # the test photo really carries them
    photo = clean_photo(original)
    for bit in SECRET_BITS:
        assert bit not in photo.data, bit
    with Image.open(io.BytesIO(photo.data)) as cleaned:
        assert cleaned.format == "JPEG"
        assert not cleaned.getexif() and cleaned.getexif().get_ifd(0x8825) == {}
        assert not {"exif", "xmp", "comment", "icc_profile"} & cleaned.info.keys()
        assert cleaned.size == (MAX_SIDE * 2 // 3, MAX_SIDE) == (photo.width, photo.height)  # upright, scaled


def test_png_keeps_transparency_but_not_its_text_chunks():
    image = Image.new("RGBA", (40, 30), (10, 20, 30, 100))
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "SECRET-PHOTOGRAPHER")
    info.add_itxt("XML:com.adobe.xmp", XMP.decode())
    out = io.BytesIO()
    image.save(out, "PNG", pnginfo=info)
    photo = clean_photo(out.getvalue())
    assert photo.extension == "png" and b"SECRET" not in photo.data
    with Image.open(io.BytesIO(photo.data)) as cleaned:
        assert cleaned.mode == "RGBA" and not cleaned.text


def _bytes_of(image: Image.Image, kind: str) -> bytes:
    out = io.BytesIO()
    image.save(out, kind)
    return out.getvalue()


@pytest.mark.parametrize("data, code", [
    (b"GIF89a but really a text file named photo.jpg", "photo_not_an_image"),
    (_bytes_of(Image.new("RGB", (8, 8)), "GIF"), "photo_not_an_image"),  # a real image of another type
    (_bytes_of(Image.new("RGB", (8, 8)), "BMP"), "photo_not_an_image"),
    (_bytes_of(Image.new("1", (12_000, 12_000)), "PNG"), "photo_too_many_pixels"),  # a bomb: tiny file, 144 MP
    (phone_photo(300, 200)[:900], "photo_unreadable"),  # cut off in the middle
    (b"", "photo_not_an_image"),
])
def test_bad_photos_are_refused_with_a_message(data, code):
    with pytest.raises(InputError) as caught:
        clean_photo(data)
    problem = caught.value.problems[0]
    assert problem.code == code
    assert problem.message("ar") != problem.message("en") and problem.path == "attachments"


def test_a_huge_file_is_refused_before_it_is_read(tmp_path):
    from sitrep.photos import read_photo

    big = tmp_path / "huge.jpg"
    with big.open("wb") as handle:  # sparse: 100 MB on paper, nothing on disk
        handle.truncate(100 * 1024 * 1024)
    with pytest.raises(InputError) as caught:
        read_photo(big)
    assert caught.value.problems[0].code == "photo_too_large"


@pytest.fixture
def stored(tmp_path, kafr_naha):
    """A stored incident with one publishable and one internal-only photo."""
    (tmp_path / "phone.jpg").write_bytes(phone_photo(600, 400))
    (tmp_path / "other.png").write_bytes(_bytes_of(Image.new("RGB", (300, 200), (0, 120, 0)), "PNG"))
    with open_store(tmp_path / "data" / "sitrep.db") as store:
        incident = parse_incident(kafr_naha)
        store.add(incident)
        attach_photo(store, incident.id, tmp_path / "phone.jpg", "الجناح الشرقي بعد الغارة",
                     "The east wing after the strike", publishable=True)
        attach_photo(store, incident.id, tmp_path / "other.png", "صورة داخلية", "INTERNAL-ONLY-CAPTION")
        yield store, store.get(incident.id)


def test_photos_print_with_captions_and_public_reports_keep_only_publishable_ones(stored):
    store, incident = stored
    assert [a.publishable for a in incident.attachments] == [True, False]
    assert all(stored_file(store.photo_dir, a.path) for a in incident.attachments)
    key = store.file_key(PHOTO_KEY)
    internal, _, _ = render_flash_update(incident, profile="internal", photo_dir=store.photo_dir, photo_key=key)
    public, _, _ = render_flash_update(incident, profile="public", photo_dir=store.photo_dir, photo_key=key)
    assert images_in(internal) == 2 and images_in(public) == 1
    assert "INTERNAL-ONLY-CAPTION" in pdf_text(internal) and "INTERNAL-ONLY-CAPTION" not in pdf_text(public)
    assert "east wing" in pdf_text(public) and "الشرقي" in pdf_text(public)
    for bit in SECRET_BITS[:4]:
        assert bit not in internal


def test_renderer_reads_only_this_incidents_stored_photos(stored, tmp_path):
    store, incident = stored
    elsewhere = tmp_path / "elsewhere.jpg"
    elsewhere.write_bytes(phone_photo(60, 40))
    hostile = incident.model_dump(mode="json")
    hostile["attachments"] += [{"path": p, "caption": {"en": "x"}, "publishable": True} for p in (
        str(elsewhere), elsewhere.as_uri(), "photos/../elsewhere.jpg", "../elsewhere.jpg", "/etc/passwd",
        "photos/" + "0" * 64 + ".jpg")]  # the last one has the right form but does not exist
    report = as_report(parse_incident(hostile))
    renderer = default_renderer()
    options = Options(profile="internal", photo_dir=str(store.photo_dir), photo_key=store.file_key(PHOTO_KEY))
    fetcher = renderer.fetcher()
    data, _ = default_layout().pdf(report, options, fetcher=fetcher)
    fonts = {path.as_uri() for path in renderer.font_files.values()}
    # The stored photos come unsealed in memory as data: URLs; no file but the fonts is read.
    files = {url for url in fetcher.requests if not url.startswith("data:")}
    assert files <= fonts, files
    assert images_in(data) == 2


def test_a_photo_file_from_an_incident_file_is_never_read(tmp_path, kafr_naha):
    """Rendering a file (not a stored incident) prints no photo, whatever its paths say."""
    kafr_naha["attachments"] = [{"path": "/etc/passwd", "caption": {"en": "x"}, "publishable": True}]
    data, _, _ = render_flash_update(parse_incident(kafr_naha), photo_dir=tmp_path)
    assert images_in(data) == 0 and b"root:" not in data


def test_attach_command_and_render_of_a_stored_incident(tmp_path, kafr_naha):
    db = tmp_path / "data" / "sitrep.db"
    photo = tmp_path / "IMG_0001.JPG"
    photo.write_bytes(phone_photo(800, 600))
    sample = tmp_path / "incident.json"
    sample.write_text(__import__("json").dumps(kafr_naha, ensure_ascii=False), encoding="utf-8")
    incident_id = run_cli("add", "--db", str(db), str(sample)).stdout.strip()
    done = run_cli("attach", "--db", str(db), incident_id, str(photo), "--caption-en", "Entrance",
                   "--caption-ar", "المدخل", "--publishable")
    assert done.returncode == 0, done.stderr
    assert "metadata removed" in done.stdout
    (stored_photo,) = (db.parent / "photos").iterdir()
    assert stored_photo.read_bytes().startswith(MAGIC)  # sealed: no JPEG header, no pixels
    with open_store(db) as store:
        cleaned = read_stored(store.photo_dir, f"photos/{stored_photo.name}", store.file_key(PHOTO_KEY))
    assert cleaned.startswith(b"\xff\xd8\xff") and b"SecretCam" not in cleaned
    if os.name == "posix":
        assert stored_photo.stat().st_mode & 0o077 == 0  # private, like the database
    out = tmp_path / "flash.pdf"
    rendered = run_cli("render", "--db", str(db), "--id", incident_id, "-o", str(out))
    assert rendered.returncode == 0, rendered.stderr
    assert images_in(out.read_bytes()) == 1 and "Entrance" in pdf_text(out.read_bytes())
    # A text file with a photo's name: a message in Arabic, nothing stored or changed.
    fake = tmp_path / "fake.jpg"
    fake.write_text("not a photo")
    refused = run_cli("attach", "--db", str(db), incident_id, str(fake), lang="ar_SY.UTF-8")
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "JPEG" in refused.stderr and any("\u0600" <= ch <= "\u06ff" for ch in refused.stderr)
    assert len(list((db.parent / "photos").iterdir())) == 1


def test_stored_photos_are_named_by_the_stores_key_not_by_their_content(tmp_path, kafr_naha):
    """A plain SHA-256 name lets whoever holds a copy of a photo confirm it is stored here."""
    import hashlib

    (tmp_path / "phone.jpg").write_bytes(phone_photo(400, 300))
    cleaned = clean_photo(phone_photo(400, 300)).data
    names = []
    for folder in ("one", "two"):
        with open_store(tmp_path / folder / "data.db") as store:
            store.add(parse_incident(kafr_naha))
            for _ in range(2):  # the same photo twice: one file
                attach_photo(store, kafr_naha["id"], tmp_path / "phone.jpg")
            paths = {attachment.path for attachment in store.get(kafr_naha["id"]).attachments}
            assert len(paths) == 1 and len(list(store.photo_dir.iterdir())) == 1
            names.append(paths.pop())
    assert hashlib.sha256(cleaned).hexdigest() not in names[0]
    assert names[0] != names[1]  # each store its own key


def test_a_stored_photo_is_sealed_and_opens_only_with_its_key_and_name(stored, tmp_path):
    store, incident = stored
    key = store.file_key(PHOTO_KEY)
    for attachment in incident.attachments:
        data = stored_file(store.photo_dir, attachment.path).read_bytes()
        assert data.startswith(MAGIC) and not data.startswith((b"\xff\xd8\xff", b"\x89PNG"))
        with Image.open(io.BytesIO(read_stored(store.photo_dir, attachment.path, key))) as image:
            assert image.format in ("JPEG", "PNG")
        assert read_stored(store.photo_dir, attachment.path, b"\0" * 32) is None  # another store's key
        assert read_stored(store.photo_dir, attachment.path, None) is None
    first, second = (stored_file(store.photo_dir, a.path) for a in incident.attachments)
    other = tmp_path / "elsewhere" / first.name
    other.parent.mkdir()
    other.write_bytes(second.read_bytes())  # one sealed photo copied under another's name
    assert read_stored(other.parent, incident.attachments[0].path, key) is None


def test_an_older_versions_plaintext_photos_are_read_and_sealed_when_the_store_opens(tmp_path, kafr_naha):
    """Photos stored in the clear by the previous version (named by the keyed hash, or by a plain
    SHA-256 before that) still print, and are sealed in place at the next opening."""
    import hashlib
    import hmac

    db = tmp_path / "data" / "sitrep.db"
    cleaned = clean_photo(phone_photo(400, 300)).data
    with open_store(db) as store:
        key = store.file_key(PHOTO_KEY)
        store.photo_dir.mkdir()
        keyed = f"{hmac.new(key, cleaned, hashlib.sha256).hexdigest()}.jpg"
        plain = f"{hashlib.sha256(cleaned).hexdigest()}.jpg"
        foreign = f"{'e' * 64}.jpg"  # a JPEG under a name its content does not give
        for name in (keyed, plain, foreign):
            (store.photo_dir / name).write_bytes(cleaned)
        kafr_naha["attachments"] = [{"path": f"photos/{name}", "caption": {"en": name}, "publishable": True}
                                    for name in (keyed, plain, foreign)]
        store.add(parse_incident(kafr_naha))
        assert read_stored(store.photo_dir, f"photos/{keyed}", key) == cleaned
        assert read_stored(store.photo_dir, f"photos/{plain}", key) == cleaned
        assert read_stored(store.photo_dir, f"photos/{foreign}", key) is None
    with open_store(db) as store:  # the opening seals them
        for name in (keyed, plain):
            assert (store.photo_dir / name).read_bytes().startswith(MAGIC)
            assert read_stored(store.photo_dir, f"photos/{name}", key) == cleaned
        assert (store.photo_dir / foreign).read_bytes() == cleaned  # not ours: left alone, never printed
        assert sorted(path.name for path in store.photo_dir.iterdir()) == sorted((keyed, plain, foreign))
        data, _, _ = render_flash_update(store.get(kafr_naha["id"]), profile="internal",
                                         photo_dir=store.photo_dir, photo_key=key)
        assert images_in(data) == 2
        assert seal_legacy_photos(store.photo_dir, key) == 0  # nothing left to do


def test_a_plaintext_copy_left_by_a_crash_while_sealing_is_destroyed_at_the_next_opening(tmp_path):
    """_seal_in_place keeps the plaintext under a second name until the sealed copy is in place;
    killed in between, that name is left: the next opening destroys it, and sitrep wipe knows it."""
    from sitrep.wipe import _PHOTOS

    db = tmp_path / "data" / "sitrep.db"
    with open_store(db) as store:
        store.photo_dir.mkdir()
    aside = store.photo_dir / f".{'a' * 64}.jpg.plain.tmp"
    aside.write_bytes(clean_photo(phone_photo(60, 40)).data)
    assert _PHOTOS.match(aside.name)
    with open_store(db):
        assert not aside.exists()
