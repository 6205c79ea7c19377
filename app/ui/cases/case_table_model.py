"""Table model of the case register: a window of keyset pages around the view, read in the background."""

from __future__ import annotations

import html
from collections.abc import Callable
from enum import IntEnum
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from app.domain.due_explain import PROVISIONAL_MARK
from app.services.cases.dto import CaseFilter, CasePage, CaseSummary, PageKey, PageKeys
from app.ui.cases.formatting import (
    DUE_SOON_BACKGROUND,
    DUE_SOON_TEXT,
    OVERDUE_BACKGROUND,
    OVERDUE_TEXT,
    ROW_TEXT,
    deadline_tip,
    fmt_date,
    fmt_datetime,
)
from app.ui.tasks import TaskRunner
from app.ui.widgets.page_reads import PageWindow
from app.ui.widgets.paged_window_model import PagedWindowModel

PAGE_SIZE = 100
"""Rows per page: the first page is read at once for the first paint, later ones in the background."""
CELL_CHARS = 200
"""The content cell shows at most this much (wider than any screen's column); its tooltip all of it."""
FetchPage = Callable[[CaseFilter, PageKey | None, int], CasePage]
FetchKeys = Callable[[CaseFilter, int], PageKeys | None]


class Column(IntEnum):
    """Columns of the register, left to right."""

    NUMBER = 0
    RECEIVED = 1
    CHANNEL = 2
    KIND = 3
    CITIZEN = 4
    PHONE = 5
    CONTENT = 6
    FIELD = 7
    DEPARTMENT = 8
    OFFICER = 9
    STATUS = 10
    DUE = 11


HEADERS: dict[Column, str] = {
    Column.NUMBER: "Số",
    Column.RECEIVED: "Tiếp nhận",
    Column.CHANNEL: "Kênh",
    Column.KIND: "Loại",
    Column.CITIZEN: "Người phản ánh",
    Column.PHONE: "Điện thoại",
    Column.CONTENT: "Nội dung",
    Column.FIELD: "Lĩnh vực",
    Column.DEPARTMENT: "Đơn vị",
    Column.OFFICER: "Cán bộ",
    Column.STATUS: "Trạng thái",
    Column.DUE: "Hạn xử lý",
}

_COLUMNS: tuple[Column, ...] = tuple(Column)
_TEXT: dict[Column, Callable[[CaseSummary], str]] = {
    Column.NUMBER: lambda c: c.number,
    Column.RECEIVED: lambda c: fmt_datetime(c.received_at),
    Column.CHANNEL: lambda c: c.channel.label,
    Column.KIND: lambda c: c.kind.label,
    Column.CITIZEN: lambda c: c.citizen_name,
    Column.PHONE: lambda c: c.phone,
    Column.CONTENT: lambda c: (f"{c.external_ref} · " if c.external_ref else "") + c.excerpt[:CELL_CHARS],
    Column.FIELD: lambda c: c.field_name,
    Column.DEPARTMENT: lambda c: c.department_name,
    Column.OFFICER: lambda c: c.officer_name,
    Column.STATUS: lambda c: c.status.label,
    Column.DUE: lambda c: (
        fmt_date(c.due_date) + (f" {PROVISIONAL_MARK}" if PROVISIONAL_MARK in c.due_rule else "")
    ),
}


def _row_texts(case: CaseSummary) -> tuple[str, ...]:
    return tuple(_TEXT[c](case) for c in _COLUMNS)


def _unpack(page: CasePage) -> tuple[tuple[CaseSummary, ...], PageKey | None]:
    return page.rows, page.next_key


def _keys(fetch_keys: FetchKeys) -> Callable[[CaseFilter, int], tuple[int, tuple[PageKey, ...]] | None]:
    def keys(flt: CaseFilter, size: int) -> tuple[int, tuple[PageKey, ...]] | None:
        found = fetch_keys(flt, size)
        return None if found is None else (found.total, found.keys)

    return keys


class CaseRole(IntEnum):
    """Custom data roles; every column answers them for its row."""

    CaseIdRole = Qt.ItemDataRole.UserRole + 1
    SummaryRole = Qt.ItemDataRole.UserRole + 2
    OverdueRole = Qt.ItemDataRole.UserRole + 3
    DueSoonRole = Qt.ItemDataRole.UserRole + 4
    StatusRole = Qt.ItemDataRole.UserRole + 5


