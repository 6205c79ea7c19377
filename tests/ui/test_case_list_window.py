"""The case list holds a window of pages around the view: far pages are dropped and read again by
their keyset start, every row shows what the database holds at its position, and while the
officer scrolls no page is read on the UI thread (a page not there yet shows placeholders)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from helpers_cases import add_demo, new_case, user_id
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QTableView
from sqlalchemy import event, select

from app.bootstrap import Services
from app.models import Case
from app.services.cases.dto import CaseFilter
from app.ui.app_events import AppEvents
from app.ui.cases.case_list_page import CaseListPage
from app.ui.cases.case_table_model import CaseIdRole, CaseTableModel, Column
from app.ui.tasks import TaskRunner
from app.ui.widgets.page_reads import PageWindow
from app.ui.widgets.position_table_model import PLACEHOLDER

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

CASES = 2_500
SIZE = 25
WINDOW = PageWindow(ahead=4, behind=2, keep=3, batch=2)
HELD_MAX = (2 * WINDOW.keep + 2) * SIZE
"""The view's page and ``keep`` each side, and the selection's page."""


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """One demo register of a few thousand cases, copied for each test (building it takes seconds)."""
    from app.settings import resolve
    from tests.sample_office import command_line_services

    folder = tmp_path_factory.mktemp("window")
    built = command_line_services(resolve(f"sqlite:///{folder}/t.db", data_dir=folder))
    add_demo(built, CASES)
    built.close()
    return folder / "t.db"


@pytest.fixture
def svc(demo_db: Any, tmp_path: Any) -> Iterator[Services]:
    import shutil

    from app.settings import resolve
    from tests.sample_office import command_line_services

    shutil.copy(demo_db, tmp_path / "t.db")
    built = command_line_services(resolve(f"sqlite:///{tmp_path}/t.db", data_dir=tmp_path))
    yield built
    QThreadPool.globalInstance().waitForDone()  # no read still on its way when the engine closes
    built.close()


class Statements:
    """Every SQL statement the engine runs, with the thread it ran on (an SQLAlchemy engine event)."""

    def __init__(self, services: Services) -> None:
        self.threads: list[threading.Thread] = []
        self._engine = services.engine
        event.listen(self._engine, "before_cursor_execute", self._on_execute)

    def _on_execute(self, *_args: Any) -> None:
        self.threads.append(threading.current_thread())

    def on_ui_thread(self) -> int:
        return sum(t is threading.main_thread() for t in self.threads)

    def close(self) -> None:
        event.remove(self._engine, "before_cursor_execute", self._on_execute)


@pytest.fixture
def statements(svc: Services) -> Iterator[Statements]:
    watch = Statements(svc)
    yield watch
    watch.close()


def direct_order(services: Services) -> list[str]:
    """Case numbers in the register's order, straight from the database."""
    stmt = select(Case.number).order_by(Case.received_at.desc(), Case.id.desc())
    with services.engine.connect() as conn:
        return [n for (n,) in conn.execute(stmt)]


def windowed(qtbot, services: Services) -> tuple[CaseTableModel, QTableView]:
    view = QTableView()
    qtbot.addWidget(view)
    model = CaseTableModel(
        services.query.page,
        view,
        page_size=SIZE,
        prefetch=TaskRunner(),
        fetch_keys=services.query.page_keys,
        fetch_count=services.query.count,
        window=WINDOW,
    )
    view.setModel(model)
    view.resize(900, 500)
    model.set_filter(CaseFilter())
    view.show()
    qtbot.waitExposed(view)
    qtbot.waitUntil(lambda: model.rowCount() == CASES)  # counted in the background
    return model, view


def shown(model: CaseTableModel, row: int) -> str:
    return str(model.index(row, Column.NUMBER).data())


def settle(qtbot, model: CaseTableModel, view: QTableView) -> None:
    """Wait until every row on screen shows its case (no placeholder left)."""
    first = view.rowAt(0)
    last = view.rowAt(view.viewport().height() - 1)
    last = model.rowCount() - 1 if last < 0 else last
    qtbot.waitUntil(lambda: all(shown(model, r) != PLACEHOLDER for r in range(first, last + 1)))


def scroll_pages(qtbot, model: CaseTableModel, view: QTableView, down: bool) -> Iterator[int]:
    """PageDown/PageUp through the whole list as the officer does, each page painted; yields the top row."""
    bar = view.verticalScrollBar()
    while (bar.value() < bar.maximum()) if down else (bar.value() > 0):
        bar.setValue(bar.value() + (bar.pageStep() if down else -bar.pageStep()))
        view.viewport().repaint()
        settle(qtbot, model, view)
        yield view.rowAt(0)


