"""Settings: defaults, round trip, and bad files that give defaults plus warnings."""

from __future__ import annotations

import json
import typing
from pathlib import Path

import pytest

from sitrep import settings as settings_module
from sitrep.i18n import gettext_for
from sitrep.contract import vocab
from sitrep.contract.model import Report
from sitrep.contract.problems import Problem
from sitrep.settings import FIELD_LABELS, Settings, load_settings, save_settings, settings_path
from sitrep.paths import default_db_path


@pytest.fixture(autouse=True)
def english_environment(monkeypatch):
    # The default interface language follows these variables; fix them for every test.
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "en_GB.UTF-8")


def write(path: Path, content) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    return path


def names_field_in_both_languages(problem: Problem, key: str) -> bool:
    return all(key in problem.message(lang) and gettext_for(lang, FIELD_LABELS[key]) in problem.message(lang)
               for lang in ("ar", "en"))


# Defaults


def test_defaults():
    settings = Settings()
    assert settings.organization_ar == settings.organization_en == ""
    assert settings.logo is None
    assert (settings.languages, settings.digits, settings.profile) == ("ar+en", "latn", "public")  # Latin digits: docs/arabic.md
    assert settings.ui_language == "en"
    assert settings.data_folder == str(default_db_path().parent)
    assert settings.db_path == default_db_path()
    assert settings.arabic_locale == "ar_SY"


def test_interface_language_follows_the_environment(monkeypatch):
    monkeypatch.setenv("LANG", "ar_SY.UTF-8")
    assert Settings().ui_language == "ar"


def test_db_and_autosave_are_in_the_data_folder(tmp_path):
    settings = Settings(data_folder=str(tmp_path))
    assert settings.db_path == tmp_path / "sitrep.db"
    assert settings.autosave_folder == tmp_path / "autosave"


def test_report_choices_match_the_model():
    def choices(name):
        return typing.get_args(Report.model_fields[name].annotation)

    assert settings_module._CHOICES["languages"] == vocab.LANGUAGE_LAYOUTS == choices("languages")
    assert settings_module._CHOICES["digits"] == vocab.DIGITS == choices("digits")
    assert settings_module._CHOICES["profile"] == tuple(vocab.PROFILES) == choices("profile")


def test_missing_file_gives_defaults_and_no_problem(tmp_path):
    settings, problems = load_settings(tmp_path / "nowhere" / "settings.json")
    assert settings == Settings()
    assert problems == []
    assert not (tmp_path / "nowhere").exists()


# Round trip


def test_round_trip(tmp_path):
    path = tmp_path / "new" / "folder" / "settings.json"  # the folder is created
    original = Settings(organization_ar="الجمعية الطبية السورية", organization_en="Syrian Medical Society",
                        logo=str(tmp_path / "شعار.png"), languages="ar", digits="latn", profile="internal",
                        ui_language="ar", data_folder=str(tmp_path / "data"), arabic_locale="ar_EG")
    assert save_settings(original, path) == path
    loaded, problems = load_settings(path)
    assert problems == []
    assert loaded == original
    text = path.read_text(encoding="utf-8")
    assert "الجمعية الطبية السورية" in text  # readable when opened by hand, not \u escapes
    assert json.loads(text)["settings_version"] == 1


def test_save_replaces_the_previous_file(tmp_path):
    path = tmp_path / "settings.json"
    save_settings(Settings(digits="latn"), path)
    save_settings(Settings(digits="arab", organization_en="Second"), path)
    loaded, _ = load_settings(path)
    assert (loaded.digits, loaded.organization_en) == ("arab", "Second")
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]  # no temporary file left


def test_unknown_keys_are_ignored(tmp_path):
    path = write(tmp_path / "settings.json", {"digits": "latn", "theme": "dark", "settings_version": 7})
    settings, problems = load_settings(path)
    assert problems == []
    assert settings.digits == "latn"


def test_byte_order_mark_is_accepted(tmp_path):
    path = write(tmp_path / "settings.json", b"\xef\xbb\xbf" + json.dumps({"profile": "internal"}).encode())
    settings, problems = load_settings(path)
    assert (settings.profile, problems) == ("internal", [])


def test_empty_logo_means_no_logo(tmp_path):
    settings, problems = load_settings(write(tmp_path / "settings.json", {"logo": ""}))
    assert (settings.logo, problems) == (None, [])


# Bad files: defaults plus warnings, and the file is left alone


@pytest.mark.parametrize("content, code", [
    ("{not json", "settings_not_json"),
    ("", "settings_not_json"),
    ([{"digits": "latn"}], "settings_not_object"),
    ("\"ar+en\"", "settings_not_object"),
    (b"{\"organization_ar\": \"\xff\xfe\"}", "settings_unreadable"),
    ("[" * 100_000, "settings_not_object"),  # nested too deeply for the parser
])
def test_unusable_file_gives_defaults_and_one_warning(tmp_path, content, code):
    path = write(tmp_path / "settings.json", content)
    before = path.read_bytes()
    settings, problems = load_settings(path)
    assert settings == Settings()
    assert [(p.code, p.severity) for p in problems] == [(code, "warning")]
    for lang in ("ar", "en"):
        assert str(path) in problems[0].message(lang)
    assert path.read_bytes() == before


