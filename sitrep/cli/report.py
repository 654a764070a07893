"""``sitrep report``: the periodic situation report over the stored incidents.

    sitrep report --from 2016-05-01 --to 2016-05-31 [--area Idlib] [--since 2016-01-01] [--details] [--include-drafts]
                  [--languages ar+en|ar|en] [--digits arab|latn] [--profile public|internal]
                  [--number 2016/05] [--highlights-en TEXT] [--highlights-ar TEXT]
                  [--contact TEXT] [--data-url URL] -o report.pdf

The organization's name and logo, and the defaults for languages, digits and
profile, come from the user's settings, as in the app. Bad input (a reversed or empty
period, an unknown governorate, an unwritable output) ends with one message and
writes nothing.
"""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path

from sitrep.cli.console import MSG_INTERNAL, MSG_WARNING, MSG_WRITTEN, incidents_for, open_store
from sitrep.i18n import N_

HELP = {
    "report": N_("render a situation report over the stored incidents of a period"),
    "from": N_("first day of the period (YYYY-MM-DD)"),
    "to": N_("last day of the period (YYYY-MM-DD)"),
    "area": N_("only this governorate (Arabic or English name)"),
    "since": N_("also give each key figure's total since this day (YYYY-MM-DD), on or before --from"),
    "contact": N_("how to reach the organization, printed on the last page (e-mail, phone)"),
    "data_url": N_("link to the organization's data, printed on the last page (http:// or https://)"),
    "details": N_("add a full detail section for every incident"),
    "include_drafts": N_("include draft incidents (left out by default), marked as drafts"),
    "number": N_("report number, for example 2016/05"),
    "highlights_en": N_("highlights in English (free text)"),
    "highlights_ar": N_("highlights in Arabic (free text)"),
    "no_cache": N_("lay out every detail section again instead of reusing the cache"),
    "team": N_("over the team server's incidents (all of them for a reviewer) instead of this laptop's"),
}


def register(registrar) -> dict:
    t = registrar.console.t
    sub = registrar.command("report", uses_db=True, help_text=HELP["report"])
    sub.add_argument("--from", dest="start", required=True, metavar="DATE", help=t(HELP["from"]))
    sub.add_argument("--to", dest="end", required=True, metavar="DATE", help=t(HELP["to"]))
    sub.add_argument("--area", metavar="GOVERNORATE", help=t(HELP["area"]))
    sub.add_argument("--since", metavar="DATE", help=t(HELP["since"]))
    sub.add_argument("--details", action="store_true", help=t(HELP["details"]))
    sub.add_argument("--include-drafts", action="store_true", help=t(HELP["include_drafts"]))
    sub.add_argument("--number", default="", help=t(HELP["number"]))
    sub.add_argument("--highlights-en", default="", metavar="TEXT", help=t(HELP["highlights_en"]))
    sub.add_argument("--highlights-ar", default="", metavar="TEXT", help=t(HELP["highlights_ar"]))
    sub.add_argument("--contact", default="", metavar="TEXT", help=t(HELP["contact"]))
    sub.add_argument("--data-url", default="", metavar="URL", help=t(HELP["data_url"]))
    sub.add_argument("--no-cache", action="store_true", help=t(HELP["no_cache"]))
    sub.add_argument("--team", action="store_true", help=t(HELP["team"]))
    sub.add_argument("-o", "--output", required=True, help=t("PDF file to write"))
    registrar.report_options(sub)
    return {"report": cmd_report}


# Problems name the option the user typed, not the model's field.
OPTION_NAMES = {"number": "--number", "highlights.ar": "--highlights-ar", "highlights.en": "--highlights-en"}


def request_from_args(args, settings):
    from sitrep.situation_report.pipeline import ReportRequest, report_texts  # start-up time
    from sitrep.situation_report.selection import parse_day, parse_url

    number, highlights = report_texts(args.number, args.highlights_ar, args.highlights_en, OPTION_NAMES)
    return ReportRequest(
        start=parse_day(args.start, "from"), end=parse_day(args.end, "to"), area=args.area or None,
        since=parse_day(args.since, "since") if args.since else None,
        details=args.details, include_drafts=args.include_drafts,
        languages=args.languages or settings.languages, digits=args.digits or settings.digits,
        profile=args.profile or settings.profile, arabic_locale=settings.arabic_locale,
        organization=report_organization(settings, args.contact, parse_url(args.data_url, "data-url")),
        number=number, highlights=highlights,
        cache_dir=not args.no_cache,
    )


def _check_writable(output) -> None:
    from sitrep.contract.problems import InputError, Problem  # start-up time

    folder = output.parent
    detail = None
    if output.is_dir():
        detail = os.strerror(21)  # "Is a directory"
    elif not folder.is_dir():
        detail = os.strerror(2)
    elif not os.access(folder, os.W_OK):
        detail = os.strerror(13)
    if detail:
        raise InputError([Problem("output_unwritable", params={"path": str(output), "detail": detail})])


def cmd_report(args, console) -> int:
    from sitrep.settings import load_settings  # start-up time
    from sitrep.situation_report.pipeline import CACHE_KEY, export_report
    from sitrep.situation_report.sentences import counted
    from sitrep.situation_report.texts import N_INCIDENTS
    from sitrep.store import check_output_path

    settings, _ = load_settings()  # a broken settings file falls back to defaults
    request = request_from_args(args, settings)
    output = Path(args.output)
    check_output_path(output, args.db)  # before minutes of layout, not after
    _check_writable(output)
    with open_store(args, console) as store:
        incidents = incidents_for(args, store, console)
        request = replace(request, cache_key=store.file_key(CACHE_KEY))
    path, built = export_report(request, incidents, output)
    # "Written: may.pdf (850 KB, 44 pages). 1,000 incidents": two plural messages, since
    # the page count and the incident count each choose their own form.
    written = console.n(MSG_WRITTEN, built.pages, path=path, size=max(1, round(len(built.data) / 1024)),
                        pages=built.pages)
    print(f"{written} {counted(N_INCIDENTS, len(built.report.incidents), console.lang, 'latn')}")
    if request.profile == "internal":
        print(f"{console.t(MSG_WARNING)}: {console.t(MSG_INTERNAL)}", file=sys.stderr)
    return 0


def report_organization(settings, contact: str, data_url: str | None):
    """The settings' organization; --contact and --data-url, when given, replace its own."""
    from sitrep.contract.model import Organization  # start-up time
    from sitrep.settings import organization

    chosen = organization(settings).model_dump()
    if contact:
        chosen["contact"] = contact
    if data_url:
        chosen["data_url"] = data_url
    return Organization.model_validate(chosen)
