"""The intake editors and their layout: gathers what was typed, restores a draft, nothing more."""

from __future__ import annotations

import contextlib
import itertools
from datetime import datetime
from typing import Any

from PySide6.QtCore import QDateTime, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from app.domain.enums import CaseKind, Channel, Urgency
from app.services.cases.dto import NewCase
from app.services.catalog.dto import DepartmentItem, FieldItem
from app.ui.widgets.notice_bar import NoticeBar

LINE_FIELDS = ("phone", "citizen_name", "id_number", "address", "location", "external_ref")
TEXT_FIELDS = ("content", "request")
TYPED_FIELDS = LINE_FIELDS + TEXT_FIELDS
"""Fields whose text the officer types; anything in them makes the form "dirty"."""

ALIASES = {"field": "field_id", "department": "department_id", "name": "citizen_name"}
"""Service field names (``ValidationError.field``) that differ from the editor names."""


def _combo(parent: QWidget, items: list[tuple[str, object]]) -> QComboBox:
    combo = QComboBox(parent)
    # Long department names must not widen the form: the popup shows them in full.
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(12)
    for label, data in items:
        combo.addItem(label, data)
    return combo


class IntakeFields(QWidget):
    """All editors of one new case, laid out in the order an officer fills them during a call."""

    changed = Signal()
    phone_changed = Signal(str)
    classification_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("intakeFields")
        self.channel = _combo(self, [(c.label, c.value) for c in Channel])
        self.received_at = QDateTimeEdit(self)
        self.received_at.setDisplayFormat("dd/MM/yyyy HH:mm")
        self.received_at.setCalendarPopup(True)
        self.phone = QLineEdit(self)
        self.phone.setPlaceholderText(self.tr("0912 345 678"))
        self.citizen_name = QLineEdit(self)
        self.citizen_name.setPlaceholderText(self.tr("Họ và tên người phản ánh"))
        self.id_number = QLineEdit(self)
        self.id_number.setPlaceholderText(self.tr("12 chữ số"))
        self.address = QLineEdit(self)
        self.address.setPlaceholderText(self.tr("Số nhà, đường/thôn, xã/phường"))
        self.kind = _combo(self, [(k.label, k.value) for k in CaseKind])
        self.urgency = _combo(self, [(u.label, u.value) for u in Urgency])
        self.field_id = _combo(self, [])
        self.department_id = _combo(self, [])
        self.content = QPlainTextEdit(self)
        self.content.setPlaceholderText(self.tr("Công dân phản ánh, kiến nghị điều gì, ở đâu, từ bao giờ…"))
        self.request = QPlainTextEdit(self)
        self.request.setPlaceholderText(self.tr("Công dân đề nghị cơ quan làm gì"))
        self.location = QLineEdit(self)
        self.location.setPlaceholderText(self.tr("Nơi xảy ra sự việc"))
        self.external_ref = QLineEdit(self)
        self.external_ref.setPlaceholderText(self.tr("Số phiếu 1022, mã Smart Hải Phòng, link Facebook"))
        for text_edit in (self.content, self.request):
            text_edit.setTabChangesFocus(True)
        self.content.setMinimumHeight(120)
        self.request.setFixedHeight(64)
        self._build_layout()
        self._set_tab_order()
        self._connect()

    # --- layout ---------------------------------------------------------------------------
    def _build_layout(self) -> None:
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(8)
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(3, 3)
        row = 0
        grid.addWidget(self._section(self.tr("Người phản ánh")), row, 0, 1, 4)
        row += 1
        self._pair(grid, row, 0, self.tr("Số điện thoại"), self.phone)
        self._pair(grid, row, 2, self.tr("Họ tên"), self.citizen_name)
        row += 1
        self._pair(grid, row, 0, self.tr("CCCD"), self.id_number)
        self._pair(grid, row, 2, self.tr("Địa chỉ"), self.address)
        row += 1
        grid.addWidget(self._section(self.tr("Nội dung vụ việc")), row, 0, 1, 4)
        row += 1
        self._pair(grid, row, 0, self.tr("Loại"), self.kind)
        self._pair(grid, row, 2, self.tr("Mức độ"), self.urgency)
        row += 1
        self._pair(grid, row, 0, self.tr("Lĩnh vực"), self.field_id)
        self._pair(grid, row, 2, self.tr("Đơn vị xử lý"), self.department_id)
        row += 1
        self._pair(grid, row, 0, self.tr("Nội dung *"), self.content, span=3)
        grid.setRowStretch(row, 1)
        row += 1
        self.legal_note = NoticeBar(self)
        self.legal_note.setObjectName("legalNote")
        grid.addWidget(self.legal_note, row, 1, 1, 3)
        row += 1
        self._pair(grid, row, 0, self.tr("Yêu cầu của công dân"), self.request, span=3)
        row += 1
        self._pair(grid, row, 0, self.tr("Địa điểm"), self.location, span=3)
        row += 1
        self._pair(grid, row, 0, self.tr("Mã tham chiếu ngoài"), self.external_ref, span=3)
        self.grid = grid

    def _section(self, title: str) -> QLabel:
        label = QLabel(title, self)
        label.setObjectName("sectionTitle")
        return label

    def _pair(self, grid: QGridLayout, row: int, col: int, text: str, editor: QWidget, span: int = 1) -> None:
        label = QLabel(text, self)
        label.setBuddy(editor)
        editor.setAccessibleName(text.rstrip(" *"))
        if isinstance(editor, QPlainTextEdit):
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            label.setContentsMargins(0, 4, 0, 0)
        grid.addWidget(label, row, col)
        grid.addWidget(editor, row, col + 1, 1, span)

    def _set_tab_order(self) -> None:
        order: list[QWidget] = [
            self.phone,
            self.citizen_name,
            self.id_number,
            self.address,
            self.kind,
            self.urgency,
            self.field_id,
            self.department_id,
            self.content,
            self.request,
            self.location,
            self.external_ref,
        ]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)
        self.tab_chain: list[QWidget] = order

    def _connect(self) -> None:
        for line in (getattr(self, name) for name in LINE_FIELDS):
            line.textChanged.connect(self.changed)
        for text_edit in (self.content, self.request):
            text_edit.textChanged.connect(self.changed)
        for combo in (self.channel, self.kind, self.urgency, self.field_id, self.department_id):
            combo.currentIndexChanged.connect(self.changed)
        self.received_at.dateTimeChanged.connect(self.changed)
        self.phone.textChanged.connect(self.phone_changed)
        self.kind.currentIndexChanged.connect(self.classification_changed)
        self.channel.currentIndexChanged.connect(self.classification_changed)

    # --- catalogues -----------------------------------------------------------------------
    def load_catalog(self, fields: list[FieldItem], departments: list[DepartmentItem]) -> None:
        """Fill the field and department lists, keeping the current choice when it still exists."""
        self._fill(self.field_id, [(f.name, f.id) for f in fields], self.tr("— Chưa chọn —"))
        self._fill(self.department_id, [(d.name, d.id) for d in departments], self.tr("— Chưa chọn —"))

    @staticmethod
    def _fill(combo: QComboBox, items: list[tuple[str, int]], empty: str) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(empty, None)
        for label, item_id in items:
            combo.addItem(label, item_id)
        index = combo.findData(current) if current is not None else 0
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)

    # --- values ---------------------------------------------------------------------------
    def editor(self, name: str) -> QWidget | None:
        """The editor for a form or service field name (``ValidationError.field``)."""
        widget = getattr(self, ALIASES.get(name, name), None)
        return widget if isinstance(widget, QWidget) else None

    def mark_invalid(self, name: str) -> QWidget | None:
        """Outline the editor at fault (until ``clear_invalid``); returns it for focusing."""
        editor = self.editor(name)
        if editor is not None:
            self._set_invalid(editor, True)
        return editor

    def clear_invalid(self) -> None:
        for editor in self.findChildren(QWidget):
            if editor.property("invalid"):
                self._set_invalid(editor, False)

    @staticmethod
    def _set_invalid(editor: QWidget, invalid: bool) -> None:
        editor.setProperty("invalid", invalid)
        editor.style().unpolish(editor)
        editor.style().polish(editor)

    def text_of(self, name: str) -> str:
        widget = getattr(self, name)
        return widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()

    def has_typed_text(self) -> bool:
        return any(self.text_of(name).strip() for name in TYPED_FIELDS)

    def current_channel(self) -> Channel:
        return Channel(self.channel.currentData())

    def current_kind(self) -> CaseKind:
        return CaseKind(self.kind.currentData())

    def received(self) -> datetime:
        value = self.received_at.dateTime().toPython()
        assert isinstance(value, datetime)
        return value.replace(microsecond=0)

    def new_case(self, call_seconds: int | None, accept_invalid_phone: bool = False) -> NewCase:
        """What the officer typed, as the service's input (no checks here: the service decides)."""
        return NewCase(
            content=self.content.toPlainText(),
            channel=self.current_channel(),
            kind=self.current_kind(),
            received_at=self.received(),
            citizen_name=self.citizen_name.text(),
            phone=self.phone.text(),
            id_number=self.id_number.text(),
            address=self.address.text(),
            request=self.request.toPlainText(),
            location=self.location.text(),
            external_ref=self.external_ref.text(),
            field_id=self.field_id.currentData(),
            department_id=self.department_id.currentData(),
            urgency=Urgency(self.urgency.currentData()),
            call_seconds=call_seconds,
            accept_invalid_phone=accept_invalid_phone,
        )

    def values(self) -> dict[str, Any]:
        """Everything on the form as JSON-friendly values (for the draft file)."""
        data: dict[str, Any] = {name: self.text_of(name) for name in TYPED_FIELDS}
        for name in ("channel", "kind", "urgency", "field_id", "department_id"):
            data[name] = getattr(self, name).currentData()
        data["received_at"] = self.received().isoformat()
        return data

    def set_values(self, data: dict[str, Any]) -> None:
        """Put saved values back; unknown or stale entries are skipped, never fatal."""
        for name in TYPED_FIELDS:
            value = data.get(name)
            if isinstance(value, str):
                widget = getattr(self, name)
                if isinstance(widget, QPlainTextEdit):
                    widget.setPlainText(value)
                else:
                    widget.setText(value)
        for name in ("channel", "kind", "urgency", "field_id", "department_id"):
            combo: QComboBox = getattr(self, name)
            index = combo.findData(data.get(name))
            if index >= 0:
                combo.setCurrentIndex(index)
        received = data.get("received_at")
        if isinstance(received, str):
            with contextlib.suppress(ValueError):
                self.set_received(datetime.fromisoformat(received))

    def set_received(self, when: datetime) -> None:
        self.received_at.setDateTime(QDateTime(when.replace(microsecond=0)))

    def reset(self, channel: Channel) -> None:
        """Empty every editor for the next case; the channel goes back to the officer's default."""
        for name in TYPED_FIELDS:
            getattr(self, name).clear()
        self.channel.setCurrentIndex(max(self.channel.findData(channel.value), 0))
        for combo in (self.kind, self.urgency, self.field_id, self.department_id):
            combo.setCurrentIndex(0)
        self.set_received(datetime.now())
