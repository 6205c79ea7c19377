"""The pages of a positional, keyset-paged list: which are in memory, where each starts, how to read them.

Qt-free, so the reads run on a worker thread and the bookkeeping is tested without a view.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

R = TypeVar("R")
F = TypeVar("F")
K = TypeVar("K")

REFRESH_PAGES = 10
"""A list without a count (a search) is read again from its top, this many pages at most."""


@dataclass(frozen=True, slots=True)
class PageWindow:
    """How many pages are read and kept around the view (one page is the model's page size)."""

    ahead: int = 10
    """Read ahead in the direction the view moves (a held PageDown key does not catch up)."""
    behind: int = 3
    """Read behind it, for the officer who turns back."""
    keep: int = 15
    """Kept in memory each side of the view; farther pages are dropped and read again when shown."""
    batch: int = 5
    """Pages read one after the other in one background task."""

    def wanted(self, focus: int, direction: int, pinned: int | None, first: int | None) -> list[int]:
        """Pages to have, most wanted first: ``first`` (the view asked for more rows), the view's two,
        the selection's, then ahead in the view's ``direction`` (+1 down, -1 up), then behind it."""
        order = ([first] if first is not None else []) + [focus, focus + 1]
        order += [pinned] if pinned is not None else []
        order += [focus + direction * i for i in range(2, self.ahead + 1)]
        order += [focus - direction * i for i in range(1, self.behind + 1)]
        return [p for p in order if p >= 0]

    def kept(self, focus: int, pinned: int | None) -> set[int]:
        """Pages that stay in memory: ``keep`` each side of the view's, and the selection's."""
        keep = set(range(max(0, focus - self.keep), focus + self.keep + 1))
        return keep | {pinned} if pinned is not None else keep

    def near(self, focus: int, pinned: int | None) -> set[int]:
        """Pages read again by a refresh: the view's, one above, two below, and the selection's with the
        one after it (new cases come in above and push the selected one down, maybe over its page's end)."""
        near = set(range(max(0, focus - 1), focus + 3))
        return near | {pinned, pinned + 1} if pinned is not None else near


class Pages(Generic[R, K]):
    """Rows of the pages in memory and the cursor (start) of every page known so far."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._rows: dict[int, tuple[R, ...]] = {}
        self._cursors: dict[int, K | None] = {0: None}
        self.total: int | None = None
        """The list's row count from the service's count; None while only read in order."""
        self.end: int | None = None
        """Rows in the whole list, once known (the count, or the last page read in order)."""
        self.failed: set[int] = set()
        """Pages whose read failed: not read again until the list is read afresh."""

    # --- what is known -------------------------------------------------------------------
    def has(self, page: int) -> bool:
        return page in self._rows

    def within(self, page: int) -> bool:
        return page >= 0 and (self.end is None or page * self.size < self.end)

    def readable(self, page: int) -> bool:
        """Not in memory, not failed, inside the list and its start known."""
        return (
            page not in self._rows and page not in self.failed and page in self._cursors and self.within(page)
        )

    def cursor(self, page: int) -> K | None:
        return self._cursors[page]

    def page_rows(self, page: int) -> tuple[R, ...]:
        """The rows of ``page`` in memory (none if it is not)."""
        return self._rows.get(page, ())

    def item(self, row: int) -> R | None:
        page, offset = divmod(row, self.size)
        rows = self._rows.get(page)
        return rows[offset] if rows is not None and offset < len(rows) else None

    def items(self) -> Iterator[tuple[int, R]]:
        """(row, item) of every row in memory, top to bottom."""
        for page in sorted(self._rows):
            for offset, item in enumerate(self._rows[page]):
                yield page * self.size + offset, item

    def loaded(self) -> list[int]:
        return sorted(self._rows)

    def held_rows(self) -> int:
        return sum(len(rows) for rows in self._rows.values())

    def contiguous_rows(self, start: int = 0) -> int:
        """The row after the last one of the pages in memory from page ``start`` on without a gap."""
        page = start
        while page in self._rows:
            if len(self._rows[page]) < self.size:
                return page * self.size + len(self._rows[page])
            page += 1
        return page * self.size

    # --- changes -------------------------------------------------------------------------
    def store(self, page: int, rows: Sequence[R], after: K | None) -> None:
        """``rows`` of ``page``; ``after`` starts the next page (``None``: this is the last)."""
        self._rows[page] = tuple(rows)
        self.failed.discard(page)
        if after is not None:
            self._cursors[page + 1] = after
        elif self.total is None:
            self.end = page * self.size + len(rows)

    def set_keys(self, total: int, keys: Sequence[K]) -> None:
        """The service's count: every page's start at once (``keys[k - 1]`` starts page ``k``)."""
        self.total = self.end = total
        self._cursors = {0: None}
        self._cursors.update((k + 1, key) for k, key in enumerate(keys))

    def evict(self, keep: set[int]) -> list[int]:
        """Drop the rows of every page not in ``keep`` (their starts stay: they are read again on demand);
        the pages dropped."""
        dropped = [p for p in self._rows if p not in keep]
        for page in dropped:
            del self._rows[page]
        return dropped


FetchPage = Callable[[Any, Any, int], Any]
Unpack = Callable[[Any], tuple[Sequence[Any], Any]]
FetchKeys = Callable[[Any, int], tuple[int, Sequence[Any]] | None]


def read_chain(
    fetch: FetchPage, unpack: Unpack, flt: Any, after: Any, size: int, count: int
) -> list[tuple[Sequence[Any], Any]]:
    """Up to ``count`` pages one after the other from ``after``, each page's end starting the next."""
    pages: list[tuple[Sequence[Any], Any]] = []
    while len(pages) < count:
        rows, after = unpack(fetch(flt, after, size))
        pages.append((rows, after))
        if after is None:
            break
    return pages


def read_prepared(
    fetch: FetchPage,
    unpack: Unpack,
    flt: Any,
    after: Any,
    size: int,
    count: int,
    prepare: Callable[[Any], Any],
) -> list[tuple[Sequence[Any], Any, list[Any]]]:
    """:func:`read_chain`, each row also ``prepare``d for painting by the thread that read it."""
    return [
        (rows, end, [prepare(r) for r in rows])
        for rows, end in read_chain(fetch, unpack, flt, after, size, count)
    ]


@dataclass(frozen=True, slots=True)
class Refreshed(Generic[R, K]):
    """The list read again: its count and starts, and the pages near the view and the selection."""

    pages: Pages[R, K]
    cells: dict[int, Any] = field(default_factory=dict)
    """Each row read, prepared for painting (by row), when the read was asked to prepare them."""


def read_refresh(
    fetch: FetchPage,
    unpack: Unpack,
    fetch_keys: FetchKeys | None,
    flt: Any,
    size: int,
    near: Sequence[int],
    shown_pages: int,
    prepare: Callable[[Any], Any] | None = None,
) -> Refreshed[Any, Any]:
    """Count the list again and read the pages ``near``; a list without a count is read from its top.
    With ``prepare`` every row read is also prepared for painting."""
    pages: Pages[Any, Any] = Pages(size)
    found = fetch_keys(flt, size) if fetch_keys is not None else None
    if found is None:
        for page, (rows, after) in enumerate(
            read_chain(fetch, unpack, flt, None, size, max(1, min(shown_pages, REFRESH_PAGES)))
        ):
            pages.store(page, rows, after)
    else:
        pages.set_keys(*found)
        for page in near:
            if pages.readable(page):
                pages.store(page, *read_chain(fetch, unpack, flt, pages.cursor(page), size, 1)[0])
    cells = {} if prepare is None else {row: prepare(item) for row, item in pages.items()}
    return Refreshed(pages, cells)
