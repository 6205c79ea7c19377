"""The case stream of a report: its size when known, and a look at the first row."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sized

from app.reports.types import CaseRow, PeriodicReport


def case_total(report: PeriodicReport) -> int | None:
    """The number of cases when known (for progress)."""
    if not report.case_list:
        return 0
    if report.case_count is not None:
        return report.case_count
    return len(report.cases) if isinstance(report.cases, Sized) else None


def peek_cases(report: PeriodicReport) -> Iterator[CaseRow] | None:
    """An iterator over all cases, or None when there are none (one-shot generators are kept)."""
    if not report.case_list:
        return None
    rows = iter(report.cases)
    first = next(rows, None)
    return None if first is None else itertools.chain([first], rows)
