"""Holes found by attack (issue 11): reports and confidentiality.

Each test was written first and failed on the code before its fix. Everything is
real: SQLite files, `sitrep` processes (run_cli), WeasyPrint PDFs read back with
pypdfium2, Pillow images.
"""

from __future__ import annotations

import json
import os

import pytest
from helpers import kill_all, many_incidents, run_cli, store_with, wait_until, with_a_draft, open_store, raw_connection
from helpers import alive, children
from helpers import images_in, phone_photo

from textcheck import pdf_text


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
    assert images_in(data) == 1 and "Entrance" in pdf_text(data)


# Item 8: report workers must end with their parent, however it ends.


def _start_cli(*args: str, tmp_path):
    import subprocess
    import sys

    env = {key: value for key, value in os.environ.items() if key not in ("LANGUAGE", "LC_ALL", "SITREP_DEBUG")}
    env.update(LANG="en_GB.UTF-8", SITREP_CACHE_DIR=str(tmp_path / "cache"), SITREP_CONFIG_DIR=str(tmp_path / "cfg"))
    return subprocess.Popen([sys.executable, "-m", "sitrep.cli", *args], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="finds the workers through /proc")
@pytest.mark.parametrize("signal_name", ["SIGTERM", "SIGKILL"])
def test_report_workers_end_with_a_killed_cli(tmp_path, signal_name):
    import signal
    import time

    db = store_with(tmp_path / "data.db", many_incidents(200))
    parent = _start_cli("report", "--db", str(db), "--from", "2016-05-01", "--to", "2016-05-31", "--details",
                        "--no-cache", "-o", str(tmp_path / "never.pdf"), tmp_path=tmp_path)
    workers = set()
    try:
        assert wait_until(lambda: len(children(parent.pid)) >= 2, 60), "the workers never started"
        workers = children(parent.pid)
        time.sleep(1.5)  # busy laying out detail sections, as when a user gives up
        parent.send_signal(getattr(signal, signal_name))
        parent.wait(10)
        assert wait_until(lambda: not any(alive(pid) for pid in workers), 5), [
            pid for pid in workers if alive(pid)]
    finally:
        parent.kill()
        kill_all(workers)
    assert not (tmp_path / "never.pdf").exists()


# Item 9: clear messages, in the user's language, instead of pydantic's text or a crash.


@pytest.fixture
def db(tmp_path):
    from helpers import may_incidents

    return store_with(tmp_path / "data.db", may_incidents())


def report_cli(db, *args, tmp_path, lang="en_GB.UTF-8"):
    return run_cli("report", "--db", str(db), *args, lang=lang,
                   env_extra={"SITREP_CACHE_DIR": str(tmp_path / "cache"), "SITREP_CONFIG_DIR": str(tmp_path / "cfg")})


MAY = ("--from", "2016-05-01", "--to", "2016-05-31")


@pytest.mark.parametrize("option, value, en, ar", [
    ("--highlights-en", "x" * 20_001, "--highlights-en: Too long: at most 20000 characters.", "--highlights-en: "),
    ("--highlights-ar", "ن" * 20_001, "--highlights-ar: Too long: at most 20000 characters.", "--highlights-ar: "),
    ("--number", "2016/05-" + "9" * 40, "--number: Too long: at most 40 characters.", "--number: "),
])
def test_report_text_over_the_limit_is_named_by_its_option(db, tmp_path, option, value, en, ar):
    out = tmp_path / "old.pdf"
    out.write_bytes(b"old")
    done = report_cli(db, *MAY, option, value, "-o", str(out), tmp_path=tmp_path)
    assert done.returncode == 1 and done.stderr.strip() == f"error: {en}", done.stderr
    arabic = report_cli(db, *MAY, option, value, "-o", str(out), tmp_path=tmp_path, lang="ar_SY.UTF-8")
    line = arabic.stderr.strip()
    assert arabic.returncode == 1 and ar in line and "Too long" not in line and "pydantic" not in line, line
    assert out.read_bytes() == b"old"


@pytest.mark.parametrize("start, end", [("2016-05-01", "9999-12-31"), ("9999-12-01", "9999-12-31"),
                                        ("0001-01-01", "0001-01-31"), ("2016-01-01", "9999-12-31")])
