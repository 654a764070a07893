"""Laying one part out with WeasyPrint, inside a worker process.

Each worker process keeps one Renderer (font configuration, Jinja environment, parsed
stylesheet): WeasyPrint is not thread-safe, and a process renders one part at a time.
The stylesheet is the flash update's report.css (its page-margin texts switched off)
followed by sitrep.css, so the detail sections look like flash updates.
"""

from __future__ import annotations

from functools import lru_cache

from sitrep.paths import TEMPLATES_DIR


@lru_cache(maxsize=None)
def stylesheet_text(name: str = "sitrep.css") -> str:
    """sitrep.css comes after the flash update's report.css; the furniture's stands alone."""
    from sitrep.render.engine import default_renderer

    renderer = default_renderer()
    fonts = {key: path.as_uri() for key, path in renderer.font_files.items()}
    if name != "sitrep.css":
        return renderer.jinja.get_template(name).render(fonts=fonts)
    base = renderer.jinja.get_template("report.css").render(fonts=fonts, footer={"ar": "none", "en": "none"})
    return base + "\n" + (TEMPLATES_DIR / name).read_text(encoding="utf-8")


def document(template: str, context: dict, css: str = "sitrep.css"):
    """The laid-out WeasyPrint document of one part."""
    from weasyprint import HTML

    from sitrep.render.engine import _RENDER_LOCK, default_renderer

    renderer = default_renderer()
    html = renderer.jinja.get_template(template).render(**context)
    with _RENDER_LOCK:
        return HTML(string=html, base_url=TEMPLATES_DIR.as_uri() + "/", url_fetcher=renderer.fetcher()).render(
            font_config=renderer.font_config, stylesheets=[renderer.stylesheet(stylesheet_text(css))])


def pdf(template: str, context: dict, css: str = "sitrep.css") -> tuple[bytes, int, dict]:
    """PDF bytes, page count, and the 0-based page of every element id (for the contents)."""
    laid_out = document(template, context, css)
    anchors = {}
    for number, page in enumerate(laid_out.pages):
        for name in page.anchors:
            anchors.setdefault(name, number)
    return laid_out.write_pdf(), len(laid_out.pages), anchors


def sections_pdf(template: str, context: dict, ids: list[str]) -> tuple[bytes, list[tuple[int, int]]]:
    """One document laid out and written once, with the (first page, page count) of each
    section (element ids ``ids``, in order).

    Several incidents share one layout run and one PDF write: WeasyPrint's fixed cost
    per document and per write is paid once (writing each section on its own cost
    ~130 ms apiece), and the font subsets are stored once per batch.
    """
    laid_out = document(template, context)
    starts = {}
    for number, page in enumerate(laid_out.pages):
        for name in page.anchors:
            starts.setdefault(name, number)
    bounds = [starts[name] for name in ids] + [len(laid_out.pages)]
    return laid_out.write_pdf(), [(first, end - first) for first, end in zip(bounds, bounds[1:])]
