"""The form's Save rule, in the core (sitrep/saving.py), against a real SQLite store."""

from __future__ import annotations

import copy

from sitrep.saving import save_form

from helpers import open_store


def test_a_valid_form_is_stored_as_an_incident(tmp_path, kafr_naha):
    with open_store(tmp_path / "data.db") as store:
        saved = save_form(store, kafr_naha["id"], kafr_naha)
        assert saved.outcome == "saved" and saved.incident_id == kafr_naha["id"]
        assert store.get(kafr_naha["id"]).id == kafr_naha["id"]


def test_an_invalid_draft_is_kept_as_typed(tmp_path, kafr_naha):
    typed = copy.deepcopy(kafr_naha)
    typed.update(status="draft", attack_types=[], date="2999-01-01")
    with open_store(tmp_path / "data.db") as store:
        saved = save_form(store, "typed-1", typed)
        assert saved.outcome == "kept_draft" and saved.problems
        record = store.record("typed-1")
        assert record.status == "draft" and not record.valid and record.data["attack_types"] == []


def test_an_invalid_final_is_refused_and_nothing_is_stored(tmp_path, kafr_naha):
    typed = copy.deepcopy(kafr_naha)
    typed.update(status="final", attack_types=[])
    with open_store(tmp_path / "data.db") as store:
        saved = save_form(store, "typed-2", typed)
        assert saved.outcome == "refused_final" and saved.problems
        assert store.record("typed-2") is None and store.records() == []
