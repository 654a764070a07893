"""Unknown is not zero: the flash update's wording for unknown, partly known and known
counts, read back from real PDFs in both languages (issue 16)."""

from __future__ import annotations

import pytest

from helpers import DATA, run_cli
from sitrep.contract.documents import load_document, parse_incident
from sitrep.flash_update.pdf import render_flash_update
from textcheck import normalize, pdf_text

# What a report must never say about an incident whose counts are not known.
NOBODY = ("no one was killed", "0 people killed", "0 killed", "no casualties",
          "لم يقتل أحد", "لم يلق أحد حتفه", "٠ قتيل", "0 قتيل", "لم يبلغ عن ضحايا")


def flat(data: bytes) -> str:
    """The PDF's text, marks removed and every run of white space one space."""
    return " ".join(normalize(pdf_text(data)).split())


def render(incident_data: dict, **choices) -> str:
    choices.setdefault("digits", "arab")  # the Arabic-Indic forms are the ones worth reading back
    data, _, _ = render_flash_update(parse_incident(incident_data), **choices)
    return flat(data)


def with_rows(kafr_naha: dict, *rows: dict) -> dict:
    return {**kafr_naha, "casualties": [dict(row) for row in rows]}


def assert_says(text: str, *expected: str) -> None:
    for phrase in expected:
        assert " ".join(normalize(phrase).split()) in text, phrase


def assert_never_nobody(text: str) -> None:
    lowered = text.lower()
    for phrase in NOBODY:
        assert normalize(phrase) not in lowered, phrase


def test_unknown_counts_say_figures_are_not_yet_known(kafr_naha):
    text = render(kafr_naha)  # the sample: one row, every count unknown
    assert_says(text, "Casualty figures are not yet known.", "أعداد الضحايا غير معروفة بعد.",
                "not known", "غير معروف")
    assert_never_nobody(text)


def test_partly_known_counts_are_minimums(kafr_naha):
    text = render(with_rows(kafr_naha, {"group": "civilians", "killed": 3, "injured": None},
                            {"group": "health_workers", "killed": None, "injured": 2}))
    assert_says(text,
                "At least 3 people were killed. At least 2 people were injured.",
                "لقي ٣ أشخاص على الأقل حتفهم.", "أصيب شخصان على الأقل بجروح.",
                "at least 3 people killed", "٣ قتلى على الأقل", "٢ جريحان على الأقل",
                # the table: unknown cells and totals that are minimums
                "Other civilians 3 not known", "at least 3", "٣ على الأقل")
    assert_never_nobody(text)


def test_killed_unknown_beside_injured_known(kafr_naha):
    text = render(with_rows(kafr_naha, {"group": "civilians", "killed": None, "injured": 4, "detained": 0}))
    assert_says(text, "The number of people killed is not known. 4 people were injured.",
                "عدد القتلى غير معروف.", "أصيب ٤ أشخاص بجروح.",
                "not known number of people killed", "غير معروف عدد القتلى")
    assert_never_nobody(text)


def test_known_counts_are_stated_plainly(kafr_naha):
    text = render(with_rows(kafr_naha, {"group": "civilians", "killed": 3, "injured": 5}))
    assert_says(text, "3 people were killed. 5 people were injured.", "لقي ٣ أشخاص حتفهم.", "أصيب ٥ أشخاص بجروح.",
                "3 people killed", "5 people injured")
    assert "at least" not in text.lower() and "على الأقل" not in text


def test_no_one_only_when_every_count_is_a_known_zero(kafr_naha):
    zero = {"group": "civilians", "killed": 0, "injured": 0}
    assert_says(render(with_rows(kafr_naha, zero)), "No one was killed. No one was injured.",
                "لم يلق أحد حتفه.", "لم يصب أحد بجروح.")
    # One more row whose counts are not known: the zero is no longer the whole story.
    text = render(with_rows(kafr_naha, zero, {"group": "patients"}))
    assert_says(text, "The number of people killed is not known.", "عدد القتلى غير معروف.")
    assert_never_nobody(text)


def test_health_worker_and_vehicle_figures_where_they_apply(third_party):
    text = render(third_party)  # a version-1 file: a nurse killed, 3 health workers injured, an ambulance hit
    assert_says(text, "1 health worker killed", "3 health workers injured",
                "1 ambulance or civil-defence vehicle hit",
                "قتيل من العاملين الصحيين", "جرحى من العاملين الصحيين", "سيارة إسعاف أو آلية دفاع مدني مستهدفة")
    assert "kidnapped" not in text.lower()  # nothing to count, no box


def test_perpetrator_group_is_printed_beside_the_reported_words(kafr_naha):
    kafr_naha["perpetrator_groups"] = ["state_forces", "allied_foreign_forces"]
    # One language at a time: PDFium reads a grid row holding both in an order of its own.
    assert_says(render(kafr_naha, languages="en"), "Perpetrator State forces or allied foreign forces",
                "Perpetrator (as reported) Government aircraft (as reported)")
    assert_says(render(kafr_naha, languages="ar"), "الجهة المنفذة القوات الحكومية أو القوات الأجنبية الحليفة",
                "طيران حكومي")  # PDFium mirrors the brackets


