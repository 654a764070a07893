"""The user's settings: one small JSON file in the per-user configuration folder.

A settings file is edited by hand, copied between laptops and synced by tools that
break files, so reading it never fails: every field that cannot be used falls back
to its default and is reported as a warning, and the other fields are kept. The
bad file is left as it is until the user saves, so nothing is lost by looking.
"""

from __future__ import annotations

import json
import os
import re
import sys
from dataclasses import MISSING, asdict, dataclass, field, fields
from pathlib import Path
from typing import ClassVar

from sitrep.contract import vocab
from sitrep.fileio import atomic_write
from sitrep.i18n import LANGUAGES, N_, user_language
from sitrep.paths import APP_NAME, default_db_path
from sitrep.contract.problems import Problem

CONFIG_DIR_VARIABLE = "SITREP_CONFIG_DIR"  # tests and portable installs point it elsewhere
FILE_NAME = "settings.json"
SETTINGS_VERSION = 1  # written to the file so a later format can be migrated
AUTOSAVE_FOLDER = "autosave"  # in the data folder

# The organization's name goes into every report: the model's limits for a name
# (sitrep.contract.model.SHORT_TEXT, one line), repeated here so that reading settings does not
# load the model.
NAME_LIMIT = 300
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
DEFAULT_ARABIC_LOCALE = "ar_SY"  # the same as sitrep.formatting.ARABIC_LOCALE: Levantine month names

MESSAGES = {
    "settings_unreadable": N_("The settings file {path} cannot be read ({detail}); "
                              "the default settings are used until you save."),
    "settings_not_json": N_("The settings file {path} is not valid JSON (line {line}, column {column}); "
                            "the default settings are used until you save."),
    "settings_not_object": N_("The settings file {path} does not hold settings; "
                              "the default settings are used until you save."),
    "setting_not_text": N_("The setting “{field}” must be text, not {value}; the default is used."),
    "setting_not_allowed": N_("The setting “{field}” cannot be {value} (allowed: {allowed}); "
                              "{default} is used."),
    "setting_bad_locale": N_("The setting “{field}” must be an Arabic locale such as ar_SY, not {value}; "
                             "{default} is used."),
    "setting_empty": N_("The setting “{field}” must not be empty; the default is used."),
    "setting_bad_url": N_("The setting “{field}” must be a web address starting with https:// or http://, "
                          "not {value}; it is left out."),
    "setting_bad_minutes": N_("The setting “{field}” must be a whole number of minutes from 0 (never) to {high}, "
                              "not {value}; {default} is used."),
    "setting_bad_tries": N_("The setting “{field}” must be 0 (off) or a whole number from {low} to {high}, "
                            "not {value}; {default} is used."),
    "setting_not_one_line": N_("The setting “{field}” must be one line of at most {limit} characters, without "
                               "control characters; the default is used."),
}

# How each field is named to the user; the path of a Problem keeps the JSON key.
FIELD_LABELS = {
    "organization_ar": N_("Organization name (Arabic)"),
    "organization_en": N_("Organization name (English)"),
    "logo": N_("Logo"),
    "organization_contact": N_("Contact (e-mail or phone)"),
    "organization_data_url": N_("Link to the data"),
    "languages": N_("Report languages"),
    "digits": N_("Digits"),
    "profile": N_("Default report profile"),
    "ui_language": N_("Interface language"),
    "data_folder": N_("Data folder"),
    "arabic_locale": N_("Arabic locale"),
    "lock_after_minutes": N_("Lock after idle minutes"),
    "wipe_after_failed_unlocks": N_("Destroy the data after failed unlocks"),
}

# The lock (gui/app_lock.py): whole minutes of no input, 0 = never; at most a day.
LOCK_MINUTES_MAX = 24 * 60
# Failed unlocks before the data is destroyed, 0 = never. Fewer than 5 would destroy it for a
# few typing mistakes; more than 100 guesses protect nothing.
WIPE_TRIES_MIN, WIPE_TRIES_MAX = 5, 100


