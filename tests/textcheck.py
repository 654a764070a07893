"""How much of a text comes back out of a PDF's text layer (copy and paste, search).

Used by the tests and the benchmark: Arabic words are compared after removing
diacritics and tatweel, which PDF text layers do not keep reliably.
"""

from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser


_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def normalize(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)  # presentation forms back to letters
    return _CONTROLS.sub("", _ARABIC_MARKS.sub("", text))


def words(text: str) -> list[str]:
    # A direction mark between two words separates them: poppler's pdftotext wraps numbers in
    # U+202A … U+202C and moves the space inside ("\u202a 12\u202cحزيران" for "12 حزيران").
    return _WORD.findall(normalize(_CONTROLS.sub(" ", text)))


def recovered_share(source_text: str, extracted_text: str) -> float:
    """Share of the source's words found among the extracted text's words (0..1)."""
    wanted = words(source_text)
    if not wanted:
        return 1.0
    found = set(words(extracted_text))
    return sum(1 for word in wanted if word in found) / len(wanted)


class _ArabicText(HTMLParser):
    """Collects the text of the elements marked lang="ar" (and of everything inside them)."""

    VOID = {"br", "img", "col", "meta", "link", "hr", "input"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[bool] = []  # per open element: is it inside Arabic?
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        inside = (self.stack[-1] if self.stack else False) or dict(attrs).get("lang") == "ar"
        if tag == "html":  # the root carries the document's language, not a block's
            inside = False
        if tag in self.VOID:
            if inside:
                self.parts.append(" ")
            return
        self.stack.append(inside)

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()
            self.parts.append(" ")

    def handle_data(self, data):
        if self.stack and self.stack[-1]:
            self.parts.append(data)


def arabic_html_text(html: str) -> str:
    """The Arabic text of a rendered report's HTML: every element with lang="ar", so both
    our own wording (labels, key figures, generated sentences) and what the user typed."""
    parser = _ArabicText()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


def pdf_text(data: bytes) -> str:
    """All text of a PDF through PDFium (pypdfium2, a test dependency)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        text = "\n".join(page.get_textpage().get_text_range() for page in document)
        return text.replace("\ufffe", "-")  # PDFium marks a hyphen at a line break so
    finally:
        document.close()
