"""Scrolling the case list never waits for the database on the UI thread: the next page is read
ahead in the background, and only the rows near the view are kept formatted."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from helpers_cases import add_demo, user_id

from app.bootstrap import Services
from app.services.cases.dto import CaseFilter
from app.ui.app_events import AppEvents
from app.ui.cases.case_list_page import CaseListPage
from app.ui.cases.case_table_model import AHEAD_PAGE_SIZE, PAGE_SIZE, CaseTableModel, Column
from app.ui.tasks import TaskRunner
from app.ui.widgets import row_table_model

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


class _Reads:
    """The real page query, noting on which thread each page was read."""

    def __init__(self, services: Services) -> None:
        self._page = services.query.page
        self.threads: list[bool] = []
        """True for a read on the UI (main) thread."""

    def __call__(self, flt: CaseFilter, after: Any, size: int) -> Any:
        self.threads.append(threading.current_thread() is threading.main_thread())
        return self._page(flt, after, size)


@pytest.fixture
def svc(services: Services) -> Services:
    add_demo(services, PAGE_SIZE + AHEAD_PAGE_SIZE + 10)
    return services


def test_the_next_page_is_read_ahead_off_the_ui_thread_and_shown_at_once(qtbot, svc: Services) -> None:
    reads = _Reads(svc)
    model = CaseTableModel(reads, prefetch=TaskRunner())
    model.set_filter(CaseFilter())
    assert model.rowCount() == PAGE_SIZE and reads.threads == [True]  # first paint: read inline
    qtbot.waitUntil(lambda: len(reads.threads) == 2)  # the second page, read ahead unasked
    qtbot.waitUntil(lambda: model._ahead is not None)
    model.fetchMore()
    assert model.rowCount() == PAGE_SIZE + AHEAD_PAGE_SIZE, "the page read ahead is shown without waiting"
    qtbot.waitUntil(lambda: model._ahead is not None)
    model.fetchMore()
    assert model.rowCount() == PAGE_SIZE + AHEAD_PAGE_SIZE + 10 and model.exhausted
    assert reads.threads[1:] and not any(reads.threads[1:]), "every later page was read in the background"
    numbers = [model.index(r, Column.NUMBER).data() for r in range(model.rowCount())]
    assert len(set(numbers)) == len(numbers), "no page shown twice"


def test_asking_while_the_read_ahead_is_on_its_way_shows_it_when_it_lands(qtbot, svc: Services) -> None:
    reads = _Reads(svc)
    model = CaseTableModel(reads, prefetch=TaskRunner())
    model.set_filter(CaseFilter())
    model.fetchMore()  # the view reaches the end before the background read is back
    qtbot.waitUntil(lambda: model.rowCount() == PAGE_SIZE + AHEAD_PAGE_SIZE)
    assert reads.threads.count(True) == 1, "no second read of the same page on the UI thread"


def test_a_filter_change_drops_a_page_read_ahead_for_the_old_filter(qtbot, svc: Services) -> None:
    reads = _Reads(svc)
    model = CaseTableModel(reads, prefetch=TaskRunner())
    model.set_filter(CaseFilter())
    model.set_filter(CaseFilter(text="khong-co-vu-viec-nao-nhu-the"))
    qtbot.wait(200)  # let the stale read ahead land
    assert model.rowCount() == 0
    model.fetchMore()
    assert model.rowCount() == 0


def test_the_list_page_of_the_main_window_reads_ahead(qtbot, svc: Services) -> None:
    page = CaseListPage(svc, AppEvents(), user_id(svc), prefetch=TaskRunner())
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    qtbot.waitUntil(lambda: page.model._ahead is not None)
    bar = page.table.verticalScrollBar()
    bar.setValue(bar.maximum())
    qtbot.waitUntil(lambda: page.model.rowCount() == PAGE_SIZE + AHEAD_PAGE_SIZE)


def test_only_the_rows_near_the_view_stay_formatted(svc: Services, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(row_table_model, "TEXT_CACHE_ROWS", 50)
    model = CaseTableModel(svc.query.page)
    model.set_filter(CaseFilter())
    while model.canFetchMore():
        model.fetchMore()
    for row in range(model.rowCount()):
        model.index(row, Column.CONTENT).data()
    assert len(model._texts) <= 50
    first = model.index(0, Column.NUMBER).data()
    assert first == model.row(0).number, "a row formatted again reads the same"
