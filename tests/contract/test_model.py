"""The data contract: what is accepted, what is refused, and what the user is told."""

from __future__ import annotations

import copy
import datetime as dt
import json

import pytest

from helpers import DATA, SAMPLES, load_json
from sitrep.contract.documents import load_document, parse_document, parse_json
from sitrep.contract.model import LONG_TEXT, Incident, Report
from sitrep.contract.problems import InputError
from sitrep.contract.notices import incident_warnings


@pytest.mark.parametrize("name", ["kafr-naha-field-hospital.json", "atarib-civil-defence.json"])
def test_sample_incidents_are_valid_and_final(name):
    incident = load_document(SAMPLES / name)
    assert isinstance(incident, Incident)
    assert incident.status == "final"
    assert incident.narrative.ar and incident.narrative.en


def test_demo_report_is_a_flash_update_of_one_incident():
    report = load_document(SAMPLES / "demo-report.json")
    assert isinstance(report, Report)
    assert report.kind == "flash_update" and len(report.incidents) == 1


def test_third_party_file_gets_an_id_and_keeps_every_field():
    raw = load_json(DATA / "third_party_incident.json")  # a version 1 file
    incident = load_document(DATA / "third_party_incident.json")
    assert "id" not in raw and incident.id
    assert incident.time == raw["time"]
    assert len(incident.targets) == len(raw["targets"])
    assert incident.total("killed") == sum(row["killed"] for row in raw["casualties"])
    # The model writes back exactly what the file said, as version 2: the outcomes
    # version 1 could not record are not known.
    again = json.loads(incident.model_dump_json())
    assert raw["schema_version"] == 1 and again["schema_version"] == 2
    for key, value in raw.items():
        if key == "casualties":
            for row, row_again in zip(value, again[key], strict=True):
                assert row_again == {"kidnapped": None, "arrested": None, "missing": None, **row}
        elif key != "schema_version":
            assert again[key] == value, key


