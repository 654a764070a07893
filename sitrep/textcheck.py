"""How much of a text comes back out of a PDF's text layer (copy and paste, search).

Used by the tests and the benchmark: Arabic words are compared after removing
diacritics and tatweel, which PDF text layers do not keep reliably.
"""

from __future__ import annotations

import re
import unicodedata

_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def normalize(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)  # presentation forms back to letters
    return _CONTROLS.sub("", _ARABIC_MARKS.sub("", text))


def words(text: str) -> list[str]:
    return _WORD.findall(normalize(text))


def recovered_share(source_text: str, extracted_text: str) -> float:
    """Share of the source's words found among the extracted text's words (0..1)."""
    wanted = words(source_text)
    if not wanted:
        return 1.0
    found = set(words(extracted_text))
    return sum(1 for word in wanted if word in found) / len(wanted)


def pdf_text(data: bytes) -> str:
    """All text of a PDF through PDFium (pypdfium2, a test dependency)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        text = "\n".join(page.get_textpage().get_text_range() for page in document)
        return text.replace("\ufffe", "-")  # PDFium marks a hyphen at a line break so
    finally:
        document.close()
