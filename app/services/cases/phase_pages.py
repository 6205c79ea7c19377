"""A search page read phase after phase, the same on SQLite and PostgreSQL: the matches with the
typed marks first (phase 0), then the other folded matches (1), each newest first."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from app.services.cases.dto import CasePage, CaseSummary, PageKey

C = TypeVar("C")
ReadPhase = Callable[[C, int | None, int], list[CaseSummary]]
"""``read(condition, before_id, limit)``: up to ``limit`` matches below ``before_id``, newest first."""


def phased_page(
    phases: Sequence[C | None], after: PageKey | None, limit: int, read: ReadPhase[C]
) -> CasePage:
    """Rows phase after phase from ``after`` until the page is full (a ``None`` phase has no rows);
    the next key says in which phase, and below which id, the next page starts."""
    rows: list[CaseSummary] = []
    phase = after.phase if after else 0
    last_id = after.id if after else None
    while phase < len(phases) and len(rows) < limit:
        cond = phases[phase]
        if cond is not None:
            rows.extend(read(cond, last_id, limit - len(rows)))
        if len(rows) < limit:
            phase, last_id = phase + 1, None
        else:
            last_id = rows[-1].id
    next_key = PageKey(phase, None, rows[-1].id) if rows and phase < len(phases) else None
    return CasePage(tuple(rows), next_key)
