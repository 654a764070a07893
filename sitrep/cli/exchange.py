"""``sitrep export`` and ``sitrep import``: incident data in and out without re-typing.

``export`` writes JSON, CSV, HXL or GeoJSON, public by default. ``import`` always shows
the dry run first, row by row, then asks before storing the valid new rows (``--yes``
stores them without asking, ``--dry-run`` only reports). Without a terminal to ask on,
the answer is no: a script never hangs on a prompt and never imports by accident.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from sitrep.cli.console import incidents_for, open_store, printable
from sitrep.contract import vocab
from sitrep.exchange.formats import EXPORTS
from sitrep.i18n import N_, N_plural

MSG_EXPORTED = N_plural("Exported {count} incident to {path} ({format}, {profile}).",
                        "Exported {count} incidents to {path} ({format}, {profile}).")
MSG_NO_COORDINATES = N_plural("{count} incident has no coordinates and is not in the GeoJSON file.",
                              "{count} incidents have no coordinates and are not in the GeoJSON file.")
MSG_INTERNAL_FILE = N_("This file is INTERNAL: it holds the sources and internal notes. Do not share it publicly.")
MSG_NOTHING_SELECTED = N_("No stored incident matches this selection; nothing was written.")
MSG_SOURCE = {
    "json": N_("JSON file"), "geojson": N_("GeoJSON file"), "csv": N_("CSV table"),
    "kobo": N_("KoboToolbox-style CSV table"),
    "pdf": N_("data embedded in a sitrep PDF"),
}
MSG_READING = N_("{path}: {source}")
MSG_LINE = N_("row {number}")  # as a spreadsheet numbers it: a cell with line breaks is one row
MSG_ITEM = N_("item {number}")
MSG_STATUS = {
    "new": N_("to import"),
    "duplicate": N_("already there, skipped"),
    "invalid": N_("not imported (errors)"),
}
MSG_SUMMARY = N_plural("{count} row read: {new} to import, {duplicates} already there, {invalid} with errors.",
                       "{count} rows read: {new} to import, {duplicates} already there, {invalid} with errors.")
MSG_ASK = N_plural("Import {count} incident? [y/N] ", "Import {count} incidents? [y/N] ")
MSG_NOT_A_TERMINAL = N_("No answer (input is not a terminal): nothing was imported. "
                        "Add --yes to import the valid rows.")
MSG_DECLINED = N_("Nothing was imported.")
MSG_NOTHING_NEW = N_("Nothing new to import.")
MSG_IMPORTED = N_plural("Imported {count} incident.", "Imported {count} incidents.")
MSG_PREVIEW = N_("The Arabic text of the first rows, read as Windows-1256:")
MSG_ASK_ENCODING = N_("Read it as Windows-1256? [y/N] ")
MSG_ENCODING_HINT = N_("If the Arabic above reads correctly, run the command again with --encoding cp1256.")
# Answers that mean yes, in either language (Arabic keyboards type ن for "نعم").
YES = {"y", "yes", "ن", "نعم"}
HELP = {
    "team": N_("the team server's incidents (all of them for a reviewer) instead of this laptop's"),
    "export": N_("export stored incidents as JSON, CSV, HXL or GeoJSON (public unless asked otherwise)"),
    "import": N_("import incidents from a JSON, CSV or sitrep PDF file, after a row-by-row check"),
    "format": N_("json (the data contract), csv, hxl (CSV with HXL hashtags) or geojson"),
    "export_profile": N_("public (default) leaves out sources and internal notes and coarsens coordinates"),
    "from": N_("first incident date to include (YYYY-MM-DD)"),
    "to": N_("last incident date to include (YYYY-MM-DD)"),
    "id": N_("export only this incident (may be repeated)"),
    "export_output": N_("file to write"),
    "file": N_("JSON, CSV or PDF file to import"),
    "yes": N_("import the valid rows without asking"),
    "dry_run": N_("only report what would be imported"),
    "encoding": N_("read a CSV file that is not UTF-8 in this encoding: cp1256 (Arabic Windows, what Excel "
                   "writes for \"CSV\" by default)"),
}


def _date(text: str) -> dt.date:
    from sitrep.contract.model import parse_iso_date  # start-up time

    try:
        return parse_iso_date(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: YYYY-MM-DD") from None


def register(registrar) -> dict:
    t = registrar.console.t
    export = registrar.command("export", uses_db=True, help_text=HELP["export"])
    export.add_argument("--format", choices=EXPORTS, default="json", help=t(HELP["format"]))
    export.add_argument("--profile", choices=tuple(vocab.PROFILES), default="public", help=t(HELP["export_profile"]))
    export.add_argument("--from", dest="start", type=_date, metavar="YYYY-MM-DD", help=t(HELP["from"]))
    export.add_argument("--to", dest="end", type=_date, metavar="YYYY-MM-DD", help=t(HELP["to"]))
    export.add_argument("--team", action="store_true", help=t(HELP["team"]))
    export.add_argument("--id", dest="ids", action="append", metavar="ID", help=t(HELP["id"]))
    export.add_argument("-o", "--output", type=Path, required=True, help=t(HELP["export_output"]))
    imp = registrar.command("import", uses_db=True, help_text=HELP["import"])
    imp.add_argument("file", type=Path, help=t(HELP["file"]))
    choice = imp.add_mutually_exclusive_group()
    choice.add_argument("--yes", "-y", action="store_true", help=t(HELP["yes"]))
    choice.add_argument("--dry-run", action="store_true", help=t(HELP["dry_run"]))
    imp.add_argument("--encoding", choices=["cp1256"], help=t(HELP["encoding"]))
    return {"export": cmd_export, "import": cmd_import}


def cmd_export(args, console) -> int:
    from sitrep.exchange.export_data import export_bytes, select  # start-up time
    from sitrep.output import write_output
    from sitrep.store import check_output_path

    check_output_path(args.output, args.db)
    with open_store(args, console) as store:
        incidents = select(incidents_for(args, store, console), args.start, args.end, args.ids)
    if not incidents:
        console.out(MSG_NOTHING_SELECTED)
        return 1
    data = export_bytes(incidents, args.format, args.profile)
    write_output(args.output, data, args.profile)
    profile = console.t(vocab.PROFILES[args.profile])
    print(console.n(MSG_EXPORTED, len(incidents), count=len(incidents), path=args.output,
                    format=args.format.upper(), profile=profile))
    if args.format == "geojson":
        missing = sum(1 for incident in incidents if incident.location.lat is None)
        if missing:
            print(console.n(MSG_NO_COORDINATES, missing, count=missing), file=sys.stderr)
    if args.profile == "internal":
        print(f"{console.t(N_('warning'))}: {console.t(MSG_INTERNAL_FILE)}", file=sys.stderr)
    return 0


def print_plan(plan, console, stream=None) -> None:
    """The dry run, row by row: where, which incident, what happens to it, and why.

    Every line goes through printable(): the rows are the file's, not yet checked, and
    a hostile file must not drive the terminal that shows them."""

    stream = stream or sys.stdout
    print(printable(console.t(MSG_READING, path=plan.path, source=console.t(MSG_SOURCE[plan.source]))), file=stream)
    for note in plan.notes:
        print(printable(f"  {console.t(N_('warning'))}: {note.message(console.lang)}"), file=stream)
    for row in plan.rows:
        where = console.t(MSG_LINE if row.kind == "line" else MSG_ITEM, number=row.where)
        label = " · ".join(part for part in row.label() if part) or "–"
        print(printable(f"{where}: {label} — {console.t(MSG_STATUS[row.status])}"), file=stream)
        for problem in row.problems:
            kind = console.t(N_("warning") if problem.severity == "warning" else N_("error"))
            print(printable(f"    {kind}: {problem.message(console.lang)}"), file=stream)
    counts = {status: plan.count(status) for status in ("new", "duplicate", "invalid")}
    print(console.n(MSG_SUMMARY, len(plan.rows), count=len(plan.rows), new=counts["new"],
                    duplicates=counts["duplicate"], invalid=counts["invalid"]), file=stream)


def ask(console, count: int | None = None, question=MSG_ASK) -> bool | None:
    """The user's yes or no; None when there is no terminal to ask on."""
    if not sys.stdin or not sys.stdin.isatty():
        return None
    try:
        answer = input(console.t(question) if count is None else console.n(question, count, count=count))
    except EOFError:
        return False
    return answer.strip().lower() in YES


