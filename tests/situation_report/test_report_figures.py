"""Situation report: counting and the key-figure sentences (no PDF here)."""

from __future__ import annotations

import datetime as dt

import pytest

from helpers import DATA, SAMPLES, load_json
from sitrep.contract.documents import parse_incident
from sitrep.i18n import translator
from sitrep.contract.model import Tally
from sitrep.contract.problems import InputError
from sitrep.situation_report import figures, selection, sentences, texts


def sample_incidents():
    incidents = [parse_incident(load_json(SAMPLES / name))
                 for name in ("kafr-naha-field-hospital.json", "atarib-civil-defence.json")]
    return incidents + [parse_incident(load_json(DATA / "third_party_incident.json"))]


def test_key_figures_match_the_incidents():
    incidents = sample_incidents()
    got = figures.key_figures(incidents)
    targets = [t for i in incidents for t in i.targets]
    assert got.incidents == 3
    assert got.facilities == len(targets)
    assert got.out_of_service == sum(t.service == "out_of_service" for t in targets)
    # The two shipped samples did not know their casualties (a v1 "unknown" row of
    # zeros, now unknown counts); the third party's rows are all known.
    assert got.killed == Tally(4, partial=True) and got.injured == Tally(12, partial=True)
    assert got.health_workers_killed == Tally(1, partial=True)
    assert got.civil_defence_killed == Tally(0, partial=True) and got.civil_defence_killed.state == "unknown"
    assert got.health_facilities + got.civil_defence_facilities == got.facilities


def test_breakdowns_add_up():
    incidents = sample_incidents()
    start, end = dt.date(2016, 5, 1), dt.date(2019, 6, 30)  # over three years: per year
    tables = {table.name: table for table in figures.breakdowns(incidents, start, end)}
    assert sum(row.incidents for row in tables["governorate"].rows) == 3
    assert sum(row.incidents for row in tables["certainty"].rows) == 3
    assert [row.key for row in tables["certainty"].rows] == ["confirmed", "probable", "possible", "rumour"]
    assert sum(row.facilities for row in tables["facility_kind"].rows) == sum(len(i.targets) for i in incidents)
    assert sum(row.incidents for row in tables["attack_type"].rows) == sum(len(i.attack_types) for i in incidents)
    in_three_years = [i for i in incidents if i.date <= dt.date(2019, 4, 30)]
    timeline = {t.name: t for t in figures.breakdowns(in_three_years, start, dt.date(2019, 4, 30))}["time_month"]
    assert timeline.rows[0].key == dt.date(2016, 5, 1) and timeline.rows[-1].key == dt.date(2019, 4, 1)
    assert sum(row.incidents for row in timeline.rows) == 2  # the third one is in June 2019
    yearly = tables["time_year"]
    assert [row.key.year for row in yearly.rows] == [2016, 2017, 2018, 2019]
    assert sum(row.incidents for row in yearly.rows) == 3


@pytest.mark.parametrize("start, end, step", [
    (dt.date(2016, 5, 1), dt.date(2016, 5, 31), "day"),
    (dt.date(2016, 5, 1), dt.date(2016, 7, 31), "week"),
    (dt.date(2016, 1, 1), dt.date(2016, 12, 31), "month"),
    (dt.date(2016, 1, 1), dt.date(2018, 12, 31), "month"),
    (dt.date(2016, 1, 1), dt.date(2026, 11, 25), "year"),
])
def test_time_step_follows_the_period(start, end, step):
    assert figures.time_step(start, end) == step
    table = figures.over_time([], start, end)
    assert table.rows and all(row.incidents == 0 for row in table.rows) and len(table.rows) <= 37


def test_selection_checks_the_request():
    incidents = sample_incidents()
    with pytest.raises(InputError) as error:
        selection.select(incidents, dt.date(2016, 6, 1), dt.date(2016, 5, 1))
    assert error.value.problems[0].code == "report_period_reversed"
    with pytest.raises(InputError) as error:
        selection.select(incidents, dt.date(2010, 1, 1), dt.date(2010, 1, 31))
    assert error.value.problems[0].code == "report_period_empty"
    with pytest.raises(InputError) as error:
        selection.select(incidents, dt.date(2016, 1, 1), dt.date(2019, 12, 31), area="Atlantis")
    assert error.value.problems[0].code == "report_unknown_area"
    assert "Aleppo" in error.value.problems[0].text("en")
    chosen = selection.select(incidents, dt.date(2016, 1, 1), dt.date(2019, 12, 31), area="حلب")
    assert chosen and all(i.location.admin1.en == "Aleppo" for i in chosen)
    assert [i.date for i in chosen] == sorted(i.date for i in chosen)


