"""Exports read by their real consumers: csv (utf-8-sig), libhxl, geojson, pypdfium2 and pypdf.

No string matching on the files themselves: each format is parsed the way the health
cluster's spreadsheet, HDX or a GIS would read it.
"""

from __future__ import annotations

import csv
import io
import json

import pytest

from helpers import DATA, SAMPLES, SECRETS, load_json, pdf_language, pdf_metadata
from sitrep.contract.documents import parse_incident
from sitrep.exchange.pdf_data import ATTACHMENT_NAME, embedded_json, read_embedded
from sitrep.exchange.columns import COLUMNS, flat_row
from sitrep.exchange.export_data import export_bytes, select
from sitrep.flash_update.pdf import render_flash_update
from sitrep.contract.public_profile import public_incident
from textcheck import pdf_text


@pytest.fixture(scope="module")
def incidents() -> list:
    return [parse_incident(load_json(DATA / "third_party_incident.json")),
            parse_incident(load_json(SAMPLES / "kafr-naha-field-hospital.json")),
            parse_incident(load_json(SAMPLES / "atarib-civil-defence.json"))]


@pytest.fixture(scope="module")
def public_pdf(incidents) -> bytes:
    data, _, _ = render_flash_update(incidents[0], profile="public")
    return data


@pytest.fixture(scope="module")
def internal_pdf(incidents) -> bytes:
    data, _, _ = render_flash_update(incidents[0], profile="internal")
    return data


def read_csv(data: bytes) -> list[dict]:
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM that makes Excel read UTF-8
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_opens_with_the_standard_reader(incidents):
    rows = read_csv(export_bytes(incidents, "csv", "public"))
    assert [row["id"] for row in rows] == [incident.id for incident in incidents]
    first = rows[0]
    assert first["place_ar"] == "كفرنبل" and first["admin1_en"] == "Idlib"
    assert first["killed"] == "4" and first["injured"] == "12"
    assert first["health_workers_killed"] == "1" and first["patients_children_killed"] == "1"
    assert first["civil_defence_killed"] == ""  # no such row: empty, not 0
    assert first["target_kinds"] == "primary_health_centre; ambulance"
    assert first["lat"] == "35.61" and first["lon"] == "36.56"  # public: two decimals
    assert "internal_notes" not in first and "sources" not in first
    assert first["narrative_ar"].startswith("في تمام الساعة")


def test_internal_csv_adds_notes_and_sources(incidents):
    rows = read_csv(export_bytes(incidents, "csv", "internal"))
    assert rows[0]["lat"] == "35.614"
    assert "SECRET-NOTE-7731" in rows[0]["internal_notes"]
    assert json.loads(rows[0]["sources"])[0]["name"] == "SECRET-SOURCE-4412"


def test_formula_cells_are_defused(incidents):
    hostile = incidents[1].model_copy(update={"narrative": incidents[1].narrative.model_copy(
        update={"en": '=HYPERLINK("http://evil.example","click")', "ar": "@SUM(A1)"})})
    row = read_csv(export_bytes([hostile], "csv", "internal"))[0]
    assert row["narrative_en"] == "'=HYPERLINK(\"http://evil.example\",\"click\")"
    assert row["narrative_ar"] == "'@SUM(A1)"
    assert row["lat"] == "36.19"  # numbers are never touched


def test_hxl_is_read_by_libhxl(incidents, tmp_path):
    import hxl
    from hxl.input import InputOptions

    path = tmp_path / "incidents.csv"
    path.write_bytes(export_bytes(incidents, "hxl", "public"))
    source = hxl.data(str(path), InputOptions(allow_local=True))
    tags = [column.display_tag for column in source.columns]
    for wanted in ("#date+occurred", "#country+code", "#adm1+name+i_en", "#loc+name+i_ar", "#geo+lat", "#geo+lon",
                   "#event+type", "#loc+facility+type", "#affected+killed", "#affected+injured",
                   "#affected+healthworker+killed", "#meta+certainty", "#description+i_en", "#description+i_ar"):
        assert wanted in tags, wanted
    assert len(tags) == len(COLUMNS)  # one hashtag per column, none left blank
    rows = list(source)
    assert len(rows) == 3
    assert rows[0].get("#affected+killed") == "4" and rows[0].get("#affected+healthworker+killed") == "1"
    assert rows[0].get("#adm1+name+i_ar") == "إدلب" and rows[0].get("#geo+lat") == "35.61"
    assert rows[1].get("#date+occurred") == "2016-05-07"


