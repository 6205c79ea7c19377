"""Table model of the backups in the folder: when, what, how big, and whether the file is still intact."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import IntEnum
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from app.services.backup.backup_service import BackupInfo
from app.ui.cases.formatting import OVERDUE_BACKGROUND, OVERDUE_TEXT, fmt_datetime

AnyIndex = QModelIndex | QPersistentModelIndex
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
    Column.ENCRYPTED: lambda b: "Có" if b.manifest.encrypted else "Không",
}


class BackupTableModel(QAbstractTableModel):
    """Rows are BackupInfo (newest first); the file check arrives later, one row at a time."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[BackupInfo] = []
        self._verdicts: dict[Path, str] = {}

    def set_backups(self, backups: Sequence[BackupInfo]) -> None:
        """Show ``backups``; checks already made for files still listed are kept."""
        self.beginResetModel()
        self._rows = list(backups)
        paths = {b.path for b in self._rows}
        self._verdicts = {p: v for p, v in self._verdicts.items() if p in paths}
        self.endResetModel()

    def unchecked(self) -> list[Path]:
        """Files whose check has not been made yet."""
        return [b.path for b in self._rows if b.path not in self._verdicts]

    def set_verdict(self, path: Path, problem: str) -> None:
        """The check of ``path``: an empty ``problem`` means intact."""
        self._verdicts[path] = problem or GOOD
        for row, info in enumerate(self._rows):
            if info.path == path:
                self.dataChanged.emit(self.index(row, Column.VERIFIED), self.index(row, Column.VERIFIED))

    def verdict(self, row: int) -> str:
        return self._verdicts.get(self._rows[row].path, CHECKING)

    def backup(self, row: int) -> BackupInfo:
        return self._rows[row]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's default argument
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[Column(section)]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        info, column = self._rows[index.row()], Column(index.column())
        verdict = self.verdict(index.row())
        bad = verdict not in (GOOD, CHECKING)
        if role == Qt.ItemDataRole.DisplayRole:
            if column == Column.VERIFIED:
                return "Hỏng" if bad else verdict
            return _TEXT[column](info)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == Column.VERIFIED:
                return verdict if bad else "Cỡ tệp và mã kiểm tra SHA-256 khớp với lúc sao lưu."
            if column == Column.SCHEMA:
                return f"Tạo bởi Hotline Desk {info.manifest.app_version}"
            return str(info.path)
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
