"""Where the project's own data (templates, catalogs, resources) lives.

In a built wheel they are copied to ``sitrep/_data/`` (see pyproject.toml); in a
source checkout they sit beside the package at the top of the repository.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_cache_dir, user_data_dir

APP_NAME = "sitrep"  # the name of the per-user data, settings and cache folders
_PACKAGE_DIR = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """Return the folder ``templates``, ``locale`` or ``resources``."""
    installed = _PACKAGE_DIR / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent / name


TEMPLATES_DIR = data_dir("templates")
LOCALE_DIR = data_dir("locale")
RESOURCES_DIR = data_dir("resources")
SAMPLES_DIR = RESOURCES_DIR / "samples"


CACHE_VARIABLE = "SITREP_CACHE_DIR"  # tests and benchmarks point it elsewhere


def default_cache_dir() -> Path:
    """The situation report's cache of laid-out parts, in the user's cache folder (wipe clears it too)."""
    if os.environ.get(CACHE_VARIABLE):
        return Path(os.environ[CACHE_VARIABLE])
    return Path(user_cache_dir(APP_NAME, appauthor=False)) / "report-parts"


def default_db_path() -> Path:
    """The database in the user's data folder, where the store and the settings expect it."""
    return Path(user_data_dir(APP_NAME, appauthor=False)) / "sitrep.db"