def read_legacy(args, console, error, encoding: str) -> bool:
    """A CSV refused as Windows-1256: show it decoded so; on a terminal, ask whether to read it so.

    Never a guess without the user: with --yes or without a terminal, the answer is the
    option to add (--encoding cp1256), which the user chooses after seeing the preview.
    """
    from sitrep.exchange.decoding import encoding_preview  # start-up time

    console.problems(error.problems)
    print(console.t(MSG_PREVIEW), file=sys.stderr)
    for line in encoding_preview(args.file, encoding):
        print(f"    {line}", file=sys.stderr)
    answer = None if args.yes else ask(console, question=MSG_ASK_ENCODING)
    if answer is None:
        print(console.t(MSG_ENCODING_HINT), file=sys.stderr)
    elif not answer:
        console.out(MSG_DECLINED)
    return bool(answer)


def cmd_import(args, console) -> int:
    from sitrep.contract.problems import InputError  # start-up time
    from sitrep.exchange.decoding import legacy_encoding
    from sitrep.exchange.planning import STORED_MEANWHILE, apply_import, plan_import

    with open_store(args, console) as store:
        try:
            plan = plan_import(args.file, store, encoding=args.encoding)
        except InputError as error:
            encoding = legacy_encoding(error)
            if encoding is None:
                raise
            if not read_legacy(args, console, error, encoding):
                return 1
            plan = plan_import(args.file, store, encoding=encoding)
        print_plan(plan, console)
        failed = 1 if plan.count("invalid") else 0
        new = plan.new
        if args.dry_run:
            return failed
        if not new:
            console.out(MSG_NOTHING_NEW)
            return failed
        if not args.yes:
            answer = ask(console, len(new))
            if answer is None:
                console.out(MSG_NOT_A_TERMINAL)
                return 1
            if not answer:
                console.out(MSG_DECLINED)
                return 1
        ids = apply_import(plan, store)  # judged again at write time: maybe fewer
    print(console.n(MSG_IMPORTED, len(ids), count=len(ids)))
    if len(ids) < len(new):
        late = len(new) - len(ids)
        print(console.n(STORED_MEANWHILE, late, count=late))
    return failed