@dataclass(frozen=True)
class SettingsProblem(Problem):
    """A Problem whose messages live in this module (sitrep.contract.problems does not know them)."""

    messages: ClassVar[dict] = MESSAGES
    translated_params: ClassVar[dict] = {"field": FIELD_LABELS}


def _default_data_folder() -> str:
    return str(default_db_path().parent)


@dataclass
class Settings:
    organization_ar: str = ""
    organization_en: str = ""
    logo: str | None = None  # a path; whether the file exists is checked when a report is made
    # Printed on the last page of every situation report, with the method and definitions.
    organization_contact: str = ""
    organization_data_url: str = ""
    languages: str = "ar+en"
    # Latin digits in generated Arabic text by default: what the officers type (narratives, dates,
    # figures) is printed as typed, and they type Latin digits, so this keeps one kind of digit on
    # a page. Reasons in docs/arabic.md. A settings file already saved keeps the user's choice.
    digits: str = "latn"
    profile: str = "public"
    ui_language: str = field(default_factory=user_language)
    data_folder: str = field(default_factory=_default_data_folder)
    arabic_locale: str = DEFAULT_ARABIC_LOCALE
    lock_after_minutes: int = 10
    wipe_after_failed_unlocks: int = 0

    def __post_init__(self) -> None:
        # Settings built in code are held to the same rules as a file, so a bad
        # value is a loud error at its source rather than a surprise at render time.
        _raise_if_invalid(self)

    @property
    def db_path(self) -> Path:
        return Path(self.data_folder).expanduser() / "sitrep.db"

    @property
    def autosave_folder(self) -> Path:
        return Path(self.data_folder).expanduser() / AUTOSAVE_FOLDER


def settings_path() -> Path:
    override = os.environ.get(CONFIG_DIR_VARIABLE)
    if override:
        return Path(override) / FILE_NAME
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME, appauthor=False)) / FILE_NAME


def load_settings(path: str | Path | None = None) -> tuple[Settings, list[Problem]]:
    """Read the settings; bad content gives defaults plus warnings, never an exception."""
    path = Path(path) if path else settings_path()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Settings(), []  # first start: nothing to report
    except OSError as error:
        return Settings(), [_file_problem("settings_unreadable", path, detail=error.strerror or str(error))]
    try:
        # utf-8-sig: Windows Notepad may have added a byte-order mark.
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        return Settings(), [_file_problem("settings_unreadable", path, detail=f"not UTF-8 at byte {error.start}")]
    except json.JSONDecodeError as error:
        return Settings(), [_file_problem("settings_not_json", path, line=error.lineno, column=error.colno)]
    except RecursionError:
        return Settings(), [_file_problem("settings_not_object", path)]
    except ValueError:  # Python's limit on the digits of an int
        return Settings(), [_file_problem("settings_unreadable", path, detail="a number of more than "
                                          f"{sys.get_int_max_str_digits()} digits")]
    if not isinstance(data, dict):
        return Settings(), [_file_problem("settings_not_object", path)]

    good, problems = {}, []
    for name in _field_names():
        if name not in data:
            continue
        value = _normalize(name, data[name])
        problem = _check(name, value)
        if problem:
            problems.append(problem)
        else:
            good[name] = value
    return Settings(**good), problems  # keys this version does not know are ignored


def save_settings(settings: Settings, path: str | Path | None = None) -> Path:
    path = Path(path) if path else settings_path()
    _raise_if_invalid(settings)  # the dataclass may have been changed after it was built
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"settings_version": SETTINGS_VERSION, **asdict(settings)}
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"  # readable Arabic if opened by hand
    return atomic_write(path, text.encode("utf-8"))


# Checking one field


def _field_names() -> list[str]:
    return [f.name for f in fields(Settings)]


class SettingsError(ValueError):
    """A setting that cannot be used; ``problem`` says why in either language (str() is English)."""

    def __init__(self, problem: SettingsProblem):
        super().__init__(problem.message("en"))
        self.problem = problem


def _raise_if_invalid(settings: Settings) -> None:
    for name in _field_names():
        problem = _check(name, getattr(settings, name))
        if problem:
            raise SettingsError(problem)


