"""The two sample incidents shipped with sitrep, for a first look at the app."""

from __future__ import annotations

from sitrep.contract.documents import load_document
from sitrep.contract.model import Incident
from sitrep.paths import SAMPLES_DIR

SAMPLE_FILES = ("kafr-naha-field-hospital.json", "atarib-civil-defence.json")


def sample_incidents() -> list[Incident]:
    return [load_document(SAMPLES_DIR / name) for name in SAMPLE_FILES]


def add_samples(store) -> list[str]:
    """Store the samples that are not stored yet; their ids, in the order of SAMPLE_FILES."""
    samples = sample_incidents()
    taken = store.ids()
    store.add_many([incident for incident in samples if incident.id not in taken])
    return [incident.id for incident in samples]
