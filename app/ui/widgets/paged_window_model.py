"""Table model over a keyset-paged list that holds only a window of pages around the view.

Row ``r`` is row ``r % size`` of page ``r // size``. The model knows where each page starts (its
keyset cursor), from reading pages in order and from the service's count of the list, so any page
can be dropped and read again and the row count is the whole list's. With a task runner nothing is
read on the UI thread while the officer scrolls: pages ahead of the view are read in the background;
a page the view reaches first shows placeholders until it lands. Without one, pages are read inline.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any, Generic

import shiboken6
from PySide6.QtCore import QModelIndex, QObject, Qt, QTimer, Signal

from app.services.core.errors import ServiceError
from app.ui.tasks import TaskRunner
from app.ui.widgets.lazy_table_model import F, FetchPage, K, Unpack, failure_text
from app.ui.widgets.page_reads import Pages, PageWindow, Refreshed, read_chain, read_prepared, read_refresh
from app.ui.widgets.position_table_model import PositionTableModel, RowCells, placeholder
from app.ui.widgets.row_table_model import AnyIndex, R, RowTexts

log = logging.getLogger(__name__)

FetchKeys = Callable[[F, int], tuple[int, Sequence[K]] | None]
"""``keys(filter, size)``: the row count and the cursor of pages 1, 2, …; ``None``: read in order."""
FetchCount = Callable[[F], int | None]
"""``count(filter)``: the row count alone, quick (``None``: read in order)."""


def _count_failed(error: BaseException) -> None:
    log.warning("list count failed, rows are read in order: %s", error)


def _prepare_failed(error: BaseException) -> None:
    log.warning("first page not prepared ahead, its rows are worked out as they are shown: %s", error)


START_DELAY_MS = 30
"""After a reset the count and the reads ahead wait this long, so they do not compete with the first
paint for the two cores and the GIL (the count still lands long before a second key press)."""


class PagedWindowModel(PositionTableModel[R], Generic[R, F, K]):
    """Positional rows over keyset pages; only ``window.keep`` pages each side of the view stay in memory."""

    load_failed = Signal(str)
    """A page could not be read (refused, database locked…): the Vietnamese message to show."""
    loaded = Signal()
    """Rows arrived or the row count changed; the view may update its empty state and count."""
    refreshing = Signal()
    """A refresh is about to replace the rows (the view notes its selection and scroll position)."""
    refreshed = Signal()
    """The refreshed rows are in (the view restores its selection and scroll position)."""
    unexpected_error = "Lỗi không mong muốn khi đọc dữ liệu: {error}"

    def __init__(
        self,
        headers: Sequence[str],
        texts: RowTexts[R],
        fetch: FetchPage[F, K],
        unpack: Unpack[R, K],
        initial_filter: F,
        *,
        page_size: int,
        tasks: TaskRunner | None = None,
        fetch_keys: FetchKeys[F, K] | None = None,
        fetch_count: FetchCount[F] | None = None,
        window: PageWindow | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(headers, texts, parent)
        self._fetch = fetch
        self._unpack = unpack
        self._fetch_keys = fetch_keys
        self._fetch_count = fetch_count
        self._filter = initial_filter
        self._size = page_size
        self._tasks = tasks
        self.window = window or PageWindow()
        self._generation = 0
        self._pages = Pages[R, K](page_size)
        self._shown = 0
        self._busy = False
        self._wanted_more = False
        self._refreshing = False
        self._refresh_again = False
        self._focus, self._direction = 0, 1
        self._pinned: int | None = None
        self._plan_queued = False
        self._holding = False
        """Just reset: the background reads wait START_DELAY_MS for the first paint."""
        self._placeholders: set[int] = set()
        """Pages shown as «…»: signalled when they land (Qt repaints all for any block of rows, even unseen)."""
        self.rows_read = 0
        """Rows read from the service since the model was made (a page read again counts again)."""

    # --- state --------------------------------------------------------------------------
    @property
    def current_filter(self) -> F:
        return self._filter

    @property
    def exhausted(self) -> bool:
        """True once every row of the list has a row in the model (the count is the list's)."""
        end = self._pages.end
        return end is not None and self._shown >= end

    @property
    def counted(self) -> bool:
        """The row count is the whole list's, from the service's count (not only the rows read so far)."""
        return self._pages.total is not None

    def held_rows(self) -> int:
        """Rows in memory now (the window around the view and the selection)."""
        return self._pages.held_rows()

    def held_pages(self) -> list[int]:
        return self._pages.loaded()

    def row(self, row: int) -> R | None:
        """The item shown at ``row``; ``None`` while its page is not in memory."""
        return self._pages.item(row)

    def find_row(self, match: Callable[[R], bool]) -> int:
        """The first row in memory ``match`` accepts, or -1."""
        return next((r for r, item in self._pages.items() if match(item)), -1)

    def keep_row(self, row: int) -> None:
        """Keep the page of ``row`` (the selection) in memory wherever the view scrolls."""
        self._pinned = row // self._size if row >= 0 else None
        self._queue_plan()

    # --- filter, reload, refresh --------------------------------------------------------
    def set_filter(self, flt: F) -> None:
        """Drop every row and show the first page of ``flt`` (read inline: the first paint)."""
        self._filter = flt
        self.reload()

    def reload(self) -> None:
        self._generation += 1  # pages still on their way belong to the old filter: ignored
        self.beginResetModel()
        self._pages = Pages(self._size)
        self._cells, self._shown, self._focus, self._direction = {}, 0, 0, 1
        self._placeholders = set()
        self._busy = self._wanted_more = self._refreshing = self._refresh_again = False
        try:
            rows, after = self._unpack(self._fetch(self._filter, None, self._size))
        except ServiceError as error:
            self.endResetModel()
            self._pages.end = 0
            self._report(error)
            return
        self._pages.store(0, rows, after)
        self.rows_read += len(rows)
        self._shown = len(rows)
        self.endResetModel()
        self.loaded.emit()
        if self._tasks is not None:
            self._holding, generation = True, self._generation
            QTimer.singleShot(START_DELAY_MS, self, lambda: self._start_background(generation))

    def _start_background(self, generation: int) -> None:
        if self._stale(generation):
            return
        self._holding = False
        if not self.exhausted:
            self._count_in_background()
        self._prepare_first_page()
        self._queue_plan()

    def _prepare_first_page(self) -> None:
        """The first page was read on the UI thread for the first paint: the worker prepares its rows
        the first paint did not show, for the first scroll steps."""
        assert self._tasks is not None
        generation, rows, prepare = self._generation, self._pages.page_rows(0), self.prepare
        self._tasks.submit(
            lambda: [prepare(r) for r in rows],
            lambda cells: self._on_first_prepared(generation, cells),
            _prepare_failed,
        )

    def _on_first_prepared(self, generation: int, cells: list[RowCells]) -> None:
        if self._stale(generation) or not self._pages.has(0):
            return
        for row, prepared in enumerate(cells):
            self._cells.setdefault(row, prepared)

    def _count_in_background(self) -> None:
        """The count first (ms: the row count is the whole list before the officer scrolls), then
        every page's start (a scan: until it lands, a page the chain has not reached shows «…»)."""
        assert self._tasks is not None
        generation, flt, count, keys = self._generation, self._filter, self._fetch_count, self._fetch_keys
        if count is not None:
            self._tasks.submit(
                lambda: count(flt), lambda found: self._on_count(generation, found), _count_failed
            )
        if keys is not None:
            self._tasks.submit(
                lambda: keys(flt, self._size), lambda found: self._on_keys(generation, found), _count_failed
            )

    def refresh(self) -> None:
        """Read the list again around the view and the selection; the rows shown stay until the new ones land."""
        if self._refreshing:
            self._refresh_again = True
            return
        self._generation += 1
        self._refreshing, self._busy, self._holding = True, False, False
        generation, flt = self._generation, self._filter
        near = sorted(self.window.near(self._focus, self._pinned))
        shown_pages = -(-self._shown // self._size)

        fetch, unpack, keys, size = self._fetch, self._unpack, self._fetch_keys, self._size
        job = partial(read_refresh, fetch, unpack, keys, flt, size, near, shown_pages)
        if self._tasks is None:
            self._on_refreshed(generation, job())
            return
        self._tasks.submit(
            partial(job, self.prepare),
            lambda done: self._on_refreshed(generation, done),
            lambda e: self._on_refresh_failed(generation, e),
        )

    def _on_refreshed(self, generation: int, done: Refreshed[R, K]) -> None:
        if self._stale(generation):
            return
        self.refreshing.emit()
        self.beginResetModel()
        self._pages, self._cells, self._placeholders = done.pages, dict(done.cells), set()
        self._shown = done.pages.total if done.pages.total is not None else done.pages.contiguous_rows()
        self._refreshing = False
        self.endResetModel()
        self.refreshed.emit()
        self.loaded.emit()
        if self._refresh_again:
            self._refresh_again = False
            self.refresh()
            return
        self._queue_plan()

    def _on_refresh_failed(self, generation: int, error: BaseException) -> None:
        if self._stale(generation):
            return
        self._refreshing = False
        self._report(error)
        self._queue_plan()

    # --- the count ----------------------------------------------------------------------
    def _on_count(self, generation: int, total: int | None) -> None:
        if self._stale(generation) or total is None or self._refreshing or self.counted:
            return
        self._pages.total = self._pages.end = total
        self._set_row_count(total)

    def _on_keys(self, generation: int, found: tuple[int, Sequence[K]] | None) -> None:
        if self._stale(generation) or found is None or self._refreshing:
            return
        total, keys = found
        self._pages.set_keys(total, keys)
        self._set_row_count(total)
        self._queue_plan()  # pages the chain had not reached can be read now

    def _set_row_count(self, total: int) -> None:
        self._wanted_more = False
        if total > self._shown:
            self.beginInsertRows(QModelIndex(), self._shown, total - 1)
            self._shown = total
            self.endInsertRows()
        elif total < self._shown:
            self.beginRemoveRows(QModelIndex(), total, self._shown - 1)
            self._shown = total
            self.endRemoveRows()
        self.loaded.emit()

    # --- reading in order (before the count, or for a search) ---------------------------
    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008 - Qt's default argument
        return not parent.isValid() and not self.exhausted and not self._refreshing

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        page = self._shown // self._size
        if not self._pages.has(page) and self._tasks is None:
            self._read_inline(page)
        if self._pages.has(page):
            self._show_more()
            return
        self._wanted_more = True
        self._queue_plan()

    def _show_more(self) -> None:
        """Give the view every row read ahead after the last one it has (one insert for many pages)."""
        self._wanted_more = False
        end = self._pages.contiguous_rows(self._shown // self._size)
        if end > self._shown:
            self.beginInsertRows(QModelIndex(), self._shown, end - 1)
            self._shown = end
            self.endInsertRows()
        self.loaded.emit()

    # --- the window ---------------------------------------------------------------------
    def _look(self, page: int) -> None:
        if page == self._focus:
            return
        self._direction = 1 if page > self._focus else -1
        self._focus = page
        if self._tasks is None:
            self._evict()
        else:
            self._queue_plan()

    def _evict(self) -> None:
        """Drop the pages far from the view, and their answers (a row not in memory shows «…»)."""
        for page in self._pages.evict(self._kept()):
            self._forget(page)

    def _forget(self, page: int) -> None:
        top = page * self._size
        for row in range(top, top + self._size):
            self._cells.pop(row, None)

    def _queue_plan(self) -> None:
        if self._tasks is not None and not self._plan_queued:
            self._plan_queued = True
            QTimer.singleShot(0, self, self._plan)

    def _kept(self) -> set[int]:
        return self.window.kept(self._focus, self._pinned)

    def _wanted(self) -> list[int]:
        first = self._shown // self._size if self._wanted_more else None
        order = self.window.wanted(self._focus, self._direction, self._pinned, first)
        return [p for p in order if self._pages.within(p)]

    def _plan(self) -> None:
        self._plan_queued = False
        self._evict()
        if self._busy or self._refreshing or self._holding or self._tasks is None:
            return
        wanted = self._wanted()
        first = next((p for p in wanted if self._pages.readable(p)), None)
        if first is None:
            return
        count = 1
        while count < self.window.batch and first + count in wanted and not self._pages.has(first + count):
            count += 1
        self._busy = True
        task, flt, after = (self._generation, first), self._filter, self._pages.cursor(first)
        fetch, unpack, size, prepare = self._fetch, self._unpack, self._size, self.prepare
        self._tasks.submit(
            lambda: read_prepared(fetch, unpack, flt, after, size, count, prepare),
            lambda pages: self._on_pages(task, pages),
            lambda error: self._on_read_failed(task, error),
        )

    def _on_pages(
        self, task: tuple[int, int], pages: list[tuple[Sequence[R], K | None, list[RowCells]]]
    ) -> None:
        """``task``: the generation it was read for and its first page."""
        if self._stale(task[0]):
            return
        self._busy = False
        for offset, (rows, after, cells) in enumerate(pages):
            self._arrived(task[1] + offset, rows, after, cells)
        if self._pages.total is None and self._pages.has(self._shown // self._size):
            self._show_more()  # now, between two scroll steps, not when the view hits the bottom
        self.loaded.emit()
        self._queue_plan()

    def _arrived(self, page: int, rows: Sequence[R], after: K | None, cells: list[RowCells]) -> None:
        self._pages.store(page, rows, after)
        self.rows_read += len(rows)
        self._forget(page)
        top = page * self._size
        self._cells.update(zip(range(top, top + len(cells)), cells, strict=True))
        if page in self._placeholders and top < self._shown:  # the view shows «…» there: paint the rows
            self._placeholders.discard(page)
            bottom = min(self._shown, top + self._size) - 1
            self.dataChanged.emit(self.index(top, 0), self.index(bottom, len(self._headers) - 1))

    def _on_read_failed(self, task: tuple[int, int], error: BaseException) -> None:
        if self._stale(task[0]):
            return
        self._busy = False
        self._pages.failed.add(task[1])  # not read again until the next reload or refresh
        self._report(error)
        self._queue_plan()

    def _read_inline(self, page: int) -> None:
        if not self._pages.readable(page):
            return
        try:
            pages = read_chain(
                self._fetch, self._unpack, self._filter, self._pages.cursor(page), self._size, 1
            )
        except ServiceError as error:
            self._pages.failed.add(page)
            self._report(error)
            return
        self._pages.store(page, *pages[0])
        self.rows_read += len(pages[0][0])

    def _stale(self, generation: int) -> bool:
        """A read that came back for an older filter or refresh, or after the model was deleted."""
        return not shiboken6.isValid(self) or generation != self._generation

    def _report(self, error: BaseException) -> None:
        self.load_failed.emit(failure_text(error, self.unexpected_error))

    # --- Qt model interface -------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._shown

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = index.row()
        cells = self._cells.get(row)  # a row in memory, prepared: each repaint comes here
        if cells is not None:
            if row // self._size != self._focus:
                self._look(row // self._size)
            if (by_column := cells.get(role)) is not None:
                return by_column[index.column()]
            if self._answered is not None and role not in self._answered:
                return None
        if not 0 <= row < self._shown:  # an invalid index is row -1
            return None
        page = row // self._size
        if page != self._focus:
            self._look(page)
        item = self._pages.item(row)
        if item is None and self._tasks is None and not self._pages.has(page):
            self._read_inline(page)
            item = self._pages.item(row)
        if item is None:
            self._placeholders.add(page)
            return placeholder(index.column(), role)
        return self.answer(row, index.column(), role, item)
