"""``sitrep sync`` and ``sitrep conflicts``: the laptop and the team server (sitrep/team/sync.py)."""

from __future__ import annotations

import json
import sys

from sitrep.cli.console import EXIT_OK, open_store, printable
from sitrep.i18n import N_

HELP = {
    "sync": N_("send this laptop's changes to the team server and receive what you may see there"),
    "conflicts": N_("list the incidents changed both here and on the team server, or resolve one"),
    "keep-mine": N_("resolve: keep this laptop's version; it is sent at the next sync"),
    "take-theirs": N_("resolve: take the server's version in place of this laptop's"),
}
MSG_SYNCED = N_("Synced with {server}: {sent} sent, {received} received, {photos} photos moved.")
MSG_CONFLICTS = N_("Changed here and on the server since the last sync, both versions kept: {ids}. "
                   "See them with sitrep conflicts.")
MSG_NO_CONFLICTS = N_("No conflicts.")
MSG_RESOLVED = N_("Resolved: {id}.")


def register(registrar) -> dict:
    t = registrar.console.t
    registrar.command("sync", uses_db=True, help_text=HELP["sync"])
    conflicts = registrar.command("conflicts", uses_db=True, help_text=HELP["conflicts"])
    which = conflicts.add_mutually_exclusive_group()
    which.add_argument("--keep-mine", metavar="ID", help=t(HELP["keep-mine"]))
    which.add_argument("--take-theirs", metavar="ID", help=t(HELP["take-theirs"]))
    conflicts.add_argument("--json", action="store_true")
    return {"sync": cmd_sync, "conflicts": cmd_conflicts}


def cmd_sync(args, console) -> int:
    from sitrep.contract.problems import InputError, Problem
    from sitrep.team import connection, sync  # start-up time: psycopg loads libpq

    with open_store(args, console) as store:
        dsn = connection.saved(store)
        if not dsn:
            raise InputError([Problem("team_not_connected")])
        done = sync.sync(store, dsn)
    console.out(MSG_SYNCED, server=connection.redacted(dsn), sent=done.sent, received=done.received,
                photos=done.photos_sent + done.photos_received)
    console.problems(done.problems)
    if done.conflicts:
        print(printable(console.t(MSG_CONFLICTS, ids=", ".join(done.conflicts))), file=sys.stderr)
    return EXIT_OK


def cmd_conflicts(args, console) -> int:
    from sitrep.team import local

    with open_store(args, console) as store:
        if args.keep_mine or args.take_theirs:
            chosen = args.keep_mine or args.take_theirs
            (local.keep_mine if args.keep_mine else local.take_theirs)(store, chosen)
            console.out(MSG_RESOLVED, id=chosen)
            return EXIT_OK
        found = local.conflicts(store)
    if args.json:
        print(json.dumps([{"id": c.id, "mine": c.mine, "theirs": c.theirs, "their_revision": c.their_revision,
                           "their_deleted": c.their_deleted, "found_at": c.found_at} for c in found],
                         ensure_ascii=False, indent=2))
    elif not found:
        console.out(MSG_NO_CONFLICTS)
    for conflict in [] if args.json else found:
        print(printable(f"{conflict.id}\t{conflict.found_at}\t{_differences(conflict)}"))
    return EXIT_OK


def _differences(conflict) -> str:
    """The top-level fields that differ, so the user knows where to look."""
    from sitrep.team import local

    return ", ".join(sorted(difference.field for difference in local.differences(conflict)))
