"""``sitrep team init|add-user|connect``: the team server, as the organization's IT person sets it
up (init, add-user: sitrep/team/admin.py), and the laptop's connection to it (connect:
sitrep/team/connection.py). Each action is a sub-command of ``team`` with a handler in ACTIONS.
"""

from __future__ import annotations

import sys
from pathlib import Path

from sitrep.cli.console import EXIT_OK
from sitrep.i18n import N_

HELP = {
    "team": N_("the team server (PostgreSQL): make its tables, add its users"),
    "init": N_("make the team tables, roles and access rules in a PostgreSQL database, or bring them up to date "
               "(running it again is harmless)"),
    "add-user": N_("add a user (an officer or a reviewer) and print their connection string, once"),
    "dsn": N_("the administrator's connection string, e.g. postgresql://admin@db.example.org/sitrep "
              "(leave the password out: PGPASSWORD or ~/.pgpass supply it)"),
    "name": N_("the new user's name: lower-case Latin letters, digits and _"),
    "role": N_("officer: adds incidents and sees only their own; reviewer: sees and corrects every incident"),
    "allow-insecure": N_("allow a connection without TLS to a server that is not this machine"),
    "connect": N_("test the connection string add-user printed and keep it in the encrypted store; read from "
                  "standard input when DSN is -, which keeps its password out of the shell's history"),
    "connect-dsn": N_("the connection string, or - to read it from standard input"),
    "forget": N_("forget the team server's connection string"),
    "db": N_("the database file (default: the user's)"),
}
MSG_MIGRATED = N_("The team tables on {server} are now at version {version}.")
MSG_UP_TO_DATE = N_("The team tables on {server} were already at version {version}; nothing was changed.")
MSG_USER_ADDED = N_("User {name} was added as {role}. Give them the connection string below in person or over a "
                    "secure channel: it holds their password, is shown only this once and is kept nowhere.")
MSG_CONNECTED = N_("Connected to {server}; the connection string is kept in the encrypted store.")
MSG_FORGOTTEN = N_("The team server's connection string was forgotten.")
ROLE_NAMES = {"officer": N_("officer"), "reviewer": N_("reviewer")}


def register(registrar) -> dict:
    t = registrar.console.t
    team = registrar.command("team", help_text=HELP["team"])
    actions = team.add_subparsers(dest="team_action", required=True, metavar="ACTION")

    def action(name: str, admin: bool = True):
        sub = actions.add_parser(name, help=t(HELP[name]), description=t(HELP[name]))
        if admin:
            sub.add_argument("--dsn", required=True, help=t(HELP["dsn"]))
        sub.add_argument("--allow-insecure", action="store_true", help=t(HELP["allow-insecure"]))
        return sub

    action("init")
    add_user = action("add-user")
    add_user.add_argument("name", help=t(HELP["name"]))
    add_user.add_argument("--role", required=True, choices=tuple(ROLE_NAMES), help=t(HELP["role"]))
    connect = action("connect", admin=False)
    connect.add_argument("dsn", nargs="?", metavar="DSN", help=t(HELP["connect-dsn"]))
    connect.add_argument("--forget", action="store_true", help=t(HELP["forget"]))
    connect.add_argument("--db", type=Path, help=t(HELP["db"]))
    return {"team": cmd_team}


def cmd_team(args, console) -> int:
    return ACTIONS[args.team_action](args, console)


def cmd_init(args, console) -> int:
    from sitrep.team import admin  # start-up time: psycopg loads libpq

    done = admin.init(args.dsn, args.allow_insecure)
    message = MSG_MIGRATED if done.after > done.before else MSG_UP_TO_DATE
    console.out(message, server=done.server, version=done.after)
    return EXIT_OK


def cmd_add_user(args, console) -> int:
    from sitrep.team import admin  # start-up time: psycopg loads libpq

    made = admin.add_user(args.dsn, args.name, args.role, args.allow_insecure)
    console.out(MSG_USER_ADDED, name=made.name, role=console.t(ROLE_NAMES[made.role]))
    print(made.dsn)  # the last line, alone, so that scripts can take it
    return EXIT_OK


def cmd_connect(args, console) -> int:
    from sitrep.cli.console import open_store
    from sitrep.contract.problems import InputError, Problem  # start-up time
    from sitrep.team import connection

    if not args.forget and not args.dsn:
        raise InputError([Problem("team_dsn_bad", params={"detail": "no DSN"})])
    dsn = sys.stdin.readline().strip() if args.dsn == "-" else args.dsn
    with open_store(args, console) as store:
        if args.forget:
            connection.forget(store)
            console.out(MSG_FORGOTTEN)
            return EXIT_OK
        kept = connection.connect(store, dsn, args.allow_insecure)
    console.out(MSG_CONNECTED, server=connection.redacted(kept))
    return EXIT_OK


ACTIONS = {"init": cmd_init, "add-user": cmd_add_user, "connect": cmd_connect}
