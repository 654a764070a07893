"""Wipe (sitrep/wipe.py and ``sitrep wipe``) on real stores: real SQLite files, backups,
photos, autosave and report-parts cache."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from helpers import SAMPLES, load_json, phone_photo, run_cli, open_store
from sitrep.autosave import Autosave
from sitrep.contract.documents import parse_incident
from sitrep.photos import attach_photo
from sitrep.sealing import new_key
from sitrep.situation_report.cache import PartCache

from sitrep.wipe import CONFIRM_WORD, is_confirmation, wipe

PLANTED = "PLANTED-WITNESS-8841"


def planted_folder(tmp_path: Path) -> tuple[Path, Path]:
    """A data folder as weeks of use leave it, every kind of file holding PLANTED; its
    database and the report-parts cache folder."""
    folder, cache = tmp_path / "data", tmp_path / "cache"
    db = folder / "sitrep.db"
    data = load_json(SAMPLES / "kafr-naha-field-hospital.json")
    data["narrative"] = {"en": f"Told by {PLANTED}.", "ar": PLANTED}
    with open_store(db) as store:
        store.add(parse_incident(data))
        (tmp_path / "phone.jpg").write_bytes(phone_photo(600, 400))
        attach_photo(store, data["id"], tmp_path / "phone.jpg")
    open_store(db).close()  # the second opening makes the day's backup, with the incident in it
    backups = folder / "backups"
    assert len(list(backups.glob("sitrep-*.db"))) == 1 and list((folder / "photos").glob("*.jpg"))
    (backups / ".sitrep-20261201.k3j9x.partial").write_text(PLANTED, encoding="utf-8")  # a copy killed half-way
    (backups / ".sitrep-20261201.k3j9x.partial-journal").write_text(PLANTED, encoding="utf-8")
    (folder / "sitrep.db-wal").write_text(PLANTED, encoding="utf-8")  # left by a power cut
    (folder / "sitrep.before-v3.20260101.db").write_text(PLANTED, encoding="utf-8")
    Autosave(folder / "autosave").save({"data": {"narrative": {"en": PLANTED}}})
    (folder / "autosave" / "current.corrupt-20261101T101010Z.json").write_text(PLANTED, encoding="utf-8")
    PartCache(cache, new_key()).store(b"%PDF-1.7 " + PLANTED.encode() + b" %%EOF", [("ab" + "0" * 62, 1, 1)])
    return db, cache


def files_under(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file() and not path.is_symlink()}


def test_wipe_destroys_every_file_sitrep_keeps_and_nothing_else(tmp_path):
    db, cache = planted_folder(tmp_path)
    folder = db.parent
    theirs = {folder / "notes.txt": b"the user's own", folder / "backups" / "README.txt": b"mine",
              folder / "photos" / "holiday.jpg": b"not stored by sitrep", cache / "batches" / "other.pdf": b"mine"}
    for path, content in theirs.items():
        path.write_bytes(content)
    before = sum(len(data) for name, data in files_under(tmp_path).items() if name.startswith(("data", "cache")))

    report = wipe(db, cache)

    assert report.leftovers == []
    assert report.files >= 9 and 0 < report.bytes <= before
    for path, content in theirs.items():
        assert path.read_bytes() == content
    left = files_under(tmp_path)
    assert not any(PLANTED.encode() in data for data in left.values())
    for name in ("sitrep.db", "sitrep.db-wal", "sitrep.before-v3.20260101.db"):
        assert not (folder / name).exists()
    assert list((folder / "backups").iterdir()) == [folder / "backups" / "README.txt"]
    assert not (folder / "autosave").exists()  # emptied, so removed
    assert not (cache / "refs").exists() and (cache / "batches").exists()  # other.pdf keeps its folder

    again = wipe(db, cache)  # a second time: nothing to do, nothing goes wrong
    assert (again.files, again.bytes, again.leftovers) == (0, 0, [])
    assert files_under(tmp_path) == left


@pytest.mark.skipif(os.name != "posix", reason="Windows cannot remove a file that is open")
def test_the_bytes_themselves_are_overwritten_not_only_the_name_removed(tmp_path):
    db, cache = planted_folder(tmp_path)
    with open(db, "rb") as still_open:  # reads the file's blocks after its name is gone
        assert any(still_open.read())  # encrypted now, so the planted text cannot be looked for
        wipe(db, cache)
        still_open.seek(0)
        content = still_open.read()
    assert content and content == bytes(len(content))


def test_links_are_not_followed_and_what_they_point_to_survives(tmp_path):
    db, cache = planted_folder(tmp_path)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    target = outside / "sitrep-20250101.db"
    target.write_text(PLANTED, encoding="utf-8")
    photo = outside / ("f" * 64 + ".jpg")
    photo.write_text(PLANTED, encoding="utf-8")
    try:
        os.symlink(target, db.parent / "backups" / "sitrep-20250101.db")
        os.symlink(outside, db.parent / "autosave-link")
        (db.parent / "photos").rename(tmp_path / "photos-moved")
        os.symlink(outside, db.parent / "photos", target_is_directory=True)
    except OSError:
        pytest.skip("this system does not let a user make symbolic links")

    report = wipe(db, cache)

    assert target.read_text(encoding="utf-8") == photo.read_text(encoding="utf-8") == PLANTED
    assert {Path(leftover.path).name: leftover.code for leftover in report.leftovers} == {
        "sitrep-20250101.db": "link", "photos": "link"}
    assert (db.parent / "photos").is_symlink() and (db.parent / "autosave-link").is_symlink() and not db.exists()


def test_the_confirmation_word_is_typed_however_arabic_or_case_is_typed():
    assert is_confirmation(" destroy ", CONFIRM_WORD)
    assert is_confirmation("إتلاف", "اتلاف") and is_confirmation("DESTROY", "اتلاف")
    assert not is_confirmation("", CONFIRM_WORD) and not is_confirmation("yes", CONFIRM_WORD)


def test_command_refuses_without_yes_and_destroys_with_it(tmp_path):
    db, cache = planted_folder(tmp_path)
    env = {"SITREP_CACHE_DIR": str(cache)}
    before = files_under(tmp_path)

    refused = run_cli("wipe", "--db", str(db), env_extra=env, stdin=subprocess.DEVNULL)
    assert refused.returncode != 0 and "Nothing was changed" in refused.stderr and "--yes" in refused.stderr
    arabic = run_cli("wipe", "--db", str(db), env_extra=env, stdin=subprocess.DEVNULL, lang="ar_SY.UTF-8")
    assert arabic.returncode != 0 and "لم يتغير" in arabic.stderr
    assert files_under(tmp_path) == before

    done = run_cli("wipe", "--db", str(db), "--yes", env_extra=env, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr
    assert "Overwritten and removed" in done.stdout and "cannot be reached" in done.stdout
    assert not db.exists() and not (db.parent / "backups").exists() and not (db.parent / "photos").exists()
    assert not any(PLANTED.encode() in data for data in files_under(tmp_path).values())
