"""The incident log: stored incidents in a sortable table, with search and filters.

Search is sitrep.search's: Arabic matches however it was typed (hamza, taa marbuta,
alef maqsura, diacritics, tatweel) and English case-insensitively.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QDateEdit, QGridLayout, QHeaderView,
                               QLabel, QLineEdit, QTableView, QVBoxLayout, QWidget)

from sitrep.contract import vocab
from sitrep.i18n import N_, N_plural
from sitrep.listing import tally_text
from sitrep.contract.model import Tally
from sitrep.search import IncidentIndex, draft_text, fold
from sitrep.store import Record

from gui.qt_i18n import UiLanguage

COLUMNS = [N_("Date"), N_("Place"), N_("Facility"), N_("Type of attack"), N_("Killed"), N_("Injured"),
           N_("Certainty"), N_("Status")]
NUMERIC = {4, 5}
INCOMPLETE = N_("Draft (incomplete)")
INDEX_BATCH = 20  # incidents indexed per step between UI events (~10 ms)


class IncidentTableModel(QAbstractTableModel):
    def __init__(self, ui: UiLanguage):
        super().__init__()
        self.ui = ui
        self.records: list[Record] = []
        ui.changed.connect(self._relabel)

    def _relabel(self, *_):
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self.records:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.records) - 1, len(COLUMNS) - 1))

    def set_records(self, records: list[Record]) -> None:
        self.beginResetModel()
        self.records = records
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self.records)

    def columnCount(self, parent=QModelIndex()):
        return len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.ui.t(COLUMNS[section])
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        record = self.records[index.row()]
        if role == Qt.ItemDataRole.UserRole:
            return record.id
        value = self._cell(record, index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return tally_text(value) if isinstance(value, Tally) else str(value)
        if role == Qt.ItemDataRole.EditRole:  # what sorting compares
            return value.known if isinstance(value, Tally) else value
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in NUMERIC:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _cell(self, record: Record, column: int):
        data = record.data
        t = self.ui.t
        lang = self.ui.lang
        if column == 0:
            return record.date
        if column == 1:
            place = (data.get("location") or {}).get("place") or {}
            admin1 = (data.get("location") or {}).get("admin1") or {}
            names = [_pick(place, lang), _pick(admin1, lang)]
            return "، ".join(n for n in names if n) if lang == "ar" else ", ".join(n for n in names if n)
        if column == 2:
            targets = data.get("targets") or [{}]
            target = targets[0] if isinstance(targets[0], dict) else {}
            kind = target.get("kind")
            return _pick(target.get("name") or {}, lang) or (t(vocab.TARGET_KINDS[kind]) if kind in
                                                             vocab.TARGET_KINDS else "")
        if column == 3:
            kinds = [k for k in data.get("attack_types") or [] if k in vocab.ATTACK_TYPES]
            return t(vocab.ATTACK_TYPES[kinds[0]]) + (" +" if len(kinds) > 1 else "") if kinds else ""
        if column in NUMERIC:
            key = "killed" if column == 4 else "injured"
            # A draft's rows as typed: anything but a whole number is not known.
            return Tally.of(row.get(key) if isinstance(row.get(key), int) else None
                            for row in data.get("casualties") or [] if isinstance(row, dict))
        if column == 6:
            certainty = data.get("certainty")
            return t(vocab.CERTAINTY[certainty]) if certainty in vocab.CERTAINTY else ""
        if not record.valid:
            return t(INCOMPLETE)
        return t(vocab.STATUS.get(record.status, vocab.STATUS["draft"]))


def _refill(combo: QComboBox, everything: str, items: list[tuple[str, object]]) -> None:
    """Replace a filter's choices, keeping the current one, without firing a filter change."""
    combo.blockSignals(True)
    current = combo.currentData()
    combo.clear()
    combo.addItem(everything, None)
    for label, data in items:
        combo.addItem(label, data)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    combo.blockSignals(False)


def _pick(text: dict, lang: str) -> str:
    if not isinstance(text, dict):
        return ""
    return text.get(lang) or text.get("en" if lang == "ar" else "ar") or ""


class _Filter(QSortFilterProxyModel):
    def __init__(self):
        super().__init__()
        self.visible_ids: set[str] | None = None  # None: everything

    def set_visible(self, ids: set[str] | None) -> None:
        self.beginFilterChange()
        self.visible_ids = ids
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row, parent):
        if self.visible_ids is None:
            return True
        return self.sourceModel().records[row].id in self.visible_ids


