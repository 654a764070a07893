"""The command line: ``sitrep validate|render|add|list|show|delete|restore|schema|demo``.

Every command speaks the user's language (LANGUAGE/LC_ALL/LANG: Arabic or English),
exits non-zero with one clear message on any error and never prints a traceback
(set SITREP_DEBUG=1 to see one). Heavy modules (WeasyPrint) are imported only by the
commands that render.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sitrep.i18n import N_, N_plural, gettext_for, ngettext_for, user_language

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3

MSG_VALID = N_("{file}: valid.")
MSG_WARNING = N_("warning")
MSG_ERROR = N_("error")
MSG_WRITTEN = N_plural("Written: {path} ({size} KB, {pages} page).", "Written: {path} ({size} KB, {pages} pages).")
MSG_ADDED = N_("Added: {id}")
MSG_DELETED = N_("Deleted: {id} (sitrep restore {id} brings it back)")
MSG_RESTORED = N_("Restored: {id}")
MSG_NO_INCIDENTS = N_("No incidents stored in {path}.")
MSG_INTERNAL = N_("This PDF is INTERNAL: it prints the sources and internal notes. Do not share it publicly.")
MSG_UNEXPECTED = N_("Unexpected error: {detail}. Nothing was overwritten. Please report this with SITREP_DEBUG=1 output.")
MSG_INTERRUPTED = N_("Interrupted.")
HELP = {
    "description": N_("Record attacks on health care and print bilingual Arabic + English reports."),
    "validate": N_("check an incident or report file"),
    "render": N_("render a flash-update PDF from an incident or report file"),
    "add": N_("store the incidents of a file; prints their IDs"),
    "list": N_("list stored incidents"),
    "show": N_("print a stored incident as JSON"),
    "delete": N_("delete a stored incident (it can be restored)"),
    "restore": N_("restore a deleted incident"),
    "schema": N_("print the JSON Schema of the data contract"),
    "demo": N_("render the sample flash update"),
    "db": N_("database file (default: the user's data folder)"),
    "id": N_("render a stored incident (with its photos) instead of a file"),
    "output": N_("PDF file to write"),
    "json": N_("print JSON instead of a table"),
    "report": N_("the schema of a report file instead of an incident"),
    "languages": N_("ar+en (side by side), ar or en"),
    "digits": N_("digits in Arabic text: arab (٠١٢) or latn (012)"),
    "profile": N_("public leaves out sources and internal notes"),
}


_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_JSON_UNPRINTABLE = re.compile(r"[\x7f-\x9f]")  # JSON itself escapes \x00-\x1f


def printable(text: str) -> str:
    """One line for a terminal, with control characters written out (ESC as \\x1b).

    The model refuses them now, but rows stored by older versions and the rows of a
    file being imported may hold them, and raw they clear the screen, move the cursor
    or retitle the window of whoever lists them."""
    return _UNPRINTABLE.sub(lambda found: f"\\x{ord(found.group()):02x}", text)


def printable_json(text: str) -> str:
    """JSON for a terminal: DEL and C1 controls as \\u escapes too (still the same JSON)."""
    return _JSON_UNPRINTABLE.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


class Console:
    """Prints in the user's language."""

    def __init__(self, lang: str):
        self.lang = lang

    def t(self, message: str, **params) -> str:
        text = gettext_for(self.lang, message)
        return text.format(**params) if params else text

    def n(self, forms: tuple[str, str], number: int, /, **params) -> str:
        # Positional-only: many messages also name a {count} field among their params.
        return ngettext_for(self.lang, forms[0], forms[1], number).format(**params)

    def out(self, message: str, **params) -> None:
        print(self.t(message, **params))

    def problems(self, problems, prefix: str = "") -> None:
        for problem in problems:
            kind = self.t(MSG_WARNING if problem.severity == "warning" else MSG_ERROR)
            print(printable(f"{prefix}{kind}: {problem.message(self.lang)}"), file=sys.stderr)


