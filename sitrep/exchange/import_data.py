"""Kept only for sitrep/situation_report/figures.py, which imports facility_keys from here.

The import now lives in planning.py, duplicates.py and one module per format. When figures.py
imports facility_keys from sitrep.exchange.duplicates, delete this file.
"""

from sitrep.exchange.duplicates import facility_keys

__all__ = ["facility_keys"]
