"""Due dates of a case from its legal clock: rule, start event, extensions and suspensions."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

from app.domain.deadline_rules import STEPS, DeadlineRule, Flags, RuleSet
from app.domain.enums import CaseKind
from app.domain.working_calendar import WorkingCalendar

UNIT_LABELS = {"working_days": "ngày làm việc", "days": "ngày"}
EVENT_LABELS = {
    "received": "ngày tiếp nhận",
    "accepted": "ngày thụ lý",
    "extension": "ngày gia hạn",
    "resumed": "ngày tiếp tục giải quyết",
}
MAX_LISTED_SKIPS = 12


class ClockError(ValueError):
    """The facts of a case's clock are impossible or break the law (message in Vietnamese)."""


class Extension(NamedTuple):
    """A written decision extending the resolve deadline (quyết định gia hạn)."""

    decision_no: str
    decided_on: date
    days: int


class Suspension(NamedTuple):
    """Clock stopped from ``start`` to ``end`` inclusive (``end`` None: still suspended)."""

    start: date
    end: date | None = None


@dataclass(frozen=True)
class CaseClock:
    """The facts that fix a case's deadlines. Lists of plain tuples are accepted."""

    kind: CaseKind
    received_on: date
    accepted_on: date | None = None
    complex: bool = False
    very_complex: bool = False
    remote: bool = False
    second_instance: bool = False
    in_person: bool = False
    extensions: Sequence[Extension] = ()
    suspensions: Sequence[Suspension] = ()

    def __post_init__(self) -> None:
        try:
            object.__setattr__(self, "kind", CaseKind(self.kind))
        except ValueError:
            raise ClockError(f"Loại vụ việc không hợp lệ: {self.kind!r}") from None
        object.__setattr__(self, "extensions", tuple(Extension(*x) for x in self.extensions))
        object.__setattr__(self, "suspensions", tuple(Suspension(*x) for x in self.suspensions))
        if self.accepted_on is not None and self.accepted_on < self.received_on:
            raise ClockError(
                f"Ngày thụ lý {_d(self.accepted_on)} trước ngày tiếp nhận {_d(self.received_on)}"
            )

    @property
    def flags(self) -> Flags:
        """The conditions rules depend on."""
        return Flags(self.complex, self.very_complex, self.remote, self.second_instance, self.in_person)


@dataclass(frozen=True)
class DueDate:
    """One deadline of a case and why it falls on that day."""

    step: str
    due: date
    rule_code: str
    title: str
    citation: str
    start_event: str
    start_date: date
    count: int
    unit: str
    skipped: tuple[tuple[date, str], ...] = ()
    explanation: str = ""
    provisional: bool = False
    paused: bool = False
    verify: bool = False
    latest: date | None = None
    extensions: tuple[Extension, ...] = ()


