"""Search pages on PostgreSQL, newest first and exact marks first, paged like SQLite's (phase, id).

A word in half the register and a rare one look alike to the planner (it cannot tell how often
words occur together: «Lý Hải» was estimated at 697 cases and is in 22,822), so left alone it
reads every match and sorts them (0.4 s on a million cases). Each read is sized here instead:
the newest ids first; only if they hold too few matches is the rest of the register searched.
Checking the recent ids row by row (LIKE, no index) was tried and is slower on the wide rows of
``case_search``: 19 ms for 20,000 ids, 100 ms for 120,000, against 10–20 ms through the index.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, partial
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from app.models import Case
from app.services.cases.dto import CasePage, CaseSummary, PageKey
from app.services.cases.pg_search import CASE_SEARCH
from app.services.cases.pg_search_match import SearchMatch, search_match
from app.services.cases.phase_pages import phased_page

RECENT_WINDOW = 20_000
"""Case ids read first, newest first, by key (about 4 ms on a million cases): a common word
fills its page from them, and how many match tells how common the words are."""
DENSE_SPAN = 120_000
"""Most ids read on by key after the recent window (about 50 ms). A name such as «Dương Tuấn»
matches one case in 400: a dozen in the recent window, the rest of the page within 80,000 ids."""
FEW_RECENT = 20
"""Folded matches in the recent window up to which a search typed with marks asks for all of its
matches at once (one in a thousand: about a thousand in a million cases)."""
FEW_ALL = 1_000
"""Most folded matches a search typed with marks orders itself (ids and a flag, no case rows)."""


class PgCaseSearch:
    """Search pages on PostgreSQL, paged exactly like the SQLite FTS5 search (phase, id)."""

    def page(
        self,
        session: Session,
        query: str,
        base: Select[Any],
        filters: Callable[[Select[Any]], Select[Any]],
        to_row: Callable[[Any], CaseSummary],
        after: PageKey | None,
        limit: int,
    ) -> CasePage:
        """Exact-diacritic matches first (phase 0), then the rest of the folded matches (1)."""
        match = search_match(query)
        if match is None:
            return CasePage((), None)
        stmt = filters(base.join(CASE_SEARCH, CASE_SEARCH.c.case_id == Case.id))
        above_newest = cache(partial(_above_newest, session))  # looked up once a page, if at all
        if match.exact is not None and after is None:
            few = _few_matches(session, match, above_newest())
            if few is not None:
                return _page_of(session, stmt, to_row, few, limit)

        def read(cond: Any, before_id: int | None, count: int) -> list[CaseSummary]:
            top = before_id if before_id is not None else above_newest()
            return _newest_first(session, stmt, cond, to_row, top, count)

        return phased_page(match.phases(), after, limit, read)


def _above_newest(session: Session) -> int | None:
    """One past the newest case: the id a read from the top stays below (``None``: no case)."""
    newest = session.scalar(select(func.max(CASE_SEARCH.c.case_id)))
    return None if newest is None else int(newest) + 1


def _newest_first(
    session: Session,
    stmt: Select[Any],
    cond: Any,
    to_row: Callable[[Any], CaseSummary],
    top: int | None,
    limit: int,
) -> list[CaseSummary]:
    """Up to ``limit`` rows of ``stmt`` matching ``cond`` with ``id < top``, newest first:
    the recent window, then (words it shows to be common) the span after it, then the rest."""
    if top is None:
        return []
    low = max(top - RECENT_WINDOW, 0)
    key = CASE_SEARCH.c.case_id  # the range on the search table itself: read backwards by its key
    recent = stmt.where(cond, key < top, key >= low).order_by(Case.id.desc()).limit(limit)
    rows = [to_row(r) for r in session.execute(recent)]
    if rows and len(rows) < limit and low > 0:
        # Matches are common enough to show in the recent window: read on through as many older
        # ids as should hold the rest (twice the estimate), while that stays a short scan.
        span = RECENT_WINDOW * (limit - len(rows)) * 2 // len(rows)
        if span <= DENSE_SPAN:
            lower = max(low - span, 0)
            dense = stmt.where(cond, key < low, key >= lower)
            rows.extend(
                to_row(r) for r in session.execute(dense.order_by(Case.id.desc()).limit(limit - len(rows)))
            )
            low = lower
    if len(rows) < limit and low > 0:
        older = stmt.where(cond, key < low).order_by(Case.id.desc()).limit(limit - len(rows))
        rows.extend(to_row(r) for r in session.execute(older))
    return rows


def _few_matches(session: Session, match: SearchMatch, top: int | None) -> list[tuple[int, int]] | None:
    """Every folded match as (phase, id) in page order, if there are few; else ``None``.

    Typed with marks and rare, a search looked its words up four times (the exact matches in the
    recent window and below it, then the other folded matches in both; 10–20 ms each on a
    million cases). The recent window tells whether the words are rare; if so, one lookup below
    it returns every match with whether it is exact, and both phases are ordered from that.
    """
    assert match.exact is not None
    if top is None:
        return []
    low = max(top - RECENT_WINDOW, 0)
    key = CASE_SEARCH.c.case_id
    probe = select(key, match.exact.label("x")).where(match.folded).order_by(key.desc())
    recent = session.execute(probe.where(key < top, key >= low).limit(FEW_RECENT + 1)).all()
    if len(recent) > FEW_RECENT:
        return None
    older = session.execute(probe.where(key < low).limit(FEW_ALL + 1 - len(recent))).all()
    if len(recent) + len(older) > FEW_ALL:
        return None
    found = [*recent, *older]
    return [(0, r.case_id) for r in found if r.x] + [(1, r.case_id) for r in found if not r.x]


def _page_of(
    session: Session,
    stmt: Select[Any],
    to_row: Callable[[Any], CaseSummary],
    found: list[tuple[int, int]],
    limit: int,
) -> CasePage:
    """The first page of ``found`` (in page order) among the rows ``stmt`` lets through."""
    rows: list[tuple[int, CaseSummary]] = []
    for start in range(0, len(found), limit):
        chunk = found[start : start + limit]
        read = {r.id: r for r in map(to_row, session.execute(stmt.where(Case.id.in_([i for _, i in chunk]))))}
        rows.extend((phase, read[i]) for phase, i in chunk if i in read)
        if len(rows) >= limit:
            break
    page = rows[:limit]
    next_key = PageKey(page[-1][0], None, page[-1][1].id) if len(page) == limit else None
    return CasePage(tuple(r for _, r in page), next_key)
