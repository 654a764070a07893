"""Incident data in and out of sitrep without re-typing (docs/exchange.md).

    formats         the registry: each format's name, extension, writer and reader
    json_format     JSON, the data contract itself
    table           CSV and HXL (columns.py: the columns they share with GeoJSON)
    kobo            KoboToolbox-style exports
    geojson_format  GeoJSON
    pdf_data        PDFs that carry their incidents (PDF/A-3 attachment)
    row_to_incident a flat row read back into contract JSON
    decoding        size limits, UTF-8 or Windows-1256
    rows            what every reader returns, and its problems
    duplicates      duplicate keys and IDs
    planning        the dry run and storing what the user accepted
    export_data     which incidents, and the bytes of an export
"""