def test_geojson_validates_and_leaves_out_incidents_without_coordinates(incidents):
    import geojson

    no_coords = incidents[2].model_copy(update={"location": incidents[2].location.model_copy(
        update={"lat": None, "lon": None})})
    data = export_bytes([incidents[0], incidents[1], no_coords], "geojson", "public")
    collection = geojson.loads(data.decode("utf-8"))
    assert collection.is_valid, collection.errors()
    assert [feature["id"] for feature in collection["features"]] == [incidents[0].id, incidents[1].id]
    point = collection["features"][0]
    assert point["geometry"]["coordinates"] == [36.56, 35.61]  # lon, lat; public coarsening
    assert point["properties"]["killed"] == 4 and point["properties"]["place_en"] == "Kafr Nabl"
    assert "internal_notes" not in point["properties"]


def test_json_export_is_the_contract(incidents):
    data = json.loads(export_bytes(incidents, "json", "internal"))
    assert [parse_incident(item) for item in data] == incidents
    public = json.loads(export_bytes(incidents, "json", "public"))
    assert [parse_incident(item) for item in public] == [public_incident(i) for i in incidents]


def test_selection_by_period_and_id(incidents):
    import datetime as dt

    assert [i.id for i in select(incidents, dt.date(2019, 1, 1))] == [incidents[0].id]
    assert len(select(incidents, end=dt.date(2016, 5, 7))) == 2
    assert [i.id for i in select(incidents, ids=["kafr-naha-2016-05-07"])] == ["kafr-naha-2016-05-07"]


def test_public_profile_function(incidents):
    original = incidents[0]
    public = public_incident(original)
    assert public.sources == [] and public.internal_notes == ""
    assert (public.location.lat, public.location.lon) == (35.61, 36.56)
    assert public.location.geo_precision == "place"  # no longer exact
    assert original.sources and original.location.lat == 35.614  # the original is untouched
    assert flat_row(public)["lat"] == 35.61


def test_no_secret_leaves_in_any_public_export(incidents, public_pdf):
    import pypdfium2

    for fmt in ("json", "csv", "hxl", "geojson"):
        data = export_bytes(incidents, fmt, "public")
        text = data.decode("utf-8-sig")
        for secret in SECRETS + ("35.614", "36.561"):
            assert secret not in text, (fmt, secret)
    # The PDF: its text layer and the attachment extracted by PDFium.
    page_text = "".join(pdf_text(public_pdf).split())
    document = pypdfium2.PdfDocument(public_pdf)
    try:
        assert document.count_attachments() == 1
        attachment = document.get_attachment(0)
        assert attachment.get_name() == ATTACHMENT_NAME
        embedded = bytes(attachment.get_data()).decode("utf-8")
    finally:
        document.close()
    for secret in SECRETS + ("35.614", "36.561"):
        assert secret not in page_text and secret not in embedded and secret.encode() not in public_pdf
    assert json.loads(embedded)[0]["location"]["lat"] == 35.61


def test_pdf_is_pdf_a3_with_metadata_and_embedded_data(public_pdf, internal_pdf, incidents):
    from xml.etree import ElementTree

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(public_pdf))
    xmp = ElementTree.fromstring(reader.trailer["/Root"]["/Metadata"].get_object().get_data())
    pdfaid = "{http://www.aiim.org/pdfa/ns/id/}"
    claims = {(element.get(pdfaid + "part"), element.get(pdfaid + "conformance"))
              for element in xmp.iter() if element.get(pdfaid + "part")}
    assert claims == {("3", "B")}
    assert "/AF" in reader.trailer["/Root"]  # PDF/A-3: the attachment is declared as associated file
    meta = pdf_metadata(public_pdf)
    assert meta["Title"].startswith("Artillery shelling") and pdf_language(public_pdf) == "ar"
    assert read_embedded(public_pdf) == [public_incident(incidents[0])]
    assert read_embedded(internal_pdf) == [incidents[0]]  # internal: everything, unchanged
    assert embedded_json([public_incident(incidents[0])]) == reader.attachments[ATTACHMENT_NAME][0]
