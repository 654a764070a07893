"""The situation report as a real PDF from a real store, and the `sitrep report` command."""

from __future__ import annotations

import subprocess
from dataclasses import replace

import pytest

from helpers import MAY, SECRETS, may_incidents, pdf_language, pdf_metadata, pdf_pages, run_cli, open_store
from sitrep.contract.model import Organization, Text
from sitrep.situation_report.pipeline import ReportRequest, build_report

from sitrep.sealing import new_key
from textcheck import normalize, pdf_text


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    cache = tmp_path_factory.mktemp("cache")
    request = ReportRequest(*MAY, details=True, digits="latn", cache_dir=cache, cache_key=new_key(), number="2016/05",
                            organization=Organization(name=Text(ar="شبكة المثال", en="Example Network")))
    return build_report(request, may_incidents()), request


def test_report_pages_furniture_and_metadata(built):
    result, _ = built
    data = result.data
    assert pdf_pages(data) == result.pages >= 5
    text = pdf_text(data)
    # PDFium reads both footers as one line in the direction of the one with more words (the Arabic,
    # "للنشر العام، صفحة 1 من 8"), so the Arabic footer is the one it returns in order.
    assert f"صفحة 1 من {result.pages}" in text and f"صفحة {result.pages} من {result.pages}" in text
    assert {"Public", "page", "of"} <= set(text.split())
    assert pdf_language(data) == "ar"
    assert pdf_metadata(data)["Title"].startswith("Situation report 2016/05")
    for heading in ("KEY FIGURES", "Breakdowns", "Annex: incidents in the period", "Contents", "Incident details"):
        assert normalize(heading) in normalize(text), heading


def test_every_page_has_its_own_number(built):
    import pypdfium2

    result, _ = built
    document = pypdfium2.PdfDocument(result.data)
    try:
        for index in range(len(document)):
            text = document[index].get_textpage().get_text_range()
            assert f"صفحة {index + 1} من {result.pages}" in text, index  # in order in PDFium: see above
            assert {"page", str(index + 1), str(result.pages)} <= set(text.split()), index
    finally:
        document.close()


def test_boxes_match_the_incidents(built):
    result, _ = built
    chosen = result.report.incidents
    assert result.figures.incidents == 3
    # The samples did not know their casualties: the known part is a floor ("at least").
    assert result.figures.killed.known == sum(i.total("killed") for i in chosen) and result.figures.killed.partial
    page_one = pdf_text(result.data).split("\f")[0] if "\f" in pdf_text(result.data) else pdf_text(result.data)
    assert f"{result.figures.killed.known}" in page_one and f"{result.figures.injured.known}" in page_one


def test_public_report_keeps_sources_out(built):
    result, _ = built
    flat = "".join(pdf_text(result.data).split())
    for secret in SECRETS:
        assert secret not in flat and secret.encode() not in result.data