def test_new_outcomes_have_their_columns(kafr_naha):
    text = render(with_rows(kafr_naha,
                            {"group": "health_workers", "killed": 0, "injured": 1, "kidnapped": 2, "missing": 1},
                            {"group": "civilians", "killed": 1, "injured": 0, "arrested": 1}), languages="en")
    # Detained is known on no row: no column of "not known" everywhere. Four count columns
    # per table; the fifth continues in a second table below, the group repeated.
    assert_says(text, "Group Killed Injured Kidnapped Arrested",
                "Health workers 0 1 2 not known", "Other civilians 1 0 not known 1",
                "Total 1 1 at least 2 at least 1",
                "Group Missing Health workers 1 Other civilians not known Total at least 1",
                "2 health workers kidnapped")
    assert "Detained" not in text


def test_version_1_file_renders_from_the_command_line(tmp_path):
    """v1's "unknown" row of zeros is read as unknown counts, not as nobody."""
    output = tmp_path / "v1.pdf"
    done = run_cli("render", str(DATA / "v1" / "demo-report.json"), "-o", str(output))
    assert done.returncode == 0, done.stderr
    text = flat(output.read_bytes())
    assert_says(text, "Casualty figures are not yet known.", "أعداد الضحايا غير معروفة بعد.")
    assert_never_nobody(text)


def test_version_1_file_validates_and_is_added_as_version_2(tmp_path):
    v1 = DATA / "v1" / "kafr-naha-field-hospital.json"
    assert run_cli("validate", str(v1)).returncode == 0
    db = str(tmp_path / "data.db")
    added = run_cli("add", str(v1), "--db", db)
    assert added.returncode == 0, added.stderr
    shown = run_cli("show", "kafr-naha-2016-05-07", "--db", db)
    import json

    stored = json.loads(shown.stdout)
    assert stored["schema_version"] == 2
    assert stored["casualties"] == [{"group": "unknown", **{name: None for name in (
        "killed", "injured", "kidnapped", "arrested", "detained", "missing",
        "children_killed", "children_injured", "women_killed", "women_injured")}}]
    assert load_document(v1).casualties_unknown()
    # The list prints unknown as "?", never as 0.
    (line,) = [line for line in run_cli("list", "--db", db).stdout.splitlines() if "kafr-naha" in line]
    assert line.split().count("?") == 2 and " 0 " not in line


def test_one_line_lists_tell_unknown_and_minimum_apart():
    from sitrep.listing import tally_text
    from sitrep.contract.model import Tally

    assert [tally_text(t) for t in (Tally(3), Tally(3, True), Tally(0, True), Tally(0))] == ["3", "≥3", "?", "0"]


@pytest.mark.parametrize("forms, expected", [
    (("{count} person was killed.", "{count} people were killed."),
     ["لم يلق أحد حتفه.", "لقي شخص واحد حتفه.", "لقي شخصان حتفهما.", "لقي 3 أشخاص حتفهم.", "لقي 11 شخصا حتفهم.",
      "لقي 100 شخص حتفهم."]),
    (("{count} person was injured.", "{count} people were injured."),
     ["لم يصب أحد بجروح.", "أصيب شخص واحد بجروح.", "أصيب شخصان بجروح.", "أصيب 3 أشخاص بجروح.",
      "أصيب 11 شخصا بجروح.", "أصيب 100 شخص بجروح."]),
    (("At least {count} person was killed.", "At least {count} people were killed."),
     ["عدد القتلى غير معروف.", "لقي شخص واحد على الأقل حتفه.", "لقي شخصان على الأقل حتفهما.",
      "لقي 3 أشخاص على الأقل حتفهم.", "لقي 11 شخصا على الأقل حتفهم.", "لقي 100 شخص على الأقل حتفهم."]),
    (("At least {count} person was injured.", "At least {count} people were injured."),
     ["عدد الجرحى غير معروف.", "أصيب شخص واحد على الأقل بجروح.", "أصيب شخصان على الأقل بجروح.",
      "أصيب 3 أشخاص على الأقل بجروح.", "أصيب 11 شخصا على الأقل بجروح.", "أصيب 100 شخص على الأقل بجروح."]),
    (("health worker injured", "health workers injured"),
     [f"{n} من العاملين الصحيين" for n in ("جريح", "جريح", "جريحان", "جرحى", "جريحا", "جريح")]),
    (("health worker kidnapped", "health workers kidnapped"),
     [f"{n} من العاملين الصحيين" for n in ("مخطوف", "مخطوف", "مخطوفان", "مخطوفون", "مخطوفا", "مخطوف")]),
    (("health worker arrested", "health workers arrested"),
     [f"{n} من العاملين الصحيين" for n in ("موقوف", "موقوف", "موقوفان", "موقوفون", "موقوفا", "موقوف")]),
    (("ambulance or civil-defence vehicle hit", "ambulances or civil-defence vehicles hit"),
     ["سيارة إسعاف أو آلية دفاع مدني مستهدفة", "سيارة إسعاف أو آلية دفاع مدني مستهدفة",
      "سيارتا إسعاف أو آليتا دفاع مدني مستهدفتان", "سيارات إسعاف أو آليات دفاع مدني مستهدفة",
      "سيارة إسعاف أو آلية دفاع مدني مستهدفة", "سيارة إسعاف أو آلية دفاع مدني مستهدفة"]),
])
def test_arabic_counted_forms(forms, expected):
    from sitrep.i18n import ngettext_for

    got = [ngettext_for("ar", *forms, n).format(count=n) for n in (0, 1, 2, 3, 11, 100)]
    assert got == expected
    assert not any(mark in form for form in got for mark in "\u064b\u064c\u064d")  # no tanween