def test_bad_fields_fall_back_and_good_fields_are_kept(tmp_path):
    path = write(tmp_path / "settings.json", {
        "organization_ar": "منظمة", "organization_en": ["not", "text"], "logo": 3,
        "languages": "fr", "digits": 5, "profile": "internal", "ui_language": "fr",
        "data_folder": "  ", "arabic_locale": "fr_FR",
    })
    before = path.read_bytes()
    settings, problems = load_settings(path)

    assert settings.organization_ar == "منظمة"
    assert settings.profile == "internal"
    defaults = Settings()
    for name in ("organization_en", "logo", "languages", "digits", "ui_language", "data_folder", "arabic_locale"):
        assert getattr(settings, name) == getattr(defaults, name), name

    by_field = {p.path: p for p in problems}
    assert sorted(by_field) == sorted(["organization_en", "logo", "languages", "digits", "ui_language",
                                       "data_folder", "arabic_locale"])
    for key, problem in by_field.items():
        assert problem.severity == "warning"
        assert isinstance(problem, Problem)
        assert names_field_in_both_languages(problem, key), problem.message("en")
    assert "5" in by_field["digits"].message("en")
    assert "arab, latn" in by_field["digits"].message("en")
    assert '"fr"' in by_field["languages"].message("ar")
    assert "ar+en" in by_field["languages"].message("en")

    assert path.read_bytes() == before  # only an explicit save replaces the bad file
    save_settings(settings, path)
    assert load_settings(path) == (settings, [])


def test_huge_value_is_cut_short_in_the_message(tmp_path):
    path = write(tmp_path / "settings.json", {"digits": "x" * 1_000_000})
    _, [problem] = load_settings(path)
    assert len(problem.message("en")) < 400


def test_unreadable_path_gives_a_warning(tmp_path):
    folder = tmp_path / "settings.json"
    folder.mkdir()  # a folder where the file should be: reading it fails
    settings, problems = load_settings(folder)
    assert settings == Settings()
    assert [p.code for p in problems] == ["settings_unreadable"]


# Settings made in code are checked too


def test_bad_value_in_code_is_an_error():
    with pytest.raises(ValueError, match="digits"):
        Settings(digits="roman")


def test_save_refuses_a_bad_value_and_keeps_the_file(tmp_path):
    path = tmp_path / "settings.json"
    save_settings(Settings(organization_en="Kept"), path)
    before = path.read_bytes()
    settings = Settings()
    settings.languages = "fr"  # changed after it was built
    with pytest.raises(ValueError, match="languages"):
        save_settings(settings, path)
    assert path.read_bytes() == before


# Where the file lives


def test_config_dir_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("SITREP_CONFIG_DIR", str(tmp_path / "config"))
    assert settings_path() == tmp_path / "config" / "settings.json"
    save_settings(Settings(organization_en="From the environment"))
    assert (tmp_path / "config" / "settings.json").is_file()
    settings, problems = load_settings()
    assert (settings.organization_en, problems) == ("From the environment", [])


def test_config_dir_default_is_platformdirs(monkeypatch):
    from platformdirs import user_config_dir

    monkeypatch.delenv("SITREP_CONFIG_DIR", raising=False)
    assert settings_path() == Path(user_config_dir("sitrep", appauthor=False)) / "settings.json"


# The lock's settings (gui/app_lock.py): whole numbers in a range


@pytest.mark.parametrize("name, value", [
    ("lock_after_minutes", -1), ("lock_after_minutes", 1441), ("lock_after_minutes", 2.5),
    ("lock_after_minutes", "10"), ("lock_after_minutes", True),
    ("wipe_after_failed_unlocks", 3), ("wipe_after_failed_unlocks", 101), ("wipe_after_failed_unlocks", -5),
    ("wipe_after_failed_unlocks", "5"), ("wipe_after_failed_unlocks", False),
])
def test_lock_settings_out_of_range_fall_back_to_the_default(tmp_path, name, value):
    path = write(tmp_path / "settings.json", {name: value, "digits": "arab"})
    settings, [problem] = load_settings(path)
    assert getattr(settings, name) == getattr(Settings(), name) and settings.digits == "arab"
    assert problem.path == name and names_field_in_both_languages(problem, name), problem.message("en")
    with pytest.raises(settings_module.SettingsError):
        Settings(**{name: value})


def test_lock_settings_round_trip(tmp_path):
    assert (Settings().lock_after_minutes, Settings().wipe_after_failed_unlocks) == (10, 0)
    for minutes, tries in ((0, 0), (1, 5), (1440, 100)):
        path = save_settings(Settings(lock_after_minutes=minutes, wipe_after_failed_unlocks=tries),
                             tmp_path / "settings.json")
        settings, problems = load_settings(path)
        assert (settings.lock_after_minutes, settings.wipe_after_failed_unlocks, problems) == (minutes, tries, [])
