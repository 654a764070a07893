"""What every command shares: printing in the user's language, exit codes, the store of --db.

Command modules import from here, never from ``sitrep.cli.main``, so the command line has no
import cycle: main imports the command modules, and they import this.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass

from sitrep.i18n import N_, N_plural, Translator

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3


MSG_WARNING = N_("warning")
MSG_ERROR = N_("error")
MSG_WRITTEN = N_plural("Written: {path} ({size} KB, {pages} page).", "Written: {path} ({size} KB, {pages} pages).")
MSG_INTERNAL = N_("This PDF is INTERNAL: it prints the sources and internal notes. Do not share it publicly.")


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


class Console(Translator):
    """Prints in the user's language."""

    def out(self, message: str, **params) -> None:
        print(self.t(message, **params))

    def problems(self, problems, prefix: str = "") -> None:
        for problem in problems:
            kind = self.t(MSG_WARNING if problem.severity == "warning" else MSG_ERROR)
            print(printable(f"{prefix}{kind}: {problem.message(self.lang)}"), file=sys.stderr)


@dataclass
class Registrar:
    """What a command module (sitrep/cli/*.py) gets to add its subcommands.

    ``command(name, uses_db=False, help_text=msgid)`` returns the new subparser;
    ``report_options(sub)`` adds --languages/--digits/--profile. ``register()``
    returns {name: handler(args, console) -> exit code}.
    """

    command: Callable[..., argparse.ArgumentParser]
    report_options: Callable[[argparse.ArgumentParser], None]
    console: Console


MSG_NEW_STORE = N_("This sets the passphrase of the data in {path}. Nobody can recover a lost passphrase: "
                  "without it, the data cannot be read. Write it down and keep it safe.")
MSG_PASSPHRASE = N_("Passphrase: ")
MSG_PASSPHRASE_AGAIN = N_("The same passphrase again: ")
MSG_ENCRYPTED_NOW = N_("The database {path} and its backups are now encrypted; the unencrypted files were "
                       "overwritten and removed. Copies made elsewhere (other disks, cloud sync, the spare blocks "
                       "an SSD keeps) cannot be reached from here: remove those yourself.")


def ask_passphrase(console: Console, new: bool, intro: str = "", variable: str = "") -> str:
    """The passphrase from the environment variable ``variable`` (SITREP_PASSPHRASE unless told;
    scripts), or typed on the terminal without echo, after ``intro``.

    Never an argument: a command line is seen by every user of the machine and kept in the
    shell's history. A new passphrase is typed twice and checked (vault.check_new_passphrase).
    """
    import getpass

    from sitrep.contract.problems import InputError, Problem  # start-up time
    from sitrep.vault import PASSPHRASE_VARIABLE, check_new_passphrase

    given = os.environ.get(variable or PASSPHRASE_VARIABLE)
    if given:
        first = again = given
    elif sys.stdin.isatty():
        if intro:
            print(intro, file=sys.stderr)
        first = getpass.getpass(console.t(MSG_PASSPHRASE))
        again = getpass.getpass(console.t(MSG_PASSPHRASE_AGAIN)) if new else first
    else:
        raise InputError([Problem("passphrase_needed")])
    problems = check_new_passphrase(first, again) if new else []
    if problems:
        raise InputError(problems)
    return first


def open_store(args, console: Console):
    """The store of --db (or the user's), unlocked with the passphrase (ask_passphrase), with
    the warnings of its opening printed (a daily backup that could not be made): the commands
    still run. A plaintext store of an older sitrep is encrypted first, and the user told."""
    from sitrep.encryption import needs_new_passphrase, open_with_passphrase  # start-up time
    from sitrep.paths import default_db_path

    path = args.db or default_db_path()
    new = needs_new_passphrase(path)
    passphrase = ask_passphrase(console, new, intro=console.t(MSG_NEW_STORE, path=path) if new else "")
    opened = open_with_passphrase(path, passphrase)
    if opened.encrypted_now:
        print(console.t(MSG_ENCRYPTED_NOW, path=path), file=sys.stderr)  # stdout may be a JSON export
    console.problems(opened.warnings)
    return opened.store



def incidents_for(args, store, console) -> list:
    """The incidents a report or an export covers: the store's, or with --team the team server's
    (the connection string kept in the store)."""
    if not getattr(args, "team", False):
        return store.list()
    from sitrep.contract.problems import InputError, Problem  # start-up time: psycopg loads libpq
    from sitrep.team import connection, remote

    dsn = connection.saved(store)
    if not dsn:
        raise InputError([Problem("team_not_connected")])
    incidents, warnings = remote.team_incidents(dsn)
    console.problems(warnings)
    return incidents

