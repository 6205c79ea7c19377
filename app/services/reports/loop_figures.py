"""The loop back to the citizen in the periodic report: first answers, the chief's queue, satisfaction.

The report's own queries (the report reads tables, never another capability's services):
first answers given in the period on time or late, replies waiting for the chief now, call-backs
recorded in the period by result, by department and by field, and reopenings they caused.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import Connection, func, select

from app.domain.reply_loop import CallbackResult, DraftStatus
from app.models import Callback, FirstAnswer, ReplyDraft
from app.reports.types import CountRow, CountTable

FIRST_ANSWER_TABLE = "Trả lời ban đầu cho công dân (báo đã tiếp nhận, đơn vị xử lý)"
CALLBACK_TABLE = "Kết quả gọi lại hỏi ý kiến công dân"
SATISFACTION_BY_DEPARTMENT = "Ý kiến công dân khi gọi lại, theo đơn vị xử lý"
SATISFACTION_BY_FIELD = "Ý kiến công dân khi gọi lại, theo lĩnh vực"
_RESULTS = (CallbackResult.SATISFIED, CallbackResult.NOT_SATISFIED, CallbackResult.UNREACHABLE)


@dataclass
class LoopNumbers:
    """Counts of one period (call-backs keyed by result value)."""

    first_on_time: int = 0
    first_late: int = 0
    awaiting_approval: int = 0
    callbacks: Counter[str] = field(default_factory=Counter)
    by_department: dict[int | None, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    by_field: dict[int | None, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))

    @property
    def reopened(self) -> int:
        """Each «chưa hài lòng» reopened its case."""
        return self.callbacks[CallbackResult.NOT_SATISFIED.value]

    def satisfaction_rate(self) -> float | None:
        """Share of satisfied among the citizens reached (None: nobody reached)."""
        reached = self.callbacks[CallbackResult.SATISFIED.value] + self.reopened
        return None if reached == 0 else self.callbacks[CallbackResult.SATISFIED.value] / reached


def gather(conn: Connection, start: date, end: date) -> LoopNumbers:
    """The loop's counts for the period ``start``..``end`` (inclusive)."""
    out = LoopNumbers()
    on_time = FirstAnswer.due_on.is_(None) | (FirstAnswer.answered_on <= FirstAnswer.due_on)
    for timely, n in conn.execute(
        select(on_time, func.count()).where(FirstAnswer.answered_on.between(start, end)).group_by(on_time)
    ):
        if timely:
            out.first_on_time += n
        else:
            out.first_late += n
    out.awaiting_approval = int(
        conn.scalar(select(func.count(ReplyDraft.id)).where(ReplyDraft.status == DraftStatus.PENDING.value))
        or 0
    )
    since, until = datetime.combine(start, time.min), datetime.combine(end + timedelta(days=1), time.min)
    rows = conn.execute(
        select(Callback.department_id, Callback.field_id, Callback.result, func.count())
        .where(Callback.recorded_at >= since, Callback.recorded_at < until)
        .group_by(Callback.department_id, Callback.field_id, Callback.result)
    )
    for department, field_id, result, n in rows:
        out.callbacks[result] += n
        out.by_department[department][result] += n
        out.by_field[field_id][result] += n
    return out


def tables(n: LoopNumbers, departments: dict[int, str], fields: dict[int, str]) -> tuple[CountTable, ...]:
    """First answers, call-back results, then satisfaction by department and field (when someone was called)."""
    c = n.callbacks
    first = CountTable(FIRST_ANSWER_TABLE, ("Chỉ tiêu", "Số vụ việc"), (
        CountRow("Trả lời ban đầu đúng hạn", (n.first_on_time,)),
        CountRow("Trả lời ban đầu quá hạn", (n.first_late,)),
    ))  # fmt: skip
    called = CountTable(CALLBACK_TABLE, ("Kết quả", "Số lượt"), (
        CountRow("Hài lòng", (c[CallbackResult.SATISFIED.value],)),
        CountRow("Chưa hài lòng (vụ việc được mở lại)", (n.reopened,)),
        CountRow("Không liên lạc được", (c[CallbackResult.UNREACHABLE.value],)),
    ))  # fmt: skip
    if not c:
        return (first, called)
    headers = tuple(r.label for r in _RESULTS)
    by_department = _by(n.by_department, departments, "Chưa giao đơn vị")
    by_field = _by(n.by_field, fields, "Chưa phân lĩnh vực")
    return (
        first,
        called,
        CountTable(SATISFACTION_BY_DEPARTMENT, ("Đơn vị", *headers), by_department, chart=True),
        CountTable(SATISFACTION_BY_FIELD, ("Lĩnh vực", *headers), by_field),
    )


def paragraph(n: LoopNumbers) -> tuple[str, ...]:
    """Sentences on the chief's queue and on satisfaction for the report's text."""
    out = []
    if n.awaiting_approval:
        out.append(f"Hiện có {n.awaiting_approval} dự thảo trả lời công dân đang chờ lãnh đạo duyệt.")
    rate = n.satisfaction_rate()
    if rate is not None:
        satisfied = n.callbacks[CallbackResult.SATISFIED.value]
        percent = f"{rate * 100:.1f}".replace(".", ",")
        out.append(
            f"Gọi lại hỏi ý kiến {sum(n.callbacks.values())} lượt, liên lạc được {satisfied + n.reopened} lượt; "
            f"{satisfied} lượt hài lòng (tỷ lệ hài lòng {percent}%), {n.reopened} vụ việc "
            "được mở lại do công dân chưa hài lòng."
        )
    return tuple(out)


def _by(counts: dict[int | None, Counter[str]], names: dict[int, str], missing: str) -> tuple[CountRow, ...]:
    rows = [
        CountRow(names.get(k or 0, missing), tuple(v[r.value] for r in _RESULTS)) for k, v in counts.items()
    ]
    return tuple(sorted(rows, key=lambda row: (-row.counts[0], row.label)))
