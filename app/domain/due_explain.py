"""The sentence under a due date: rule and article, start, extensions, suspensions, every skipped day.

A deadline that moves past non-working days names all of them (as runs of consecutive days) and,
for a period in plain days, cites Bộ luật Dân sự 2015, Điều 148 for the move to the next working
day. A suspension names its legal basis and the number of days not counted. A due date that would
change if an estimated or doubtful day of the calendar changed says so («tạm tính»).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

BLDS_148 = "Bộ luật Dân sự 2015, Điều 148"
PROVISIONAL_MARK = "(tạm tính)"
TET = "Tết Nguyên đán"
UNIT_LABELS = {"working_days": "ngày làm việc", "days": "ngày"}


@dataclass(frozen=True)
class SpanText:
    """One suspension as the explanation states it."""

    start: date
    end: date | None
    days: int
    citation: str
    open_until: date | None = None


def _d(day: date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def day_runs(skipped: Sequence[tuple[date, str]]) -> list[str]:
    """Consecutive skipped days as «30/04/2027–03/05/2027 (Ngày Chiến thắng, …)»."""
    runs: list[list[tuple[date, str]]] = []
    for day, reason in skipped:
        if runs and runs[-1][-1][0] + timedelta(days=1) == day:
            runs[-1].append((day, reason))
        else:
            runs.append([(day, reason)])
    out = []
    for run in runs:
        first, last = run[0][0], run[-1][0]
        reasons = _merged(list(dict.fromkeys(reason for _, reason in run if reason)))
        when = _d(first) if first == last else f"{_d(first)}–{_d(last)}"
        out.append(f"{when} ({', '.join(reasons)})" if reasons else when)
    return out


def _merged(reasons: list[str]) -> list[str]:
    """Several days of Tết in one run are named once, «Tết Nguyên đán»."""
    if sum(1 for r in reasons if r.startswith(TET)) < 2:
        return reasons
    out: list[str] = []
    for reason in reasons:
        name = TET if reason.startswith(TET) else reason
        if name not in out:
            out.append(name)
    return out


def skipped_text(unit: str, skipped: Sequence[tuple[date, str]]) -> str:
    """The clause naming every non-working day the deadline moved past (empty when none)."""
    if not skipped:
        return ""
    runs = "; ".join(day_runs(skipped))
    if unit == "days":
        return (
            f"; ngày cuối của thời hạn là ngày nghỉ nên hạn chuyển sang ngày làm việc tiếp theo "
            f"({BLDS_148}), bỏ qua: {runs}"
        )
    return f"; không tính các ngày nghỉ: {runs}"


def suspension_text(span: SpanText, unit: str) -> str:
    label = UNIT_LABELS[unit]
    if span.end is None:
        until = f"đến {_d(span.open_until)}" if span.open_until else "chưa kết thúc"
        return (
            f"; đang tạm đình chỉ từ {_d(span.start)} ({until}, {span.days} {label} chưa tính) "
            f"theo {span.citation}, hạn sẽ lùi thêm"
        )
    return f"; không tính {span.days} {label} tạm đình chỉ {_d(span.start)}–{_d(span.end)} ({span.citation})"


def uncertain_text(days: Sequence[tuple[date, str, str]]) -> str:
    """«(tạm tính)» clause listing the estimated/doubtful days the date depends on."""
    if not days:
        return ""
    by_status: dict[str, list[str]] = {}
    for day, _name, status in days:
        by_status.setdefault(status, []).append(_d(day))
    listed = "; ".join(f"{status}: {', '.join(found)}" for status, found in by_status.items())
    return f" {PROVISIONAL_MARK} Hạn phụ thuộc ngày chưa chính thức trong lịch ({listed})."
