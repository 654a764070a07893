"""What PDF/A-3b and the embedded JSON add to a flash update: render time and size.

Renders the same document both ways in one process, alternating, warm (after two
throw-away renders), and prints medians. Run: .venv/bin/python bench/pdfa_bench.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from weasyprint import HTML  # noqa: E402

from sitrep.render.bilingual import Options  # noqa: E402
from sitrep.contract.documents import load_document  # noqa: E402
from sitrep.contract.public_profile import public_report  # noqa: E402
from sitrep.exchange.pdf_data import pdf_options  # noqa: E402
from sitrep.flash_update.pdf import as_report  # noqa: E402
from sitrep.paths import SAMPLES_DIR, TEMPLATES_DIR  # noqa: E402
from sitrep.flash_update.layout import default_layout  # noqa: E402
from sitrep.render.engine import default_renderer  # noqa: E402

RUNS = 15


def main() -> None:
    renderer = default_renderer()
    options = Options()
    # As the renderer does: the profile applied once, for the text and the embedded data.
    report = public_report(as_report(load_document(SAMPLES_DIR / "demo-report.json")), options.profile)
    html, css = default_layout().html(report, options)

    def render(extra: dict) -> tuple[float, float, int]:
        start = time.perf_counter()
        document = HTML(string=html, base_url=TEMPLATES_DIR.as_uri() + "/", url_fetcher=renderer.fetcher()).render(
            font_config=renderer.font_config, stylesheets=[renderer.stylesheet(css)])
        laid_out = time.perf_counter()
        data = document.write_pdf(**extra)
        return laid_out - start, time.perf_counter() - laid_out, len(data)

    variants = {"plain PDF": lambda: {}, "PDF/A-3b + JSON": lambda: pdf_options(report.incidents, "public")}
    for build in variants.values():
        render(build()), render(build())
    results = {name: [] for name in variants}
    for _ in range(RUNS):
        for name, build in variants.items():
            results[name].append(render(build()))
    print(f"{RUNS} warm renders each, medians (demo report, public profile)")
    print("| variant | layout | write_pdf | total | size |")
    print("|---|---|---|---|---|")
    for name, rows in results.items():
        layout = statistics.median(r[0] for r in rows) * 1000
        write = statistics.median(r[1] for r in rows) * 1000
        total = statistics.median(r[0] + r[1] for r in rows) * 1000
        print(f"| {name} | {layout:.0f} ms | {write:.0f} ms | {total:.0f} ms | {rows[0][2] / 1024:.1f} KB |")


if __name__ == "__main__":
    main()
