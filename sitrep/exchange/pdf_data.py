"""PDFs that carry their data: the incidents as a JSON attachment of a PDF/A-3 file.

The flash update's renderer passes ``pdf_options(incidents, profile)`` (its incidents,
the profile applied) to WeasyPrint's ``write_pdf``; the situation report attaches
``embedded_json(incidents)`` with pypdf. ``read_embedded`` gets the incidents
back from such a PDF, ``read_pdf`` its rows for an import. The attachment holds exactly what
``sitrep export --format json`` writes for the same profile: a colleague who receives
the PDF can import the data instead of re-typing it.
"""

from __future__ import annotations

import io
import logging

from sitrep.contract.documents import incident_items, parse_incident, parse_json
from sitrep.contract.model import Incident
from sitrep.exchange.json_format import contract_json, json_rows
from sitrep.i18n import N_
from sitrep.contract.problems import MESSAGES, InputError, Problem

ATTACHMENT_NAME = "sitrep-incidents.json"
# PDF/A-3 is the archival PDF that may carry attachments of any type. Level b (visual
# appearance) is claimed, not u: veraPDF is not at hand to prove every glyph of the
# Arabic shaping maps back to Unicode.
PDF_VARIANT = "pdf/a-3b"


class EmbeddedProblem(Problem):
    messages = {
        **MESSAGES,
        "not_a_pdf": N_("The file is not a PDF that can be read ({detail})."),
        "pdf_no_data": N_("This PDF carries no incident data: it was not exported by sitrep, or by a version "
                          "before data was embedded. Its incidents must be typed in."),
    }


def embedded_json(incidents) -> bytes:
    """The attachment's bytes: the contract's JSON array of ``incidents`` as given. Both reports
    apply the profile once, before anything prints or embeds them (contract/public_profile.py)."""
    return contract_json(incidents, "internal")  # "internal": as given, nothing removed again


def pdf_options(incidents, profile: str) -> dict:
    """Keyword arguments for WeasyPrint's ``write_pdf``: PDF/A-3b with the data attached.

    ``incidents`` have ``profile`` applied already, once, by the renderer that prints
    them: they are embedded as given, as the PDF's text shows them.
    """
    from weasyprint import Attachment  # here, not above: WeasyPrint takes a second to import

    data = embedded_json(incidents).decode("utf-8")
    attachment = Attachment(string=data, name=ATTACHMENT_NAME, relationship="Data",
                            description=f"sitrep incidents, data contract schema_version 2, {profile} profile")
    return {"pdf_variant": PDF_VARIANT, "attachments": [attachment]}


def embedded_bytes(pdf: bytes) -> bytes:
    """The raw attachment of a sitrep PDF, or InputError saying why there is none."""
    if not pdf.startswith(b"%PDF-"):
        raise InputError([EmbeddedProblem("not_a_pdf", params={"detail": "no %PDF header"})])
    from pypdf import PdfReader  # here, not above: only an import of a PDF needs it

    # pypdf logs every repair it makes to a damaged file; the user gets one message instead.
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        attachments = PdfReader(io.BytesIO(pdf)).attachments
        found = attachments.get(ATTACHMENT_NAME)
    except Exception as error:  # noqa: BLE001 - any failure of a hostile file is "not readable"
        raise InputError([EmbeddedProblem("not_a_pdf", params={"detail": f"{type(error).__name__}"})]) from None
    finally:
        logger.setLevel(level)
    if not found:
        raise InputError([EmbeddedProblem("pdf_no_data")])
    return found[0]


def embedded_items(pdf: bytes) -> list:
    """The attachment parsed as JSON: a list of values still to be validated one by one."""
    return incident_items(parse_json(embedded_bytes(pdf)))


def read_pdf(raw: bytes, encoding: str | None = None) -> tuple[str, list, list]:
    """An import's rows: the embedded incidents, judged one by one (the attachment is UTF-8 JSON)."""
    return "pdf", json_rows(embedded_items(raw)), []


def read_embedded(pdf: bytes) -> list[Incident]:
    """Every incident embedded in a sitrep PDF; InputError if one does not validate."""
    incidents = []
    for index, item in enumerate(embedded_items(pdf)):
        try:
            incidents.append(parse_incident(item))
        except InputError as error:
            raise InputError([Problem(p.code, f"[{index}].{p.path}".rstrip("."), p.params, p.severity)
                              for p in error.problems]) from None
    return incidents
