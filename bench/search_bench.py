"""Benchmark of the incident search: index build time and query time over 10,000 incidents.

    .venv/bin/python bench/search_bench.py [--incidents N] [--runs R] [--seed S]

Generates varied, validated incidents (real governorates and towns in both languages,
some Arabic written without hamza or with haa for taa marbuta, as officers do), builds
an IncidentIndex and times 20 queries. Prints a Markdown report for docs/benchmarks.md.
Target: every query in at most 100 ms on a 2-core machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sitrep.contract import vocab  # noqa: E402
from sitrep.contract.model import Incident  # noqa: E402
from sitrep.search import IncidentIndex  # noqa: E402

TARGET_MS = 100

# Governorate (ar, en) -> towns (ar, en).
PLACES = {
    ("إدلب", "Idlib"): [("معرة النعمان", "Maarat al-Numan"), ("كفرنبل", "Kafr Nabl"), ("سراقب", "Saraqib"),
                        ("خان شيخون", "Khan Shaykhun"), ("أريحا", "Ariha"), ("جسر الشغور", "Jisr al-Shughur")],
    ("حلب", "Aleppo"): [("الأتارب", "al-Atarib"), ("كفرناها", "Kafr Naha"), ("أعزاز", "Azaz"),
                       ("الباب", "al-Bab"), ("دارة عزة", "Darat Izza")],
    ("حماة", "Hama"): [("كفرزيتا", "Kafr Zita"), ("اللطامنة", "al-Lataminah"), ("مورك", "Murak")],
    ("حمص", "Homs"): [("الرستن", "al-Rastan"), ("تلبيسة", "Talbiseh")],
    ("ريف دمشق", "Rif Dimashq"): [("دوما", "Douma"), ("حرستا", "Harasta"), ("عربين", "Arbin")],
    ("درعا", "Daraa"): [("بصرى الحرير", "Busra al-Harir"), ("نوى", "Nawa")],
    ("دير الزور", "Deir ez-Zor"): [("الميادين", "al-Mayadin"), ("البوكمال", "al-Bukamal")],
    ("الرقة", "Raqqa"): [("الطبقة", "al-Tabqa")],
    ("اللاذقية", "Latakia"): [("كبانة", "Kabani")],
}

FACILITY = {
    "hospital": ("مشفى", "hospital"),
    "field_hospital": ("المشفى الميداني في", "field hospital"),
    "primary_health_centre": ("مركز الرعاية الصحية الأولية في", "primary health centre"),
    "ambulance": ("سيارة إسعاف في", "ambulance"),
    "civil_defence_centre": ("مركز الدفاع المدني في", "civil defence centre"),
    "mobile_clinic": ("العيادة المتنقلة في", "mobile clinic"),
}

PERPETRATORS = [("طيران حكومي (بحسب التقارير)", "Government aircraft (as reported)"),
                ("مدفعية القوات الحكومية (بحسب التقارير)", "Government artillery (as reported)"),
                ("جهة غير معروفة", "Unknown party"),
                ("مجموعة مسلحة (بحسب التقارير)", "Armed group (as reported)")]

FILLER = [
    ("وأفاد شهود عيان بأن الطواقم الطبية عملت على إخلاء المرضى إلى مشافٍ مجاورة.",
     "Witnesses said medical staff evacuated patients to nearby hospitals."),
    ("ولم تتوفر أرقام نهائية عن الضحايا حتى إعداد هذا التقرير.",
     "Final casualty figures were not available at the time of writing."),
    ("وتعرضت المدينة لقصف متكرر خلال الأسبوع ذاته، ما أدى إلى نزوح عدد من العائلات.",
     "The town was shelled repeatedly that week, and a number of families fled."),
    ("وقالت إدارة المنشأة إن الأضرار طالت غرفة العمليات وقسم الإسعاف.",
     "The facility's management said the damage hit the operating theatre and the emergency ward."),
    ("ونُقل الجرحى إلى مشفى تدعمه منظمة دولية في بلدة مجاورة.",
     "The wounded were taken to a hospital supported by an international NGO in a nearby town."),
    ("وأكد فريق الدفاع المدني وصول سيارات الإسعاف بعد نحو عشرين دقيقة.",
     "The civil-defence team confirmed that ambulances arrived about twenty minutes later."),
]

# How officers actually type: no hamza on alef, haa for taa marbuta, yaa for alef maqsura.
SLOPPY = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ة": "ه", "ى": "ي"})

QUERIES = [
    ("إدلب", {}),
    ("ادلب", {}),
    ("مشفى", {}),
    ("المشفي الميداني", {}),
    ("مدينة", {}),
    ("مدينه حماه", {}),
    ("أريحا", {}),
    ("Kafr", {}),
    ("Field hospital", {}),
    ("ambulance IDLIB", {}),
    ("barrel bomb", {}),
    ("٢٠١٦", {}),
    ("00042", {}),
    ("xyzzy", {}),
    ("", {"admin1": "إدلب"}),
    ("hospital", {"date_from": dt.date(2016, 1, 1), "date_to": dt.date(2016, 12, 31)}),
    ("قصف مدفعي", {"attack_type": "artillery_shelling"}),
    ("civil defence", {"admin1": "Aleppo", "date_from": dt.date(2018, 1, 1)}),
    ("", {"attack_type": "chemical"}),
    ("مشفى كفرنبل", {"admin1": "ادلب", "date_from": dt.date(2015, 1, 1), "date_to": dt.date(2020, 12, 31)}),
]


def make_incident(n: int, rng: random.Random) -> dict:
    (gov_ar, gov_en), towns = rng.choice(list(PLACES.items()))
    town_ar, town_en = rng.choice(towns)
    day = dt.date(2012, 1, 1) + dt.timedelta(days=rng.randrange(13 * 365))
    kind = rng.choice(list(FACILITY))
    kind_ar, kind_en = FACILITY[kind]
    attack_types = rng.sample(list(vocab.ATTACK_TYPES), k=rng.choice((1, 1, 1, 2)))
    attack_en = " and ".join(vocab.ATTACK_TYPES[key].lower() for key in attack_types)
    killed, injured = rng.randrange(0, 12), rng.randrange(0, 30)
    filler = rng.sample(FILLER, k=rng.randrange(1, len(FILLER) + 1))
    town_word = rng.choice(("مدينة", "بلدة", "قرية"))
    narrative_ar = (f"في {day.day}/{day.month}/{day.year} تعرض {kind_ar} {town_ar} في {town_word} {town_ar} بريف {gov_ar} "
                    f"لهجوم أسفر عن مقتل {killed} أشخاص وإصابة {injured} آخرين. " + " ".join(f[0] for f in filler))
    narrative_en = (f"On {day:%d %B %Y} the {kind_en} in {town_en}, {gov_en} governorate, was hit by {attack_en}, "
                    f"killing {killed} and injuring {injured}. " + " ".join(f[1] for f in filler))
    if rng.random() < 0.3:  # a third of the log typed without hamza or taa marbuta
        gov_ar, town_ar, narrative_ar = (text.translate(SLOPPY) for text in (gov_ar, town_ar, narrative_ar))
    perpetrator_ar, perpetrator_en = rng.choice(PERPETRATORS)
    return {
        "id": f"syr-{day.year}-{n:05d}",
        "status": rng.choice(("draft", "final")),
        "date": day.isoformat(),
        "location": {"admin1": {"ar": gov_ar, "en": gov_en}, "place": {"ar": town_ar, "en": town_en}},
        "attack_types": attack_types,
        "perpetrator": {"ar": perpetrator_ar, "en": perpetrator_en},
        "targets": [{"kind": kind, "name": {"ar": f"{kind_ar} {town_ar}", "en": f"{town_en} {kind_en}"}}],
        "casualties": [{"group": "civilians", "killed": killed, "injured": injured}],
        "certainty": rng.choice(list(vocab.CERTAINTY)),
        "sources": [{"type": "eyewitness", "name": f"source-{n}"}],
        "narrative": {"ar": narrative_ar, "en": narrative_en},
        "internal_notes": f"confidential note {n}",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each query")
    parser.add_argument("--seed", type=int, default=2016)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    start = time.perf_counter()
    # Validated like any file the app opens (through JSON, as sitrep.contract.documents does).
    incidents = [Incident.model_validate_json(json.dumps(make_incident(n, rng), ensure_ascii=False))
                 for n in range(args.incidents)]
    generate_s = time.perf_counter() - start

    start = time.perf_counter()
    index = IncidentIndex(incidents)
    build_s = time.perf_counter() - start
    text_chars = statistics.mean(len(record.text) for record in index._records.values())

    rows, all_ms = [], []
    for query, filters in QUERIES:
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            hits = index.search(query, **filters)
            times.append((time.perf_counter() - start) * 1000)
        all_ms += times
        rows.append((query, filters, len(hits), statistics.median(times), max(times)))

    worst = max(all_ms)
    print(f"## Search benchmark ({dt.date.today().isoformat()})\n")
    print("| | |")
    print("|---|---|")
    print(f"| Machine | {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()} |")
    print(f"| Incidents | {len(index):,} (mean folded text {text_chars:,.0f} characters) |")
    print(f"| Generate + validate | {generate_s:.2f} s (not part of the index) |")
    print(f"| Index build | {build_s * 1000:.0f} ms |")
    print(f"| Queries | {len(QUERIES)} × {args.runs} runs |")
    print(f"| Query time, median | {statistics.median(all_ms):.1f} ms |")
    print(f"| Query time, max | {worst:.1f} ms ({'within' if worst <= TARGET_MS else 'OVER'} the {TARGET_MS} ms target) |")
    print("\n| Query | Filters | Hits | Median ms | Max ms |")
    print("|---|---|---:|---:|---:|")
    for query, filters, hits, median_ms, max_ms in rows:
        shown = ", ".join(f"{key}={value}" for key, value in filters.items()) or "-"
        print(f"| {query or '(empty)'} | {shown} | {hits:,} | {median_ms:.1f} | {max_ms:.1f} |")


if __name__ == "__main__":
    main()