def build_parser(console: Console) -> argparse.ArgumentParser:
    t = console.t
    parser = argparse.ArgumentParser(prog="sitrep", description=t(HELP["description"]))
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, uses_db: bool = False, help_text: str | None = None) -> argparse.ArgumentParser:
        text = t(help_text or HELP[name])
        sub = commands.add_parser(name, help=text, description=text)
        if uses_db:
            sub.add_argument("--db", type=Path, help=t(HELP["db"]))
        return sub

    def report_options(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--languages", choices=["ar+en", "ar", "en"], help=t(HELP["languages"]))
        sub.add_argument("--digits", choices=["arab", "latn"], help=t(HELP["digits"]))
        sub.add_argument("--profile", choices=["public", "internal"], help=t(HELP["profile"]))

    command("validate").add_argument("file", type=Path)
    render = command("render", uses_db=True)
    source = render.add_mutually_exclusive_group(required=True)
    source.add_argument("file", type=Path, nargs="?")
    source.add_argument("--id", help=t(HELP["id"]))
    render.add_argument("-o", "--output", type=Path, required=True, help=t(HELP["output"]))
    report_options(render)
    command("add", uses_db=True).add_argument("file", type=Path)
    command("list", uses_db=True).add_argument("--json", action="store_true", help=t(HELP["json"]))
    for name in ("show", "delete", "restore"):
        command(name, uses_db=True).add_argument("id")
    command("schema").add_argument("--report", action="store_true", help=t(HELP["report"]))
    demo = command("demo")
    demo.add_argument("-o", "--output", type=Path, required=True, help=t(HELP["output"]))
    report_options(demo)
    for module in _command_modules():
        COMMANDS.update(module.register(Registrar(command, report_options, console)))
    return parser


@dataclass
class Registrar:
    """What a command module (sitrep/cli_*.py) gets to add its subcommands.

    ``command(name, uses_db=False, help_text=msgid)`` returns the new subparser;
    ``report_options(sub)`` adds --languages/--digits/--profile. ``register()``
    returns {name: handler(args, console) -> exit code}.
    """

    command: Callable[..., argparse.ArgumentParser]
    report_options: Callable[[argparse.ArgumentParser], None]
    console: Console


def _command_modules():
    # Each group of commands lives in a module of its own, imported lazily so that
    # `sitrep list` does not pay for WeasyPrint or Pillow.
    for name in COMMAND_MODULES:
        yield importlib.import_module(name)


# Commands


def cmd_validate(args, console: Console) -> int:
    from sitrep.contract.documents import load_document
    from sitrep.contract.model import Report
    from sitrep.contract.notices import incident_warnings

    document = load_document(args.file)
    incidents = document.incidents if isinstance(document, Report) else [document]
    for index, incident in enumerate(incidents):
        prefix = f"incidents[{index}]." if isinstance(document, Report) else ""
        console.problems(incident_warnings(incident), prefix)
    console.out(MSG_VALID, file=args.file)
    return EXIT_OK


def cmd_render(args, console: Console) -> int:
    from sitrep.contract.documents import load_document

    if args.id is None:
        # Photos print only for stored incidents: a file's attachment paths are not read.
        return _render(load_document(args.file), args, console)
    with open_store(args, console) as store:
        return _render(store.get(args.id), args, console, photo_dir=store.photo_dir)


def cmd_demo(args, console: Console) -> int:
    from sitrep.contract.documents import load_document
    from sitrep.paths import SAMPLES_DIR

    return _render(load_document(SAMPLES_DIR / "demo-report.json"), args, console)


def _render(document, args, console: Console, photo_dir=None) -> int:
    from sitrep.flash_update.pdf import export_flash_update
    from sitrep.store import check_output_path
    from sitrep.contract.notices import incident_warnings

    check_output_path(args.output, getattr(args, "db", None))  # the demo has no --db: the user's own is kept safe
    report = export_flash_update(document, args.output, languages=args.languages,
                                 digits=args.digits, profile=args.profile, photo_dir=photo_dir)
    console.problems(incident_warnings(report.incident))
    print(console.n(MSG_WRITTEN, report.pages, path=args.output, size=max(1, round(report.size / 1024)),
                    pages=report.pages))
    if report.profile == "internal":  # possibly chosen by the report file, not the user's flag
        print(f"{console.t(MSG_WARNING)}: {console.t(MSG_INTERNAL)}", file=sys.stderr)
    return EXIT_OK


def open_store(args, console: Console):
    """The store of --db (or the user's), with the warnings of its opening printed
    (a daily backup that could not be made): the commands still run."""
    from sitrep.store import Store

    store = Store(args.db)
    console.problems(store.warnings)
    return store


def cmd_add(args, console: Console) -> int:
    from sitrep.contract.documents import load_document
    from sitrep.contract.model import Report

    document = load_document(args.file)
    incidents = document.incidents if isinstance(document, Report) else [document]
    with open_store(args, console) as store:
        for incident in incidents:
            print(store.add(incident))
    return EXIT_OK


def cmd_list(args, console: Console) -> int:
    from sitrep.listing import incident_rows

    with open_store(args, console) as store:
        incidents = store.list()
        if args.json:
            print(printable_json(json.dumps([i.model_dump(mode="json") for i in incidents], ensure_ascii=False,
                                            indent=2)))
        elif not incidents:
            console.out(MSG_NO_INCIDENTS, path=store.path)
        else:
            for row in incident_rows(incidents, console.lang):
                print(printable("  ".join(row)))
    return EXIT_OK


def cmd_show(args, console: Console) -> int:
    with open_store(args, console) as store:
        print(printable_json(store.get(args.id).model_dump_json(indent=2)))
    return EXIT_OK


def cmd_delete(args, console: Console) -> int:
    with open_store(args, console) as store:
        store.delete(args.id)
    console.out(MSG_DELETED, id=args.id)
    return EXIT_OK


def cmd_restore(args, console: Console) -> int:
    with open_store(args, console) as store:
        store.restore(args.id)
    console.out(MSG_RESTORED, id=args.id)
    return EXIT_OK


def cmd_schema(args, console: Console) -> int:
    from sitrep.contract.model import Incident, Report

    model = Report if args.report else Incident
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    print(json.dumps(schema, ensure_ascii=False, indent=2))
    return EXIT_OK


COMMANDS = {
    "validate": cmd_validate, "render": cmd_render, "add": cmd_add, "list": cmd_list,
    "show": cmd_show, "delete": cmd_delete, "restore": cmd_restore, "schema": cmd_schema,
    "demo": cmd_demo,
}
# Modules that add commands through register(Registrar) -> {name: handler}.
COMMAND_MODULES: tuple[str, ...] = ("sitrep.cli.photos", "sitrep.cli.exchange", "sitrep.cli.report")


def main(argv: list[str] | None = None) -> int:
    # Arabic must print even where the console or a redirected file defaults to another
    # encoding (Windows code pages): a PDF already written must not end in a false error.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    console = Console(user_language())
    args = build_parser(console).parse_args(argv)
    try:
        return COMMANDS[args.command](args, console)
    except KeyboardInterrupt:
        console.out(MSG_INTERRUPTED)
        return EXIT_INVALID
    except Exception as error:  # noqa: BLE001 - the one place that turns errors into messages
        problems = getattr(error, "problems", None)
        if os.environ.get("SITREP_DEBUG"):
            raise
        if problems:
            console.problems(problems)
            return EXIT_INVALID
        print(console.t(MSG_UNEXPECTED, detail=f"{type(error).__name__}: {error}"), file=sys.stderr)
        return EXIT_BUG


if __name__ == "__main__":
    sys.exit(main())