def _d(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def check_clock(clock: CaseClock, rules: RuleSet) -> None:
    """Raise :class:`ClockError` when extensions or suspensions are not allowed or impossible."""
    if clock.extensions:
        _check_extensions(clock, rules)
    spans = sorted(clock.suspensions)
    for i, span in enumerate(spans):
        if span.end is not None and span.end < span.start:
            raise ClockError(f"Tạm đình chỉ kết thúc {_d(span.end)} trước khi bắt đầu")
        if i + 1 < len(spans):
            if span.end is None:
                raise ClockError(f"Tạm đình chỉ từ {_d(span.start)} chưa kết thúc mà có đợt sau")
            if spans[i + 1].start <= span.end:
                raise ClockError(f"Hai đợt tạm đình chỉ chồng nhau từ {_d(spans[i + 1].start)}")


def _check_extensions(clock: CaseClock, rules: RuleSet) -> None:
    if clock.accepted_on is None:
        raise ClockError("Chưa thụ lý nên chưa thể gia hạn giải quyết")
    limit = rules.extension_limit(clock.kind, clock.flags)
    if limit is None or limit.max_extensions == 0:
        if any(x.kind is clock.kind and x.max_extensions for x in rules.extension_limits):
            raise ClockError("Chỉ vụ việc phức tạp hoặc đặc biệt phức tạp mới được gia hạn")
        raise ClockError(f"Vụ việc loại {clock.kind.label} không được gia hạn thời hạn giải quyết")
    if len(clock.extensions) > limit.max_extensions:
        raise ClockError(
            f"Đã gia hạn {len(clock.extensions)} lần, vượt quá {limit.max_extensions} lần "
            f"cho phép ({limit.citation})"
        )
    for ext in clock.extensions:
        if not ext.decision_no or not str(ext.decision_no).strip():
            raise ClockError("Mỗi lần gia hạn phải có số quyết định bằng văn bản")
        if isinstance(ext.days, bool) or not isinstance(ext.days, int) or ext.days <= 0:
            raise ClockError(f"Số ngày gia hạn không hợp lệ: {ext.days!r}")
        if ext.days > limit.max_days_each:
            raise ClockError(
                f"Gia hạn {ext.days} ngày (quyết định {ext.decision_no}) vượt quá "
                f"{limit.max_days_each} ngày mỗi lần ({limit.citation})"
            )
        if ext.decided_on < clock.accepted_on:
            raise ClockError(f"Quyết định gia hạn {ext.decision_no} trước ngày thụ lý")


def _run(
    calendar: WorkingCalendar,
    unit: str,
    start: date,
    count: int,
    spans: Iterable[Suspension],
    as_of: date | None,
) -> tuple[date, list[date]]:
    """Count ``count`` ``unit`` after ``start``, not counting suspended days."""
    extra = 0
    if unit == "working_days":
        due = calendar.add_working_days(start, count)[0]
        for span in sorted(spans):
            if span.start > due:
                break
            extra += calendar.working_days_in(span.start, _span_end(span, as_of))
            due = calendar.add_working_days(start, count + extra)[0]
        return calendar.add_working_days(start, count + extra)
    end = start + timedelta(days=count)
    for span in sorted(spans):
        if span.start > end:
            break
        extra += (_span_end(span, as_of) - span.start).days + 1
        end = start + timedelta(days=count + extra)
    return calendar.add_calendar_days(start, count + extra)


def _span_end(span: Suspension, as_of: date | None) -> date:
    if span.end is not None:
        return span.end
    return as_of if as_of is not None and as_of > span.start else span.start


def _due_for(
    rule: DeadlineRule,
    clock: CaseClock,
    calendar: WorkingCalendar,
    start: date,
    basis: str,
    provisional: bool,
    as_of: date | None,
) -> DueDate:
    resolving = rule.step == "resolve"
    extensions = tuple(clock.extensions) if resolving else ()
    spans = tuple(clock.suspensions) if resolving else ()
    if spans and provisional:
        raise ClockError("Chưa thụ lý nên chưa thể tạm đình chỉ việc giải quyết")
    if spans and min(s.start for s in spans) <= start:
        raise ClockError(f"Tạm đình chỉ phải sau {basis} {_d(start)}")
    total = rule.count + sum(x.days for x in extensions)
    due, skipped_days = _run(calendar, rule.unit, start, total, spans, as_of)
    skipped = tuple((d, calendar.non_working_reason(d) or "") for d in skipped_days)
    paused = any(s.end is None for s in spans)
    latest = None
    if rule.max_count:
        latest = _run(calendar, rule.unit, start, rule.max_count, (), None)[0]
    text = _explain(rule, basis, start, total, extensions, spans, skipped, provisional, as_of)
    if latest is not None:
        text = f"{text[:-1]}; có thể kéo dài tối đa {rule.max_count} {UNIT_LABELS[rule.unit]}"
        text += f" (đến {_d(latest)})."
    return DueDate(
        step=rule.step,
        due=due,
        rule_code=rule.code,
        title=rule.title,
        citation=rule.citation,
        start_event=rule.start_event,
        start_date=start,
        count=total,
        unit=rule.unit,
        skipped=skipped,
        explanation=text,
        provisional=provisional or paused,
        paused=paused,
        verify=rule.verify,
        latest=latest,
        extensions=extensions,
    )


def _explain(
    rule: DeadlineRule,
    basis: str,
    start: date,
    total: int,
    extensions: Sequence[Extension],
    spans: Sequence[Suspension],
    skipped: Sequence[tuple[date, str]],
    provisional: bool,
    as_of: date | None,
) -> str:
    unit = UNIT_LABELS[rule.unit]
    head = f"{rule.count} {unit}"
    if extensions:
        each = ", ".join(
            f"{x.days} ngày (quyết định {x.decision_no} ngày {_d(x.decided_on)})" for x in extensions
        )
        head = f"{head} + gia hạn {each} = {total} {unit}"
    text = f"{head} kể từ {basis} {_d(start)} ({rule.citation})"
    if provisional:
        text += ", dự kiến vì chưa thụ lý"
    for span in spans:
        if span.end is None:
            until = f"đến {_d(as_of)}" if as_of and as_of > span.start else "chưa kết thúc"
            text += f"; đang tạm đình chỉ từ {_d(span.start)} ({until}), hạn sẽ lùi thêm"
        else:
            text += f"; không tính thời gian tạm đình chỉ {_d(span.start)}–{_d(span.end)}"
    if skipped and rule.unit == "days":
        first, reason = skipped[0]
        text += f"; ngày cuối {first:%d/%m} là {reason} nên hạn là ngày làm việc tiếp theo"
    elif skipped:
        listed = [f"{d:%d/%m} {reason}" for d, reason in skipped[:MAX_LISTED_SKIPS]]
        more = len(skipped) - MAX_LISTED_SKIPS
        text += "; bỏ qua: " + ", ".join(listed) + (f" và {more} ngày nghỉ khác" if more > 0 else "")
    return text + "."


def compute_due_dates(
    clock: CaseClock,
    rules: RuleSet,
    calendar: WorkingCalendar,
    *,
    as_of: date | None = None,
) -> list[DueDate]:
    """Every deadline of the case, earliest first.

    Rules are those in force on the day of receipt. A step counted from acceptance is estimated
    from the acceptance deadline and marked ``provisional`` while the case is not accepted.
    Extensions and suspensions apply to the resolve step; an open suspension counts up to
    ``as_of`` (default: its first day) and marks the due date ``paused``.
    """
    check_clock(clock, rules)
    applicable = rules.rules_for(clock.kind, clock.received_on, clock.flags)
    out: list[DueDate] = []
    accept_due: date | None = None
    for rule in sorted(applicable, key=lambda r: r.start_event != "received"):
        provisional, basis = False, EVENT_LABELS[rule.start_event]
        if rule.start_event == "received":
            start = clock.received_on
        elif rule.start_event == "accepted" and clock.accepted_on is not None:
            start = clock.accepted_on
        elif rule.start_event == "accepted":
            start, provisional = accept_due or clock.received_on, True
            basis = "hạn thụ lý" if accept_due else EVENT_LABELS["received"]
        elif rule.start_event == "extension" and clock.extensions:
            start = max(x.decided_on for x in clock.extensions)
        elif rule.start_event == "resumed" and any(s.end for s in clock.suspensions):
            start = max(s.end for s in clock.suspensions if s.end)
        else:
            continue
        due = _due_for(rule, clock, calendar, start, basis, provisional, as_of)
        if rule.step == "accept" and rule.start_event == "received":
            accept_due = due.due
        out.append(due)
    out.sort(key=lambda x: (x.due, STEPS.index(x.step)))
    return out


def resolve_due(
    clock: CaseClock,
    rules: RuleSet,
    calendar: WorkingCalendar,
    *,
    as_of: date | None = None,
) -> DueDate | None:
    """The main deadline of the case (the resolve step), as the case list shows it."""
    found = [d for d in compute_due_dates(clock, rules, calendar, as_of=as_of) if d.step == "resolve"]
    return found[0] if found else None
