"""Case register screen: lazy paging, search without diacritics, filters, deadline marks, opening."""

from __future__ import annotations

import pytest
from helpers_cases import add_demo, new_case, type_chars, type_text, user_id
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from app.bootstrap import Services
from app.domain.enums import CaseStatus
from app.ui.app_events import AppEvents
from app.ui.cases.case_list_page import EMPTY_FILTERED, CaseListPage
from app.ui.cases.case_table_model import (
    PAGE_SIZE,
    CaseIdRole,
    CaseTableModel,
    Column,
    DueSoonRole,
    OverdueRole,
)
from app.ui.cases.formatting import OVERDUE_BACKGROUND

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def svc(services: Services) -> Services:
    add_demo(services, 250)
    return services


@pytest.fixture
def page(qtbot, svc: Services) -> CaseListPage:
    widget = CaseListPage(svc, AppEvents(), user_id(svc))
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _texts(model: CaseTableModel, column: Column) -> list[str]:
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_model_passes_qt_model_tester(qtmodeltester, svc: Services) -> None:
    model = CaseTableModel(svc.query.page)
    model.set_filter(model.case_filter)
    qtmodeltester.check(model)


def test_list_fetches_one_page_at_a_time_as_the_officer_scrolls(qtbot, page: CaseListPage) -> None:
    model = page.model
    assert model.rowCount() == PAGE_SIZE
    assert model.canFetchMore()
    bar = page.table.verticalScrollBar()
    first_max = bar.maximum()
    bar.setValue(first_max)
    qtbot.waitUntil(lambda: model.rowCount() == 2 * PAGE_SIZE)
    qtbot.waitUntil(lambda: bar.maximum() > first_max)
    assert model.canFetchMore()
    bar.setValue(bar.maximum())
    qtbot.waitUntil(lambda: model.rowCount() == 250)
    assert not model.canFetchMore()
    assert page.count_label.text() == "250 vụ việc"


def test_search_without_diacritics_finds_vietnamese_text(qtbot, svc: Services, page: CaseListPage) -> None:
    wanted = {
        new_case(svc, "Khiếu nại về tranh chấp Đất đai giữa hai hộ ở tổ dân phố 3"),
        new_case(svc, "Đề nghị đo lại đất, đai ranh giới thửa đất bị lệch"),
    }
    new_case(svc, "Đèn đường hỏng trên phố Lạch Tray")
    type_text(page.filters.search, "dat dai")
    qtbot.waitUntil(lambda: page.model.case_filter.text == "dat dai", timeout=2000)
    found = {page.model.index(r, 0).data(CaseIdRole) for r in range(page.model.rowCount())}
    assert wanted <= found
    assert all("đất" in text.lower() or "đai" in text.lower() for text in _texts(page.model, Column.CONTENT))


def test_exact_diacritics_typed_key_by_key_rank_first(qtbot, svc: Services, page: CaseListPage) -> None:
    exact = new_case(svc, "Tranh chấp đất ở giữa hai gia đình", days_ago=5)
    new_case(svc, "Tranh chap dat o (gõ không dấu)", days_ago=0)
    type_chars(page.filters.search, "đất ở")
    assert page.filters.search.text() == "đất ở"
    page.filters.flush()
    assert page.model.index(0, 0).data(CaseIdRole) == exact


def test_overdue_and_due_soon_rows_are_marked(qtbot, svc: Services, page: CaseListPage) -> None:
    page.filters.overdue.setChecked(True)
    model = page.model
    assert model.rowCount() > 0
    index = model.index(0, Column.DUE)
    assert index.data(OverdueRole) is True
    assert index.data(Qt.ItemDataRole.BackgroundRole) == OVERDUE_BACKGROUND
    tip = index.data(Qt.ItemDataRole.ToolTipRole)  # the state, then why the date is what it is
    assert tip.startswith("Quá hạn\n") and "kể từ ngày tiếp nhận" in tip
    font = index.data(Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont) and font.bold()
    page.filters.overdue.setChecked(False)
    page.filters.due_soon.setChecked(True)
    assert all(model.index(r, 0).data(DueSoonRole) for r in range(model.rowCount()))


def test_enter_on_a_row_asks_to_open_that_case(qtbot, page: CaseListPage) -> None:
    page.table.setFocus()
    page.table.selectRow(3)
    expected = page.model.index(3, 0).data(CaseIdRole)
    with qtbot.waitSignal(page._events.case_open_requested, timeout=1000) as blocker:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert blocker.args == [expected]


def test_status_filter_and_clear(qtbot, page: CaseListPage) -> None:
    combo = page.filters.status
    combo.setCurrentIndex(combo.findData(CaseStatus.CLOSED.value))
    assert page.model.rowCount() > 0
    assert set(_texts(page.model, Column.STATUS)) == {CaseStatus.CLOSED.label}
    page.filters.clear_button.click()
    assert page.model.case_filter.statuses == ()
    assert page.model.rowCount() == PAGE_SIZE


def test_empty_state_says_nothing_matches(qtbot, page: CaseListPage) -> None:
    type_text(page.filters.search, "khongcovuviecnaonhuthe")
    page.filters.flush()
    assert page.model.rowCount() == 0
    assert page.empty_label.isVisible()
    assert page.empty_label.text() == EMPTY_FILTERED
    page.empty_clear.click()
    assert page.table.isVisible() and page.model.rowCount() == PAGE_SIZE


def test_new_case_appears_after_cases_changed(qtbot, svc: Services, page: CaseListPage) -> None:
    case_id = new_case(svc, "Cây xanh đổ chắn ngang đường Văn Cao")
    page._events.cases_changed.emit(case_id)
    assert page.model.index(0, 0).data(CaseIdRole) == case_id


def test_focus_search_puts_cursor_in_search_box(qtbot, page: CaseListPage) -> None:
    page.table.setFocus()
    page.focus_search()
    qtbot.waitUntil(page.filters.search.hasFocus)


def test_double_click_on_a_row_asks_to_open_that_case(qtbot, page: CaseListPage) -> None:
    index = page.model.index(2, Column.CITIZEN)
    expected = index.data(CaseIdRole)
    point = page.table.visualRect(index).center()
    with qtbot.waitSignal(page._events.case_open_requested, timeout=1000) as blocker:
        qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=point)
        qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert blocker.args == [expected]


def test_hidden_columns_can_be_shown_again(page: CaseListPage) -> None:
    assert page.table.isColumnHidden(Column.KIND)
    assert not page.table.isColumnHidden(Column.DUE) and not page.table.isColumnHidden(Column.STATUS)
    page.table.setColumnHidden(Column.KIND, False)
    assert page.table.columnWidth(Column.KIND) > 0


def test_a_platform_code_typed_in_the_search_box_finds_its_case_and_shows(
    qtbot, svc: Services, page: CaseListPage
) -> None:
    code_case = new_case(svc, "Cống thoát nước ngõ 12 Lạch Tray bị tắc", external_ref="HP-2604-00012")
    new_case(svc, "Nhà HP số 2604 ngập nước")
    page.resize(1366, 768)
    type_text(page.filters.search, "HP-2604")
    model = page.table.model()
    qtbot.waitUntil(
        lambda: model.rowCount() == 1 and model.index(0, Column.NUMBER).data(CaseIdRole) == code_case
    )
    assert model.index(0, Column.CONTENT).data().startswith("HP-2604-00012 · Cống thoát nước")
    assert "HP-2604-00012" in model.index(0, Column.NUMBER).data(Qt.ItemDataRole.ToolTipRole)
    page.grab().save("/tmp/issue12-code-search.png")
