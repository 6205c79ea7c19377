"""One month as a small grid of days coloured by why the office works or not, with the legend."""

from __future__ import annotations

import calendar
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from app.services.deadlines.deadline_dto import CalendarDayView

WEEKDAYS = ["T2", "T3", "T4", "T5", "T6", "T7", "CN"]
MONTHS = [f"Tháng {m}" for m in range(1, 13)]
# (source, working) → (background, text, legend); dark text on light tints, each pair ≥ 7:1.
STYLES: dict[tuple[str, bool], tuple[str, str, str]] = {
    ("", True): ("#ffffff", "#1f1f1f", "Ngày làm việc"),
    ("weekend", False): ("#e4e7eb", "#4a525a", "Thứ Bảy, Chủ nhật"),
    ("holiday", False): ("#f6c9c4", "#6e0f0a", "Ngày lễ, Tết"),
    ("shipped", False): ("#fbd9a6", "#5a3300", "Nghỉ hoán đổi (Chính phủ)"),
    ("shipped", True): ("#bfe3ef", "#083a4d", "Làm bù (Chính phủ)"),
    ("office", False): ("#dccbf2", "#35115f", "Cơ quan cho nghỉ"),
    ("office", True): ("#bfe6c4", "#0b4f28", "Cơ quan làm bù"),
    ("uncertain", False): ("#fff0a0", "#4a3800", "Ước tính, chờ xác nhận"),
    ("uncertain", True): ("#fff0a0", "#4a3800", "Ước tính, chờ xác nhận"),
}
STATUS_WORDS = {"official": "chính thức", "estimated": "ước tính", "doubtful": "còn nghi vấn"}


def style_for(day: CalendarDayView) -> tuple[str, str, str]:
    """Colours and legend words for a day (unknown combinations read as the plain kind)."""
    return STYLES.get((day.source, day.working)) or STYLES[("", True) if day.working else ("holiday", False)]


def tooltip(day: CalendarDayView) -> str:
    """``Thứ Hai 31/08/2026 — nghỉ: …`` with the source and the note."""
    name = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"][day.day.weekday()]
    state = "làm việc" if day.working else f"nghỉ: {day.reason}"
    text = f"{name} {day.day:%d/%m/%Y} — {state}"
    if day.source in ("office", "shipped"):
        text += f"\n{style_for(day)[2]}" + (f": {day.note}" if day.note else "")
    if day.basis and day.source != "office":
        text += f"\nCăn cứ: {day.basis}"
    if day.status and day.source != "office":
        text += f"\nTình trạng: {STATUS_WORDS.get(day.status, day.status)}"
    if day.uncertain:
        text += "\nHạn nào phụ thuộc ngày này được ghi «(tạm tính)» cho đến khi cơ quan xác nhận hoặc bỏ."
    return text


class MonthGrid(QTableWidget):
    """Seven columns (T2…CN), one row per week; clicking a day emits ``day_clicked``."""

    day_clicked = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(6, 7, parent)
        self.setHorizontalHeaderLabels(WEEKDAYS)
        self.verticalHeader().hide()
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.horizontalHeader().setMinimumSectionSize(24)
        self.verticalHeader().setMinimumSectionSize(18)
        self.setMinimumSize(7 * 27, 6 * 20 + 24)  # four months across and the side panel on 1366 px
        self._bold = QFont(self.font())
        self._bold.setBold(True)
        self.cellClicked.connect(self._on_cell_clicked)

    def show_month(self, year: int, month: int, days: dict[date, CalendarDayView]) -> None:
        self.clearContents()
        weeks = calendar.Calendar().monthdatescalendar(year, month)
        for row, week in enumerate(weeks[:6]):
            for column, day in enumerate(week):
                if day.month != month or day not in days:
                    continue
                view = days[day]
                background, text, _ = style_for(view)
                item = QTableWidgetItem(str(day.day))
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                item.setBackground(QColor(background))
                item.setForeground(QColor(text))
                item.setToolTip(tooltip(view))
                item.setData(Qt.ItemDataRole.UserRole, day)
                if view.source == "office" or day == date.today():
                    item.setFont(self._bold)
                self.setItem(row, column, item)

    def item_for(self, day: date) -> QTableWidgetItem | None:
        for row in range(self.rowCount()):
            for column in range(self.columnCount()):
                item = self.item(row, column)
                if item is not None and item.data(Qt.ItemDataRole.UserRole) == day:
                    return item
        return None

    def _on_cell_clicked(self, row: int, column: int) -> None:
        item = self.item(row, column)
        if item is not None:
            self.day_clicked.emit(item.data(Qt.ItemDataRole.UserRole))


def legend() -> QWidget:
    """Swatches with the words for every colour (the words also appear in each day's tooltip)."""
    widget = QWidget()
    grid = QGridLayout(widget)  # two rows: the words of every colour fit a 1366-pixel screen
    grid.setContentsMargins(0, 0, 0, 0)
    swatches = list(dict.fromkeys(STYLES.values()))
    per_row = -(-len(swatches) // 2)
    for index, (background, text, words) in enumerate(swatches):
        swatch = QLabel(words)
        swatch.setStyleSheet(
            f"background: {background}; color: {text}; border: 1px solid #9aa5b1;"
            " border-radius: 3px; padding: 3px 8px;"
        )
        grid.addWidget(swatch, index // per_row, index % per_row)
    grid.setColumnStretch(per_row, 1)
    return widget
