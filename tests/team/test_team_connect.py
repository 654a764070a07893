"""``sitrep team connect`` and File > Team server… against a real PostgreSQL: the officer's string,
tested, kept only in the encrypted store; a wrong password or a dead server kept nothing."""

from __future__ import annotations

from helpers import open_store, run_cli, team_user

from sitrep.team import connection


def officer_dsn(admin_dsn: str) -> str:
    return team_user(admin_dsn, "officer")


def test_connect_reads_the_string_from_standard_input_and_keeps_it_encrypted(team_database, tmp_path):
    dsn = officer_dsn(team_database)
    password = connection.parse(dsn)["password"]
    db = tmp_path / "sitrep.db"
    done = run_cli("team", "connect", "-", "--db", str(db), input=dsn + "\n", timeout=60)
    assert done.returncode == 0, done.stderr
    assert password not in done.stdout + done.stderr  # the password is never printed back
    with open_store(db) as store:
        assert connection.saved(store) == dsn  # 127.0.0.1: local, so no TLS demanded
    assert all(password.encode() not in path.read_bytes() for path in tmp_path.rglob("*") if path.is_file())
    forgotten = run_cli("team", "connect", "--forget", "--db", str(db))
    assert forgotten.returncode == 0
    with open_store(db) as store:
        assert connection.saved(store) is None


def test_a_wrong_password_is_said_and_nothing_is_kept(team_database, tmp_path):
    dsn = officer_dsn(team_database)
    parts = connection.parse(dsn)
    wrong = dsn.replace(parts["password"], "not-the-password")
    db = tmp_path / "sitrep.db"
    done = run_cli("team", "connect", wrong, "--db", str(db), lang="ar_SY.UTF-8", timeout=60)
    assert done.returncode == 1 and "كلمة السر" in done.stderr and "Traceback" not in done.stderr
    with open_store(db) as store:
        assert connection.saved(store) is None


def test_the_app_keeps_a_string_that_works(make_window, qtbot, team_database):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    dsn = officer_dsn(team_database)
    window = make_window()

    def act():
        dialog = QApplication.activeModalWidget()
        if type(dialog).__name__ != "TeamDialog":
            QTimer.singleShot(20, act)
            return
        dialog.dsn.setText(dsn)
        dialog.save_button.click()

    QTimer.singleShot(0, act)
    window.team_action.trigger()  # returns when the dialog closed: tested and saved
    assert connection.saved(window.store) == dsn


def test_a_certificate_that_does_not_check_out_is_a_tls_message_and_nothing_is_kept(tmp_path):
    import shutil

    import pytest
    from helpers import PostgresCluster, postgres_bindir

    if postgres_bindir() is None or shutil.which("openssl") is None:
        pytest.skip("PostgreSQL's server programs or openssl are not installed")
    cluster = PostgresCluster(postgres_bindir())
    try:
        cluster.start(tls=True)
        dsn = cluster.dsn() + "?sslmode=verify-full&sslrootcert=" + str(cluster.data / "server.crt")
        db = tmp_path / "sitrep.db"
        done = run_cli("team", "connect", "-", "--db", str(db), input=dsn + "\n", timeout=60)
    finally:
        cluster.stop()
    assert done.returncode == 1 and "secure connection" in done.stderr and "Traceback" not in done.stderr
    with open_store(db) as store:
        assert connection.saved(store) is None
