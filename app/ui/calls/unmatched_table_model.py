"""Rows of «Cuộc gọi chưa ghi nhận»: time, kind, number (or «Số ẩn»), duration, name, text, call-back."""

from __future__ import annotations

from datetime import datetime
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor

from app.domain.phone import format_phone
from app.services.calls.call_types import UnmatchedCall
from app.services.calls.phone_events import WITHHELD, EventKind
from app.ui.widgets.row_table_model import RowTableModel

OVERDUE = QColor("#a4161a")
DONE = QColor("#1b6e20")


class Column(IntEnum):
    TIME = 0
    KIND = 1
    PHONE = 2
    DURATION = 3
    NAME = 4
    TEXT = 5
    CALLBACK = 6
    EARLIER = 7


HEADERS = [
    "Thời gian",
    "Loại",
    "Số điện thoại",
    "Thời lượng",
    "Tên",
    "Nội dung tin nhắn",
    "Gọi lại",
    "Vụ việc trước",
]


def duration_text(seconds: int) -> str:
    if not seconds:
        return ""
    minutes, rest = divmod(seconds, 60)
    return f"{minutes}:{rest:02d}" if minutes < 60 else f"{minutes // 60}:{minutes % 60:02d}:{rest:02d}"


def callback_text(row: UnmatchedCall, now: datetime) -> str:
    if row.called_back_at is not None:
        return f"Đã gọi lại {row.called_back_at:%d/%m %H:%M}"
    if row.callback_due is None:
        return ""
    if row.callback_due.date() < now.date():
        return f"Quá hạn ({row.callback_due:%d/%m %H:%M})"
    return f"Hạn {row.callback_due:%d/%m %H:%M}"


class UnmatchedTableModel(RowTableModel[UnmatchedCall]):
    """Texts formatted once per row; the call-back column is red when overdue, green when done."""

    roles = frozenset({int(Qt.ItemDataRole.ForegroundRole), int(Qt.ItemDataRole.ToolTipRole),
                       int(Qt.ItemDataRole.TextAlignmentRole)})  # fmt: skip

    def __init__(self, now: datetime, parent: QObject | None = None) -> None:
        self.now = now
        super().__init__(HEADERS, self._texts_of, parent)

    def _texts_of(self, r: UnmatchedCall) -> tuple[str, ...]:
        return (
            f"{r.at:%d/%m/%Y %H:%M}",
            r.kind.label,
            format_phone(r.phone) if r.phone else WITHHELD,
            duration_text(r.duration_s),
            r.name,
            r.body.replace("\n", " ")[:120],
            callback_text(r, self.now),
            str(r.earlier_cases) if r.earlier_cases else "",
        )

    def cell(self, item: UnmatchedCall, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and column == Column.CALLBACK:
            if item.called_back_at is not None:
                return DONE
            if item.callback_due is not None and item.callback_due.date() < self.now.date():
                return OVERDUE
        if role == Qt.ItemDataRole.ForegroundRole and column == Column.PHONE and item.phone is None:
            return QColor("#555555")
        if role == Qt.ItemDataRole.ToolTipRole and column == Column.TEXT and item.body:
            return item.body
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (Column.DURATION, Column.EARLIER):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def is_sms(row: UnmatchedCall) -> bool:
    return row.kind is EventKind.SMS_IN
