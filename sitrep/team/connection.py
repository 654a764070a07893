"""The laptop's connection to the team server: checked, made safe, and kept in the vault.

The connection string holds a password, so it lives only in the encrypted store
(``Store.secret(DSN_SECRET)``), never in the settings file or a log.

TLS: for any host that is not this machine, the connection checks the server's certificate
and name (``sslmode=verify-full``) unless the string says otherwise. A string that asks for
less than TLS to such a host (``disable``, ``allow``, ``prefer``) is refused unless the user
allows it explicitly (``allow_insecure``): on a café's or an office's network, a password and
every record would cross it readable by anyone on the way. ``require`` (TLS without checking
the certificate) is let through as the user's explicit choice, and docs/team.md says what it
does not protect against.
"""

from __future__ import annotations

import ipaddress
from contextlib import contextmanager

from sitrep.contract.problems import InputError, Problem

DSN_SECRET = "team.dsn"
WEAK_SSLMODES = ("disable", "allow", "prefer")
CONNECT_TIMEOUT_SECONDS = 5  # a server that cannot be reached is said quickly, not after minutes


def parse(dsn: str) -> dict:
    """The connection string as libpq reads it (URI or key=value), or InputError ("team_dsn_bad")."""
    from psycopg.conninfo import conninfo_to_dict  # start-up time: psycopg loads libpq

    try:
        parts = conninfo_to_dict(dsn)
    except Exception as error:  # noqa: BLE001 - psycopg raises ProgrammingError with libpq's text
        raise InputError([Problem("team_dsn_bad", params={"detail": str(error)})]) from None
    if not parts.get("dbname") and not parts.get("user"):
        raise InputError([Problem("team_dsn_bad", params={"detail": "no database or user"})])
    return parts


def is_local(host: str | None) -> bool:
    """True for this machine: a Unix socket folder, localhost, or a loopback address."""
    if not host:
        return True  # libpq's default: the local socket
    hosts = [part.strip() for part in host.split(",")]  # libpq allows several hosts
    return all(_one_local(part) for part in hosts)


def _one_local(host: str) -> bool:
    if host.startswith("/") or host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def secure(dsn: str, allow_insecure: bool = False) -> str:
    """``dsn`` with the TLS rule applied: verify-full by default for a host that is not local;
    InputError ("team_insecure") for weaker TLS to such a host unless ``allow_insecure``."""
    from psycopg.conninfo import make_conninfo

    parts = parse(dsn)
    if is_local(parts.get("host") or parts.get("hostaddr")):
        return dsn
    mode = parts.get("sslmode")
    if mode is None:
        return make_conninfo(dsn, sslmode="verify-full")
    if mode in WEAK_SSLMODES and not allow_insecure:
        raise InputError([Problem("team_insecure", params={"host": parts.get("host", ""), "mode": mode})])
    return dsn


def redacted(dsn: str) -> str:
    """The connection string without its password, for messages and the status line."""
    from psycopg.conninfo import make_conninfo

    parts = parse(dsn)
    parts.pop("password", None)
    return make_conninfo(**parts)


def save(store, dsn: str) -> None:
    store.set_secret(DSN_SECRET, dsn)


def saved(store) -> str | None:
    return store.secret(DSN_SECRET)


def forget(store) -> None:
    store.set_secret(DSN_SECRET, None)


def connect(store, dsn: str, allow_insecure: bool = False) -> str:
    """Make ``dsn`` safe, test it against the server, then keep it in ``store``; returns what was kept.
    Nothing is kept when any step fails (InputError with the reason)."""
    safe = secure(dsn, allow_insecure)
    check(safe)
    save(store, safe)
    return safe


def check(dsn: str) -> None:
    """Connect once and say what is wrong, in the user's language: InputError with "team_unreachable",
    "team_login_failed" or "team_tls_failed"."""
    with opened(dsn) as server:
        server.execute("SELECT 1")


@contextmanager
def opened(dsn: str, autocommit: bool = False):
    """A connection to the server at ``dsn``, its errors said as server_errors says them."""
    import psycopg  # start-up time: psycopg loads libpq

    with server_errors(dsn), psycopg.connect(dsn, connect_timeout=CONNECT_TIMEOUT_SECONDS,
                                             autocommit=autocommit) as server:
        yield server


@contextmanager
def server_errors(dsn: str):
    """psycopg's errors as a message in the user's language, never a traceback: a connection that
    fails or is cut (connection_problem), or a statement the server refuses ("team_server_error")."""
    import psycopg

    try:
        yield
    except psycopg.OperationalError as error:
        raise InputError([connection_problem(dsn, str(error))]) from None
    except psycopg.Error as error:
        raise InputError([Problem("team_server_error", params={"server": redacted(dsn),
                                                               "detail": first_line(error)})]) from None


def first_line(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def connection_problem(dsn: str, detail: str) -> Problem:
    text = detail.lower()
    params = {"server": redacted(dsn), "detail": detail.strip().splitlines()[0] if detail.strip() else ""}
    if "password authentication failed" in text or "no password supplied" in text or "role" in text and \
            "does not exist" in text:
        return Problem("team_login_failed", params=params)
    if "ssl" in text or "certificate" in text or "tls" in text:
        return Problem("team_tls_failed", params=params)
    return Problem("team_unreachable", params=params)
