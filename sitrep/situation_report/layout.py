"""Laying one part out with the render engine, inside a worker process.

Each worker process keeps one Renderer (font configuration, Jinja environment, parsed
stylesheets: the engine's default_renderer) and lays out one part at a time through
Renderer.lay_out, like the flash update. The stylesheet is the flash update's
report.css (its page-margin texts switched off) followed by sitrep.css, so the detail
sections look like flash updates.
"""

from __future__ import annotations

from functools import lru_cache

from sitrep.paths import TEMPLATES_DIR
from sitrep.render.engine import LaidOut, default_renderer


@lru_cache(maxsize=None)
def stylesheet_text(name: str = "sitrep.css") -> str:
    """sitrep.css comes after the flash update's report.css; the furniture's stands alone."""
    renderer = default_renderer()
    fonts = {key: path.as_uri() for key, path in renderer.font_files.items()}
    if name != "sitrep.css":
        return renderer.jinja.get_template(name).render(fonts=fonts)
    base = renderer.jinja.get_template("report.css").render(fonts=fonts, footer={"ar": "none", "en": "none"})
    return base + "\n" + (TEMPLATES_DIR / name).read_text(encoding="utf-8")


def pdf(template: str, context: dict, css: str = "sitrep.css") -> LaidOut:
    """PDF bytes, page count, and the 0-based page of every element id (for the contents)."""
    renderer = default_renderer()
    return renderer.lay_out(renderer.jinja.get_template(template).render(**context), stylesheet_text(css))


def sections_pdf(template: str, context: dict, ids: list[str]) -> tuple[bytes, list[tuple[int, int]]]:
    """One document laid out and written once, with the (first page, page count) of each
    section (element ids ``ids``, in order).

    Several incidents share one layout run and one PDF write: WeasyPrint's fixed cost
    per document and per write is paid once (writing each section on its own cost
    ~130 ms apiece), and the font subsets are stored once per batch.
    """
    laid_out = pdf(template, context)
    bounds = [laid_out.anchors[name] for name in ids] + [laid_out.pages]
    return laid_out.pdf, [(first, end - first) for first, end in zip(bounds, bounds[1:])]
