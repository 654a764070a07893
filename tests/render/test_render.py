"""The flash-update PDF, checked on the real file: text layer, pages, metadata, fonts."""

from __future__ import annotations

import subprocess

import pytest

from helpers import ROOT, SAMPLES, SECRETS, pdf_language, pdf_metadata, pdf_pages
from sitrep import formatting
from sitrep.render.bilingual import Options
from sitrep.contract.documents import load_document, parse_incident
from sitrep.flash_update.pdf import as_report, render_flash_update
from sitrep.render.engine import default_renderer
from sitrep.flash_update.layout import default_layout
from textcheck import normalize, pdf_text, recovered_share


@pytest.fixture(scope="module")
def demo_pdf() -> bytes:
    data, _, _ = render_flash_update(load_document(SAMPLES / "demo-report.json"))
    return data


def test_demo_is_one_a4_page_with_metadata(demo_pdf):
    assert pdf_pages(demo_pdf) == 1
    meta = pdf_metadata(demo_pdf)
    assert meta["Title"] == "Airstrike on Kafr Naha field hospital / غارة جوية على المشفى الميداني في كفرناها"
    assert meta["Author"] == "Example Health Monitoring Network (example)"
    assert pdf_language(demo_pdf) == "ar"
    assert len(demo_pdf) <= 60 * 1024


def test_fonts_are_embedded_subsets(demo_pdf, tmp_path):
    path = tmp_path / "demo.pdf"
    path.write_bytes(demo_pdf)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    assert {row.split()[0].split("+")[1] for row in rows} >= {"Amiri", "Fira-Sans"}
    for row in rows:
        name = row.split()[0]
        assert "+" in name and row.split()[-5:-2] == ["yes", "yes", "yes"], row  # emb, sub, uni


def test_both_languages_side_by_side(demo_pdf):
    text = normalize(pdf_text(demo_pdf))
    for expected in ("تحديث عاجل رقم ٢٠١٦/١٩", "WHAT HAPPENED", "ما الذي حدث", "Kafr Naha", "كفرناها",
                     "للنشر العام، صفحة ١ من ١", "صدر في ٨ أيار ٢٠١٦", "Issued 8 May 2016"):
        assert normalize(expected) in text, expected
    # PDFium reads the two footers as one line, in the direction of the language with more words
    # on it (now the Arabic): the English footer's words come out in reverse order. Check them.
    assert {"Public", "page", "1", "of"} <= set(text.split())


def test_arabic_narrative_survives_copy_out(demo_pdf, third_party):
    sample = load_document(SAMPLES / "demo-report.json").incidents[0]
    assert recovered_share(sample.narrative.ar, pdf_text(demo_pdf)) >= 0.99
    assert recovered_share(sample.narrative.en, pdf_text(demo_pdf)) == 1.0
    long_one = parse_incident(third_party)
    data, _, _ = render_flash_update(long_one, languages="ar")
    assert recovered_share(long_one.narrative.ar, pdf_text(data)) >= 0.99


@pytest.mark.parametrize("languages, present, absent", [
    ("ar", ["ما الذي حدث", "تحديث عاجل"], ["WHAT HAPPENED", "FLASH UPDATE"]),
    ("en", ["WHAT HAPPENED", "FLASH UPDATE"], ["ما الذي حدث", "تحديث عاجل"]),
])
def test_single_language_layouts(languages, present, absent):
    data, pages, _ = render_flash_update(load_document(SAMPLES / "kafr-naha-field-hospital.json"),
                                         languages=languages)
    text = normalize(pdf_text(data))
    assert pages == 1 and pdf_language(data) == languages
    assert all(normalize(word) in text for word in present)
    assert not any(normalize(word) in text for word in absent)


def test_latin_digits_option():
    data, _, _ = render_flash_update(load_document(SAMPLES / "demo-report.json"), digits="latn")
    text = normalize(pdf_text(data))
    assert {"7", "أيار", "2016"} <= set(text.split())
    assert not any("٠" <= ch <= "٩" for ch in text)


def test_public_report_leaves_out_sources_and_notes(third_party):
    incident = parse_incident(third_party)
    public, _, _ = render_flash_update(incident, profile="public")
    internal, _, _ = render_flash_update(incident, profile="internal")
    # Long values may wrap at a hyphen: compare without line breaks.
    public_text, internal_text = ("".join(pdf_text(data).split()) for data in (public, internal))
    for secret in SECRETS:
        assert secret not in public_text and secret.encode() not in public
        assert secret in internal_text
    assert "Internal" in internal_text and "Public" in public_text


