"""The flash update laid out: its HTML and stylesheet from the context, then one PDF through the engine.

The engine (render/engine.py) knows nothing of either report; this is the flash update's side
of it, as situation_report/layout.py is the situation report's.
"""

from __future__ import annotations

from sitrep.contract.model import Report
from sitrep.contract.public_profile import public_report
from sitrep.exchange.pdf_data import pdf_options
from sitrep.flash_update.context import flash_update_context
from sitrep.formatting import SEPARATOR
from sitrep.render.bilingual import Options
from sitrep.render.engine import Renderer, css_string, default_renderer, page_counter_content


class FlashUpdateLayout:
    """The flash update through one Renderer (the process's own by default)."""

    def __init__(self, renderer: Renderer | None = None):
        self.renderer = renderer or default_renderer()

    def html(self, report: Report, options: Options) -> tuple[str, str]:
        """The report's HTML and its stylesheet."""
        context = flash_update_context(report, options)
        columns = context["columns"]
        footer = {
            lang: (
                f'{css_string(context["profile_label"][lang] + SEPARATOR[lang])} '
                + page_counter_content(context["page_of"][lang], lang, options.digits)
                if lang in columns else "none"
            )
            for lang in ("ar", "en")
        }
        fonts = {key: path.as_uri() for key, path in self.renderer.font_files.items()}
        css = self.renderer.jinja.get_template("report.css").render(fonts=fonts, footer=footer)
        return self.renderer.jinja.get_template("flash_update.html").render(**context), css

    def pdf(self, report: Report, options: Options, fetcher=None) -> tuple[bytes, int]:
        """The flash update's PDF bytes and page count: PDF/A-3b carrying the incidents as JSON."""
        # The profile applies to the data before anything is printed or embedded.
        report = public_report(report, options.profile)
        html, css = self.html(report, options)
        fetcher = fetcher or self.renderer.fetcher()  # photos come as data: URLs, no file is read
        laid_out = self.renderer.lay_out(html, css, fetcher, **pdf_options(report.incidents, options.profile))
        return laid_out.pdf, laid_out.pages


_default: FlashUpdateLayout | None = None


def default_layout() -> FlashUpdateLayout:
    global _default
    if _default is None:
        _default = FlashUpdateLayout()
    return _default
