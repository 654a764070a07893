"""Bar charts drawn as SVG, one bar per breakdown row.

The labels are not in the SVG: WeasyPrint shapes SVG <text> with Pango but places
it letter by letter from its x/y attributes, and a row of Arabic and English labels
is easier to keep right in HTML table cells (shaped, right to left, copyable). So the
chart is the breakdown table itself: label cells in HTML, the bar as a small inline SVG
in its own cell, all bars on one scale. In Arabic the bar grows from the right.
"""

from __future__ import annotations

import base64
from functools import lru_cache

from markupsafe import Markup

ACCENT = "#0b5c8a"
TRACK = "#e6edf2"
WIDTH = 100.0  # viewBox units; the cell gives the real width


STEPS = 200  # bar lengths are rounded to 0.5% of the cell: invisible, and few distinct images


@lru_cache(maxsize=None)
def _bar_url(step: int, rtl: bool) -> str:
    length = max(step * WIDTH / STEPS, 0.6 if step else 0.0)
    x = WIDTH - length if rtl else 0.0
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH:g} 10" width="{WIDTH:g}" height="10" '
           f'preserveAspectRatio="none">'
           f'<rect x="0" y="2" width="{WIDTH:g}" height="6" fill="{TRACK}"/>'
           f'<rect x="{x:.2f}" y="1" width="{length:.2f}" height="8" fill="{ACCENT}"/></svg>')
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("ascii")).decode("ascii")


def bar(value: int, largest: int, rtl: bool = False) -> Markup:
    """One bar, value/largest of the cell's width; a hairline for any value above 0.

    An <img> with a data: URL rather than inline <svg>: WeasyPrint parses an image once
    per distinct URL in a document, an inline SVG once per occurrence, and the
    breakdowns hold dozens of bars of few distinct lengths.
    """
    step = round(STEPS * value / largest) if largest else 0
    if value and not step:
        step = 1
    return Markup(f'<img class="bar" alt="" src="{_bar_url(step, rtl)}">')
