"""The Sync button, its status and the conflicts dialog, as a user goes, against a real PostgreSQL server."""

from __future__ import annotations

import socket

import psycopg
from helpers import many_incidents, open_store, press, team_user
from PySide6.QtCore import QTimer

from sitrep.contract.documents import parse_incident
from sitrep.team import connection, local
from sitrep.team import sync as team_sync


def connected_window(make_window, dsn, incidents=()):
    window = make_window()
    window.store.add_many(list(incidents))
    connection.save(window.store, dsn)
    window.reload_log()
    return window


def click_sync(window):
    window.toolbar.widgetForAction(window.sync_action).click()


def synced(qtbot, window, timeout=20000):
    qtbot.waitUntil(lambda: not window.sync_panel.syncing, timeout=timeout)
    return window.sync_panel.label.text()


def server_rows(admin_dsn):
    with psycopg.connect(admin_dsn) as server:
        return {incident_id: document for incident_id, document in
                server.execute("SELECT id, document FROM sitrep.incidents WHERE NOT deleted")}


def test_the_sync_button_sends_the_windows_incidents(make_window, qtbot, dialogs, team_database):
    chosen = many_incidents(2)
    window = connected_window(make_window, team_user(team_database, "officer"), chosen)
    assert window.sync_panel.label.text() == "2 waiting to be sent"
    click_sync(window)
    assert window.sync_panel.label.text() == "Syncing…" and window.app_lock.held  # the click returned at once
    assert not window.settings_action.isEnabled()
    assert synced(qtbot, window).startswith("Last synced ")
    assert set(server_rows(team_database)) == {incident.id for incident in chosen}
    assert not window.app_lock.held and window.settings_action.isEnabled() and not dialogs
    assert "2 sent" in window.statusBar().currentMessage()
    # A save afterwards is counted as waiting.
    data = chosen[0].model_dump(mode="json")
    data["internal_notes"] = "changed after the sync"
    window.store.save(parse_incident(data))
    window.reload_log()
    assert window.sync_panel.label.text().endswith(" · 1 waiting to be sent")


def test_an_unreachable_server_leaves_the_window_responsive_and_says_offline(make_window, qtbot, dialogs,
                                                                             monkeypatch):
    # A port that takes the connection and never answers: the sync waits its connect timeout (2 s here,
    # libpq's least) while the window goes on.
    monkeypatch.setattr(connection, "CONNECT_TIMEOUT_SECONDS", 2)  # read by connection.opened
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        port = silent.getsockname()[1]
        window = connected_window(make_window, f"postgresql://amina:pw@127.0.0.1:{port}/sitrep", many_incidents(3))
        ticks = []
        timer = QTimer()
        timer.timeout.connect(lambda: ticks.append(1))
        timer.start(50)
        press(window, "F5")
        assert window.sync_panel.syncing
        text = synced(qtbot, window, timeout=15000)
        timer.stop()
    assert len(ticks) >= 10  # the event loop ran all along: the window never froze
    assert text == "Offline: 3 waiting" and not dialogs  # said in the status bar, no dialog in the way
    assert "cannot be reached" in window.sync_panel.label.toolTip() and "pw" not in window.sync_panel.label.toolTip()
    assert "cannot be reached" in window.statusBar().currentMessage()
    assert not window.app_lock.held and window.sync_action.isEnabled()
    with open_store(window.store.path, daily_backup=False) as store:
        assert len(local.outgoing(store)) == 3  # nothing lost: sent at the next sync


def test_a_conflict_is_shown_side_by_side_and_keep_mine_is_sent(make_window, qtbot, user, tmp_path, team_database):
    (incident,) = many_incidents(1)
    officer = tmp_path / "amina" / "sitrep.db"
    with open_store(officer) as store:
        store.add(incident)
        connection.save(store, team_user(team_database, "officer"))
        team_sync.sync(store, connection.saved(store))
    window = connected_window(make_window, team_user(team_database, "reviewer"))
    click_sync(window)
    synced(qtbot, window)
    assert window.store.get(incident.id).id == incident.id  # received
    # Both change the same incident before syncing again.
    with open_store(officer) as store:
        data = store.get(incident.id).model_dump(mode="json")
        data["internal_notes"] = "the officer's correction"
        store.save(parse_incident(data))
        team_sync.sync(store, connection.saved(store))
    data = window.store.get(incident.id).model_dump(mode="json")
    data["internal_notes"] = "the reviewer's correction"
    window.store.save(parse_incident(data))
    window.reload_log()
    press(window, "F5")
    assert synced(qtbot, window).endswith("1 conflict")
    qtbot.waitUntil(lambda: any(title == "Conflicts" for title, _ in user.messages))  # offered; the user said no

    seen = {}

    def keep_mine(dialog):
        dialog.list.setCurrentRow(0)
        table = dialog.table
        seen["rows"] = [tuple(table.item(row, column).text() for column in range(3)) for row in range(table.rowCount())]
        dialog.keep_button.click()
        seen["after"] = dialog.list.count(), dialog.empty.isVisible()

    user.in_dialog["ConflictsDialog"] = keep_mine
    window.conflicts_action.trigger()
    label = window.form.field_label("internal_notes")
    assert seen["rows"] == [(label, "the reviewer's correction", "the officer's correction")]
    assert seen["after"] == (0, True) and local.conflicts(window.store) == []
    assert window.sync_panel.label.text().endswith("1 waiting to be sent")
    click_sync(window)
    assert synced(qtbot, window).startswith("Last synced") and "conflict" not in window.sync_panel.label.text()
    assert server_rows(team_database)[incident.id]["internal_notes"] == "the reviewer's correction"
