"""Shared shape of a catalogue tab: a list on the left, the selected entry's form on the right."""

from __future__ import annotations

from typing import Generic, Protocol, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.core.errors import ServiceError

INACTIVE = "Ngừng hoạt động"
ACTIVE = "Đang hoạt động"
_ERROR_STYLE = "color: #a4161a;"
_OK_STYLE = "color: #25562a;"


class Entry(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def active(self) -> bool: ...


T = TypeVar("T", bound=Entry)


class CatalogTab(QWidget, Generic[T]):
    """Subclasses say how to load, show, fill the form and save; this class does the rest."""

    saved = Signal(str)
    """Something was saved; the message for the status bar."""

    noun = "mục"

    def __init__(self, headers: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items: list[T] = []
        self.current_id: int | None = None
        self.table = QTableWidget(0, len(headers) + 1)
        self.table.setHorizontalHeaderLabels([*headers, "Trạng thái"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(headers) + 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.form = QFormLayout()
        self.form_box = QGroupBox()
        self.new_button = QPushButton("Thêm mới")
        self.save_button = QPushButton("Lưu")
        self.toggle_button = QPushButton(INACTIVE)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self._layout()
        self.table.itemSelectionChanged.connect(self._on_table_selection_changed)
        self.new_button.clicked.connect(self.start_new)
        self.save_button.clicked.connect(self._on_save_clicked)
        self.toggle_button.clicked.connect(self._on_toggle_clicked)

    def _layout(self) -> None:
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        buttons.addWidget(self.toggle_button)
        buttons.addWidget(self.save_button)
        inner = QVBoxLayout(self.form_box)
        inner.addLayout(self.form)
        inner.addLayout(buttons)
        inner.addWidget(self.message)
        inner.addStretch(1)
        self.form_box.setMinimumWidth(420)
        box = QHBoxLayout(self)
        box.addWidget(self.table, 3)
        box.addWidget(self.form_box, 2)

    # --- hooks: each tab (departments, fields, officers) overrides all four; abc's metaclass
    # cannot be combined with Qt's, so the base raises if a subclass forgets one. ------------
    def load(self) -> list[T]:
        raise NotImplementedError

    def cells(self, item: T) -> list[str]:
        raise NotImplementedError

    def fill(self, item: T | None) -> None:
        """Show ``item`` in the form, or an empty form for a new entry."""
        raise NotImplementedError

    def save(self, item_id: int | None, active: bool) -> int:
        """Save the form (one service call); returns the id."""
        raise NotImplementedError

    # --- behaviour ----------------------------------------------------------------------
    def reload(self) -> None:
        """Read the list again, keeping the selected entry (and a new entry being typed)."""
        try:
            self.items = self.load()
        except ServiceError as error:
            self._say(error.message, ok=False)
            return
        self.table.blockSignals(True)
        self.table.clearSelection()
        self.table.setRowCount(len(self.items))
        for row, item in enumerate(self.items):
            texts = [*self.cells(item), ACTIVE if item.active else INACTIVE]
            for column, text in enumerate(texts):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                if not item.active:
                    cell.setForeground(QColor("#8a8a8a"))
                self.table.setItem(row, column, cell)
        row = self._row_of(self.current_id)
        if row >= 0:
            self.table.selectRow(row)  # signals blocked: the form keeps what is typed in it
        self.table.blockSignals(False)
        if row < 0 and self.current_id is not None:
            self.start_new()
        self._update_buttons()

    def start_new(self) -> None:
        self.table.clearSelection()
        self.current_id = None
        self.message.clear()
        self.fill(None)
        self.form_box.setTitle(f"Thêm {self.noun} mới")
        self._update_buttons()

    def current(self) -> T | None:
        row = self._row_of(self.current_id)
        return self.items[row] if row >= 0 else None

    def row_texts(self, column: int = 0) -> list[str]:
        return [(c.text() if (c := self.table.item(r, column)) else "") for r in range(self.table.rowCount())]

    def _row_of(self, item_id: int | None) -> int:
        return next((i for i, item in enumerate(self.items) if item.id == item_id), -1)

    def _on_table_selection_changed(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        item = self.items[rows[0].row()]
        self.current_id = item.id
        self.message.clear()
        self.fill(item)
        self.form_box.setTitle(f"Sửa {self.noun}")
        self._update_buttons()

    def _update_buttons(self) -> None:
        item = self.current()
        self.new_button.setEnabled(item is not None)
        self.toggle_button.setVisible(item is not None)
        self.toggle_button.setText("Kích hoạt lại" if item is not None and not item.active else INACTIVE)
        self.save_button.setText("Lưu thay đổi" if item is not None else f"Thêm {self.noun}")

    def _on_save_clicked(self) -> None:
        item = self.current()
        self._store(item.active if item is not None else True, "Đã lưu")

    def _on_toggle_clicked(self) -> None:
        item = self.current()
        if item is not None:
            self._store(not item.active, "Đã kích hoạt lại" if not item.active else "Đã ngừng hoạt động")

    def _store(self, active: bool, verb: str) -> None:
        try:
            self.current_id = self.save(self.current_id, active)
        except ServiceError as error:
            self._say(error.message, ok=False)
            return
        self.reload()
        self._say(f"{verb} {self.noun}.", ok=True)
        self.saved.emit(f"{verb} {self.noun}.")

    def _say(self, text: str, ok: bool) -> None:
        self.message.setStyleSheet(_OK_STYLE if ok else _ERROR_STYLE)
        self.message.setText(text)
