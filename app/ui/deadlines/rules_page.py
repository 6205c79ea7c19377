"""«Thời hạn theo luật» for the administrator: the rule table, the due-soon window, start over."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.bootstrap import Services
from app.domain.deadline_rules import DeadlineRule
from app.domain.deadlines import EVENT_LABELS, UNIT_LABELS
from app.services.core.errors import ServiceError
from app.ui import ask
from app.ui.app_events import AppEvents
from app.ui.deadlines.calendar_page import recompute_text
from app.ui.deadlines.due_text import STEP_LABELS
from app.ui.widgets.notice_bar import NoticeBar, NoticeKind

COLUMNS = [
    ("code", "Mã"),
    ("kind", "Loại"),
    ("step", "Bước"),
    ("count", "Số"),
    ("unit", "Đơn vị"),
    ("start_event", "Tính từ"),
    ("citation", "Căn cứ"),
    ("title", "Tên thời hạn"),
    ("effective_from", "Hiệu lực từ"),
    ("effective_to", "Hiệu lực đến"),
    ("verify", "Cần kiểm tra"),
]
WIDTHS = (200, 80, 215, 44, 115, 150, 300, 320, 100, 100, 100)
READ_ONLY = {"code", "kind", "step"}
CODES = {"unit": UNIT_LABELS, "start_event": EVENT_LABELS}
"""Columns shown in words and read back to their codes (an unknown word is passed on as typed)."""


def _shown(rule: DeadlineRule, key: str) -> str:
    value = getattr(rule, key)
    if key == "kind":
        return str(value.label)
    if key == "step":
        return STEP_LABELS.get(value, value)
    if key in CODES:
        return CODES[key].get(value, value)
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return "" if value is None else str(value)


def _read(key: str, text: str) -> Any:
    """A typed cell back to the rule's value; what cannot be read is passed on for the service to refuse."""
    text = text.strip()
    if key == "count":
        return int(text) if text.lstrip("-").isdigit() else text
    if key in CODES:
        return next((code for code, words in CODES[key].items() if words == text), text)
    if key.startswith("effective_"):
        if not text:
            return None
        try:
            return datetime.strptime(text, "%d/%m/%Y").date().isoformat()
        except ValueError:
            return text
    return text


class RulesPage(QWidget):
    """Edit cells, then «Lưu bảng»: the service checks the whole table; a refusal saves nothing."""

    def __init__(self, services: Services, events: AppEvents, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._deadlines = services.deadlines
        self._events = events
        self._rules: list[DeadlineRule] = []
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([title for _, title in COLUMNS])
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate(WIDTHS):
            self.table.setColumnWidth(column, width)
        self.message = NoticeBar(self)
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setObjectName("hint")
        self.save_button = QPushButton("Lưu bảng thời hạn")
        self.save_button.setObjectName("primaryButton")
        self.reload_button = QPushButton("Bỏ thay đổi")
        self.reset_button = QPushButton("Khôi phục mặc định")
        self.due_soon = QSpinBox()
        self.due_soon.setRange(0, 20)
        self.due_soon.setSuffix(" ngày làm việc")
        self.due_soon.setMinimumWidth(170)
        self.due_soon_button = QPushButton("Lưu")
        hint = QLabel(
            "Nhấp đúp vào ô để sửa. Ngày ghi dạng dd/mm/yyyy. Muốn đổi quy định cho vụ việc mới, "
            "hãy đặt «Hiệu lực đến» cho dòng cũ và thêm dòng mới: vụ việc đã nhận giữ quy định của ngày nhận."
        )
        hint.setWordWrap(True)
        hint.setObjectName("hint")
        soon_row = QHBoxLayout()
        soon_row.addWidget(QLabel("Cảnh báo «sắp đến hạn» trước"))
        soon_row.addWidget(self.due_soon)
        soon_row.addWidget(self.due_soon_button)
        soon_row.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.reset_button)
        buttons.addStretch(1)
        buttons.addWidget(self.reload_button)
        buttons.addWidget(self.save_button)
        box = QVBoxLayout(self)
        box.addLayout(soon_row)
        box.addWidget(hint)
        box.addWidget(self.warning)
        box.addWidget(self.message)
        box.addWidget(self.table, 1)
        box.addLayout(buttons)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.reload_button.clicked.connect(self.refresh)
        self.reset_button.clicked.connect(self._on_reset_button_clicked)
        self.due_soon_button.clicked.connect(self._on_due_soon_button_clicked)
        self.refresh()

    def refresh(self) -> None:
        """Show the table in force (unsaved edits are dropped)."""
        try:
            view = self._deadlines.rule_table()
            self.due_soon.setValue(self._deadlines.due_soon_days())
        except ServiceError as error:
            self.message.show_message(NoticeKind.ERROR, error.message)
            return
        self._rules = list(view.rules)
        self.warning.setText(view.warning)
        self.warning.setVisible(bool(view.warning))
        self.table.setRowCount(len(self._rules))
        for row, rule in enumerate(self._rules):
            for column, (key, _) in enumerate(COLUMNS):
                item = QTableWidgetItem("" if key == "verify" else _shown(rule, key))
                item.setToolTip(item.text())
                if key == "verify":
                    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                    item.setCheckState(Qt.CheckState.Checked if rule.verify else Qt.CheckState.Unchecked)
                elif key in READ_ONLY:
                    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                    item.setForeground(Qt.GlobalColor.darkGray)
                self.table.setItem(row, column, item)

    def edited_rules(self) -> list[dict[str, Any]]:
        """Every rule as the table now shows it (untouched fields as stored)."""
        out = []
        for row, rule in enumerate(self._rules):
            values = dataclasses.asdict(rule)
            for column, (key, _) in enumerate(COLUMNS):
                item = self.table.item(row, column)
                if item is None or key in READ_ONLY:
                    continue
                if key == "verify":
                    values[key] = item.checkState() == Qt.CheckState.Checked
                else:
                    values[key] = _read(key, item.text())
            values["kind"] = rule.kind.value
            out.append(values)
        return out

    def _on_save_button_clicked(self) -> None:
        try:
            result = self._deadlines.save_rules(self.edited_rules(), None)
        except ServiceError as error:
            self.message.show_message(NoticeKind.ERROR, f"Chưa lưu: {error.message}")
            return
        self._saved(f"Đã lưu bảng thời hạn. {recompute_text(result)}")

    def _on_reset_button_clicked(self) -> None:
        if not ask.confirm(
            self,
            "Khôi phục mặc định",
            "Thay toàn bộ bảng thời hạn bằng bảng đi kèm chương trình? Mọi chỉnh sửa của cơ quan sẽ mất.",
            "Khôi phục",
        ):
            return
        try:
            result = self._deadlines.reset_rules(None)
        except ServiceError as error:
            self.message.show_message(NoticeKind.ERROR, error.message)
            return
        self._saved(f"Đã khôi phục bảng mặc định. {recompute_text(result)}")

    def _on_due_soon_button_clicked(self) -> None:
        try:
            self._deadlines.set_due_soon_days(self.due_soon.value())
        except ServiceError as error:
            self.message.show_message(NoticeKind.ERROR, error.message)
            return
        self._saved(f"Đã lưu: cảnh báo sắp đến hạn trước {self.due_soon.value()} ngày làm việc.")

    def _saved(self, text: str) -> None:
        self.refresh()
        self.message.show_message(NoticeKind.SUCCESS, text)
        self._events.cases_changed.emit(-1)
        self._events.status_message.emit(text)
