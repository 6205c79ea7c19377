"""Table model of the audit log: keyset pages read off the UI thread as the officer scrolls."""

from __future__ import annotations

from collections.abc import Callable
from enum import IntEnum
from typing import Any

from PySide6.QtCore import Qt

from app.services.audit.audit_query import PAGE_SIZE, AuditEntry, AuditEntryPage, AuditFilter
from app.ui.tasks import TaskRunner
from app.ui.widgets.lazy_table_model import LazyTableModel

FetchPage = Callable[[AuditFilter, int | None, int], AuditEntryPage]
MAX_SHOWN = 300
"""Characters of the change shown in the cell; the whole text is in the tooltip."""


class Column(IntEnum):
    """Columns left to right."""

    AT = 0
    USERNAME = 1
    ACTION = 2
    OBJECT = 3
    REF = 4
    CHANGE = 5


HEADERS: dict[Column, str] = {
    Column.AT: "Thời điểm",
    Column.USERNAME: "Tài khoản",
    Column.ACTION: "Hành động",
    Column.OBJECT: "Đối tượng",
    Column.REF: "Mã",
    Column.CHANGE: "Nội dung thay đổi",
}

EntryRole = Qt.ItemDataRole.UserRole + 1
"""The row's :class:`AuditEntry` (every column)."""


def _texts(e: AuditEntry) -> tuple[str, ...]:
    change = e.change if len(e.change) <= MAX_SHOWN else e.change[: MAX_SHOWN - 1] + "…"
    return (f"{e.at:%d/%m/%Y %H:%M:%S}", e.username, e.action_label, e.object_label, e.object_ref, change)


def detail_text(e: AuditEntry) -> str:
    """Before and after on their own lines (tooltip and the detail box under the table)."""
    lines = [f"{e.action_label} — {e.username}, {e.at:%d/%m/%Y %H:%M:%S}"]
    if e.object_label or e.object_ref:
        lines.append(f"Đối tượng: {e.object_label} {e.object_ref}".rstrip())
    lines.append(f"Trước: {e.before or '—'}")
    lines.append(f"Sau: {e.after or '—'}")
    return "\n".join(lines)


def _unpack(page: AuditEntryPage) -> tuple[tuple[AuditEntry, ...], int | None]:
    return tuple(page.rows), page.next_after_id


class AuditTableModel(LazyTableModel[AuditEntry, AuditFilter, int]):
    """Rows arrive one page at a time from a worker; a filter change drops them and starts again."""

    unexpected_error = "Lỗi không mong muốn khi đọc nhật ký: {error}"

    def __init__(
        self, fetch: FetchPage, tasks: TaskRunner, parent: Any = None, page_size: int = PAGE_SIZE
    ) -> None:
        super().__init__(
            [HEADERS[c] for c in Column],
            _texts,
            fetch,
            _unpack,
            AuditFilter(),
            page_size=page_size,
            tasks=tasks,
            parent=parent,
        )

    @property
    def audit_filter(self) -> AuditFilter:
        return self.current_filter

    def entry(self, row: int) -> AuditEntry:
        return self.row(row)

    def cell(self, item: AuditEntry, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            return detail_text(item)
        if role == EntryRole:
            return item
        return None
