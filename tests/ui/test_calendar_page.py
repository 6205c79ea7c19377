"""The working calendar: an office day off marks the day and recomputes open deadlines; removing restores."""

from __future__ import annotations

from datetime import date, timedelta

from helpers_cases import new_case, type_text
from pytestqt.qtbot import QtBot

from app.bootstrap import Services
from app.ui.app_events import AppEvents
from app.ui.deadlines.calendar_page import CalendarPage
from app.ui.deadlines.month_grid import STYLES
from app.ui.tasks import InlineTaskRunner
from app.ui.widgets.notice_bar import NoticeKind


def _next_weekday(after: date) -> date:
    day = after + timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _colour(page: CalendarPage, day: date) -> str:
    item = page.grids[day.month - 1].item_for(day)
    assert item is not None
    return item.background().color().name()


def test_an_office_day_off_is_marked_and_recomputes_then_removing_restores(
    qtbot: QtBot, services: Services, events: AppEvents
) -> None:
    case_id = new_case(services, "Rác thải ùn ứ đầu hẻm")
    due = services.detail.get(case_id).due_date
    assert due is not None
    day = _next_weekday(date.today())
    while services.calendar.non_working_reason(day) is not None:
        day = _next_weekday(day)
    page = CalendarPage(services, events, None, tasks=InlineTaskRunner())
    qtbot.addWidget(page)
    page.show_year(day.year)
    before = _colour(page, day)
    page.grids[day.month - 1].day_clicked.emit(day)
    assert page.day_off_button.isEnabled() and not page.remove_button.isEnabled()
    page.day_off_button.click()
    assert page.message.kind is NoticeKind.ERROR and "lý do" in page.message.text()
    type_text(page.note, "Quyết định 12/QĐ-UBND nghỉ lễ hội địa phương")
    with qtbot.waitSignal(events.cases_changed):
        page.day_off_button.click()
    assert page.message.kind is NoticeKind.SUCCESS
    assert "Đã tính lại hạn của 1 vụ việc đang mở mà ngày này có thể ảnh hưởng" in page.message.text()
    view = page.day_view(day)
    assert view is not None and not view.working and view.source == "office"
    assert _colour(page, day) == STYLES[("office", False)][0] != before
    moved = services.detail.get(case_id).due_date
    assert day <= due and moved is not None and moved > due
    assert page.remove_button.isEnabled()
    page.remove_button.click()
    assert page.message.kind is NoticeKind.SUCCESS
    assert _colour(page, day) == before
    assert services.detail.get(case_id).due_date == due


def test_the_year_switcher_shows_the_next_year(qtbot: QtBot, services: Services, events: AppEvents) -> None:
    page = CalendarPage(services, events, None, tasks=InlineTaskRunner())
    qtbot.addWidget(page)
    year = page.year
    page.next_button.click()
    assert page.year == year + 1 and page.year_label.text() == f"Năm {year + 1}"
    new_year = page.grids[0].item_for(date(year + 1, 1, 1))
    assert new_year is not None and "nghỉ" in new_year.toolTip()


def test_the_office_confirms_an_estimated_day_and_the_page_shows_it(
    qtbot: QtBot, services: Services, events: AppEvents
) -> None:
    page = CalendarPage(services, events, None, tasks=InlineTaskRunner())
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    page.show_year(2027)
    tet = date(2027, 2, 4)
    assert _colour(page, tet) == STYLES[("uncertain", False)][0]
    page.grids[1].day_clicked.emit(tet)
    assert page.confirm_button.isVisible() and page.drop_button.isVisible()
    assert not page.day_off_button.isEnabled() and not page.makeup_button.isEnabled()
    assert "ước tính" in page.day_label.text() and "(tạm tính)" in page.day_label.text()
    page.grab().save("/tmp/issue14-calendar-uncertain.png")
    type_text(page.note, "Thông báo lịch nghỉ Tết Đinh Mùi 2027")
    with qtbot.waitSignal(events.cases_changed):
        page.confirm_button.click()
    assert page.message.kind is NoticeKind.SUCCESS
    view = page.day_view(tet)
    assert view is not None and view.source == "office" and not view.working
    assert view.note == "Xác nhận: Thông báo lịch nghỉ Tết Đinh Mùi 2027"
    assert not page.confirm_button.isVisible() and page.remove_button.isEnabled()
    page.grab().save("/tmp/issue14-calendar-confirmed.png")
