"""«Lịch làm việc»: the year at a glance, and the office's own days off and make-up working days."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.bootstrap import Services
from app.services.core.errors import ServiceError
from app.services.deadlines.deadline_dto import CalendarDayView, RecomputeResult
from app.ui.app_events import AppEvents
from app.ui.deadlines.month_grid import MONTHS, MonthGrid, legend, tooltip
from app.ui.tasks import TaskRunner
from app.ui.widgets.notice_bar import NoticeBar, NoticeKind


def recompute_text(result: RecomputeResult) -> str:
    """``Đã tính lại hạn của N vụ việc`` with how many changed and which could not be; after a
    change of one day, also how many open cases that day cannot affect (kept as they were)."""
    if result.examined is None:
        text = f"Đã tính lại hạn của {result.open_cases} vụ việc đang mở ({result.changed} vụ việc đổi hạn)."
    else:
        text = (
            f"Đã tính lại hạn của {result.examined} vụ việc đang mở mà ngày này có thể ảnh hưởng "
            f"({result.changed} vụ việc đổi hạn)."
        )
        if result.open_cases > result.examined:
            kept = result.open_cases - result.examined
            text = f"{text[:-1]}; hạn của {kept} vụ việc còn lại không phụ thuộc ngày này nên giữ nguyên."
    if result.failed:
        text += f" Không tính lại được (giữ hạn cũ): {', '.join(result.failed[:10])}."
    return text


class CalendarPage(QWidget):
    """Twelve month grids and a side panel for the clicked day; changes run off the UI thread."""

    def __init__(
        self,
        services: Services,
        events: AppEvents,
        user_id: int | None,
        parent: QWidget | None = None,
        tasks: TaskRunner | None = None,
    ) -> None:
        super().__init__(parent)
        self._calendar = services.work_calendar
        self._events = events
        self._user_id = user_id
        self._tasks = tasks or getattr(parent, "tasks", None) or TaskRunner()
        self._days: dict[date, CalendarDayView] = {}
        self.year = date.today().year
        self.selected: date | None = None
        self.busy = False
        self.grids = [MonthGrid() for _ in MONTHS]
        self.year_label = QLabel()
        self.year_label.setObjectName("pageTitle")
        self.previous_button = QPushButton("◀ Năm trước")
        self.next_button = QPushButton("Năm sau ▶")
        self.message = NoticeBar(self)
        self.day_label = QLabel("Nhấp vào một ngày để xem và đặt ngày nghỉ, ngày làm bù của cơ quan.")
        self.day_label.setWordWrap(True)
        self.note = QLineEdit()
        self.note.setPlaceholderText("Lý do, số văn bản (bắt buộc)")
        self.day_off_button = QPushButton("Đặt ngày nghỉ của cơ quan")
        self.makeup_button = QPushButton("Đặt ngày làm bù")
        self.remove_button = QPushButton("Xóa thiết lập riêng")
        self.confirm_button = QPushButton("Xác nhận ngày này (đã có văn bản)")
        self.drop_button = QPushButton("Bỏ ngày này")
        self.confirm_button.setToolTip("Giữ ngày như lịch ghi; ghi số văn bản vào ô lý do.")
        self.drop_button.setToolTip("Cơ quan không theo ngày này; ghi lý do vào ô lý do.")
        self._layout()
        self.previous_button.clicked.connect(lambda: self.show_year(self.year - 1))
        self.next_button.clicked.connect(lambda: self.show_year(self.year + 1))
        self.day_off_button.clicked.connect(self._on_day_off_button_clicked)
        self.makeup_button.clicked.connect(self._on_makeup_button_clicked)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self.confirm_button.clicked.connect(self._on_confirm_button_clicked)
        self.drop_button.clicked.connect(self._on_drop_button_clicked)
        for grid in self.grids:
            grid.day_clicked.connect(self.select_day)
        self.show_year(self.year)

    def _layout(self) -> None:
        title = QLabel("Lịch làm việc")
        title.setObjectName("pageTitle")
        header = QHBoxLayout()
        header.addWidget(title)
        header.addStretch(1)
        header.addWidget(self.previous_button)
        header.addWidget(self.year_label)
        header.addWidget(self.next_button)
        months = QGridLayout()
        months.setSpacing(10)
        for i, grid in enumerate(self.grids):
            cell = QVBoxLayout()
            title = QLabel(MONTHS[i])
            title.setStyleSheet("font-weight: 600; color: #14324f;")
            cell.addWidget(title)
            cell.addWidget(grid, 1)
            months.addLayout(cell, i // 4, i % 4)
        side = QVBoxLayout()
        side_title = QLabel("Ngày đã chọn")
        side_title.setObjectName("sectionTitle")
        side.addWidget(side_title)
        side.addWidget(self.day_label)
        side.addWidget(self.note)
        buttons = (self.confirm_button, self.drop_button, self.day_off_button, self.makeup_button)
        for button in (*buttons, self.remove_button):
            side.addWidget(button)
        side.addStretch(1)
        side_widget = QWidget()
        side_widget.setLayout(side)
        side_widget.setFixedWidth(270)
        body = QHBoxLayout()
        body.addLayout(months, 1)
        body.addWidget(side_widget)
        box = QVBoxLayout(self)
        box.addLayout(header)
        box.addWidget(legend())
        box.addWidget(self.message)
        box.addLayout(body, 1)
        self._enable_actions(None)

    # --- showing ------------------------------------------------------------------------
    def show_year(self, year: int) -> None:
        """Read the year from the service and paint the twelve months."""
        try:
            days = self._calendar.year(year)
        except ServiceError as error:
            self.message.show_message(NoticeKind.ERROR, error.message)
            return
        self.year = year
        self._days = {d.day: d for d in days}
        self.year_label.setText(f"Năm {year}")
        for month, grid in enumerate(self.grids, start=1):
            grid.show_month(year, month, self._days)
        if self.selected is not None and self.selected.year != year:
            self.selected = None
        self.select_day(self.selected)

    def refresh(self) -> None:
        self.show_year(self.year)

    def day_view(self, day: date) -> CalendarDayView | None:
        return self._days.get(day)

    def select_day(self, day: date | None) -> None:
        """Show the clicked day and offer only the change that makes sense for it."""
        self.selected = day
        view = self._days.get(day) if day else None
        if view is None:
            self._enable_actions(None)
            return
        self.day_label.setText(tooltip(view))
        self._enable_actions(view)

    def _enable_actions(self, view: CalendarDayView | None) -> None:
        office = view is not None and view.source == "office"
        free = view is not None and not office and not self.busy
        uncertain = free and view is not None and view.uncertain
        self.day_off_button.setEnabled(free and not uncertain and view is not None and view.working)
        self.makeup_button.setEnabled(free and not uncertain and view is not None and not view.working)
        self.confirm_button.setVisible(uncertain)
        self.drop_button.setVisible(uncertain)
        self.remove_button.setEnabled(office and not self.busy)
        self.note.setEnabled(free)

    # --- changes ------------------------------------------------------------------------
    def _on_day_off_button_clicked(self) -> None:
        day, note = self.selected, self.note.text()
        if day is not None:
            self._change(lambda: self._calendar.add_day_off(day, note, self._user_id), True)

    def _on_makeup_button_clicked(self) -> None:
        day, note = self.selected, self.note.text()
        if day is not None:
            self._change(lambda: self._calendar.add_makeup_day(day, note, self._user_id), True)

    def _on_confirm_button_clicked(self) -> None:
        day, note = self.selected, self.note.text()
        if day is not None:
            self._change(lambda: self._calendar.confirm_day(day, note, self._user_id), True)

    def _on_drop_button_clicked(self) -> None:
        day, note = self.selected, self.note.text()
        if day is not None:
            self._change(lambda: self._calendar.drop_day(day, note, self._user_id), True)

    def _on_remove_button_clicked(self) -> None:
        day = self.selected
        if day is not None:
            self._change(lambda: self._calendar.remove_override(day), False)

    def _change(self, call: Callable[[], RecomputeResult], clear_note: bool) -> None:
        """Save and recompute every open deadline off the UI thread; say what it did."""
        self.busy = True
        self._enable_actions(None)
        self.message.show_message(NoticeKind.INFO, "Đang lưu và tính lại hạn của các vụ việc đang mở…")
        self._tasks.submit(call, lambda r: self._on_changed(r, clear_note), self._on_failed)

    def _on_changed(self, result: RecomputeResult, clear_note: bool) -> None:
        self.busy = False
        if clear_note:
            self.note.clear()
        self.show_year(self.year)
        self.message.show_message(NoticeKind.SUCCESS, recompute_text(result))
        self._events.cases_changed.emit(-1)
        self._events.status_message.emit(recompute_text(result))

    def _on_failed(self, error: BaseException) -> None:
        self.busy = False
        self.select_day(self.selected)
        text = error.message if isinstance(error, ServiceError) else f"Không lưu được: {error}"
        self.message.show_message(NoticeKind.ERROR, text)