BROKEN = {
    "future_date.json": ("date", "future_date"),
    "negative_killed.json": ("casualties[0].killed", "greater_than_equal"),
    "children_above_total.json": ("casualties[0].children_killed", "part_above_total"),
    "unknown_attack_type.json": ("attack_types[0]", "literal_error"),
    "bad_time.json": ("time", "bad_time"),
    "lat_out_of_range.json": ("location.lat", "less_than_equal"),
    "no_target.json": ("targets", "too_short"),
    "no_attack_type.json": ("attack_types", "too_short"),
    "float_count.json": ("casualties[0].injured", "int_type"),
    "not_json.json": ("", "not_json"),
    "not_an_incident.json": ("", "not_an_incident"),
    "array_top.json": ("", "not_an_incident"),
    "invalid_utf8.json": ("", "not_utf8"),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_file_names_the_field_in_both_languages(name):
    path, code = BROKEN[name]
    with pytest.raises(InputError) as caught:
        load_document(DATA / "broken" / name)
    problems = caught.value.problems
    assert [(p.path, p.code) for p in problems] == [(path, code)]
    english, arabic = problems[0].message("en"), problems[0].message("ar")
    assert english.startswith(path) and arabic.startswith(path)
    assert english != arabic
    assert any("\u0600" <= ch <= "\u06ff" for ch in arabic)
    assert "{" not in english and "{" not in arabic  # every placeholder was filled


def test_warnings_do_not_block():
    incident = load_document(DATA / "warnings_only.json")
    codes = {(w.path, w.code) for w in incident_warnings(incident)}
    assert codes == {("narrative.en", "narrative_missing"), ("sources", "no_source"),
                     ("location", "far_from_country")}
    assert all(w.severity == "warning" for w in incident_warnings(incident))


def test_sample_has_no_warnings():
    assert incident_warnings(load_document(SAMPLES / "kafr-naha-field-hospital.json")) == []


@pytest.mark.parametrize("change, path, code", [
    (lambda d: d.update(time="7:5"), "time", "bad_time"),
    (lambda d: d.update(date="07/05/2016"), "date", "bad_date"),
    (lambda d: d.update(date="2016-02-30"), "date", "bad_date"),
    (lambda d: d.update(certainty="sure"), "certainty", "literal_error"),
    (lambda d: d.update(timezone="Mars/Olympus"), "timezone", "bad_timezone"),
    (lambda d: d.update(timezone="Asia/" + "x" * 260), "timezone", "bad_timezone"),  # ZoneInfo: OSError, name too long
    (lambda d: d.update(schema_version=3), "schema_version", "literal_schema_version"),
    (lambda d: d.update(schema_version="2"), "schema_version", "literal_schema_version"),
    (lambda d: d.update(perpetrator_groups=["unknown", "state_forces"]), "perpetrator_groups",
     "perpetrator_unknown_alone"),
    (lambda d: d.update(perpetrator_groups=["government"]), "perpetrator_groups[0]", "literal_error"),
    (lambda d: d["casualties"][0].update(kidnapped=-1), "casualties[0].kidnapped", "greater_than_equal"),
    (lambda d: d["casualties"][0].update(killed=2, children_killed=3), "casualties[0].children_killed",
     "part_above_total"),
    (lambda d: d.update(casualtes=[]), "casualtes", "extra_forbidden"),
    (lambda d: d["casualties"][0].update(killed="3"), "casualties[0].killed", "int_type"),
    (lambda d: d["casualties"][0].update(killed=True), "casualties[0].killed", "int_type"),
    (lambda d: d["location"].update(lon=None), "location", "coordinates_pair"),
    (lambda d: d["targets"][0].update(kind="school"), "targets[0].kind", "literal_error"),
    (lambda d: d["narrative"].update(ar="ب" * (LONG_TEXT + 1)), "narrative.ar", "string_too_long"),
    (lambda d: d.pop("certainty"), "certainty", "missing"),
])
def test_each_rule_is_reported_at_its_field(kafr_naha, change, path, code):
    change(kafr_naha)
    with pytest.raises(InputError) as caught:
        parse_document(kafr_naha)
    assert (caught.value.problems[0].path, caught.value.problems[0].code) == (path, code)


def test_today_is_not_the_future(kafr_naha):
    kafr_naha["date"] = dt.date.today().isoformat()
    kafr_naha["timezone"] = "UTC"
    assert parse_document(kafr_naha).date == dt.date.today()


def test_hostile_values_come_back_short_in_messages(kafr_naha):
    kafr_naha["certainty"] = "x" * 1_000_000
    with pytest.raises(InputError) as caught:
        parse_document(kafr_naha)
    assert len(caught.value.problems[0].message("en")) < 600


def test_nan_and_deep_nesting_are_refused(kafr_naha):
    with pytest.raises(InputError):
        parse_document(json.loads(json.dumps(kafr_naha).replace('"lat": 36.19', '"lat": NaN')))
    with pytest.raises(InputError) as caught:
        parse_json(b"[" * 100_000 + b"]" * 100_000)
    assert caught.value.problems[0].code == "not_json"


def test_flash_update_with_two_incidents_is_refused():
    report = load_json(SAMPLES / "demo-report.json")
    report["incidents"].append(copy.deepcopy(report["incidents"][0]))
    with pytest.raises(InputError) as caught:
        parse_document(report)
    assert caught.value.problems[0].path == "incidents"


def test_schema_lists_every_vocabulary_id():
    from sitrep.contract import vocab

    schema = json.dumps(Incident.model_json_schema())
    for table in (vocab.ATTACK_TYPES, vocab.TARGET_KINDS, vocab.CASUALTY_GROUPS, vocab.SOURCE_TYPES):
        for key in table:
            assert f'"{key}"' in schema


# Version 2: a count may be unknown (None), which is not 0.

def _v2(kafr_naha: dict, **row) -> dict:
    return dict(kafr_naha, schema_version=2, casualties=[{"group": "civilians", **row}])


def test_omitted_and_null_counts_are_unknown_not_zero(kafr_naha):
    incident = parse_document(_v2(kafr_naha, killed=3, injured=None))
    row = incident.casualties[0]
    assert (row.killed, row.injured, row.kidnapped, row.arrested, row.detained, row.missing) == (
        3, None, None, None, None, None)
    assert incident.total("killed") == 3 and incident.tally("killed").state == "known"
    assert incident.tally("injured").state == "unknown" and incident.total("injured") == 0


def test_a_part_of_an_unknown_total_is_kept(kafr_naha):
    row = parse_document(_v2(kafr_naha, killed=None, children_killed=2)).casualties[0]
    assert (row.killed, row.children_killed) == (None, 2)


def test_tally_tells_known_at_least_and_unknown_apart():
    from sitrep.contract.model import Tally

    assert Tally.of([1, 2]) == Tally(3, False) and Tally.of([1, 2]).state == "known"
    assert Tally.of([3, None]).state == "at_least" and Tally.of([3, None]).known == 3
    assert Tally.of([None, 0]).state == "unknown"
    assert Tally.of([]).state == "known"  # no rows: nobody recorded
    assert (Tally(2) + Tally(1, True)) == Tally(3, True)


def test_ambiguous_perpetrators_keep_their_order_without_repeats(kafr_naha):
    kafr_naha["perpetrator_groups"] = ["state_forces", "allied_foreign_forces", "state_forces"]
    incident = parse_document(kafr_naha)
    assert incident.perpetrator_groups == ["state_forces", "allied_foreign_forces"]
    assert incident.perpetrator.en == "Government aircraft (as reported)"  # the words of the sources stay


def test_version_1_file_becomes_version_2_keeping_every_count(kafr_naha):
    kafr_naha["schema_version"] = 1
    kafr_naha["casualties"] = [
        {"group": "civilians", "killed": 2},  # v1: omitted counts were 0
        {"group": "unknown", "killed": 0, "injured": 0, "detained": 0, "children_killed": 0},
        {"group": "unknown", "killed": 1},
    ]
    incident = parse_document(kafr_naha)
    assert incident.schema_version == 2
    civilians, unknown, unknown_with_one = incident.casualties
    assert (civilians.killed, civilians.injured, civilians.detained, civilians.kidnapped) == (2, 0, 0, None)
    # How version 1 said "not known": a row of group unknown, all zeros.
    assert all(getattr(unknown, name) is None for name in ("killed", "injured", "detained", "children_killed"))
    assert (unknown_with_one.killed, unknown_with_one.injured) == (1, 0)
    assert json.loads(incident.model_dump_json())["schema_version"] == 2


def test_organization_contact_plain_or_bilingual_and_data_link():
    from sitrep.contract.model import Organization

    org = Organization.model_validate({"contact": "info@example.org", "data_url": "https://example.org/data"})
    assert (org.contact.ar, org.contact.en) == ("info@example.org", "info@example.org")
    org = Organization.model_validate({"contact": {"ar": "هاتف ١٢٣", "en": "Phone 123"}})
    assert org.contact.en == "Phone 123" and org.data_url is None
    with pytest.raises(Exception):
        Organization.model_validate({"data_url": "javascript:alert(1)"})


def test_contract_page_describes_every_field_and_value_of_sitrep_schema():
    """docs/data-contract.md stands alone and matches `sitrep schema` (incident and report)."""
    from helpers import ROOT, run_cli

    page = (ROOT / "docs" / "data-contract.md").read_text(encoding="utf-8")
    assert "../" not in page and "DESIGN.md" not in page  # nothing outside the repository
    assert "schema_version 2" in page

    def walk(node, names: set, values: set):
        if isinstance(node, dict):
            names.update((node.get("properties") or {}).keys())
            values.update(value for value in node.get("enum") or [] if isinstance(value, str))
            if isinstance(node.get("const"), str):
                values.add(node["const"])
            for child in node.values():
                walk(child, names, values)
        elif isinstance(node, list):
            for child in node:
                walk(child, names, values)

    for args in (("schema",), ("schema", "--report")):
        done = run_cli(*args)
        assert done.returncode == 0, done.stderr
        schema = json.loads(done.stdout)
        names, values = set(), set()
        walk(schema, names, values)
        missing = sorted(name for name in names | values if f"`{name}`" not in page)
        assert not missing, missing
    schema = json.loads(run_cli("schema").stdout)
    assert schema["properties"]["schema_version"]["enum"] == [1, 2]
    assert schema["properties"]["schema_version"]["default"] == 2