ENGLISH = {
    0: "0 health facilities were attacked.",
    1: "1 health facility was attacked, and it was put out of service.",
    2: "2 health facilities were attacked, all of them put out of service.",
    3: "3 health facilities were attacked, 2 of them put out of service.",
    101: "101 health facilities were attacked, 2 of them put out of service.",
}


@pytest.mark.parametrize("count", sorted(ENGLISH))
def test_english_key_figure_sentence(count):
    assert sentences.health_facilities_sentence(count, min(count, 2), "en", "latn") == ENGLISH[count]


# Arabic: منشأة for facility, and no tanween on the counted forms (١١ منشأة صحية).
ARABIC_PHRASES = {
    0: "أي منشأة صحية", 1: "منشأة صحية واحدة", 2: "منشأتان صحيتان", 3: "٣ منشآت صحية", 10: "١٠ منشآت صحية",
    11: "١١ منشأة صحية", 100: "١٠٠ منشأة صحية", 101: "١٠١ منشأة صحية",
}
# منشأة throughout (docs/arabic.md), so the verb is feminine for every count. One or two
# facilities, all out of service, are named as such (وخرجت عن الخدمة، كلتاهما), never "منها".
ARABIC_SENTENCES = {
    0: "لم تتعرض أي منشأة صحية للهجوم.",
    1: "تعرضت منشأة صحية واحدة للهجوم، وخرجت عن الخدمة.",
    2: "تعرضت منشأتان صحيتان للهجوم، وخرجت كلتاهما عن الخدمة.",
    3: "تعرضت ٣ منشآت صحية للهجوم، وخرجت اثنتان منها عن الخدمة.",
    10: "تعرضت ١٠ منشآت صحية للهجوم، وخرجت اثنتان منها عن الخدمة.",
    11: "تعرضت ١١ منشأة صحية للهجوم، وخرجت اثنتان منها عن الخدمة.",
    100: "تعرضت ١٠٠ منشأة صحية للهجوم، وخرجت اثنتان منها عن الخدمة.",
    101: "تعرضت ١٠١ منشأة صحية للهجوم، وخرجت اثنتان منها عن الخدمة.",
}


def arabic_catalog_has_report_plurals() -> bool:
    return translator("ar").ngettext(*texts.N_HEALTH_FACILITIES, 3) != texts.N_HEALTH_FACILITIES[1]


@pytest.mark.parametrize("count", sorted(ARABIC_PHRASES))
def test_arabic_counted_noun_agrees_with_the_number(count):
    assert arabic_catalog_has_report_plurals(), "run scripts/catalogs.py"
    assert sentences.counted(texts.N_HEALTH_FACILITIES, count, "ar", "arab") == ARABIC_PHRASES[count]
    assert sentences.health_facilities_sentence(count, min(count, 2), "ar", "arab") == ARABIC_SENTENCES[count]


@pytest.mark.parametrize("attacked, out, arabic, english", [
    (2, 1, "تعرضت منشأتان صحيتان للهجوم، وخرجت إحداهما عن الخدمة.",
     "2 health facilities were attacked, one of them put out of service."),
    (5, 5, "تعرضت ٥ منشآت صحية للهجوم، وخرجت جميعها عن الخدمة.",
     "5 health facilities were attacked, all of them put out of service."),
    (1, 1, "تعرضت منشأة صحية واحدة للهجوم، وخرجت عن الخدمة.",
     "1 health facility was attacked, and it was put out of service."),
])
def test_out_of_service_names_one_two_and_all(attacked, out, arabic, english):
    assert sentences.health_facilities_sentence(attacked, out, "ar", "arab") == arabic
    assert sentences.health_facilities_sentence(attacked, out, "en", "latn") == english


def test_arabic_sentences_with_latin_digits():
    assert arabic_catalog_has_report_plurals(), "run scripts/catalogs.py"
    assert sentences.counted(texts.N_PEOPLE, 11, "ar", "latn") == "11 شخصا"
    lines = sentences.key_figure_sentences(figures.key_figures(sample_incidents()), "ar", "arab")
    assert lines[0] == "سجلت ٣ حوادث خلال الفترة."


def test_no_incident_sentence():
    assert sentences.key_figure_sentences(figures.KeyFigures(), "en") == ["No incident was recorded in the period."]
