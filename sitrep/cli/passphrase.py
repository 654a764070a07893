"""``sitrep passphrase``: change the passphrase of the store (sitrep/passphrase_change.py)."""

from __future__ import annotations

import sys

from sitrep.cli.console import EXIT_OK, ask_passphrase, open_store
from sitrep.i18n import N_

HELP = {"passphrase": N_("change the passphrase: the database and its backups are encrypted again with the new one")}
MSG_NEW = N_("The new passphrase. Nobody can recover a lost passphrase: write it down and keep it safe.")
MSG_PROGRESS = N_("Encrypted again: {done} of {total} files.")
MSG_CHANGED = N_("The passphrase was changed. The old one no longer opens the database or its backups.")
# Scripts give the new passphrase here, as they give the current one in SITREP_PASSPHRASE.
NEW_PASSPHRASE_VARIABLE = "SITREP_NEW_PASSPHRASE"


def register(registrar) -> dict:
    registrar.command("passphrase", uses_db=True, help_text=HELP["passphrase"])
    return {"passphrase": cmd_passphrase}


def cmd_passphrase(args, console) -> int:
    from sitrep.passphrase_change import change_passphrase  # start-up time

    with open_store(args, console) as store:  # asks for the current passphrase
        new = ask_passphrase(console, new=True, intro=console.t(MSG_NEW), variable=NEW_PASSPHRASE_VARIABLE)
        change_passphrase(store, new, progress=lambda done, total: print(
            console.t(MSG_PROGRESS, done=done, total=total), file=sys.stderr, flush=True))
    console.out(MSG_CHANGED)
    return EXIT_OK
