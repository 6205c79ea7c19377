"""Reporting period picker: kind, year and number (or dates), the 15-to-14 cut-off, resolved dates."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from enum import IntEnum

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QWidget,
)

from app.domain import periods
from app.domain.periods import Period, PeriodError
from app.ui.widgets.notice_bar import NoticeBar, NoticeKind

FIRST_YEAR = 2015
CUTOFF_TEXT = "Kỳ số liệu từ ngày 15 đến ngày 14 (theo chế độ báo cáo)"


class Kind(IntEnum):
    """Rows of the kind box, in the order a chief thinks of them."""

    WEEK = 0
    MONTH = 1
    QUARTER = 2
    HALF = 3
    NINE_MONTHS = 4
    YEAR = 5
    RANGE = 6


KIND_TITLES = ("Tuần", "Tháng", "Quý", "6 tháng", "9 tháng", "Năm", "Khoảng tùy chọn")
NUMBERS: dict[Kind, tuple[str, ...]] = {
    Kind.MONTH: tuple(f"Tháng {m:02d}" for m in range(1, 13)),
    Kind.QUARTER: ("Quý I", "Quý II", "Quý III", "Quý IV"),
    Kind.HALF: ("6 tháng đầu năm", "6 tháng cuối năm"),
}


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class PeriodPicker(QWidget):
    """Emits ``period_changed`` whenever the resolved period (or its problem) changes."""

    period_changed = Signal()

    def __init__(self, today: Callable[[], date] = date.today, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._today = today
        now = today()
        self.kind = QComboBox(self)
        self.kind.addItems([self.tr(t) for t in KIND_TITLES])
        self.year = QSpinBox(self)
        self.year.setRange(FIRST_YEAR, now.year + 1)
        self.year.setValue(now.year)
        self.number = QComboBox(self)
        self.day = self._date_edit(now)
        self.start = self._date_edit(now.replace(day=1))
        self.end = self._date_edit(now)
        self.cutoff = QCheckBox(self.tr(CUTOFF_TEXT), self)
        self.resolved = QLabel(self)
        self.resolved.setObjectName("periodResolved")
        self.resolved.setWordWrap(True)
        self.resolved.setStyleSheet("QLabel#periodResolved { font-weight: 600; color: #14324f; }")
        self.problem = NoticeBar(self)
        self._build_layout()
        self.kind.currentIndexChanged.connect(self._on_kind_current_index_changed)
        for signal in (self.year.valueChanged, self.number.currentIndexChanged, self.cutoff.toggled):
            signal.connect(self._update)
        for edit in (self.day, self.start, self.end):
            edit.dateChanged.connect(self._update)
        self.set_month(now.year, now.month)

    def _date_edit(self, day: date) -> QDateEdit:
        edit = QDateEdit(_qdate(day), self)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("dd/MM/yyyy")
        edit.setMinimumDate(QDate(FIRST_YEAR, 1, 1))
        return edit

    def _build_layout(self) -> None:
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("Loại kỳ"), self.kind)
        self._which = QWidget(self)
        which = QHBoxLayout(self._which)
        which.setContentsMargins(0, 0, 0, 0)
        which.addWidget(self.number, 1)
        self.year_label = QLabel(self.tr("năm"), self)
        which.addWidget(self.year_label)
        which.addWidget(self.year)
        form.addRow(self.tr("Kỳ"), self._which)
        form.addRow(self.tr("Tuần có ngày"), self.day)
        form.addRow(self.tr("Từ ngày"), self.start)
        form.addRow(self.tr("Đến ngày"), self.end)
        form.addRow(self.cutoff)
        form.addRow(self.resolved)
        form.addRow(self.problem)
        self.form_layout = form

    # --- public -------------------------------------------------------------------------
    def set_month(self, year: int, number: int) -> None:
        """Select a month (the default is the current one)."""
        self._select(Kind.MONTH, year, number - 1)

    def set_quarter(self, year: int, number: int, cutoff: bool = False) -> None:
        self.cutoff.setChecked(cutoff)
        self._select(Kind.QUARTER, year, number - 1)

    def set_range(self, start: date, end: date) -> None:
        self.kind.setCurrentIndex(Kind.RANGE)
        self.start.setDate(_qdate(start))
        self.end.setDate(_qdate(end))

    def period(self) -> Period | None:
        """The chosen period, or ``None`` when it cannot be reported on (see ``problem_text``)."""
        period, problem = self._resolve()
        return period if not problem else None

    def problem_text(self) -> str:
        return self._resolve()[1]

    # --- internals ----------------------------------------------------------------------
    def _select(self, kind: Kind, year: int, row: int) -> None:
        self.kind.setCurrentIndex(kind)
        self.year.setValue(year)
        self.number.setCurrentIndex(row)
        self._update()

    def _resolve(self) -> tuple[Period | None, str]:
        kind = Kind(self.kind.currentIndex())
        year, row, cutoff = self.year.value(), self.number.currentIndex(), self.cutoff.isChecked()
        try:
            period = {
                Kind.WEEK: lambda: periods.week_of(_pydate(self.day.date())),
                Kind.MONTH: lambda: periods.month(year, row + 1, cutoff),
                Kind.QUARTER: lambda: periods.quarter(year, row + 1, cutoff),
                Kind.HALF: lambda: periods.half(year, row + 1, cutoff),
                Kind.NINE_MONTHS: lambda: periods.nine_months(year, cutoff),
                Kind.YEAR: lambda: periods.whole_year(year, cutoff),
                Kind.RANGE: lambda: periods.date_range(_pydate(self.start.date()), _pydate(self.end.date())),
            }[kind]()
        except PeriodError as error:
            return None, str(error)
        if period.start > self._today():
            return period, self.tr(
                "Kỳ báo cáo bắt đầu ngày {d} — chưa đến, chưa có số liệu để báo cáo."
            ).format(d=f"{period.start:%d/%m/%Y}")
        return period, ""

    def _on_kind_current_index_changed(self, index: int) -> None:
        kind = Kind(index)
        choices = NUMBERS.get(kind, ())
        self.number.blockSignals(True)
        self.number.clear()
        self.number.addItems([self.tr(c) for c in choices])
        self.number.setCurrentIndex(self._default_row(kind) if choices else -1)
        self.number.blockSignals(False)
        by_year = kind in (Kind.MONTH, Kind.QUARTER, Kind.HALF, Kind.NINE_MONTHS, Kind.YEAR)
        self.form_layout.setRowVisible(self._which, by_year)
        self.number.setVisible(bool(choices))
        self.year_label.setVisible(bool(choices))
        self.form_layout.setRowVisible(self.day, kind is Kind.WEEK)
        self.form_layout.setRowVisible(self.start, kind is Kind.RANGE)
        self.form_layout.setRowVisible(self.end, kind is Kind.RANGE)
        self.cutoff.setEnabled(by_year)
        self.form_layout.setRowVisible(self.cutoff, by_year)
        self._update()

    def _default_row(self, kind: Kind) -> int:
        """The running month, quarter or half of this year."""
        month = self._today().month
        return {Kind.MONTH: month - 1, Kind.QUARTER: (month - 1) // 3, Kind.HALF: (month - 1) // 6}.get(
            kind, 0
        )

    def _update(self) -> None:
        period, problem = self._resolve()
        if period is None:
            self.resolved.clear()
        else:
            cut = self.cutoff.isEnabled() and self.cutoff.isChecked()
            self.resolved.setText(period.title + (self.tr(" — theo kỳ số liệu") if cut else ""))
        if problem:
            self.problem.show_message(NoticeKind.ERROR, problem)
        elif period is not None and period.end >= self._today():
            self.problem.show_message(
                NoticeKind.INFO,
                self.tr("Kỳ chưa kết thúc: số liệu tính đến thời điểm lập báo cáo (ngày {d}).").format(
                    d=f"{self._today():%d/%m/%Y}"
                ),
            )
        else:
            self.problem.clear_message()
        self.period_changed.emit()
