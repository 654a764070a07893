"""The registry of exchange formats: each one's name, file extension, writer and reader.

``sitrep export --format`` and the app's Export data dialog offer EXPORTS; an import asks
reader_for() which reader takes the file. The labels a user reads stay with the front ends,
which translate them.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass


@dataclass(frozen=True)
class Format:
    name: str  # as `sitrep export --format` and the app's dialog say it
    title: str  # for a file dialog's filter: "GeoJSON (*.geojson)"
    extension: str  # of the file written, and of the files the reader takes
    # "module.function" in sitrep/exchange/. The writer takes the incidents, the profile already
    # applied to them, and the profile; None: not written by export (a PDF is a report's).
    writer: str | None
    # The reader takes the file's bytes and the encoding the user chose (or None); it gives the
    # source ("csv", "kobo", ...), the rows judged one by one and the notes on the whole file.
    reader: str

    def write(self, incidents: list, profile: str) -> bytes:
        return _function(self.writer)(incidents, profile)

    def read(self, raw: bytes, encoding: str | None = None) -> tuple:
        return _function(self.reader)(raw, encoding)


def _function(path: str):
    # Imported on first use, not at start-up: the CLI builds its --format choices from this
    # module at every start, and the writers bring the data model (pydantic), a tenth of a second.
    module, name = path.rsplit(".", 1)
    return getattr(importlib.import_module(f"sitrep.exchange.{module}"), name)


FORMATS = {fmt.name: fmt for fmt in (
    Format("json", "JSON", ".json", "json_format.write_json", "json_format.read_json"),
    Format("csv", "CSV", ".csv", "table.write_csv", "table.read_table"),
    Format("hxl", "HXL CSV", ".csv", "table.write_hxl", "table.read_table"),
    # GeoJSON is JSON: the one JSON reader tells a FeatureCollection from the contract's array.
    Format("geojson", "GeoJSON", ".geojson", "geojson_format.write_geojson", "json_format.read_json"),
    Format("pdf", "PDF", ".pdf", None, "pdf_data.read_pdf"),
)}
EXPORTS = tuple(name for name, fmt in FORMATS.items() if fmt.writer)
READ_EXTENSIONS = tuple(dict.fromkeys(fmt.extension for fmt in FORMATS.values()))


def reader_for(raw: bytes, suffix: str) -> Format:
    """The format whose reader takes a file to import: by its first bytes, else its extension."""
    if raw.startswith(b"%PDF-") or suffix == ".pdf":
        return FORMATS["pdf"]
    if suffix in (".json", ".geojson") or (
            suffix != ".csv" and raw.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"[")):
        return FORMATS["json"]
    return FORMATS["csv"]  # the table reader: ours, HXL or KoboToolbox-style
