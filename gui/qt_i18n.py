"""The interface language at run time: gettext strings, mirroring, Qt's own dialogs.

Widgets register each visible string once with ``bind(setter, msgid)``; switching the
language calls every setter again, so nothing needs a restart. Qt takes right-to-left
layout from its own translator only, so the direction is set here explicitly.
"""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QObject, Qt, QTranslator, Signal
from PySide6.QtWidgets import QApplication

from sitrep.i18n import Translator


class UiLanguage(QObject, Translator):
    """The interface's Translator, switchable at run time."""

    changed = Signal(str)

    def __init__(self, lang: str = "en"):
        super().__init__()  # QObject's, which calls Translator's in turn (with its default)
        self.lang = lang
        self._bindings: list[tuple] = []
        self._qt_translators: list[QTranslator] = []

    def n(self, forms: tuple[str, str], count: int, **params) -> str:
        # The interface prints every count as it is, so {count} is always filled in.
        return super().n(forms, count, count=count, **params)

    def bind(self, setter, msgid: str, **params) -> None:
        """Call ``setter`` with the translated text now and after every language switch."""
        self._bindings.append((setter, msgid, params))
        setter(self.t(msgid, **params))

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.apply_to_application()
        alive = []
        for setter, msgid, params in self._bindings:
            try:
                setter(self.t(msgid, **params))
            except RuntimeError:  # the widget was deleted: forget it
                continue
            alive.append((setter, msgid, params))
        self._bindings = alive
        self.changed.emit(lang)

    def apply_to_application(self) -> None:
        app = QApplication.instance()
        for translator in self._qt_translators:
            app.removeTranslator(translator)
        self._qt_translators = []
        if self.lang == "ar":
            folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
            for name in ("qtbase_ar", "qt_ar"):
                translator = QTranslator(app)
                if translator.load(name, folder):
                    app.installTranslator(translator)
                    self._qt_translators.append(translator)
        app.setLayoutDirection(Qt.LayoutDirection.RightToLeft if self.lang == "ar"
                               else Qt.LayoutDirection.LeftToRight)
        QLocale.setDefault(QLocale(QLocale.Language.Arabic if self.lang == "ar" else QLocale.Language.English,
                                   QLocale.Country.Syria if self.lang == "ar" else QLocale.Country.UnitedKingdom))