def test_periods_at_the_ends_of_the_calendar(db, tmp_path, start, end):
    out = tmp_path / "edge.pdf"
    done = report_cli(db, "--from", start, "--to", end, "--languages", "en", "-o", str(out), tmp_path=tmp_path)
    assert "Traceback" not in done.stderr and "Unexpected" not in done.stderr, done.stderr
    if start.startswith("2016"):
        assert done.returncode == 0, done.stderr
        assert "3 incidents" in done.stdout and "31 December 9999" in pdf_text(out.read_bytes())
    else:
        assert done.returncode == 1 and "No stored incident falls between" in done.stderr


@pytest.mark.parametrize("start, end", [("9999-12-01", "9999-12-31"), ("9999-06-01", "9999-12-31"),
                                        ("9999-01-01", "9999-12-31"), ("9990-01-01", "9999-12-31"),
                                        ("0001-01-01", "0001-01-31")])
def test_the_time_axis_stops_at_the_calendar_s_end(start, end):
    import datetime as dt

    from sitrep.situation_report.figures import over_time

    first, last = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    rows = over_time([], first, last).rows
    assert rows and rows[0].key <= first and rows[-1].key <= last


# Item 10: limits that could be skipped.


def test_a_period_of_thousands_of_years_lists_only_the_years_with_incidents():
    """0001–9998 made a row per year: 9,998 rows laid out (63–92 s, 1.6 GB) for 2 incidents."""
    import datetime as dt

    from sitrep.situation_report.figures import MAX_TIME_ROWS, breakdowns
    from helpers import may_incidents

    chosen = may_incidents()[:2]
    chosen[0] = chosen[0].model_copy(update={"date": dt.date(1, 3, 1)})
    table = breakdowns(chosen, dt.date(1, 1, 1), dt.date(9998, 12, 31))[-1]
    assert table.name == "time_year_with_data"
    assert [(row.key.year, row.incidents) for row in table.rows] == [(1, 1), (2016, 1)]
    # Up to MAX_TIME_ROWS buckets every one is listed, empty ones too.
    years = MAX_TIME_ROWS
    table = breakdowns(chosen[1:], dt.date(2017 - years, 1, 1), dt.date(2016, 12, 31))[-1]
    assert table.name == "time_year" and len(table.rows) == years