def test_every_row_shows_the_case_at_its_position_down_to_the_end_and_back(qtbot, svc: Services) -> None:
    model, view = windowed(qtbot, svc)
    expected = direct_order(svc)
    assert model.rowCount() == len(expected) == CASES
    held = []
    for down in (True, False):
        for top in scroll_pages(qtbot, model, view, down):
            rows = range(top, min(top + 15, CASES))
            assert [shown(model, r) for r in rows] == [expected[r] for r in rows]
            held.append(model.held_rows())
    assert max(held) <= HELD_MAX, "only a window of pages around the view stays in memory"
    assert 0 in model.held_pages() and max(model.held_pages()) < 2 * WINDOW.keep + 2


def test_a_dropped_page_is_read_again_by_its_start_when_the_view_returns(qtbot, svc: Services) -> None:
    model, view = windowed(qtbot, svc)
    expected = direct_order(svc)
    view.scrollToBottom()
    view.viewport().repaint()
    settle(qtbot, model, view)
    qtbot.waitUntil(lambda: 0 not in model.held_pages())
    assert model.rowCount() == CASES, "dropping pages never changes the row count"
    assert shown(model, 0) == PLACEHOLDER, "a dropped row shows «…», not what it showed before"
    view.scrollToTop()
    view.viewport().repaint()
    settle(qtbot, model, view)
    assert [shown(model, r) for r in range(SIZE)] == expected[:SIZE]


class CellsAsked:
    """The threads on which the model worked out a cell's answer (its ``cell``), from now on."""

    def __init__(self, model: CaseTableModel) -> None:
        self.threads: list[threading.Thread] = []
        cell = model.cell

        def counted(item: Any, column: int, role: int) -> Any:
            self.threads.append(threading.current_thread())
            return cell(item, column, role)

        model.cell = counted  # type: ignore[method-assign]

    def on_ui_thread(self) -> int:
        return sum(t is threading.main_thread() for t in self.threads)


def page_down(qtbot, model: CaseTableModel, view: QTableView, pages: int) -> None:
    """PageDown ``pages`` times, each page painted, the reads ahead of it landed before the next."""
    bar = view.verticalScrollBar()
    for _ in range(pages):
        bar.setValue(bar.value() + bar.pageStep())
        view.viewport().repaint()
        settle(qtbot, model, view)
        QThreadPool.globalInstance().waitForDone()
        qtbot.wait(20)


def test_rows_read_ahead_arrive_ready_to_paint(qtbot, svc: Services) -> None:
    """The worker that reads a page ahead also works out what its cells show (texts, colours, fonts),
    and so does a worker for the rest of the first page (read on the UI thread for the first paint):
    painting them when the view gets there asks nothing more of the rows on the UI thread."""
    model, view = windowed(qtbot, svc)
    settle(qtbot, model, view)
    QThreadPool.globalInstance().waitForDone()
    qtbot.wait(20)
    asked = CellsAsked(model)
    page_down(qtbot, model, view, 8)
    assert view.rowAt(0) > 2 * SIZE, "the view went past the first pages"
    assert len(asked.threads) > 2 * SIZE, "the pages ahead were prepared, by the worker"
    assert asked.on_ui_thread() == 0, f"{asked.on_ui_thread()} answers were worked out on the UI thread"


def test_a_refresh_brings_its_rows_ready_to_paint(qtbot, svc: Services) -> None:
    model, view = windowed(qtbot, svc)
    page_down(qtbot, model, view, 3)
    new_case(svc, "Vụ việc mới đến trong lúc cán bộ đang xem danh sách")
    asked = CellsAsked(model)
    with qtbot.waitSignal(model.refreshed):
        model.refresh()
    view.viewport().repaint()
    page_down(qtbot, model, view, 2)
    assert model.rowCount() == CASES + 1
    assert asked.on_ui_thread() == 0, f"{asked.on_ui_thread()} answers were worked out on the UI thread"


def test_no_page_is_read_on_the_ui_thread_while_scrolling(
    qtbot, svc: Services, statements: Statements
) -> None:
    model, view = windowed(qtbot, svc)
    before = statements.on_ui_thread()
    assert before >= 1, "the first page is read at once for the first paint (the engine event sees it)"
    tops = list(scroll_pages(qtbot, model, view, down=True))
    assert len(tops) > 20
    assert statements.on_ui_thread() == before, "every page after the first was read in the background"
    assert len(statements.threads) > before + CASES // SIZE // 2


