"""Dashboard: the tiles equal a direct count, the lists open cases, events refresh it."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from helpers_cases import add_demo, new_case
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from app.bootstrap import Services
from app.domain.enums import OPEN_STATUSES
from app.models import Case
from app.ui.app_events import AppEvents
from app.ui.dashboard.dashboard_page import DashboardPage

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def svc(services: Services) -> Services:
    add_demo(services, 400)
    return services


@pytest.fixture
def page(qtbot, svc: Services, events: AppEvents) -> DashboardPage:
    widget = DashboardPage(svc, events)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    return widget


def _direct_counts(svc: Services) -> dict[str, int]:
    today = date.today()
    soon = svc.due_policy.due_soon_limit(today)
    start = datetime.combine(today, time.min)
    open_ = Case.status.in_([s.value for s in OPEN_STATUSES])
    with svc.sessions() as session:

        def count(*conds: object) -> int:
            return int(session.scalar(select(func.count()).select_from(Case).where(*conds)) or 0)

        return {
            "today": count(Case.received_at >= start, Case.received_at < start + timedelta(days=1)),
            "open": count(open_),
            "due_soon": count(open_, Case.due_date >= today, Case.due_date <= soon),
            "overdue": count(open_, Case.due_date < today),
        }


def _tile(tile) -> int:
    return int(tile.value.text().replace(".", ""))


def test_tiles_equal_a_direct_count(page: DashboardPage, svc: Services) -> None:
    new_case(svc, "Mất điện kéo dài ở tổ dân phố 4 từ sáng nay")
    page.refresh()
    counts = _direct_counts(svc)
    assert counts["open"] > 0 and counts["overdue"] > 0 and counts["today"] >= 1
    assert _tile(page.today_tile) == counts["today"]
    assert _tile(page.open_tile) == counts["open"]
    assert _tile(page.due_soon_tile) == counts["due_soon"]
    assert _tile(page.overdue_tile) == counts["overdue"]


def test_department_table_adds_up_to_the_tiles(page: DashboardPage, svc: Services) -> None:
    table = page.departments
    rows = table.rowCount()
    assert table.item(rows - 1, 0).text() == "Tổng cộng"
    for column, tile in ((1, page.open_tile), (2, page.due_soon_tile), (3, page.overdue_tile)):
        per_dept = sum(table.item(r, column).data(Qt.ItemDataRole.UserRole) for r in range(rows - 1))
        assert per_dept == _tile(tile) == table.item(rows - 1, column).data(Qt.ItemDataRole.UserRole)


def test_overdue_list_opens_a_case_on_enter(qtbot, page: DashboardPage, events: AppEvents) -> None:
    page.show()
    qtbot.waitExposed(page)
    table = page.overdue_list.table
    assert table.rowCount() > 0
    expected = page.overdue_list.case_ids()[0]
    table.setFocus()
    table.setCurrentCell(0, 0)
    with qtbot.waitSignal(events.case_open_requested, timeout=1000) as blocker:
        qtbot.keyClick(table, Qt.Key.Key_Return)
    assert blocker.args == [expected]
    assert all(c.overdue for c in page.data.overdue_cases)


def test_refreshes_on_events_now_when_visible_later_when_hidden(
    qtbot, page: DashboardPage, svc: Services, events: AppEvents
) -> None:
    page.show()
    qtbot.waitExposed(page)
    before = _tile(page.today_tile)
    events.cases_changed.emit(new_case(svc, "Cống thoát nước tắc gây ngập ngõ 5"))
    assert _tile(page.today_tile) == before + 1
    page.hide()
    events.cases_changed.emit(new_case(svc, "Rác thải chưa được thu gom hai ngày"))
    assert _tile(page.today_tile) == before + 1
    page.show()
    assert _tile(page.today_tile) == before + 2


def test_empty_database_shows_zeros_and_empty_lists(qtbot, services: Services, events: AppEvents) -> None:
    page = DashboardPage(services, events)
    qtbot.addWidget(page)
    assert [_tile(t) for t in (page.today_tile, page.open_tile, page.due_soon_tile, page.overdue_tile)] == [
        0,
        0,
        0,
        0,
    ]
    assert page.overdue_list._stack.currentWidget() is page.overdue_list.empty
    assert page.departments.rowCount() == 0
