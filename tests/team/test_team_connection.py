"""The laptop's side of the team server: the TLS rule and the connection kept in the vault."""

from __future__ import annotations

import pytest
from helpers import open_store

from sitrep.contract.problems import InputError
from sitrep.team import connection


@pytest.mark.parametrize("host", ["", "localhost", "127.0.0.1", "::1", "/var/run/postgresql", "localhost,127.0.0.2"])
def test_local_hosts_are_left_as_they_are(host):
    dsn = f"host={host} dbname=sitrep user=amina" if host else "dbname=sitrep user=amina"
    assert connection.secure(dsn) == dsn


def test_a_remote_host_gets_verify_full_unless_told():
    made = connection.parse(connection.secure("postgresql://amina:pw@db.example.org/sitrep"))
    assert made["sslmode"] == "verify-full" and made["password"] == "pw"
    kept = connection.parse(connection.secure("postgresql://amina@db.example.org/sitrep?sslmode=verify-ca"))
    assert kept["sslmode"] == "verify-ca"


@pytest.mark.parametrize("mode", ["disable", "allow", "prefer"])
def test_no_tls_to_a_remote_host_is_refused_unless_allowed(mode):
    dsn = f"postgresql://amina@10.0.0.5/sitrep?sslmode={mode}"
    with pytest.raises(InputError) as caught:
        connection.secure(dsn)
    problem = caught.value.problems[0]
    assert problem.code == "team_insecure" and "10.0.0.5" in problem.message("en")
    assert any("\u0600" <= ch <= "\u06ff" for ch in problem.message("ar"))
    assert connection.secure(dsn, allow_insecure=True) == dsn


@pytest.mark.parametrize("dsn", ["postgresql://[broken", "not a connection string", "host=x port="])
def test_a_malformed_string_is_a_message(dsn):
    with pytest.raises(InputError) as caught:
        connection.secure(dsn)
    assert caught.value.problems[0].code == "team_dsn_bad"


def test_the_connection_string_lives_in_the_encrypted_store_and_messages_hide_the_password(tmp_path):
    dsn = "postgresql://amina:s3cret-PW@db.example.org/sitrep?sslmode=verify-full"
    with open_store(tmp_path / "sitrep.db") as store:
        connection.save(store, dsn)
    with open_store(tmp_path / "sitrep.db") as store:
        assert connection.saved(store) == dsn
        connection.forget(store)
        assert connection.saved(store) is None
        connection.save(store, dsn)
    assert all(b"s3cret-PW" not in path.read_bytes() for path in tmp_path.rglob("*") if path.is_file())
    assert "s3cret-PW" not in connection.redacted(dsn) and "db.example.org" in connection.redacted(dsn)


def test_a_server_that_cannot_be_reached_is_said_quickly(tmp_path):
    import socket

    with socket.socket() as probe:  # a free port: nothing listens there
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(InputError) as caught:
        connection.check(f"host=127.0.0.1 port={port} dbname=sitrep user=amina password=x")
    problem = caught.value.problems[0]
    assert problem.code == "team_unreachable" and "password=x" not in problem.message("en")
