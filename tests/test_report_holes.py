"""Holes found by attack (issue 11): reports and confidentiality.

Each test was written first and failed on the code before its fix. Everything is
real: SQLite files, `sitrep` processes (run_cli), WeasyPrint PDFs read back with
pypdfium2, Pillow images.
"""

from __future__ import annotations

import json
import os

import pytest
from conftest import run_cli
from test_photos import _images_in, phone_photo

from sitrep.textcheck import pdf_text


def test_render_id_with_a_relative_db_prints_the_photo(tmp_path, kafr_naha):
    """Item 6: `--db data.db` (relative) ended in "relative path can't be expressed as a file URI"."""
    (tmp_path / "incident.json").write_text(json.dumps(kafr_naha, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "IMG_0001.JPG").write_bytes(phone_photo(400, 300))
    incident_id = run_cli("add", "--db", "data.db", "incident.json", cwd=tmp_path).stdout.strip()
    attached = run_cli("attach", "--db", "data.db", incident_id, "IMG_0001.JPG", "--caption-en", "Entrance",
                       "--publishable", cwd=tmp_path)
    assert attached.returncode == 0, attached.stderr
    done = run_cli("render", "--db", "data.db", "--id", incident_id, "-o", "flash.pdf", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    data = (tmp_path / "flash.pdf").read_bytes()
    assert _images_in(data) == 1 and "Entrance" in pdf_text(data)