def test_fonts_stay_embedded_subsets(built, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(built[0].data)
    rows = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert rows
    for row in rows:
        assert "+" in row.split()[0] and row.split()[-5:-2] == ["yes", "yes", "yes"], row


def test_unchanged_incidents_come_from_the_cache(built):
    result, request = built
    assert result.cache_misses == 3
    again = build_report(request, may_incidents())
    assert again.cache_hits == 3 and again.cache_misses == 0 and again.pages == result.pages
    changed = may_incidents()
    changed[0] = changed[0].model_copy(update={"narrative": changed[0].narrative.model_copy(
        update={"en": "Changed narrative."})})
    third = build_report(request, changed)
    assert third.cache_hits == 2 and third.cache_misses == 1
    assert "Changed narrative." in pdf_text(third.data)


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "data.db"
    with open_store(path) as store:
        for incident in may_incidents():
            store.add(incident)
    return path


def report_cli(db, *args, tmp_path, lang="en_GB.UTF-8"):
    return run_cli("report", "--db", str(db), *args, lang=lang,
                   env_extra={"SITREP_CACHE_DIR": str(tmp_path / "cache"), "SITREP_CONFIG_DIR": str(tmp_path / "cfg")})


def test_cli_writes_the_report(db, tmp_path):
    out = tmp_path / "may.pdf"
    done = report_cli(db, "--from", "2016-05-01", "--to", "2016-05-31", "--languages", "en", "-o", str(out),
                      tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Written:" in done.stdout and "3 incidents" in done.stdout
    assert pdf_language(out.read_bytes()) == "en"


@pytest.mark.parametrize("args, words", [
    (["--from", "2016-06-01", "--to", "2016-05-01"], "after it ends"),
    (["--from", "2010-01-01", "--to", "2010-01-31"], "No stored incident falls between"),
    (["--from", "2016-05-01", "--to", "2016-05-31", "--area", "Atlantis"], "Known governorates"),
    (["--from", "2016-13-01", "--to", "2016-05-31"], "is not a date"),
])
def test_cli_refuses_bad_requests_and_overwrites_nothing(db, tmp_path, args, words):
    out = tmp_path / "old.pdf"
    out.write_bytes(b"old")
    done = report_cli(db, *args, "-o", str(out), tmp_path=tmp_path)
    assert done.returncode == 1 and words in done.stderr and "Traceback" not in done.stderr
    assert out.read_bytes() == b"old"


def test_cli_unwritable_output(db, tmp_path):
    done = report_cli(db, "--from", "2016-05-01", "--to", "2016-05-31", "-o", str(tmp_path / "no" / "x.pdf"),
                      tmp_path=tmp_path)
    assert done.returncode == 1 and "Cannot write" in done.stderr


def test_internal_report_prints_sources_in_the_details(tmp_path):
    request = ReportRequest(*MAY, details=True, languages="en", profile="internal", cache_dir=tmp_path,
                            cache_key=new_key())
    result = build_report(request, may_incidents())
    flat = "".join(pdf_text(result.data).split())
    assert all(secret in flat for secret in SECRETS)
    assert "Internal·page1of" in flat
    # Internal sections are cached apart from public ones, readable by the owner only, and sealed.
    cached = [path for path in tmp_path.rglob("*") if path.is_file()]
    assert cached and all(path.stat().st_mode & 0o077 == 0 for path in cached)
    assert_sealed(cached, SECRETS)


def test_a_section_cached_by_other_code_or_contract_is_laid_out_again(built, monkeypatch):
    """A section laid out from data contract v1 printed 0 where v2 prints "not known":
    the key holds the contract's version and a digest of the code that prints a section."""
    from sitrep.contract import model
    from sitrep.render.bilingual import Options
    from sitrep.situation_report import cache

    result, request = built
    incident = may_incidents()[0]
    before = cache.key(incident, Options(), "t")
    monkeypatch.setattr(model, "SCHEMA_VERSION", 1)
    assert cache.key(incident, Options(), "t") != before
    monkeypatch.undo()
    monkeypatch.setattr(cache, "code_digest", lambda: "an older sitrep/flash_update/context.py")
    assert cache.key(incident, Options(), "t") != before
    again = build_report(request, may_incidents())
    assert again.cache_hits == 0 and again.cache_misses == 3


def test_cli_since_contact_and_data_link(db, tmp_path):
    out = tmp_path / "may.pdf"
    done = report_cli(db, "--from", "2016-05-01", "--to", "2016-05-31", "--since", "2016-01-01", "--languages", "en",
                      "--contact", "desk@example.org", "--data-url", "https://example.org/data", "-o", str(out),
                      tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    text = " ".join(pdf_text(out.read_bytes()).split())
    for wanted in ("Total: since 1 January 2016", "Contact: desk@example.org", "Data: https://example.org/data",
                   "About this report"):
        assert wanted in text, wanted


@pytest.mark.parametrize("args, words", [
    (["--since", "2016-05-02"], "must start on or before the period"),
    (["--since", "2016-02-30"], "is not a date"),
    (["--data-url", "example.org"], "is not a web address"),
])
def test_cli_refuses_a_bad_since_or_data_link(db, tmp_path, args, words):
    out = tmp_path / "never.pdf"
    done = report_cli(db, "--from", "2016-05-01", "--to", "2016-05-31", *args, "-o", str(out), tmp_path=tmp_path)
    assert done.returncode == 1 and words in done.stderr and "Traceback" not in done.stderr
    assert not out.exists()


def test_pruning_sweeps_the_half_written_files_of_a_stopped_report(tmp_path):
    """Stop ends the report's process at once, maybe inside a cache write: its temporary
    file must not stay in the cache for ever. A fresh one may be another report's, so it stays."""
    import os
    import time

    from sitrep.situation_report.cache import STALE_PARTIAL_SECONDS, PartCache

    cache = PartCache(tmp_path, new_key())
    cache.store(b"%PDF-1.7 ... %%EOF", [("ab" + "0" * 62, 1, 1)])
    stale = [tmp_path / "batches" / ".x.pdf.1.tmp", tmp_path / "refs" / "ab" / ".y.2.tmp"]
    fresh = tmp_path / "batches" / ".z.pdf.3.tmp"
    old = time.time() - STALE_PARTIAL_SECONDS - 60
    for path in [*stale, fresh]:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"half")
    for path in stale:
        os.utime(path, (old, old))
    cache.prune()
    assert not any(path.exists() for path in stale) and fresh.exists()
    assert len(list((tmp_path / "batches").glob("*.sealed"))) == 1  # the batch itself is kept


# The cache lives outside the store: sealed with the store's key, or not written at all.


def assert_sealed(paths, secrets) -> None:
    """No file holds a planted string, in UTF-8 or UTF-16, in the clear or in a zlib stream;
    none is a PDF."""
    import re
    import zlib

    for path in paths:
        data = path.read_bytes()
        assert b"%PDF" not in data, path
        streams = [data]
        for found in re.finditer(rb"stream\r?\n", data):
            try:
                streams.append(zlib.decompressobj().decompress(data[found.end():]))
            except zlib.error:
                pass
        for secret in secrets:
            for encoded in (secret.encode("utf-8"), secret.encode("utf-16-le")):
                assert not any(encoded in stream for stream in streams), (path, secret)


def test_the_cache_is_sealed_with_the_stores_key_and_useless_without_it(tmp_path):
    incidents = may_incidents()
    with open_store(tmp_path / "data.db") as store:
        key = store.file_key("report-cache")
        assert store.file_key("report-cache") == key and len(key) == 32
    with open_store(tmp_path / "data.db") as store:
        assert store.file_key("report-cache") == key  # kept with the store
    cache = tmp_path / "cache"
    request = ReportRequest(*MAY, details=True, profile="internal", cache_dir=cache, cache_key=key)
    first = build_report(request, incidents)
    assert first.cache_misses == 3
    assert_sealed([path for path in cache.rglob("*") if path.is_file()], SECRETS)
    assert build_report(request, incidents).cache_hits == 3  # the same key opens it
    other = build_report(replace(request, cache_key=new_key()), incidents)  # another store's key
    assert other.cache_hits == 0 and other.data.startswith(b"%PDF")


def test_without_a_key_nothing_is_written_to_the_cache_folder(tmp_path):
    request = ReportRequest(*MAY, details=True, cache_dir=tmp_path / "cache")
    assert build_report(request, may_incidents()).data.startswith(b"%PDF")
    assert not (tmp_path / "cache").exists()


def test_plaintext_batches_of_an_older_version_are_destroyed(tmp_path):
    from sitrep.situation_report.cache import PartCache

    legacy = tmp_path / "batches" / ("ab" * 16 + ".pdf")
    legacy.parent.mkdir(parents=True)
    legacy.write_bytes(b"%PDF-1.7 SECRET-SOURCE-4412 %%EOF")
    PartCache(tmp_path, new_key()).prune()
    assert not legacy.exists()


def test_the_cli_report_leaves_only_sealed_files_in_the_cache(db, tmp_path):
    out = tmp_path / "may.pdf"
    for _ in range(2):
        done = report_cli(db, "--from", "2016-05-01", "--to", "2016-05-31", "--details", "--profile", "internal",
                          "-o", str(out), tmp_path=tmp_path)
        assert done.returncode == 0, done.stderr
    cached = [path for path in (tmp_path / "cache").rglob("*") if path.is_file()]
    assert any(path.suffix == ".sealed" for path in cached)
    assert_sealed(cached, SECRETS)
