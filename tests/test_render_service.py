"""The desktop app's render process: PDFs out, problems out, and it survives a crash."""

from __future__ import annotations

import json

from conftest import SAMPLES, pdf_pages
from sitrep.render.worker import RenderProcess


def test_renders_reports_problems_and_restarts_after_a_crash():
    data = json.loads((SAMPLES / "kafr-naha-field-hospital.json").read_text(encoding="utf-8"))
    renderer = RenderProcess()
    try:
        kind, pdf = renderer.render(data, {"languages": "ar"})
        assert kind == "pdf" and pdf_pages(pdf) == 1

        kind, problems = renderer.render({**data, "time": "25:00"}, {})
        assert kind == "problems" and problems[0].path == "time"

        renderer._process.kill()  # a crash in rendering
        renderer._process.join(10)
        kind, pdf = renderer.render(data, {})
        assert kind == "pdf" and pdf.startswith(b"%PDF")
    finally:
        renderer.close()
