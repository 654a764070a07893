"""HTML -> PDF bytes, with Jinja2 and WeasyPrint: the one engine both reports lay out with.

WeasyPrint is not thread-safe: every layout in a process goes through Renderer.lay_out,
which holds one lock, so the GUI's worker thread and anything else queue up instead of
racing. The font configuration, the Jinja environment and the parsed stylesheets are
built once and reused (warm renders).
"""

from __future__ import annotations

import re
import threading
from functools import cached_property
from pathlib import Path
from typing import NamedTuple

import jinja2

from sitrep import formatting
from sitrep.paths import RESOURCES_DIR, TEMPLATES_DIR

_RENDER_LOCK = threading.Lock()  # one per process, whatever the number of Renderers
BASE_URL = TEMPLATES_DIR.as_uri() + "/"

FONT_FILES = {
    "amiri_regular": ("Amiri", 400),
    "amiri_bold": ("Amiri", 700),
    "fira_regular": ("Fira Sans", 400),
    "fira_bold": ("Fira Sans", 700),
}


def font_path(family: str, weight: int) -> Path:
    """A static font file from its fontpkg-* package.

    Reads the package's own metadata.json first: ``import fontpkg`` scans every
    installed distribution's entry points, which costs ~70 ms of each cold start.
    fontpkg.path() stays the fallback and the reference.
    """
    import importlib.resources
    import json

    try:
        root = importlib.resources.files("fontpkg_" + family.lower().replace(" ", "_"))
        meta = json.loads((root / "metadata.json").read_text(encoding="utf-8"))
        for entry in meta["files"]:
            if entry["weight"] == weight and entry["style"] == "normal" and not entry["variable"]:
                return Path(str(root / entry["path"]))
    except (ModuleNotFoundError, OSError, KeyError, ValueError):
        pass
    import fontpkg

    return fontpkg.path(family, weight=weight)


def css_string(text: str) -> str:
    """A CSS string literal; everything but letters, digits and spaces is escaped."""
    return '"' + "".join(ch if ch.isalnum() or ch == " " else f"\\{ord(ch):x} " for ch in text) + '"'


def page_counter_content(template: str, lang: str, digits: str) -> str:
    """"page {page} of {pages}" -> CSS content with page counters in the right digits."""
    style = ", arabic-indic" if lang == "ar" and digits == "arab" else ""
    parts = []
    for piece in re.split(r"(\{page\}|\{pages\})", template):
        if piece == "{page}":
            parts.append(f"counter(page{style})")
        elif piece == "{pages}":
            parts.append(f"counter(pages{style})")
        elif piece:
            parts.append(css_string(piece))
    return " ".join(parts)


class LaidOut(NamedTuple):
    """A document laid out and written: the PDF, its page count, and the first page
    (0-based) of every element id, for a contents page or the bounds of sections."""

    pdf: bytes
    pages: int
    anchors: dict[str, int]


class Renderer:
    """Holds what is expensive to build; use one per process (see default_renderer)."""

    def __init__(self):
        self._stylesheets: dict = {}  # stylesheet text -> parsed CSS

    @cached_property
    def font_files(self) -> dict[str, Path]:
        return {key: font_path(family, weight) for key, (family, weight) in FONT_FILES.items()}

    @cached_property
    def font_config(self):
        from weasyprint.text.fonts import FontConfiguration

        return FontConfiguration()

    @cached_property
    def jinja(self) -> jinja2.Environment:
        environment = jinja2.Environment(
            loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
            # Every field is hostile text: HTML is escaped. The stylesheet gets only
            # values escaped by css_string() and the project's own font paths.
            autoescape=jinja2.select_autoescape(enabled_extensions=("html",), default_for_string=True),
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        # Typed text of either language in a block of the other (internal notes, sources):
        # its own direction, so an English note in an Arabic-only PDF keeps its full stop.
        environment.filters["direction"] = formatting.text_direction
        return environment

    def stylesheet(self, css: str):
        """The parsed stylesheet, kept per text: parsing it again would also register
        its @font-face fonts again, which slows every later render a little more."""
        from weasyprint import CSS

        if css not in self._stylesheets:
            self._stylesheets[css] = CSS(string=css, base_url=BASE_URL,
                                         url_fetcher=self.fetcher(), font_config=self.font_config)
        return self._stylesheets[css]

    def fetcher(self):
        """The project's folders and fonts; photos come as data: URLs (their files are sealed)."""
        # Imported on first use, not at start-up: it imports WeasyPrint (the app imports this module).
        from sitrep.render.fetcher import LocalOnlyFetcher

        return LocalOnlyFetcher([TEMPLATES_DIR, RESOURCES_DIR], list(self.font_files.values()))

    def lay_out(self, html: str, css: str, fetcher=None, **write_options) -> LaidOut:
        """``html`` laid out with the stylesheet text ``css`` and written as a PDF
        (``write_options`` go to WeasyPrint's write_pdf). The only way into WeasyPrint."""
        from weasyprint import HTML

        with _RENDER_LOCK:
            document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher or self.fetcher()).render(
                font_config=self.font_config, stylesheets=[self.stylesheet(css)])
            anchors = {}
            for number, page in enumerate(document.pages):
                for name in page.anchors:
                    anchors.setdefault(name, number)
            return LaidOut(document.write_pdf(**write_options), len(document.pages), anchors)


_default: Renderer | None = None


def default_renderer() -> Renderer:
    global _default
    if _default is None:
        _default = Renderer()
    return _default
