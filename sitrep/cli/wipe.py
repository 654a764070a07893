"""``sitrep wipe --yes``: overwrite and remove everything sitrep keeps about incidents (sitrep/wipe.py)."""

from __future__ import annotations

import sys
from pathlib import Path

from sitrep.cli.console import EXIT_INVALID, EXIT_OK, printable
from sitrep.i18n import N_, N_plural
from sitrep.paths import default_db_path

HELP = {
    "wipe": N_("overwrite and remove the database, its backups, the photos, the autosave and the report cache"),
    "yes": N_("really destroy them: without --yes nothing is changed"),
}
MSG_REFUSED = N_("Nothing was changed. This destroys every incident, backup, photo and autosave of {folder} "
                 "and cannot be undone; to do it, run: sitrep wipe --yes")
MSG_ASK = N_("This destroys every incident, backup, photo and autosave of {folder} and cannot be undone. "
             "Type {word} to go on: ")
MSG_DONE = N_plural("Overwritten and removed: {count} file ({size} KB) of {folder}.",
                    "Overwritten and removed: {count} files ({size} KB) of {folder}.")


def register(registrar) -> dict:
    wipe = registrar.command("wipe", uses_db=True, help_text=HELP["wipe"])
    wipe.add_argument("--yes", action="store_true", help=registrar.console.t(HELP["yes"]))
    return {"wipe": cmd_wipe}


def cmd_wipe(args, console) -> int:
    from sitrep import wipe  # start-up time: it loads the store, and the store the model

    db = Path(args.db) if args.db else default_db_path()
    folder = str(db.parent)
    word = console.t(wipe.CONFIRM_WORD)
    if not args.yes and not wipe.is_confirmation(_typed_on_terminal(console.t(MSG_ASK, folder=folder, word=word)),
                                                 word):
        print(printable(console.t(MSG_REFUSED, folder=folder)), file=sys.stderr)
        return EXIT_INVALID
    report = wipe.wipe(db)
    print(printable(console.n(MSG_DONE, report.files, count=report.files, size=(report.bytes + 1023) // 1024,
                              folder=folder)))
    for leftover in report.leftovers:
        message = console.t(wipe.LEFTOVER_MESSAGES[leftover.code], path=leftover.path, detail=leftover.detail)
        print(printable(message), file=sys.stderr)
    console.out(wipe.CANNOT_REACH)
    return EXIT_INVALID if report.leftovers else EXIT_OK


def _typed_on_terminal(question: str) -> str:
    """What the user types on a terminal; nothing is asked when input does not come from one."""
    if not sys.stdin or not sys.stdin.isatty():
        return ""
    try:
        return input(question)
    except EOFError:
        return ""
