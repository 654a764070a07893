"""The app's one-line sync status: what the status bar says about the team server.

Plain data and text (no Qt): the window's sync panel (gui/sync_panel.py) keeps a SyncStatus,
fills it in after each sync and each change to the store, and shows ``text()``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sitrep.i18n import N_, N_plural, ngettext_for

SEPARATOR = " · "
MSG = {
    "not_connected": N_("Not connected to a team server."),  # as File > Team server… says it
    "syncing": N_("Syncing…"),
    "last_synced": N_("Last synced {time}"),
    "not_synced": N_("Not synced since sitrep started"),
}
PLURAL = {
    "offline": N_plural("Offline: {count} waiting", "Offline: {count} waiting"),
    "waiting": N_plural("{count} waiting to be sent", "{count} waiting to be sent"),
    "conflicts": N_plural("{count} conflict", "{count} conflicts"),
}


@dataclass
class SyncStatus:
    """The state of the laptop's sync, for the store at ``store_path``."""

    store_path: Path | None = None
    connected: bool = False
    syncing: bool = False
    offline: bool = False  # the last sync failed (the server could not be reached or used)
    last_synced: dt.datetime | None = None  # the laptop's local time of the last good sync
    waiting: int = 0  # local.waiting(): changes not sent yet
    conflicts: int = 0

    def text(self, translator) -> str:
        t = translator.t

        def plural(key: str, count: int) -> str:
            return ngettext_for(translator.lang, *PLURAL[key], count).format(count=count)

        if not self.connected:
            return t(MSG["not_connected"])
        if self.syncing:
            return t(MSG["syncing"])
        parts = []
        if self.offline:
            parts.append(plural("offline", self.waiting))
        else:
            if self.last_synced is not None:
                parts.append(t(MSG["last_synced"], time=self.last_synced.strftime("%H:%M")))
            if self.waiting:
                parts.append(plural("waiting", self.waiting))
        if self.conflicts:
            parts.append(plural("conflicts", self.conflicts))
        return SEPARATOR.join(parts) or t(MSG["not_synced"])