def _normalize(name: str, value):
    if name == "logo" and value == "":
        return None  # an emptied logo box means "no logo"
    return value


_CHOICES = {
    "languages": vocab.LANGUAGE_LAYOUTS,
    "digits": vocab.DIGITS,
    "profile": tuple(vocab.PROFILES),
    "ui_language": LANGUAGES,
}


def _check(name: str, value) -> SettingsProblem | None:
    """The problem with one field's value, or None if the value can be used."""
    if name == "logo" and value is None:
        return None
    if name in ("lock_after_minutes", "wipe_after_failed_unlocks"):
        return _check_number(name, value)
    if name in _CHOICES:
        # Checked before the type: "cannot be 5 (allowed: arab, latn)" says what to write.
        if not isinstance(value, str) or value not in _CHOICES[name]:
            return _field_problem("setting_not_allowed", name, value, allowed=", ".join(_CHOICES[name]),
                                  default=_default(name))
    elif not isinstance(value, str):
        return _field_problem("setting_not_text", name, value)
    elif name == "data_folder" and not value.strip():
        return _field_problem("setting_empty", name, value)
    elif name == "organization_data_url" and value.strip() and not _URL.match(value.strip()):
        return _field_problem("setting_bad_url", name, value)
    elif name in ("organization_ar", "organization_en", "organization_contact") and (
            len(value.strip()) > NAME_LIMIT or _CONTROL.search(value.strip())):
        # The report model would refuse it, and every report with it (sitrep.contract.model).
        return _field_problem("setting_not_one_line", name, value, limit=NAME_LIMIT)
    elif name == "arabic_locale" and not _is_arabic_locale(value):
        return _field_problem("setting_bad_locale", name, value, default=DEFAULT_ARABIC_LOCALE)
    return None


def _check_number(name: str, value) -> SettingsProblem | None:
    whole = isinstance(value, int) and not isinstance(value, bool)  # JSON's true is not a number
    if name == "lock_after_minutes":
        if whole and 0 <= value <= LOCK_MINUTES_MAX:
            return None
        return _field_problem("setting_bad_minutes", name, value, high=LOCK_MINUTES_MAX, default=_default(name))
    if whole and (value == 0 or WIPE_TRIES_MIN <= value <= WIPE_TRIES_MAX):
        return None
    return _field_problem("setting_bad_tries", name, value, low=WIPE_TRIES_MIN, high=WIPE_TRIES_MAX,
                          default=_default(name))


_URL = re.compile(r"^https?://\S+$")  # what the model's Organization.data_url accepts


def organization(settings: Settings):
    """The report's Organization from the settings: the app and the CLI build it the same way."""
    from sitrep.contract.model import Organization, Text  # start-up time: the model and Pillow, for reports only
    from sitrep.render.logo import logo_data_url

    return Organization(name=Text(ar=settings.organization_ar, en=settings.organization_en),
                        logo=logo_data_url(settings.logo), contact=settings.organization_contact.strip(),
                        data_url=settings.organization_data_url.strip() or None)


def _is_arabic_locale(value: str) -> bool:
    # Babel is the formatter, so a locale it cannot load would fail every report.
    from babel import Locale

    try:
        return Locale.parse(value).language == "ar"
    except (ValueError, TypeError):  # UnknownLocaleError is a ValueError too
        return False


def _default(name: str) -> str:
    spec = next(f for f in fields(Settings) if f.name == name)
    return spec.default if spec.default is not MISSING else spec.default_factory()


def _field_problem(code: str, name: str, value, **params) -> SettingsProblem:
    return SettingsProblem(code, name, {"field": name, "value": _shown(value), **params}, "warning")


def _file_problem(code: str, path: Path, **params) -> SettingsProblem:
    return SettingsProblem(code, "", {"path": str(path), **params}, "warning")


def _shown(value) -> str:
    """A value as JSON, cut short: a hostile file may hold megabytes in one field."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError, RecursionError):
        text = type(value).__name__
    return text if len(text) <= 80 else text[:79] + "…"