def test_the_profile_is_applied_once_for_the_text_and_the_embedded_data(third_party, monkeypatch):
    """One public copy of the incident is printed and embedded: the export path has one
    place that applies the profile (the render engine), not one per consumer."""
    from sitrep.contract import public_profile

    copies = []
    real = public_profile.public_incident
    monkeypatch.setattr(public_profile, "public_incident",
                        lambda incident: copies.append(incident.id) or real(incident))
    render_flash_update(parse_incident(third_party), profile="public")
    assert len(copies) == 1


def test_casualty_totals_and_key_figures(third_party):
    data, _, _ = render_flash_update(parse_incident(third_party), digits="latn")
    text = pdf_text(data)
    assert "people killed" in text and "people injured" in text
    assert {"قتلى", "جريحا", "منشأتان"} <= set(text.split())  # 4 killed, 12 injured, 2 facilities


HOSTILE = [
    '<img src="file:///etc/passwd">',
    '<link rel=attachment href="file:///etc/hostname">',
    '<style>body { background: url(http://127.0.0.1:9/x) }</style>',
    'http://127.0.0.1:9/tracker.png',
    '\u202eevil\u202c reversed',
    '{{ 7*7 }} {% raw %}',
]


def test_hostile_text_renders_literally_and_fetches_nothing(kafr_naha):
    kafr_naha["narrative"] = {"ar": " ".join(HOSTILE), "en": " ".join(HOSTILE)}
    kafr_naha["targets"][0]["name"] = {"ar": HOSTILE[0], "en": HOSTILE[2]}
    report = as_report(parse_incident(kafr_naha))
    renderer = default_renderer()
    fetcher = renderer.fetcher()
    data, _ = default_layout().pdf(report, Options(), fetcher=fetcher)
    text = pdf_text(data)
    assert "file:///etc/passwd" in text and "{{ 7*7 }}" in text and "49" not in text
    assert b"root:" not in data
    allowed = {path.as_uri() for path in renderer.font_files.values()}
    assert set(fetcher.requests) <= allowed, fetcher.requests


def test_fetcher_refuses_anything_outside_the_project(tmp_path):
    from sitrep.render.fetcher import BlockedFetch

    fetcher = default_renderer().fetcher()
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"not for you")
    for url in (secret.as_uri(), "file:///etc/passwd", "http://127.0.0.1:9/", "https://example.org/",
                "ftp://127.0.0.1/x", "file://otherhost/etc/passwd"):
        with pytest.raises(BlockedFetch):
            fetcher.fetch(url)
    assert fetcher.fetch("data:text/plain,hi").read() == b"hi"


def test_long_narrative_flows_onto_more_pages(kafr_naha):
    kafr_naha["narrative"]["en"] = "\n".join(["The strike damaged the ward and the generator."] * 150)
    data, pages, _ = render_flash_update(parse_incident(kafr_naha))
    assert pages >= 2 and pdf_pages(data) == pages
    last = formatting.number(pages, "ar", "latn")  # the default digits
    assert f"صفحة {last} من {last}" in pdf_text(data)  # the footer PDFium reads in order (see above)


def test_draft_is_marked(kafr_naha):
    kafr_naha["status"] = "draft"
    data, _, _ = render_flash_update(parse_incident(kafr_naha))
    assert "DRAFT" in pdf_text(data)


def test_font_fast_path_agrees_with_fontpkg():
    import fontpkg

    from sitrep.render.engine import FONT_FILES, font_path

    for family, weight in FONT_FILES.values():
        assert font_path(family, weight) == fontpkg.path(family, weight=weight)


def test_fetcher_reads_allowed_files_whose_path_needs_escaping(tmp_path):
    from sitrep.render.fetcher import LocalOnlyFetcher

    folder = tmp_path / "with space & ٪"
    folder.mkdir()
    (folder / "logo.png").write_bytes(b"png")
    fetcher = LocalOnlyFetcher([folder])
    assert fetcher.fetch((folder / "logo.png").as_uri()).read() == b"png"


@pytest.mark.slow
def test_the_largest_incident_allowed_flows_onto_pages_in_bounded_time():
    """Every field at its limit: many pages, ending with the caveat, never a hang."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("safety_bench", ROOT / "bench" / "safety_bench.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    data, pages, _ = render_flash_update(bench.largest_incident(), languages="ar+en")
    assert pages > 10 and pdf_pages(data) == pages
    assert "may be revised" in pdf_text(data)