def test_a_view_ahead_of_the_reads_shows_placeholders_then_the_rows(qtbot, svc: Services) -> None:
    model, view = windowed(qtbot, svc)
    expected = direct_order(svc)
    middle = CASES // 2 + 7
    view.scrollTo(model.index(middle, 0))  # a jump: no page there has been read
    assert shown(model, middle) == PLACEHOLDER
    assert model.index(middle, 0).data(CaseIdRole) is None
    qtbot.waitUntil(lambda: shown(model, middle) == expected[middle])
    assert [shown(model, r) for r in range(middle, middle + 10)] == expected[middle : middle + 10]


def test_pages_read_ahead_out_of_sight_repaint_nothing_and_placeholders_are_repainted(
    qtbot, svc: Services
) -> None:
    """Qt repaints the whole table for any block of changed rows, seen or not: a page read ahead
    signals nothing (a held PageDown would pay a second paint per page), one shown as «…» does."""
    model, view = windowed(qtbot, svc)
    settle(qtbot, model, view)
    QThreadPool.globalInstance().waitForDone()
    qtbot.wait(50)
    changed: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda top, bottom, *_: changed.append((top.row(), bottom.row())))
    read = model.rows_read
    bar = view.verticalScrollBar()
    for _ in range(3):  # the view moves down: the pages ahead of it are read
        bar.setValue(bar.value() + bar.pageStep())
        view.viewport().repaint()
        settle(qtbot, model, view)
    qtbot.waitUntil(lambda: model.rows_read >= read + 2 * SIZE)
    QThreadPool.globalInstance().waitForDone()
    qtbot.wait(50)
    assert changed == [], "pages nobody saw as placeholders were read without a repaint"
    middle = CASES // 2 + 7
    view.scrollTo(model.index(middle, 0))
    view.viewport().repaint()
    assert shown(model, middle) == PLACEHOLDER
    qtbot.waitUntil(lambda: any(top <= middle <= bottom for top, bottom in changed))
    assert shown(model, middle) != PLACEHOLDER


def test_a_search_is_read_in_order_and_its_far_pages_dropped(qtbot, svc: Services) -> None:
    model, view = windowed(qtbot, svc)
    model.set_filter(CaseFilter(text="phường"))  # words: no count, the rows grow as the view asks
    assert not model.counted
    numbers: list[str] = []
    bar = view.verticalScrollBar()
    while model.canFetchMore() or bar.value() < bar.maximum():
        bar.setValue(bar.maximum())
        view.viewport().repaint()
        qtbot.wait(20)
        settle(qtbot, model, view)
        assert model.held_rows() <= HELD_MAX + WINDOW.ahead * SIZE
    numbers = [shown(model, r) for r in range(model.rowCount() - 5, model.rowCount())]
    found = [c.number for c in svc.query.page(CaseFilter(text="phường"), None, CASES).rows]
    assert model.rowCount() == len(found) > 3 * SIZE
    assert numbers == found[-5:]


def test_the_selected_case_stays_selected_and_read_across_a_refresh(qtbot, svc: Services) -> None:
    page = CaseListPage(svc, AppEvents(), user_id(svc), prefetch=TaskRunner())
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    qtbot.waitUntil(lambda: page.model.counted)
    target = 1_299  # the last row of its page: the new case pushes it onto the next one
    page.table.scrollTo(page.model.index(target, 0))
    qtbot.waitUntil(lambda: page.model.index(target, 0).data(CaseIdRole) is not None)
    page.table.selectRow(target)
    selected = page.current_case_id()
    page.table.scrollToBottom()  # far from the selection: its page must stay
    page.table.viewport().repaint()
    qtbot.wait(300)
    assert page.model.row(target) is not None, "the selection's page stays while the view is far away"
    new_case(svc, "Vụ việc mới đến trong lúc cán bộ đang xem danh sách")
    with qtbot.waitSignal(page.model.refreshed):
        page.refresh()
    assert page.model.rowCount() == CASES + 1
    assert page.current_case_id() == selected
    assert page.table.currentIndex().row() == target + 1, "the new case came in above it"


def test_a_filter_change_drops_pages_read_for_the_old_filter(qtbot, svc: Services) -> None:
    model, view = windowed(qtbot, svc)
    view.scrollTo(model.index(CASES // 2, 0))
    view.viewport().repaint()
    model.set_filter(CaseFilter(text="khong-co-vu-viec-nao-nhu-the"))
    qtbot.wait(300)  # let the stale reads land
    assert model.rowCount() == 0 and model.held_rows() == 0


def test_the_windowed_model_passes_qt_model_tester(qtmodeltester, qtbot, svc: Services) -> None:
    model, _view = windowed(qtbot, svc)
    qtmodeltester.check(model)
