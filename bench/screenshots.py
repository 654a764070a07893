"""Grab the main window, in English and in Arabic, into docs/screenshots/.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/screenshots.py

Uses a temporary data folder holding the sample incidents, opens the Kafr Naha
one, waits for its live preview, and saves a 1366x768 picture per language; then
the first start on an empty data folder (start-state-LANG.png).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # helpers: the test passphrase
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
CONFIG = tempfile.mkdtemp(prefix="sitrep-shots-")
os.environ["SITREP_CONFIG_DIR"] = CONFIG

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402

from gui.app import make_application  # noqa: E402
from gui.main_window import MainWindow  # noqa: E402
from gui.qt_i18n import UiLanguage  # noqa: E402
from sitrep.contract.documents import load_document  # noqa: E402
from sitrep.settings import Settings  # noqa: E402
from helpers import open_store, passphrase_environment  # noqa: E402

passphrase_environment()  # the processes started here open the same stores

OUT = ROOT / "docs" / "screenshots"


def wait_for_preview(window: MainWindow, timeout_ms: int = 30_000) -> None:
    loop = QEventLoop()
    window.preview.rendered.connect(lambda *_: loop.quit())
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()


def main() -> None:
    app = make_application(sys.argv)
    data = Path(CONFIG) / "data"
    settings = Settings(organization_en="Example Health Monitoring Network (example)",
                        organization_ar="شبكة المثال لرصد الصحة (مثال)", ui_language="en", data_folder=str(data))
    store = open_store(settings.db_path)
    for name in ("kafr-naha-field-hospital.json", "atarib-civil-defence.json"):
        store.add(load_document(ROOT / "resources" / "samples" / name))
    store.add(load_document(ROOT / "tests" / "data" / "third_party_incident.json"))
    ui = UiLanguage("en")
    ui.apply_to_application()
    window = MainWindow(settings, ui, store)
    window.resize(1366, 768)
    window.show()
    window.open_incident("kafr-naha-2016-05-07")
    OUT.mkdir(parents=True, exist_ok=True)
    for lang in ("en", "ar"):
        window.set_language(lang)
        window.refresh_preview(immediately=True)
        wait_for_preview(window)
        settle = QEventLoop()  # QPdfView paints its pages asynchronously
        QTimer.singleShot(1500, settle.quit)
        settle.exec()
        path = OUT / f"main-window-{lang}.png"
        window.grab().save(str(path))
        print(path)
    window.dirty = False
    window.close()
    for lang in ("en", "ar"):
        ui = UiLanguage(lang)
        ui.apply_to_application()
        empty = Settings(ui_language=lang, data_folder=str(Path(CONFIG) / f"empty-{lang}"))
        first = MainWindow(empty, ui, open_store(empty.db_path))
        first.resize(1366, 768)
        first.show()
        settle = QEventLoop()
        QTimer.singleShot(500, settle.quit)
        settle.exec()
        path = OUT / f"start-state-{lang}.png"
        first.grab().save(str(path))
        print(path)
        first.close()


if __name__ == "__main__":
    main()
