"""Nothing overdue unnoticed: a non-modal reminder of the officer's overdue and due-soon cases."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from html import escape

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from app.bootstrap import Services
from app.services.core.errors import ServiceError
from app.services.deadlines.deadline_dto import DeadlineCase
from app.services.replies.dto import FirstAnswerView
from app.ui.app_events import AppEvents
from app.ui.deadlines.deadline_case_table import DeadlineCaseTable

REMIND_HOUR = 7
CHECK_MS = 60_000


class ReminderDialog(QDialog):
    """Two lists (quá hạn, sắp đến hạn); double-click opens the case; never blocks the window."""

    def __init__(self, events: AppEvents, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Nhắc việc: vụ việc sắp đến hạn và quá hạn")
        self.setModal(False)
        self.resize(940, 520)
        self.overdue_title = QLabel()
        self.overdue_title.setStyleSheet("font-weight: 600; color: #a4161a; font-size: 11pt;")
        self.overdue = DeadlineCaseTable()
        self.due_soon_title = QLabel()
        self.due_soon_title.setStyleSheet("font-weight: 600; color: #7a4a00; font-size: 11pt;")
        self.due_soon = DeadlineCaseTable()
        self.first_answers = QLabel()
        self.first_answers.setWordWrap(True)
        self.first_answers.setStyleSheet("color: #7a4a00;")
        self.first_answers.hide()
        self.reopened = QLabel()
        self.reopened.setWordWrap(True)
        self.reopened.setStyleSheet("color: #a4161a;")
        self.reopened.hide()
        hint = QLabel("Nhấp đúp vào một dòng để mở vụ việc.")
        hint.setObjectName("hint")
        buttons = QDialogButtonBox()
        buttons.addButton("Đóng", QDialogButtonBox.ButtonRole.RejectRole).clicked.connect(self.close)
        box = QVBoxLayout(self)
        for widget in (
            self.overdue_title,
            self.overdue,
            self.due_soon_title,
            self.due_soon,
            self.first_answers,
        ):
            box.addWidget(widget)
        box.addWidget(hint)
        box.addWidget(buttons)
        for table in (self.overdue, self.due_soon):
            table.open_requested.connect(events.case_open_requested)
            table.setColumnHidden(5, True)  # his own cases: the officer column says nothing

    def show_first_answers(self, overdue: list[FirstAnswerView], due_soon: list[FirstAnswerView]) -> None:
        """The first answers (báo đã tiếp nhận) still owed to citizens: late ones, then those due soon."""
        if not overdue and not due_soon:
            self.first_answers.hide()
            return

        def items(views: list[FirstAnswerView]) -> str:
            shown = ", ".join(f"{v.number} (hạn {v.due:%d/%m/%Y})" for v in views[:8] if v.due)
            return shown + (f" và {len(views) - 8} vụ việc khác" if len(views) > 8 else "")

        parts = []
        if overdue:
            parts.append(f"<b>Quá hạn trả lời ban đầu: {len(overdue)} vụ việc</b> — {items(overdue)}")
        if due_soon:
            parts.append(f"<b>Sắp đến hạn trả lời ban đầu: {len(due_soon)} vụ việc</b> — {items(due_soon)}")
        self.first_answers.setText("<br>".join(parts))
        self.first_answers.show()

    def show_reopened(self, reopened: list[tuple[int, str, str]]) -> None:
        """Cases reopened because the citizen was not satisfied when called back."""
        if not reopened:
            self.reopened.hide()
            return
        shown = "; ".join(f"{number} ({note})" if note else number for _id, number, note in reopened[:8])
        more = f" và {len(reopened) - 8} vụ việc khác" if len(reopened) > 8 else ""
        self.reopened.setText(
            f"<b>Mở lại do công dân chưa hài lòng: {len(reopened)} vụ việc</b> — {escape(shown)}{more}"
        )
        self.reopened.show()

    def show_cases(self, overdue: list[DeadlineCase], due_soon: list[DeadlineCase]) -> None:
        self.overdue_title.setText(f"Quá hạn: {len(overdue)} vụ việc")
        self.due_soon_title.setText(f"Sắp đến hạn: {len(due_soon)} vụ việc")
        self.overdue.show_cases(overdue)
        self.due_soon.show_cases(due_soon)
        self.overdue.setVisible(bool(overdue))
        self.due_soon.setVisible(bool(due_soon))


class ReminderScheduler(QObject):
    """At start-up, then at the first key or click after 07:00 of each new day: remind if needed."""

    def __init__(
        self,
        services: Services,
        events: AppEvents,
        officer_id: int,
        parent: QWidget,
        now: Callable[[], datetime] = datetime.now,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._events = events
        self._officer_id = officer_id
        self._window = parent
        self._now = now
        self._last_day: date | None = None
        self._armed = False
        self.dialog: ReminderDialog | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_MS)
        self.timer.timeout.connect(self.check_day)

    def start(self) -> None:
        """Remind now, then watch for the first activity of each new working morning."""
        self.remind()
        self.timer.start()
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def check_day(self) -> None:
        """Arm the reminder when a new day has reached 07:00 (shown at the next activity)."""
        now = self._now()
        self._armed = now.date() != self._last_day and now.hour >= REMIND_HOUR

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._armed and event.type() in (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress):
            self._armed = False
            QTimer.singleShot(0, self.remind)
        return False

    def remind(self) -> bool:
        """Show the officer's overdue and due-soon cases; nothing when there are none."""
        self._last_day = self._now().date()
        self._armed = False
        try:
            overdue = self._services.escalation.overdue(officer_id=self._officer_id)
            due_soon = self._services.escalation.due_soon(officer_id=self._officer_id)
            first_late, first_soon = self._services.first_answers.reminders(officer_id=self._officer_id)
            reopened = self._services.callbacks.reopened_open(officer_id=self._officer_id)
        except ServiceError as error:
            self._events.status_message.emit(error.message)
            return False
        if not (overdue or due_soon or first_late or first_soon or reopened):
            return False
        if self.dialog is None:
            self.dialog = ReminderDialog(self._events, self._window)
        self.dialog.show_cases(overdue, due_soon)
        self.dialog.show_first_answers(first_late, first_soon)
        self.dialog.show_reopened(reopened)
        self.dialog.show()
        self.dialog.raise_()
        return True
