"""Table model whose rows arrive one keyset page at a time as the view scrolls (never OFFSET)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QModelIndex, QObject, Signal

from app.services.core.errors import ServiceError
from app.ui.tasks import TaskRunner
from app.ui.widgets.row_table_model import AnyIndex, R, RowTableModel, RowTexts

log = logging.getLogger(__name__)

F = TypeVar("F")
"""The filter the pages are read for."""
K = TypeVar("K")
"""Where the next page starts (the keyset cursor)."""

FetchPage = Callable[[F, K | None, int], Any]
"""``fetch(filter, after, size)``: one page object, read by the service."""
Unpack = Callable[[Any], tuple[Sequence[R], K | None]]
"""A page object's rows and the cursor of the page after it (``None``: last page)."""


def failure_text(error: BaseException, unexpected: str) -> str:
    """What the officer reads when a page read fails: the service's message, else ``unexpected`` (logged)."""
    if isinstance(error, ServiceError):
        return error.message
    log.error("page read failed", exc_info=(type(error), error, error.__traceback__))
    return unexpected.format(error=error)


class LazyTableModel(RowTableModel[R], Generic[R, F, K]):
    """Keyset-paged rows; a filter change drops them and starts again from the first page.

    With a ``tasks`` runner the pages are read off the UI thread (a page still on its way when
    the filter changes is ignored); without one they are read inline when the view asks. Every
    page read stays in memory: for a list of millions use :class:`PagedWindowModel`.
    """

    load_failed = Signal(str)
    """A page could not be read (refused, database locked…): the Vietnamese message to show."""
    loaded = Signal()
    """A page (possibly empty) has arrived; the view may update its empty state and count."""
    unexpected_error = "Lỗi không mong muốn khi đọc dữ liệu: {error}"
    """What the officer reads when a page fails for a reason no service foresaw."""

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
        parent: QObject | None = None,
    ) -> None:
        super().__init__(headers, texts, parent)
        self._fetch = fetch
        self._unpack = unpack
        self._filter = initial_filter
        self._page_size = page_size
        self._tasks = tasks
        self._next: K | None = None
        self._exhausted = False
        self._loading = False
        self._generation = 0

    # --- state --------------------------------------------------------------------------
    @property
    def current_filter(self) -> F:
        return self._filter

    @property
    def exhausted(self) -> bool:
        """True once the last page has been read (nothing more to fetch)."""
        return self._exhausted

    @property
    def loading(self) -> bool:
        return self._loading

    def set_filter(self, flt: F) -> None:
        """Drop every row and read the first page of ``flt``."""
        self._filter = flt
        self.reload()

    def reload(self, keep_rows: int = 0) -> None:
        """Reset and refetch; read inline, ``keep_rows`` fetches pages until that many rows show again."""
        self._generation += 1  # a page still on its way belongs to the old filter: ignored
        self.set_rows([])
        self._next, self._exhausted, self._loading = None, False, False
        self.fetchMore(QModelIndex())
        while self.canFetchMore(QModelIndex()) and len(self._rows) < keep_rows:
            self.fetchMore(QModelIndex())

    # --- lazy loading -------------------------------------------------------------------
    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted and not self._loading

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        generation, flt, after, size = self._generation, self._filter, self._next, self._page_size
        if self._tasks is None:
            try:
                page = self._fetch(flt, after, size)
            except ServiceError as error:
                self._on_error(generation, error)
                return
            self._on_page(generation, page)
            return
        self._loading = True
        self._tasks.submit(
            lambda: self._fetch(flt, after, size),
            lambda page: self._on_page(generation, page),
            lambda error: self._on_error(generation, error),
        )

    def _on_page(self, generation: int, page: Any) -> None:
        if generation != self._generation:
            return
        rows, after = self._unpack(page)
        self._loading = False
        self._next = after
        self._exhausted = after is None
        self.append_rows(rows)
        self.loaded.emit()

    def _on_error(self, generation: int, error: BaseException) -> None:
        if generation != self._generation:
            return
        self._loading, self._exhausted = False, True
        self.load_failed.emit(failure_text(error, self.unexpected_error))
