"""The built wheel carries templates, compiled catalogs and resources, and renders
from a fresh virtual environment, away from the source tree."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
import zipfile

import pytest

from helpers import ROOT, pdf_pages

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out), str(ROOT)],
                   check=True, timeout=600)
    (built,) = out.glob("sitrep-*.whl")
    return built


def test_wheel_contents(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in ("sitrep/_data/templates/flash_update.html", "sitrep/_data/templates/report.css",
                     "sitrep/_data/locale/ar/LC_MESSAGES/sitrep.mo", "sitrep/_data/locale/en/LC_MESSAGES/sitrep.mo",
                     "sitrep/_data/resources/samples/demo-report.json", "sitrep/cli/main.py", "gui/__init__.py",
                     "sitrep/contract/model.py", "sitrep/exchange/formats.py", "sitrep/situation_report/pipeline.py"):
        assert required in names, required
    # What only the tests use stays out of what users install.
    assert not [name for name in names if "textcheck" in name or name.startswith("tests/") or "/tests/" in name]


def test_wheel_renders_from_a_fresh_venv(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(wheel)],
                   check=True, timeout=900)
    # Without PYTHONPATH: a test run with PYTHONPATH=<source tree> would import the tree, not the wheel.
    alone = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    where = subprocess.run([str(python), "-c", "import sitrep.paths as p; print(p.TEMPLATES_DIR)"],
                           capture_output=True, text=True, check=True, cwd=tmp_path, env=alone).stdout.strip()
    assert where.startswith(str(env_dir)), where

    output = tmp_path / "demo.pdf"
    result = subprocess.run([str(env_dir / "bin" / "sitrep"), "demo", "-o", str(output)], capture_output=True,
                            text=True, cwd=tmp_path, env={"LANG": "ar_SY.UTF-8", "PATH": "/usr/bin:/bin"},
                            timeout=300)
    assert result.returncode == 0, result.stderr
    assert "صفحة واحدة" in result.stdout  # Arabic catalog found inside the wheel
    assert pdf_pages(output.read_bytes()) == 1