def test_cli_report_over_thousands_of_years(db, tmp_path):
    out = tmp_path / "ages.pdf"
    done = report_cli(db, "--from", "0001-01-01", "--to", "9998-12-31", "--languages", "en", "-o", str(out),
                      tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    text = pdf_text(out.read_bytes())
    assert "Over time, per year (years with incidents only)" in text and "2016" in text and "2015" not in text


def _png(width: int, height: int, mode: str = "RGBA") -> bytes:
    """A PNG of one colour: tens of megapixels in a few hundred KB."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new(mode, (width, height), (200, 30, 30, 128)[:len(mode)]).save(out, "PNG")
    return out.getvalue()


def test_a_59_megapixel_png_is_refused_before_it_is_decoded():
    """A 59 MP PNG of 230 KB took 1 GB to clean: a PNG cannot be decoded at a reduced
    scale the way a JPEG can, so its limit is lower, with a message that says what to do."""
    from sitrep.photos import MAX_PNG_PIXELS, clean_photo
    from sitrep.contract.problems import InputError

    data = _png(7700, 7700)
    assert len(data) < 400_000
    with pytest.raises(InputError) as refused:
        clean_photo(data)
    (problem,) = refused.value.problems
    assert problem.code == "photo_png_too_many_pixels" and problem.params["limit"] == MAX_PNG_PIXELS // 1_000_000
    assert "JPEG" in problem.message("en") and problem.message("ar") != problem.message("en")


CLEAN_PEAK = """
import io, re, sys
from sitrep.photos import clean_photo


def peak():
    return int(re.search(r"VmHWM:\\s+(\\d+)", open("/proc/self/status").read()).group(1)) * 1024
data = open(sys.argv[1], "rb").read()
before = peak()
photo = clean_photo(data)
print(peak() - before, photo.width, photo.height, photo.extension)
"""


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="reads the peak from /proc")
@pytest.mark.parametrize("mode, extension, bound", [("RGB", "jpg", 2.0), ("RGBA", "png", 2.8)])
def test_cleaning_the_largest_png_allowed_makes_no_full_size_copy(tmp_path, mode, extension, bound):
    """The decoded image is scaled down before anything else: turning it upright and
    converting it each made a full-size copy before (3.7× the decoded size in all, 4.7×
    with transparency). Scaling an image with transparency still makes one: Pillow
    scales premultiplied pixels."""
    import subprocess
    import sys

    from helpers import ROOT

    from sitrep.photos import MAX_PNG_PIXELS

    side = int(MAX_PNG_PIXELS ** 0.5)
    path = tmp_path / "largest.png"
    path.write_bytes(_png(side, side, mode))
    done = subprocess.run([sys.executable, "-c", CLEAN_PEAK, str(path)], capture_output=True, text=True,
                          env=dict(os.environ, PYTHONPATH=str(ROOT)), check=True)
    added, width, height, stored_as = done.stdout.split()
    decoded = side * side * 4  # Pillow keeps RGB in 4 bytes a pixel as well
    assert (int(width), int(height), stored_as) == (2400, 2400, extension)
    assert int(added) < bound * decoded, f"{int(added) / 2**20:.0f} MB for a {decoded / 2**20:.0f} MB image"


# Item 11: confidentiality.


def _mode(path) -> int:
    return path.stat().st_mode & 0o777


def _umask_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_internal_pdfs_are_readable_by_their_owner_only(db, tmp_path, kafr_naha):
    """Internal exports were 0600 but internal `render` and `report` PDFs 0644."""
    from helpers import SAMPLES

    sample = str(SAMPLES / "kafr-naha-field-hospital.json")
    written = {}
    for profile in ("public", "internal"):
        out = tmp_path / f"flash-{profile}.pdf"
        out.write_bytes(b"an older file, readable by all")
        out.chmod(0o644)
        done = run_cli("render", sample, "--profile", profile, "-o", str(out))
        assert done.returncode == 0, done.stderr
        written[out] = 0o600 if profile == "internal" else _umask_mode()
        out = tmp_path / f"report-{profile}.pdf"
        done = report_cli(db, *MAY, "--profile", profile, "-o", str(out), tmp_path=tmp_path)
        assert done.returncode == 0, done.stderr
        written[out] = 0o600 if profile == "internal" else _umask_mode()
    # A report file that asks for the internal profile itself, without the flag.
    report = {"kind": "flash_update", "profile": "internal", "incidents": [kafr_naha]}
    (tmp_path / "report.json").write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
    done = run_cli("render", str(tmp_path / "report.json"), "-o", str(tmp_path / "own.pdf"))
    assert done.returncode == 0 and "INTERNAL" in done.stderr, done.stderr
    written[tmp_path / "own.pdf"] = 0o600
    assert {path.name: oct(_mode(path)) for path in written} == {path.name: oct(mode) for path, mode in written.items()}


def test_the_logo_is_cleaned_like_a_photo(db, tmp_path):
    """A JPEG comment segment of the organization's logo reached the report's PDF."""
    import base64

    from helpers import SECRET_BITS

    from sitrep.render.logo import logo_data_url
    from sitrep.settings import Settings, save_settings

    logo = tmp_path / "logo.jpg"
    logo.write_bytes(phone_photo(300, 200))  # camera make, GPS, XMP author, a comment
    url = logo_data_url(logo)
    assert url.startswith("data:image/jpeg;base64,")
    inline = base64.b64decode(url.split(",", 1)[1])
    assert not [bit for bit in SECRET_BITS if bit in inline]

    save_settings(Settings(organization_en="Logo Network", logo=str(logo)), tmp_path / "cfg" / "settings.json")
    out = tmp_path / "logo.pdf"
    done = report_cli(db, *MAY, "--languages", "en", "-o", str(out), tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    data = out.read_bytes()
    assert images_in(data) == 1 and "Logo Network" in pdf_text(data)
    assert not [bit for bit in SECRET_BITS if bit in data]


# Control characters: NUL and ESC were accepted in text fields and printed raw.

ESC_CLEAR = "\x1b[2J\x1b[H"  # clears a terminal and moves the cursor home


def _with(kafr_naha, path: str, value: str) -> dict:
    data = json.loads(json.dumps(kafr_naha))
    *parents, last = path.split(".")
    node = data
    for part in parents:
        node = node[int(part)] if part.isdigit() else node[part]
    node[last] = value
    return data


@pytest.mark.parametrize("path, value, code, char", [
    ("narrative.en", "Before\x00after", "control_character", "U+0000"),
    ("narrative.ar", "نص" + ESC_CLEAR, "control_character", "U+001B"),
    ("internal_notes", "bell\x07", "control_character", "U+0007"),
    ("narrative.en", "a lone\rcarriage return", "control_character", "U+000D"),
    ("location.place.en", "Kafr\x7fNaha", "control_character", "U+007F"),
    ("targets.0.name.ar", "مشفى\x9b", "control_character", "U+009B"),
    ("sources.0.name", "two\nlines", "not_one_line", None),
    ("sources.0.url", "https://example.org/\tx", "not_one_line", None),
    ("perpetrator.en", "one\r\ntwo", "not_one_line", None),
])
def test_the_model_refuses_control_characters(kafr_naha, path, value, code, char):
    from sitrep.contract.documents import parse_incident
    from sitrep.contract.problems import InputError

    with pytest.raises(InputError) as refused:
        parse_incident(_with(kafr_naha, path, value))
    (problem,) = refused.value.problems
    assert (problem.code, problem.path, problem.params.get("char")) == (code, path.replace(".0.", "[0]."), char)
    english, arabic = problem.message("en"), problem.message("ar")
    assert arabic != english and (char or "line") in english and (char is None or char in arabic)


def test_long_text_keeps_tabs_and_line_breaks(kafr_naha):
    from sitrep.contract.documents import parse_incident

    text = "First line\tcell\nsecond line\r\nthird"
    incident = parse_incident(_with(_with(kafr_naha, "narrative.en", text), "sources.0.note", text))
    assert incident.narrative.en == text and incident.sources[0].note == text


def test_cli_refuses_an_escape_and_prints_none(tmp_path, kafr_naha):
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(_with(kafr_naha, "location.place.en", "Kafr" + ESC_CLEAR), ensure_ascii=False),
                    encoding="utf-8")
    for lang in ("en_GB.UTF-8", "ar_SY.UTF-8"):
        done = run_cli("add", "--db", str(tmp_path / "data.db"), str(path), lang=lang)
        assert done.returncode == 1 and "\x1b" not in done.stdout + done.stderr, done.stderr
        assert "location.place.en: " in done.stderr and "U+001B" in done.stderr and "Traceback" not in done.stderr


def _legacy_row(db, kafr_naha, place: str) -> None:
    """A row as an older sitrep stored it, when control characters were let through."""
    with open_store(db):
        pass
    data = _with(kafr_naha, "location.place.en", place)
    connection = raw_connection(db)
    with connection:
        connection.execute("INSERT INTO incidents (id, status, date, data, created_at, updated_at, valid) "
                           "VALUES (?, ?, ?, ?, '2016-05-08', '2016-05-08', 1)",
                           (data["id"], data["status"], data["date"], json.dumps(data, ensure_ascii=False)))
    connection.close()


def test_cli_list_and_show_escape_what_an_older_version_stored(tmp_path, kafr_naha):
    db = tmp_path / "old.db"
    _legacy_row(db, kafr_naha, "Kafr" + ESC_CLEAR + "\x9b31mNaha\x00")
    listed = run_cli("list", "--db", str(db))
    assert listed.returncode == 0, listed.stderr
    assert not {"\x1b", "\x9b", "\x00"} & set(listed.stdout)
    assert "Kafr\\x1b[2J\\x1b[H\\x9b31mNaha\\x00" in listed.stdout
    for command in (("list", "--json"), ("show", kafr_naha["id"])):
        shown = run_cli(*command, "--db", str(db))
        assert shown.returncode == 0 and not {"\x1b", "\x9b", "\x00"} & set(shown.stdout), shown.stderr
        place = json.loads(shown.stdout)
        place = (place[0] if isinstance(place, list) else place)["location"]["place"]["en"]
        assert place == "Kafr" + ESC_CLEAR + "\x9b31mNaha\x00"  # JSON escapes: the value is whole


def test_import_dry_run_prints_no_control_character(tmp_path):
    csv = tmp_path / "hostile.csv"
    csv.write_text("id,date,place_en,attack_types,target_kinds,certainty\n"
                   f"evil-1,2020-02-03,Ariha{ESC_CLEAR},airstrike,hospital,probable\n"
                   "evil-2,2020-02-31,Saraqib\x1b]0;owned\x07,airstrike,hospital,probable\n", encoding="utf-8")
    done = run_cli("import", str(csv), "--dry-run", "--db", str(tmp_path / "data.db"))
    printed = done.stdout + done.stderr
    assert "Traceback" not in printed and not {"\x1b", "\x07"} & set(printed), printed
    assert "Ariha\\x1b[2J" in printed and "U+001B" in printed and "0 to import" in printed


def test_an_organization_name_with_an_escape_in_the_settings_falls_back(db, tmp_path):
    """The settings file is edited by hand: a name the model would refuse is a warning and
    the default, as for any other unusable setting, never a failed report."""
    from sitrep.settings import load_settings

    (tmp_path / "cfg").mkdir()
    path = tmp_path / "cfg" / "settings.json"
    path.write_text(json.dumps({"organization_en": "Net\x1b[2Jwork", "organization_ar": "شبكة\nالمثال",
                                "languages": "en"}), encoding="utf-8")
    settings, problems = load_settings(path)
    assert (settings.organization_en, settings.organization_ar) == ("", "")
    assert sorted(problem.path for problem in problems) == ["organization_ar", "organization_en"]
    assert all(problem.severity == "warning" and problem.message("ar") != problem.message("en")
               for problem in problems)
    out = tmp_path / "report.pdf"
    done = report_cli(db, *MAY, "-o", str(out), tmp_path=tmp_path)
    assert done.returncode == 0 and "\x1b" not in done.stdout + done.stderr, done.stderr


def test_the_settings_limit_for_a_name_is_the_model_s():
    from sitrep.contract import model
    from sitrep import settings

    assert settings.NAME_LIMIT == model.SHORT_TEXT


# Drafts in reports (issue 10): final incidents only, unless drafts are asked for.


def test_a_report_counts_final_incidents_unless_drafts_are_included(tmp_path):
    from sitrep.situation_report.pipeline import ReportRequest, build_report
    from helpers import MAY as PERIOD

    chosen, draft_id = with_a_draft()
    final = build_report(ReportRequest(*PERIOD, languages="en", cache_dir=tmp_path), chosen)
    assert final.figures.incidents == 2 and final.figures.drafts == 0
    assert draft_id not in [incident.id for incident in final.report.incidents]
    assert "draft" not in pdf_text(final.data).lower()

    both = build_report(ReportRequest(*PERIOD, languages="ar+en", digits="latn", include_drafts=True,
                                      cache_dir=tmp_path), chosen)
    assert both.figures.incidents == 3 and both.figures.drafts == 1
    text = pdf_text(both.data)
    cover = text.split("Breakdowns")[0]
    assert "Includes 1 draft incident, not yet verified for publication" in " ".join(cover.split())
    assert "مسودة" in cover  # and in Arabic
    assert "Draft" in text  # the annex marks the row


def test_cli_include_drafts(tmp_path):
    chosen, draft_id = with_a_draft()
    db = store_with(tmp_path / "data.db", chosen)
    out = tmp_path / "may.pdf"
    done = report_cli(db, *MAY, "--languages", "en", "-o", str(out), tmp_path=tmp_path)
    assert done.returncode == 0 and "2 incidents" in done.stdout, done.stderr
    done = report_cli(db, *MAY, "--languages", "en", "--include-drafts", "-o", str(out), tmp_path=tmp_path)
    assert done.returncode == 0 and "3 incidents" in done.stdout, done.stderr
    assert "1 draft incident" in " ".join(pdf_text(out.read_bytes()).split())
    # A period with drafts only says so, and how to report them.
    only = report_cli(db, "--from", "2016-05-20", "--to", "2016-05-20", "-o", str(out), tmp_path=tmp_path)
    assert only.returncode == 1 and "only drafts (1)" in only.stderr and "Include drafts" in only.stderr, only.stderr


def test_no_breakdown_row_is_cut_across_two_pages(tmp_path):
    """Seen while looking at the drafts report: the row of 22 May had its English half at
    the foot of one page and its Arabic half at the top of the next."""
    import re

    import pypdfium2

    from sitrep.situation_report.pipeline import ReportRequest, build_report
    from textcheck import normalize
    from helpers import MAY as PERIOD

    chosen, _ = with_a_draft()
    built = build_report(ReportRequest(*PERIOD, include_drafts=True, cache_dir=tmp_path), chosen)
    document = pypdfium2.PdfDocument(built.data)
    try:
        pages = [normalize(page.get_textpage().get_text_range()) for page in document]
    finally:
        document.close()
    timeline = [text for text in pages if "Over time, per day" in text and "Contents" not in text]
    assert len(timeline) == 2  # the table runs onto a second page
    for text in timeline:
        assert len(re.findall(r"\b\d+ May 2016", text)) == text.count("أيار")
