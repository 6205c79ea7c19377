"""The seams through which the report screen asks for a file name and opens folders (tests patch them)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QWidget

from app.domain.periods import Period, PeriodKind

FILTERS = {"xlsx": "Bảng tính Excel (*.xlsx)", "pdf": "Tài liệu PDF (*.pdf)"}


def choose_save_path(parent: QWidget | None, title: str, suggested: Path, fmt: str) -> Path | None:
    """Ask where to save; ``None`` when the officer cancels. The extension is added if missing."""
    name, _ = QFileDialog.getSaveFileName(parent, title, str(suggested), FILTERS[fmt])
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() == f".{fmt}" else path.with_name(f"{path.name}.{fmt}")


def open_folder(path: Path) -> bool:
    """Show the folder holding ``path`` in the system file manager."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))


def open_file(path: Path) -> bool:
    """Open ``path`` with the program the system associates with it (e.g. a PDF reader)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def suggested_name(period: Period, fmt: str) -> str:
    """A file name a clerk recognises: "Báo cáo Quý II năm 2026.xlsx" (no "/" from a date range)."""
    if period.kind is PeriodKind.RANGE:
        return f"Báo cáo {period.start:%d.%m.%Y}-{period.end:%d.%m.%Y}.{fmt}"
    return f"Báo cáo {period.label}.{fmt}"
