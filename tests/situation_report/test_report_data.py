"""A situation report carries its incidents too: import it back, and nothing internal leaks."""

from __future__ import annotations

import datetime as dt

from helpers import SECRETS, open_store
from sitrep.exchange.pdf_data import embedded_bytes, read_embedded
from sitrep.situation_report.pipeline import ReportRequest, build_report
from textcheck import pdf_text
from helpers import MAY, may_incidents


def test_internal_report_carries_every_incident_whole(tmp_path):
    stored = may_incidents()
    request = ReportRequest(*MAY, profile="internal", cache_dir=tmp_path)
    data = build_report(request, stored).data
    assert sorted(read_embedded(data), key=lambda i: i.id) == sorted(stored, key=lambda i: i.id)


def test_public_report_embeds_the_public_incidents_only(tmp_path):
    stored = may_incidents()
    data = build_report(ReportRequest(*MAY, details=True, cache_dir=tmp_path), stored).data
    attachment = embedded_bytes(data).decode("utf-8")
    text = pdf_text(data)
    for secret in SECRETS:
        assert secret not in attachment and secret not in text and secret.encode() not in data
    back = {incident.id: incident for incident in read_embedded(data)}
    for incident in stored:
        copy = back[incident.id]
        assert copy.sources == [] and copy.internal_notes == ""
        if incident.location.lat is not None:
            assert copy.location.lat == round(incident.location.lat, 2)
            assert f"{incident.location.lat:.5f}" not in attachment


def test_an_empty_selection_has_nothing_to_embed_and_is_refused():
    import pytest

    from sitrep.contract.problems import InputError

    with pytest.raises(InputError):
        build_report(ReportRequest(dt.date(2001, 1, 1), dt.date(2001, 1, 31)), may_incidents())


def test_sitrep_import_reads_a_situation_report(tmp_path):
    from helpers import run_cli

    with open_store(tmp_path / "office.db") as store:
        store.add_many(may_incidents())
    report = tmp_path / "may.pdf"
    made = run_cli("report", "--db", str(tmp_path / "office.db"), "--from", "2016-05-01", "--to", "2016-05-31",
                   "--no-cache", "-o", str(report))
    assert made.returncode == 0, made.stderr
    done = run_cli("import", "--db", str(tmp_path / "colleague.db"), "--yes", str(report))
    assert done.returncode == 0, done.stdout + done.stderr
    with open_store(tmp_path / "colleague.db") as colleague:
        assert colleague.count() == 3 and all(not incident.sources for incident in colleague.list())
