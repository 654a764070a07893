"""What the organization's IT person does on the team server: ``init`` (make or migrate the
tables) and ``add_user`` (a login for one officer or reviewer).

Both connect with the admin's connection string, say what went wrong as a Problem (the CLI and
the app print it in the user's language), and never build SQL from text by formatting: names go
through ``psycopg.sql.Identifier``, values through ``psycopg.sql.Literal`` or parameters.
"""

from __future__ import annotations

import re
import secrets
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import quote

import psycopg
from psycopg import sql

from sitrep.contract.problems import InputError, Problem
from sitrep.team import connection, schema

# A user name the IT person can read out on the phone: lower-case Latin letters, digits and _,
# starting with a letter; "pg_" and "sitrep_" are PostgreSQL's and ours.
USER_NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
RESERVED_PREFIXES = ("pg_", "sitrep_")
PASSWORD_BYTES = 24  # token_urlsafe(24): 32 characters, 192 bits


@dataclass(frozen=True)
class Migrated:
    server: str  # the connection string without its password
    before: int  # 0 when the database had no sitrep tables
    after: int


@dataclass(frozen=True)
class NewUser:
    name: str
    role: str
    dsn: str  # holds the password: printed once, kept nowhere


def connect(dsn: str, allow_insecure: bool = False) -> psycopg.Connection:
    """An admin connection, or InputError naming what is wrong: a malformed string, TLS that is not
    asked for, an unreachable server, a refused login, a server older than PostgreSQL 13."""
    safe = connection.secure(dsn, allow_insecure)
    with connection.server_errors(dsn):
        conn = psycopg.connect(safe, connect_timeout=connection.CONNECT_TIMEOUT_SECONDS)
    if conn.info.server_version < schema.MINIMUM_SERVER:
        version = conn.info.server_version
        conn.close()
        raise InputError([Problem("team_server_too_old", params={
            "server": connection.redacted(dsn), "version": f"{version // 10000}.{version % 10000}"})])
    return conn


def init(dsn: str, allow_insecure: bool = False) -> Migrated:
    """Make the sitrep tables, roles and rules, or bring them to the latest version. Running it
    again changes nothing; two runs at once wait for each other (an advisory lock)."""
    with connect(dsn, allow_insecure) as conn, _refusals(dsn):
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (schema.MIGRATION_LOCK,))
            before = _version(conn)
            _refuse_newer(dsn, before)
            if before == 0:
                conn.execute(schema.VERSION_TABLE)
            for version, statements in schema.MIGRATIONS:
                if version > before:
                    conn.execute(statements)
                    conn.execute("INSERT INTO sitrep.schema_version (version) VALUES (%s)", (version,))
        return Migrated(connection.redacted(dsn), before, max(before, schema.LATEST))


def add_user(dsn: str, name: str, role: str, allow_insecure: bool = False) -> NewUser:
    """A LOGIN role ``name`` with a new random password, member of the group role of ``role``
    ("officer" or "reviewer"). The returned connection string is the only copy of the password."""
    check_user_name(name)
    group = schema.GROUP_ROLES[role]
    password = secrets.token_urlsafe(PASSWORD_BYTES)
    with connect(dsn, allow_insecure) as conn, _refusals(dsn):
        with conn.transaction():
            if _version(conn) == 0:
                raise InputError([Problem("team_not_initialized", params={"server": connection.redacted(dsn)})])
            if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone():
                raise InputError([Problem("team_user_exists", params={
                    "name": name, "server": connection.redacted(dsn)})])
            conn.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD {} IN ROLE {}").format(
                sql.Identifier(name), sql.Literal(password), sql.Identifier(group)))
        return NewUser(name, role, user_dsn(dsn, conn, name, password))


def check_user_name(name: str) -> None:
    if not USER_NAME.match(name) or name.startswith(RESERVED_PREFIXES):
        raise InputError([Problem("team_user_name_bad", params={"name": name[:80]})])


def user_dsn(admin_dsn: str, conn: psycopg.Connection, name: str, password: str) -> str:
    """The new user's connection string: the admin's host, port and database, the user's name and
    password, as a URI (what the laptop's Team server dialog takes)."""
    parts = connection.parse(admin_dsn)
    host = parts.get("host") or conn.info.host
    port = parts.get("port") or str(conn.info.port)
    dbname = parts.get("dbname") or conn.info.dbname
    credentials = f"{quote(name, safe='')}:{quote(password, safe='')}"
    if host.startswith("/"):  # a socket folder cannot sit in a URI's authority
        return f"postgresql://{credentials}@:{port}/{quote(dbname, safe='')}?host={quote(host, safe='')}"
    shown = f"[{host}]" if ":" in host else host
    return f"postgresql://{credentials}@{shown}:{port}/{quote(dbname, safe='')}"


def _version(conn: psycopg.Connection) -> int:
    """The schema version of this database, 0 when it has no sitrep tables."""
    found = conn.execute("SELECT to_regclass('sitrep.schema_version') IS NOT NULL").fetchone()[0]
    if not found:
        return 0
    return conn.execute("SELECT coalesce(max(version), 0) FROM sitrep.schema_version").fetchone()[0]


def _refuse_newer(dsn: str, found: int) -> None:
    if found > schema.LATEST:
        raise InputError([Problem("team_schema_too_new", params={
            "server": connection.redacted(dsn), "found": found, "known": schema.LATEST})])


@contextmanager
def _refusals(dsn: str):
    """The server's refusals during a change as a message: not allowed (the admin's role lacks a
    right), or what connection.server_errors says of any other. The transaction was rolled back."""
    with connection.server_errors(dsn):
        try:
            yield
        except psycopg.errors.InsufficientPrivilege as error:
            raise InputError([Problem("team_not_admin", params={
                "server": connection.redacted(dsn), "detail": connection.first_line(error)})]) from None