class IncidentLog(QWidget):
    opened = Signal(str)  # incident id

    def __init__(self, ui: UiLanguage):
        super().__init__()
        self.ui = ui
        self.index = IncidentIndex()
        self.records: list[Record] = []
        self._draft_text: dict[str, str] = {}
        self._to_index: list[Record] = []
        self._index_timer = QTimer(self)
        self._index_timer.timeout.connect(self._index_step)

        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        ui.bind(self.search.setPlaceholderText, N_("Search (Arabic or English)…"))
        self.use_dates = QCheckBox()
        ui.bind(self.use_dates.setText, N_("From"))
        self.date_from, self.date_to = QDateEdit(), QDateEdit()
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
        self.date_from.setDate(QDate.currentDate().addMonths(-1))
        self.date_to.setDate(QDate.currentDate())
        self.use_dates.toggled.connect(self.date_from.setEnabled)
        self.use_dates.toggled.connect(self.date_to.setEnabled)
        to_label = QLabel()
        ui.bind(to_label.setText, N_("to"))
        self.governorate = QComboBox()
        self.attack_type = QComboBox()
        self._fill_attack_types()
        ui.changed.connect(self._retranslate_filters)

        self.model = IncidentTableModel(ui)
        self.proxy = _Filter()
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(Qt.ItemDataRole.EditRole)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setResizeContentsPrecision(50)  # size columns from 50 rows, not all
        self.table.activated.connect(self._open)
        self.count = QLabel()
        # Room on both sides: in Arabic the count sits against the window's right edge, which
        # cut off its first digit ("3 حوادث معروضة").
        self.count.setContentsMargins(6, 2, 6, 2)

        filters = QGridLayout()
        filters.addWidget(self.search, 0, 0, 1, 4)
        filters.addWidget(self.use_dates, 1, 0)
        filters.addWidget(self.date_from, 1, 1)
        filters.addWidget(to_label, 1, 2)
        filters.addWidget(self.date_to, 1, 3)
        filters.addWidget(self.governorate, 2, 0, 1, 2)
        filters.addWidget(self.attack_type, 2, 2, 1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(self.table)
        layout.addWidget(self.count)

        self.search.textChanged.connect(self.apply_filters)
        for widget in (self.date_from, self.date_to):
            widget.dateChanged.connect(self.apply_filters)
        self.use_dates.toggled.connect(self.apply_filters)
        self.governorate.currentIndexChanged.connect(self.apply_filters)
        self.attack_type.currentIndexChanged.connect(self.apply_filters)

    def _fill_attack_types(self) -> None:
        _refill(self.attack_type, self.ui.t(N_("All attack types")),
                [(self.ui.t(label), key) for key, label in vocab.ATTACK_TYPES.items()])

    def _fill_governorates(self) -> None:
        names = self.index.governorates()
        _refill(self.governorate, self.ui.t(N_("All governorates")),
                [((arabic or english) if self.ui.lang == "ar" else (english or arabic), english or arabic)
                 for arabic, english in names])

    def _retranslate_filters(self, *_):
        self._fill_attack_types()
        self._fill_governorates()
        self._update_count()

    def set_records(self, records: list[Record]) -> None:
        """Show these rows now; the search index is built in small steps between events,
        so a large log never freezes the window (a search before it is done finishes it)."""
        self.records = records
        self.model.set_records(records)
        self.table.resizeColumnsToContents()
        self.index = IncidentIndex()
        self._to_index = [r for r in records if r.valid]
        self._draft_text = {r.id: draft_text(r.data) for r in records if not r.valid}
        self._index_timer.start(0)

    def _index_step(self) -> None:
        batch, self._to_index = self._to_index[:INDEX_BATCH], self._to_index[INDEX_BATCH:]
        for record in batch:
            self.index.add(record.incident())
        if not self._to_index:
            self._index_timer.stop()
            self._fill_governorates()
            self.apply_filters()

    def _finish_index(self) -> None:
        while self._to_index:
            self._index_step()

    def apply_filters(self, *_) -> None:
        self._finish_index()
        query = self.search.text()
        date_from = self.date_from.date().toPython() if self.use_dates.isChecked() else None
        date_to = self.date_to.date().toPython() if self.use_dates.isChecked() else None
        admin1, attack_type = self.governorate.currentData(), self.attack_type.currentData()
        if not (query.strip() or date_from or admin1 or attack_type):
            self.proxy.set_visible(None)
        else:
            ids = set(self.index.search(query, date_from=date_from, date_to=date_to, admin1=admin1,
                                        attack_type=attack_type))
            words = fold(query).split()
            if not (date_from or admin1 or attack_type):  # incomplete drafts match by text only
                ids |= {key for key, text in self._draft_text.items() if all(w in text for w in words)}
            self.proxy.set_visible(ids)
        self._update_count()

    def _update_count(self) -> None:
        self.count.setText(self.ui.n(N_plural("{count} incident shown", "{count} incidents shown"),
                                     self.proxy.rowCount()))

    def selected_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.proxy.data(rows[0], Qt.ItemDataRole.UserRole) if rows else None

    def select(self, incident_id: str) -> None:
        for row in range(self.proxy.rowCount()):
            if self.proxy.data(self.proxy.index(row, 0), Qt.ItemDataRole.UserRole) == incident_id:
                self.table.selectRow(row)
                return

    def _open(self, index) -> None:
        self.opened.emit(self.proxy.data(index, Qt.ItemDataRole.UserRole))
