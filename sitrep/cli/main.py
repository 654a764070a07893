"""The command line, ``sitrep COMMAND``: the parser and the one place that turns errors into messages.

Every command speaks the user's language (LANGUAGE/LC_ALL/LANG: Arabic or English),
exits non-zero with one clear message on any error and never prints a traceback
(set SITREP_DEBUG=1 to see one). The commands live in one module per group, listed in
COMMAND_MODULES; heavy modules (WeasyPrint) are imported only by the commands that render.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from sitrep.cli import exchange, incidents, passphrase, photos, report, sync, team, wipe
from sitrep.contract import vocab
from sitrep.cli.console import EXIT_BUG, EXIT_INVALID, Console, Registrar
from sitrep.i18n import N_, user_language

MSG_UNEXPECTED = N_("Unexpected error: {detail}. Nothing was overwritten. Please report this with SITREP_DEBUG=1 output.")
MSG_INTERRUPTED = N_("Interrupted.")
HELP = {
    "description": N_("Record attacks on health care and print bilingual Arabic + English reports."),
    "db": N_("database file (default: the user's data folder)"),
    "languages": N_("ar+en (side by side), ar or en"),
    "digits": N_("digits in Arabic text: arab (٠١٢) or latn (012)"),
    "profile": N_("public leaves out sources and internal notes"),
}
# Each module adds its commands through register(Registrar) -> {name: handler(args, console)}.
COMMAND_MODULES = (incidents, photos, exchange, report, passphrase, wipe, team, sync)


def build_parser(console: Console) -> tuple[argparse.ArgumentParser, dict]:
    """The parser, and the handler of each command by name."""
    t = console.t
    parser = argparse.ArgumentParser(prog="sitrep", description=t(HELP["description"]))
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, uses_db: bool = False, help_text: str | None = None) -> argparse.ArgumentParser:
        text = t(help_text)
        sub = commands.add_parser(name, help=text, description=text)
        if uses_db:
            sub.add_argument("--db", type=Path, help=t(HELP["db"]))
        return sub

    def report_options(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--languages", choices=vocab.LANGUAGE_LAYOUTS, help=t(HELP["languages"]))
        sub.add_argument("--digits", choices=vocab.DIGITS, help=t(HELP["digits"]))
        sub.add_argument("--profile", choices=tuple(vocab.PROFILES), help=t(HELP["profile"]))

    handlers = {}
    for module in COMMAND_MODULES:
        handlers.update(module.register(Registrar(command, report_options, console)))
    return parser, handlers


def main(argv: list[str] | None = None) -> int:
    # Arabic must print even where the console or a redirected file defaults to another
    # encoding (Windows code pages): a PDF already written must not end in a false error.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    console = Console(user_language())
    parser, handlers = build_parser(console)
    args = parser.parse_args(argv)
    try:
        return handlers[args.command](args, console)
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
