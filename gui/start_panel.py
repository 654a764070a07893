"""What an empty store opens on: what the app is for, and the three ways to begin."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from sitrep.i18n import N_

from gui.qt_i18n import UiLanguage

TITLE = N_("Welcome to sitrep")
INTRO = N_("Record each attack on a health or civil-defence facility as an incident: when, where, what was hit, "
           "the casualties and the sources. sitrep keeps the records on this computer and turns them into "
           "bilingual Arabic and English PDF flash updates and situation reports.")
BEGIN = N_("How would you like to begin?")
NEW = N_("Record a new incident")
IMPORT = N_("Import a file (JSON, CSV or a sitrep PDF)")
SAMPLES = N_("Open the two sample incidents")


class StartPanel(QWidget):
    new_clicked = Signal()
    import_clicked = Signal()
    samples_clicked = Signal()

    def __init__(self, ui: UiLanguage):
        super().__init__()
        title = QLabel()
        title.setObjectName("start_title")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        intro = QLabel()
        intro.setWordWrap(True)
        begin = QLabel()
        ui.bind(title.setText, TITLE)
        ui.bind(intro.setText, INTRO)
        ui.bind(begin.setText, BEGIN)
        column = QVBoxLayout(self)
        column.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column.setContentsMargins(80, 40, 80, 40)
        column.addStretch(1)
        for label in (title, intro, begin):
            label.setMaximumWidth(640)
            column.addWidget(label)
        self.buttons = {}
        for key, text, signal in (("new", NEW, self.new_clicked), ("import", IMPORT, self.import_clicked),
                                  ("samples", SAMPLES, self.samples_clicked)):
            button = QPushButton()
            button.setMinimumHeight(40)
            button.setMaximumWidth(640)
            ui.bind(button.setText, text)
            button.clicked.connect(lambda _checked=False, signal=signal: signal.emit())
            column.addWidget(button)
            self.buttons[key] = button
        self.buttons["new"].setDefault(True)
        column.addStretch(2)
