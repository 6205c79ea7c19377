"""Table model of the backups in the folder: when, what, how big, and whether the file is still intact."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import IntEnum
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from app.services.backup.backup_service import BackupInfo
from app.ui.cases.formatting import OVERDUE_BACKGROUND, OVERDUE_TEXT, fmt_datetime
from app.ui.widgets.row_table_model import RowTableModel

CHECKING = "Đang kiểm tra…"
GOOD = "Nguyên vẹn"
GOOD_TEXT = QColor("#0b4f28")
KINDS = {"manual": "Thủ công", "auto": "Tự động", "pre-upgrade": "Trước khi cập nhật"}


class Column(IntEnum):
    """Columns, left to right."""

    CREATED = 0
    KIND = 1
    SIZE = 2
    SCHEMA = 3
    OFFICE = 4
    VERIFIED = 5
    ENCRYPTED = 6


HEADERS: dict[Column, str] = {
    Column.CREATED: "Thời điểm",
    Column.KIND: "Loại",
    Column.SIZE: "Dung lượng",
    Column.SCHEMA: "Cấu trúc",
    Column.OFFICE: "Cơ quan",
    Column.VERIFIED: "Kiểm tra tệp",
    Column.ENCRYPTED: "Mã hóa",
}


def fmt_size(size: int) -> str:
    """Bytes as an officer reads them, with a decimal comma: ``12,3 MB``."""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    if size < 1024**3:
        return f"{size / 1024 / 1024:.1f} MB".replace(".", ",")
    return f"{size / 1024**3:.2f} GB".replace(".", ",")


_TEXT: dict[Column, Callable[[BackupInfo], str]] = {
    Column.CREATED: lambda b: fmt_datetime(b.manifest.created_at),
    Column.KIND: lambda b: KINDS.get(b.manifest.kind, b.manifest.kind),
    Column.SIZE: lambda b: fmt_size(b.manifest.size),
    Column.SCHEMA: lambda b: b.manifest.schema_revision or "—",
    Column.OFFICE: lambda b: b.manifest.office_name or "—",
    Column.ENCRYPTED: lambda b: (
        "Khóa cơ quan" if b.manifest.key_fingerprint else "Mật khẩu" if b.manifest.encrypted else "Không"
    ),
}


def _row_texts(info: BackupInfo) -> tuple[str, ...]:
    return tuple("" if c == Column.VERIFIED else _TEXT[c](info) for c in Column)


class BackupTableModel(RowTableModel[BackupInfo]):
    """Rows are BackupInfo (newest first); the file check arrives later, one row at a time."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__([HEADERS[c] for c in Column], _row_texts, parent)
        self._verdicts: dict[Path, str] = {}

    def set_backups(self, backups: Sequence[BackupInfo]) -> None:
        """Show ``backups``; checks already made for files still listed are kept."""
        paths = {b.path for b in backups}
        self._verdicts = {p: v for p, v in self._verdicts.items() if p in paths}
        self.set_rows(backups)

    def unchecked(self) -> list[Path]:
        """Files whose check has not been made yet."""
        return [b.path for b in self.rows if b.path not in self._verdicts]

    def set_verdict(self, path: Path, problem: str) -> None:
        """The check of ``path``: an empty ``problem`` means intact."""
        self._verdicts[path] = problem or GOOD
        for row, info in enumerate(self.rows):
            if info.path == path:
                self.dataChanged.emit(self.index(row, Column.VERIFIED), self.index(row, Column.VERIFIED))

    def verdict(self, row: int) -> str:
        return self._verdict_of(self.row(row))

    def backup(self, row: int) -> BackupInfo:
        return self.row(row)

    def _verdict_of(self, info: BackupInfo) -> str:
        return self._verdicts.get(info.path, CHECKING)

    def display_text(self, row: int, column: int) -> str:
        if column == Column.VERIFIED:
            verdict = self.verdict(row)
            return verdict if verdict in (GOOD, CHECKING) else "Hỏng"
        return super().display_text(row, column)

    def cell(self, item: BackupInfo, column: int, role: int) -> Any:
        verdict = self._verdict_of(item)
        bad = verdict not in (GOOD, CHECKING)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == Column.VERIFIED:
                return verdict if bad else "Cỡ tệp và mã kiểm tra SHA-256 khớp với lúc sao lưu."
            if column == Column.SCHEMA:
                return f"Tạo bởi Hotline Desk {item.manifest.app_version}"
            return str(item.path)
        if role == Qt.ItemDataRole.BackgroundRole and bad:
            return OVERDUE_BACKGROUND
        if role == Qt.ItemDataRole.ForegroundRole:
            if bad:
                return OVERDUE_TEXT
            if column == Column.VERIFIED and verdict == GOOD:
                return GOOD_TEXT
        if role == Qt.ItemDataRole.TextAlignmentRole and column == Column.SIZE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
