"""The flash update's export path, shared by the CLI and the GUI: document -> PDF file on disk."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sitrep.render.bilingual import Options
from sitrep.contract.documents import parse_incident
from sitrep.contract.model import Incident, Organization, Report
from sitrep.contract.problems import InputError, Problem
from sitrep.output import write_output
from sitrep.flash_update.layout import default_layout


@dataclass
class Exported:
    path: Path
    size: int
    pages: int
    incident: Incident
    profile: str


@dataclass(frozen=True)
class FlashUpdateRequest:
    """What the app asks its render process for: the form's data as typed (parsed there, so a
    form that does not validate yet gets its problems back), how to print it, and by whom."""

    data: dict
    options: Options
    organization: Organization | None = None


@dataclass(frozen=True)
class Rendered:
    """The answer: the PDF, or the problems that stopped it."""

    pdf: bytes | None = None
    problems: tuple[Problem, ...] = ()


def render_request(request: FlashUpdateRequest) -> Rendered:
    """The app's render, in the render process: never raises, every failure is a problem to show."""
    try:
        report = flash_update(parse_incident(request.data), request.organization)
        pdf, _ = default_layout().pdf(report, request.options)
        return Rendered(pdf=pdf)
    except InputError as error:
        return Rendered(problems=tuple(error.problems))
    except Exception as error:  # noqa: BLE001 - reported to the user, the render process goes on
        return Rendered(problems=(Problem("unexpected", params={"detail": f"{type(error).__name__}: {error}"}),))


def flash_update(incident: Incident, organization: Organization | None = None) -> Report:
    """A flash update of one incident, issued today, by ``organization`` if given."""
    return Report(kind="flash_update", incidents=[incident], organization=organization or Organization())


def as_report(document: Incident | Report) -> Report:
    """An incident on its own becomes a flash update with default report fields."""
    if isinstance(document, Incident):
        return flash_update(document)
    if document.kind != "flash_update":
        raise InputError([Problem("kind_not_supported", "kind", {"kind": document.kind})])
    return document


def options_for(report: Report, languages=None, digits=None, profile=None, arabic_locale=None,
                photo_dir=None, photo_key=None) -> Options:
    """The report's own settings, overridden by whatever the user chose explicitly."""
    return Options(languages=languages or report.languages, digits=digits or report.digits,
                   profile=profile or report.profile, arabic_locale=arabic_locale or Options.arabic_locale,
                   photo_dir=str(photo_dir) if photo_dir else None, photo_key=photo_key)


def render_flash_update(document: Incident | Report, **choices) -> tuple[bytes, int, Report]:
    report = as_report(document)
    data, pages = default_layout().pdf(report, options_for(report, **choices))
    return data, pages, report


def export_flash_update(document: Incident | Report, output: str | Path, **choices) -> Exported:
    data, pages, report = render_flash_update(document, **choices)
    profile = options_for(report, **choices).profile  # possibly the report file's own choice
    path = write_output(output, data, profile)
    return Exported(path, len(data), pages, report.incidents[0], profile)
