"""Start the desktop app: ``sitrep-gui`` (or ``make run``)."""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time

STARTED = time.perf_counter()

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtGui import QFont, QFontDatabase, QIcon  # noqa: E402
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox  # noqa: E402

from sitrep.i18n import N_  # noqa: E402
from sitrep.paths import RESOURCES_DIR  # noqa: E402
from sitrep.render.engine import FONT_FILES, font_path  # noqa: E402
from sitrep.settings import Settings, load_settings, save_settings  # noqa: E402
from sitrep.store import Store  # noqa: E402

from gui.qt_i18n import UiLanguage  # noqa: E402

STYLE = """
*[invalid="true"] { border: 2px solid #b00020; background: #fff3f3; }
QListWidget#problems { color: #8a0015; }
"""
MSG_SETTINGS_TITLE = N_("Settings")
MSG_DB_TITLE = N_("The data folder cannot be used")
MSG_DB_CHOOSE = N_("Choose another data folder?")


def make_application(argv: list[str]) -> QApplication:
    app = QApplication.instance() or QApplication(argv)
    app.setApplicationName("sitrep")
    app.setOrganizationName("sitrep")
    app.setWindowIcon(QIcon(str(RESOURCES_DIR / "icons" / "sitrep.svg")))
    # The report's own fonts: Arabic renders the same on every machine, screen or not.
    for family, weight in FONT_FILES.values():
        QFontDatabase.addApplicationFont(str(font_path(family, weight)))
    font = QFont()
    font.setFamilies(["Fira Sans", "Amiri"])
    font.setPointSize(10)
    app.setFont(font)
    app.setStyleSheet(STYLE)
    return app


def open_store(settings: Settings, ui: UiLanguage) -> tuple[Store | None, Settings]:
    """Open the database; if it cannot be used, say why and offer another folder.

    The data folder's lock is taken first and kept on the store (gui.folder_lock.LockedStore)
    for as long as the app runs.
    """
    from gui.app_lock import FailedUnlockGuard  # start-up time
    from gui.folder_lock import open_locked_store

    while True:
        # Wrong passphrases count towards the setting wipe_after_failed_unlocks (gui/app_lock.py).
        guard = FailedUnlockGuard(ui, settings.db_path, settings.wipe_after_failed_unlocks)
        store, message = open_locked_store(settings.db_path, ui, guard=guard)
        if store is not None:
            return store, settings
        if not message:  # the user cancelled the passphrase
            return None, settings
        buttons = QMessageBox.StandardButton
        answer = QMessageBox.critical(None, ui.t(MSG_DB_TITLE), message + "\n\n" + ui.t(MSG_DB_CHOOSE),
                                      buttons.Yes | buttons.Cancel, buttons.Yes)
        if answer != buttons.Yes:
            return None, settings
        folder = QFileDialog.getExistingDirectory(None, ui.t(MSG_DB_TITLE), settings.data_folder)
        if not folder:
            return None, settings
        settings = dataclasses.replace(settings, data_folder=folder)
        save_settings(settings)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="sitrep-gui")
    parser.add_argument("--data-folder", help="use this data folder instead of the one in the settings")
    parser.add_argument("--quit-after-show", action="store_true", help=argparse.SUPPRESS)  # start-up benchmark
    args, qt_args = parser.parse_known_args(argv if argv is not None else sys.argv[1:])
    app = make_application([sys.argv[0], *qt_args])

    settings, problems = load_settings()
    saved_data_folder = settings.data_folder
    if args.data_folder:
        settings = dataclasses.replace(settings, data_folder=args.data_folder)
    ui = UiLanguage(settings.ui_language)
    ui.apply_to_application()
    store, settings = open_store(settings, ui)
    if store is None:
        return 1

    from gui.main_window import MainWindow  # start-up time: the store is checked before the window loads

    window = MainWindow(settings, ui, store, saved_data_folder)
    window.show()
    if args.quit_after_show:
        QTimer.singleShot(0, lambda: (print(f"shown after {time.perf_counter() - STARTED:.3f} s"), app.quit()))
        return app.exec()
    if problems:
        QMessageBox.warning(window, ui.t(MSG_SETTINGS_TITLE), "\n".join(p.message(ui.lang) for p in problems))
    window.offer_restore()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
