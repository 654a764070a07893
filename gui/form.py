"""The incident form: every field of the data contract, in sections.

The form reads and writes the contract's JSON shape (a dict), so a half-typed
incident can be autosaved or kept as a draft as it is; validation is sitrep's own,
and each problem is shown at its field and in the summary at the top.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt, QTime, Signal
from PySide6.QtWidgets import (QCheckBox, QDateEdit, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
                               QListWidget, QListWidgetItem, QPlainTextEdit, QScrollArea, QTimeEdit, QVBoxLayout,
                               QWidget)

from sitrep.contract import vocab
from sitrep.i18n import N_
from sitrep.contract.model import LONG_TEXT, SCHEMA_VERSION, new_incident_id, upgrade_v1
from sitrep.contract.problems import LANGUAGE_NAMES, Problem

from gui.fields import BilingualEdit, CheckList, VocabCombo, mark_invalid
from gui.photos import PhotosEditor
from gui.qt_i18n import UiLanguage
from gui.rows import Column, RowsEditor

TARGET_COLUMNS = [
    Column("kind", N_("Kind"), "vocab", vocab.TARGET_KINDS, "field_hospital"),
    Column("name.en", N_("Name (English)")),
    Column("name.ar", N_("Name (Arabic)")),
    Column("operator.en", N_("Operator (English)")),
    Column("operator.ar", N_("Operator (Arabic)")),
    Column("damage", N_("Damage"), "vocab", vocab.DAMAGE, "unknown"),
    Column("service", N_("Service"), "vocab", vocab.SERVICE, "unknown"),
]
CASUALTY_COLUMNS = [
    Column("group", N_("Group"), "vocab", vocab.CASUALTY_GROUPS, "civilians"),
    # Every count may stay empty: "not known" (the placeholder), which is not 0.
    Column("killed", N_("Killed"), "count"),
    Column("injured", N_("Injured"), "count"),
    Column("kidnapped", N_("Kidnapped"), "count"),
    Column("arrested", N_("Arrested"), "count"),
    Column("detained", N_("Detained"), "count"),
    Column("missing", N_("Missing"), "count"),
    Column("children_killed", N_("Children killed"), "count"),
    Column("children_injured", N_("Children injured"), "count"),
    Column("women_killed", N_("Women killed"), "count"),
    Column("women_injured", N_("Women injured"), "count"),
]
SOURCE_COLUMNS = [
    Column("type", N_("Type"), "vocab", vocab.SOURCE_TYPES, "eyewitness"),
    Column("name", N_("Name")),
    Column("contact", N_("Contact")),
    Column("note", N_("Note")),
    Column("url", N_("Link")),
    Column("date", N_("Date (YYYY-MM-DD)")),
]
PROBLEM_AT = N_("{field}: {message}")
ROW_OF = N_("{section}, row {row}")
ROW_COLUMN = N_("{row}, {column}")
CHOOSE_ONE = N_("choose at least one.")
ADD_ONE = N_("add at least one.")
LOCATION_FIELDS = [("place", N_("Town or village")), ("admin3", N_("Sub-district")),
                   ("admin2", N_("District")), ("admin1", N_("Governorate"))]


class IncidentForm(QWidget):
    changed = Signal()

    def __init__(self, ui: UiLanguage):
        super().__init__()
        self.ui = ui
        self.incident_id = new_incident_id()
        self._loading = False
        self._unreadable: dict = {}  # loaded date/time values the widgets cannot hold
        self.fields: dict[str, QWidget] = {}  # contract path -> widget, for problems
        self.labels: dict[str, str] = {}  # contract path -> the msgid of its label, for problems
        self._problems: list[Problem] = []

        self.summary = QListWidget()
        self.summary.setObjectName("problems")
        self.summary.setMaximumHeight(110)
        self.summary.hide()
        self.summary.itemActivated.connect(self._focus_problem)
        self.summary.itemClicked.connect(self._focus_problem)

        body = QWidget()
        column = QVBoxLayout(body)
        column.addWidget(self._status_section())
        column.addWidget(self._when_section())
        column.addWidget(self._where_section())
        column.addWidget(self._what_section())
        column.addWidget(self._section(N_("Facilities hit"), self._rows("targets", TARGET_COLUMNS,
                                                                          N_("Add facility"), 1)))
        column.addWidget(self._section(N_("Casualties"), self._rows("casualties", CASUALTY_COLUMNS,
                                                                    N_("Add casualty row"))))
        self.narrative = BilingualEdit(ui, multiline=True, max_length=LONG_TEXT)
        self.narrative.setMinimumHeight(140)
        self._register("narrative", self.narrative)
        column.addWidget(self._section(N_("Narrative"), self.narrative))
        self.photos = self._register("attachments", PhotosEditor(ui))
        self.photos.setMinimumHeight(130)
        column.addWidget(self._section(N_("Photos (location and camera data are removed)"), self.photos))
        column.addWidget(self._section(N_("Sources (confidential)"), self._rows("sources", SOURCE_COLUMNS,
                                                                                N_("Add source"))))
        self.internal_notes = QPlainTextEdit()
        self.internal_notes.setTabChangesFocus(True)
        self.internal_notes.setMaximumHeight(90)
        self._register("internal_notes", self.internal_notes)
        column.addWidget(self._section(N_("Internal notes (never in a public report)"), self.internal_notes))
        column.addStretch()

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        self.scroll = scroll
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(scroll)
        self.labels.update({"time": N_("Time"), "repeated_strike": N_("A second strike hit the responders")})
        self._connect_changes()
        self.clear()
        ui.changed.connect(lambda *_: self.show_problems(self._problems))  # the list follows the language

    # Sections

    def _section(self, title: str, content: QWidget) -> QGroupBox:
        box = QGroupBox()
        self.ui.bind(box.setTitle, title)
        layout = QVBoxLayout(box)
        layout.addWidget(content)
        self._label(content, title)
        return box

    def _label(self, widget: QWidget, msgid: str) -> None:
        for path, registered in self.fields.items():
            if registered is widget and msgid:
                self.labels[path] = msgid

    def _form_section(self, title: str, rows: list[tuple[str, QWidget]]) -> QGroupBox:
        box = QGroupBox()
        self.ui.bind(box.setTitle, title)
        form = QFormLayout(box)
        for label_text, widget in rows:
            label = QLabel()
            self.ui.bind(label.setText, label_text)
            label.setBuddy(widget)
            form.addRow(label, widget)
            self._label(widget, label_text)
        return box

    def _register(self, path: str, widget: QWidget) -> QWidget:
        self.fields[path] = widget
        return widget

    def _rows(self, path: str, columns, add_label: str, min_rows: int = 0) -> RowsEditor:
        editor = RowsEditor(self.ui, columns, add_label, min_rows)
        editor.setMinimumHeight(150)
        return self._register(path, editor)

    def _status_section(self) -> QGroupBox:
        self.status = self._register("status", VocabCombo(self.ui, vocab.STATUS))
        self.certainty = self._register("certainty", VocabCombo(self.ui, vocab.CERTAINTY, allow_empty=True))
        return self._form_section(N_("Status"), [(N_("Record status"), self.status),
                                                 (N_("Certainty"), self.certainty)])

    def _when_section(self) -> QGroupBox:
        self.date = self._register("date", QDateEdit())
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.time = self._register("time", QTimeEdit())
        self.time.setDisplayFormat("HH:mm")
        self.time_unknown = QCheckBox()
        self.ui.bind(self.time_unknown.setText, N_("Time unknown"))
        self.time_unknown.toggled.connect(lambda unknown: self.time.setEnabled(not unknown))
        time_row = QWidget()
        row = QHBoxLayout(time_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.time)
        row.addWidget(self.time_unknown)
        row.addStretch()
        self.timezone = self._register("timezone", QLineEdit())
        return self._form_section(N_("When"), [(N_("Date"), self.date), (N_("Time"), time_row),
                                               (N_("Time zone"), self.timezone)])

    def _where_section(self) -> QGroupBox:
        self.location = {}
        rows = []
        for key, label in LOCATION_FIELDS:
            self.location[key] = self._register(f"location.{key}", BilingualEdit(self.ui))
            rows.append((label, self.location[key]))
        self.country = self._register("location.country", QLineEdit())
        self.country.setMaxLength(3)
        self.country.setInputMask(">AAA")
        self.pcode = self._register("location.pcode", QLineEdit())
        self.lat = self._register("location.lat", QLineEdit())
        self.lon = self._register("location.lon", QLineEdit())
        # A hint, not a value: a bare number in the field looked as if it had been typed.
        for edit, example in ((self.lat, "36.19"), (self.lon, "36.93")):
            self.ui.bind(edit.setPlaceholderText, N_("e.g. {example}"), example=example)
            edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.geo_precision = self._register("location.geo_precision",
                                            VocabCombo(self.ui, vocab.GEO_PRECISION, allow_empty=True))
        rows += [(N_("Country (ISO code)"), self.country), (N_("P-code"), self.pcode),
                 (N_("Latitude"), self.lat), (N_("Longitude"), self.lon),
                 (N_("Precision of the location"), self.geo_precision)]
        return self._form_section(N_("Where"), rows)

    def _what_section(self) -> QGroupBox:
        self.attack_types = self._register("attack_types", CheckList(self.ui, vocab.ATTACK_TYPES))
        self.repeated_strike = self._register("repeated_strike", QCheckBox())
        self.ui.bind(self.repeated_strike.setText, N_("A second strike hit the responders"))
        # The controlled groups count in reports; two ticked = "one or the other".
        self.perpetrator_groups = self._register("perpetrator_groups",
                                                 CheckList(self.ui, vocab.PERPETRATOR_GROUPS))
        self.perpetrator_groups.setMaximumHeight(120)
        self.perpetrator = self._register("perpetrator", BilingualEdit(self.ui))
        return self._form_section(N_("What happened"), [(N_("Type of attack"), self.attack_types),
                                                        ("", self.repeated_strike),
                                                        (N_("Perpetrator"), self.perpetrator_groups),
                                                        (N_("Perpetrator (as reported)"), self.perpetrator)])

    def _connect_changes(self) -> None:
        def emit(*_):
            if not self._loading:
                self.changed.emit()

        for widget in self.fields.values():
            for signal_name in ("changed", "textChanged", "currentIndexChanged", "dateChanged", "timeChanged",
                                "toggled"):
                signal = getattr(widget, signal_name, None)
                if signal is not None and hasattr(signal, "connect"):
                    signal.connect(emit)
                    break
        self.time_unknown.toggled.connect(emit)
        for key, signal in (("date", self.date.dateChanged), ("time", self.time.timeChanged),
                            ("time", self.time_unknown.toggled)):
            signal.connect(lambda *_, key=key: None if self._loading else self._unreadable.pop(key, None))

    # Values

    def data(self) -> dict:
        """The form as a contract dict (possibly invalid: validation is the caller's)."""
        location = {key: edit.value() for key, edit in self.location.items()}
        location.update(country=self.country.text().strip() or "SYR", pcode=self.pcode.text().strip() or None,
                        lat=_number(self.lat.text()), lon=_number(self.lon.text()),
                        geo_precision=self.geo_precision.value())
        data = {
            "id": self.incident_id,
            "schema_version": SCHEMA_VERSION,
            "status": self.status.value(),
            "date": self.date.date().toString("yyyy-MM-dd"),
            "time": None if self.time_unknown.isChecked() else self.time.time().toString("HH:mm"),
            "timezone": self.timezone.text().strip() or "Asia/Damascus",
            "location": location,
            "attack_types": self.attack_types.value(),
            "repeated_strike": self.repeated_strike.isChecked(),
            "perpetrator_groups": self.perpetrator_groups.value(),
            "perpetrator": self.perpetrator.value(),
            "targets": self.fields["targets"].value(),
            "casualties": self.fields["casualties"].value(),
            "sources": [{**row, "date": row["date"] or None} for row in self.fields["sources"].value()],
            "narrative": self.narrative.value(),
            "internal_notes": self.internal_notes.toPlainText().strip(),
            "attachments": self.photos.value(),
        }
        if self.certainty.value() is not None:
            data["certainty"] = self.certainty.value()
        data.update(self._unreadable)
        return data

    def load(self, data: dict) -> None:
        """Fill the form from a contract dict (a stored incident, a draft or an autosave)."""
        if data.get("schema_version") == 1:  # an autosave from before contract 2
            data = upgrade_v1(data)
        self._loading = True
        try:
            self.incident_id = str(data.get("id") or new_incident_id())
            self.status.set_value(data.get("status", "draft"))
            self.certainty.set_value(data.get("certainty"))
            date = QDate.fromString(str(data.get("date") or ""), "yyyy-MM-dd")
            self.date.setDate(date if date.isValid() else QDate.currentDate())
            time = QTime.fromString(str(data.get("time") or ""), "HH:mm")
            self.time_unknown.setChecked(not time.isValid())
            self.time.setTime(time if time.isValid() else QTime(12, 0))
            # A date or time the widgets cannot show (a hand-edited file) is kept as
            # written until the user sets one, so it is named by validation, not replaced.
            self._unreadable = {key: data[key] for key, parsed in (("date", date), ("time", time))
                                if data.get(key) not in (None, "") and not parsed.isValid()}
            self.timezone.setText(str(data.get("timezone") or "Asia/Damascus"))
            location = data.get("location") if isinstance(data.get("location"), dict) else {}
            for key, edit in self.location.items():
                edit.set_value(location.get(key))
            self.country.setText(str(location.get("country") or "SYR"))
            self.pcode.setText(str(location.get("pcode") or ""))
            self.lat.setText(_text(location.get("lat")))
            self.lon.setText(_text(location.get("lon")))
            self.geo_precision.set_value(location.get("geo_precision"))
            self.attack_types.set_value(data.get("attack_types"))
            self.repeated_strike.setChecked(bool(data.get("repeated_strike")))
            self.perpetrator_groups.set_value(data.get("perpetrator_groups"))
            self.perpetrator.set_value(data.get("perpetrator"))
            for key in ("targets", "casualties", "sources"):
                self.fields[key].set_value(data.get(key) if isinstance(data.get(key), list) else [])
            self.narrative.set_value(data.get("narrative"))
            self.internal_notes.setPlainText(str(data.get("internal_notes") or ""))
            self.photos.set_value(data.get("attachments") if isinstance(data.get("attachments"), list) else [])
        finally:
            self._loading = False
        self.show_problems([])

    def clear(self) -> None:
        """A new, empty incident dated today, time unknown, in Syria."""
        self.load({"id": new_incident_id(), "status": "draft", "date": QDate.currentDate().toString("yyyy-MM-dd"),
                   "targets": [{}]})
        self.date.setMaximumDate(QDate.currentDate())

    # Problems

    def field_label(self, path: str) -> str:
        """The label a user sees for a contract path, in the interface language; the path if none."""
        t = self.ui.t
        head, _, rest = path.partition("[")
        if rest and head in self.labels:  # a row of a table: "Casualties, row 2: Killed"
            row_text, _, key = rest.partition("]")
            key = key.lstrip(".")
            where = t(ROW_OF, section=t(self.labels[head]), row=int(row_text) + 1 if row_text.isdigit() else row_text)
            column = next((c for c in self.fields[head].columns if c.key == key or key.startswith(c.key + ".")),
                          None)
            return t(ROW_COLUMN, row=where, column=t(column.header)) if column else where
        parts = path.split(".")
        for length in range(len(parts), 0, -1):
            msgid = self.labels.get(".".join(parts[:length]))
            if msgid:
                label = t(msgid)
                rest = parts[length:]
                if rest and rest[0] in LANGUAGE_NAMES:
                    label += f" ({t(LANGUAGE_NAMES[rest[0]])})"
                return label
        return path

    def describe(self, problem: Problem) -> str:
        """A problem as a sentence about a field the user can see: "Type of attack: choose at least one."."""
        if problem.code == "too_short" and problem.params.get("min_length") == 1:
            message = self.ui.t(CHOOSE_ONE if isinstance(self.fields.get(problem.path), CheckList) else ADD_ONE)
        else:
            message = problem.text(self.ui.lang)
        if not problem.path:
            return message
        return self.ui.t(PROBLEM_AT, field=self.field_label(problem.path), message=message)

    def show_problems(self, problems: list[Problem]) -> None:
        self._problems = list(problems)
        for widget in self.fields.values():
            if hasattr(widget, "clear_marks"):
                widget.clear_marks()
            mark_invalid(widget, None)
            for inner in getattr(widget, "edits", {}).values():
                mark_invalid(inner, None)
        self.summary.clear()
        for problem in problems:
            message = self.describe(problem)
            widget = self.mark(problem.path, problem.text(self.ui.lang))
            item = QListWidgetItem(("⚠ " if problem.severity == "warning" else "✖ ") + message)
            item.setData(Qt.ItemDataRole.UserRole, widget)
            self.summary.addItem(item)
        self.summary.setVisible(bool(problems))

    def mark(self, path: str, message: str) -> QWidget | None:
        """Highlight the widget of a contract path such as ``casualties[1].killed``."""
        head, _, rest = path.partition("[")
        if rest and head in self.fields:  # a row of a table
            row_text, _, key = rest.partition("]")
            return self.fields[head].mark(int(row_text), key.lstrip("."), message)
        parts = path.split(".")
        for length in range(len(parts), 0, -1):
            widget = self.fields.get(".".join(parts[:length]))
            if widget is not None:
                lang = parts[length] if len(parts) > length else None
                target = getattr(widget, "edits", {}).get(lang, widget)
                mark_invalid(target, message)
                return target
        return None

    def _focus_problem(self, item: QListWidgetItem) -> None:
        widget = item.data(Qt.ItemDataRole.UserRole)
        if widget is not None:
            self.scroll.ensureWidgetVisible(widget)
            widget.setFocus()


def _number(text: str):
    """A coordinate as typed: a float when it is one, else the text (validation names it)."""
    text = text.strip().replace("٫", ".").translate(str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789"))
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        return text


def _text(value) -> str:
    return "" if value is None else str(value)