CaseIdRole = CaseRole.CaseIdRole
SummaryRole = CaseRole.SummaryRole
OverdueRole = CaseRole.OverdueRole
DueSoonRole = CaseRole.DueSoonRole
StatusRole = CaseRole.StatusRole


class CaseTableModel(PagedWindowModel[CaseSummary, CaseFilter, PageKey]):
    """Every case of the filter by position, a window of pages in memory; a filter change resets the model.

    With ``prefetch`` (the task runner), ``fetch_count`` and ``fetch_keys`` the register is counted in
    the background and the row count becomes the whole list's; pages are read ahead off the UI thread.
    """

    roles = frozenset(
        int(role)
        for role in (
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.BackgroundRole,
            Qt.ItemDataRole.ForegroundRole,
            Qt.ItemDataRole.FontRole,
            *CaseRole,
        )
    )

    painted = frozenset(
        int(role)
        for role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole)
    )

    def __init__(
        self,
        fetch: FetchPage,
        parent: Any = None,
        page_size: int = PAGE_SIZE,
        *,
        prefetch: TaskRunner | None = None,
        fetch_keys: FetchKeys | None = None,
        fetch_count: Callable[[CaseFilter], int | None] | None = None,
        window: PageWindow | None = None,
    ) -> None:
        super().__init__(
            [HEADERS[c] for c in _COLUMNS],
            _row_texts,
            fetch,
            _unpack,
            CaseFilter(),
            page_size=page_size,
            tasks=prefetch,
            fetch_keys=_keys(fetch_keys) if fetch_keys is not None else None,
            fetch_count=fetch_count,
            window=window,
            parent=parent,
        )
        self._bold = QFont()
        self._bold.setBold(True)

    @property
    def case_filter(self) -> CaseFilter:
        return self.current_filter

    def summary(self, row: int) -> CaseSummary | None:
        return self.row(row)

    def row_of(self, case_id: int) -> int:
        """Row of a case in memory (near the view or the selection), or -1."""
        return self.find_row(lambda c: c.id == case_id)

    def cell(self, item: CaseSummary, column: int, role: int) -> Any:
        case, col = item, _COLUMNS[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(case, col)
        if role == Qt.ItemDataRole.BackgroundRole:
            if case.overdue:
                return OVERDUE_BACKGROUND
            return DUE_SOON_BACKGROUND if case.due_soon else None
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._foreground(case, col)
        if role == Qt.ItemDataRole.FontRole:
            return self._bold if col is Column.DUE and (case.overdue or case.due_soon) else None
        return self._custom(case, role)

    # --- helpers ------------------------------------------------------------------------
    @staticmethod
    def _tooltip(case: CaseSummary, column: Column) -> str | None:
        """The deadline state, then the whole cell text (narrow columns elide it)."""
        tip = deadline_tip(case.overdue, case.due_soon)
        if column is Column.DUE:
            text = case.due_rule
        else:
            text = case.excerpt if column is Column.CONTENT else _TEXT[column](case)
        if column is Column.NUMBER and case.external_ref:
            text += f"\nMã trên nền tảng tiếp nhận: {case.external_ref}"
        if column is Column.CONTENT and text:  # rich text, so a long content wraps instead of one long line
            return "<qt>" + "<br>".join(html.escape(part) for part in (tip, text) if part) + "</qt>"
        return "\n".join(part for part in (tip, text) if part) or None

    @staticmethod
    def _foreground(case: CaseSummary, column: Column) -> Any:
        if column is Column.DUE and case.overdue:
            return OVERDUE_TEXT
        if column is Column.DUE and case.due_soon:
            return DUE_SOON_TEXT
        return ROW_TEXT if case.overdue or case.due_soon else None

    @staticmethod
    def _custom(case: CaseSummary, role: int) -> Any:
        if role == CaseIdRole:
            return case.id
        if role == SummaryRole:
            return case
        if role == OverdueRole:
            return case.overdue
        if role == DueSoonRole:
            return case.due_soon
        if role == StatusRole:
            return case.status.value
        return None
