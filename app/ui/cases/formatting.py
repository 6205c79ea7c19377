"""Display helpers shared by case screens: Vietnamese date formats and deadline colours."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtGui import QColor

OVERDUE_BACKGROUND = QColor("#fbe0de")
"""Red tint of an overdue row (readable with dark text, visible without colour vision via bold)."""
OVERDUE_TEXT = QColor("#a4161a")
DUE_SOON_BACKGROUND = QColor("#fff0c2")
"""Amber tint of a row due within the next working days."""
DUE_SOON_TEXT = QColor("#7a4a00")
ROW_TEXT = QColor("#1f1f1f")
"""Text colour on tinted rows, so a dark desktop theme does not draw white on pale red."""

OVERDUE_TIP = "Quá hạn"
DUE_SOON_TIP = "Sắp đến hạn"


def fmt_datetime(value: datetime | None) -> str:
    """``dd/MM/yyyy HH:mm`` or an empty string."""
    return value.strftime("%d/%m/%Y %H:%M") if value else ""


def fmt_date(value: date | None) -> str:
    """``dd/MM/yyyy`` or an empty string."""
    return value.strftime("%d/%m/%Y") if value else ""


def deadline_tip(overdue: bool, due_soon: bool) -> str:
    """Tooltip naming the deadline state, empty when the case is on time."""
    if overdue:
        return OVERDUE_TIP
    return DUE_SOON_TIP if due_soon else ""
