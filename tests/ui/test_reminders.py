"""The morning reminder: the officer's own overdue and due-soon cases, and silence when there are none."""

from __future__ import annotations

from datetime import datetime, timedelta

from helpers_cases import handler, new_case
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.bootstrap import Services
from app.ui.app_events import AppEvents
from app.ui.deadlines.reminder_dialog import ReminderScheduler


def _assigned_overdue(services: Services) -> tuple[int, int]:
    dept_id, officer_id = handler(services)
    case_id = new_case(services, "Đèn đường hỏng nhiều ngày", days_ago=40)
    services.cases.assign(case_id, dept_id, officer_id, "", None, None)
    return case_id, officer_id


def _scheduler(qtbot: QtBot, services: Services, events: AppEvents, officer_id: int) -> ReminderScheduler:
    window = QWidget()
    qtbot.addWidget(window)
    return ReminderScheduler(services, events, officer_id, window)


def test_the_reminder_lists_the_officers_overdue_case_and_opens_it(
    qtbot: QtBot, services: Services, events: AppEvents
) -> None:
    case_id, officer_id = _assigned_overdue(services)
    new_case(services, "Vụ việc của người khác", days_ago=40)  # not his: not listed
    scheduler = _scheduler(qtbot, services, events, officer_id)
    assert scheduler.remind()
    dialog = scheduler.dialog
    assert dialog is not None and dialog.isVisible() and not dialog.isModal()
    assert dialog.overdue.case_ids() == [case_id]
    assert "Quá hạn: 1" in dialog.overdue_title.text()
    with qtbot.waitSignal(events.case_open_requested) as opened:
        dialog.overdue.doubleClicked.emit(dialog.overdue.model().index(0, 0))
    assert opened.args == [case_id]


def test_no_reminder_when_nothing_is_due(qtbot: QtBot, services: Services, events: AppEvents) -> None:
    _case_id, officer_id = _assigned_overdue(services)
    other = services.catalog.users()[0].id
    assert other != officer_id
    scheduler = _scheduler(qtbot, services, events, other)
    assert not scheduler.remind()
    assert scheduler.dialog is None


def test_a_new_day_reminds_at_the_first_click_after_seven(
    qtbot: QtBot, services: Services, events: AppEvents
) -> None:
    _case_id, officer_id = _assigned_overdue(services)
    clock = [datetime.now().replace(hour=16)]
    window = QWidget()
    qtbot.addWidget(window)
    scheduler = ReminderScheduler(services, events, officer_id, window, now=lambda: clock[0])
    scheduler.start()
    assert scheduler.dialog is not None
    scheduler.dialog.close()
    clock[0] = clock[0] + timedelta(days=1) - timedelta(hours=10)  # 06:00 next day: not yet
    scheduler.check_day()
    click = QMouseEvent(
        QEvent.Type.MouseButtonPress,
        QPointF(1, 1),
        QPointF(1, 1),
        Qt.MouseButton.LeftButton,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, click)
    qtbot.wait(10)
    assert not scheduler.dialog.isVisible()
    clock[0] = clock[0] + timedelta(hours=2)  # 08:00
    scheduler.check_day()
    QApplication.sendEvent(window, click)
    qtbot.waitUntil(scheduler.dialog.isVisible)
    app = QApplication.instance()
    assert app is not None
    app.removeEventFilter(scheduler)
