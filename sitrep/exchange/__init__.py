"""Incident data in and out of sitrep: JSON, CSV/HXL, GeoJSON, KoboToolbox exports and PDFs that carry
their data; import planning."""
