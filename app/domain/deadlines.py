"""Due dates of a case from its legal clock: rule, start event, extensions and suspensions."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

from app.domain.calendar_data import STATUS_LABELS
from app.domain.case_clock import CaseClock, ClockError, Extension, Suspension
from app.domain.case_clock import day_text as _d
from app.domain.deadline_rules import STEPS, DeadlineRule, RuleSet
from app.domain.due_explain import UNIT_LABELS, SpanText, skipped_text, suspension_text, uncertain_text
from app.domain.working_calendar import WorkingCalendar

EVENT_LABELS = {
    "received": "ngày tiếp nhận",
    "accepted": "ngày thụ lý",
    "extension": "ngày gia hạn",
    "resumed": "ngày tiếp tục giải quyết",
    "reopened": "ngày mở lại",
}
RESTARTED_STEPS = ("accept", "resolve")
"""Steps counted again from the day a case was reopened (``CaseClock.reopened_on``)."""


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
    uncertain: tuple[tuple[date, str, str], ...] = ()
    """Estimated or doubtful calendar days the date depends on: (day, name, status label)."""

    @property
    def depends_on_estimated(self) -> bool:
        """Whether the date would move if an estimated or doubtful day of the calendar changed."""
        return bool(self.uncertain)


def check_clock(clock: CaseClock, rules: RuleSet) -> None:
    """Raise :class:`ClockError` when extensions or suspensions are not allowed or impossible.

    Each refusal that comes from the law names the article. Whether an extension was decided
    before the deadline it extends is checked while counting (:func:`compute_due_dates`).
    """
    if clock.extensions:
        _check_extensions(clock, rules)
    spans = sorted(clock.suspensions)
    for i, span in enumerate(spans):
        if span.end is not None and span.end < span.start:
            raise ClockError(f"Tạm đình chỉ kết thúc {_d(span.end)} trước khi bắt đầu {_d(span.start)}")
        if i + 1 < len(spans):
            if span.end is None:
                raise ClockError(f"Tạm đình chỉ từ {_d(span.start)} chưa kết thúc mà có đợt sau")
            if spans[i + 1].start <= span.end:
                raise ClockError(f"Hai đợt tạm đình chỉ chồng nhau từ {_d(spans[i + 1].start)}")
    if spans:
        _check_suspension_basis(clock, rules, spans[0].start)


def _check_suspension_basis(clock: CaseClock, rules: RuleSet, first: date) -> None:
    basis = rules.suspension_rule(clock.kind)
    if basis is None:
        raise ClockError(
            f"{clock.kind.label} không được tạm đình chỉ việc giải quyết: bảng thời hạn không có "
            "căn cứ pháp lý cho việc này"
        )
    if basis.effective_from is not None and first < basis.effective_from:
        raise ClockError(
            f"Không thể tạm đình chỉ {clock.kind.label.lower()} từ {_d(first)}: căn cứ "
            f"({basis.citation}) chỉ có hiệu lực từ {_d(basis.effective_from)}"
        )


def _check_extensions(clock: CaseClock, rules: RuleSet) -> None:
    limit = rules.extension_limit(clock.kind, clock.flags)
    if limit is None or limit.max_extensions == 0:
        allowed = [x for x in rules.extension_limits if x.kind is clock.kind and x.max_extensions]
        if allowed and clock.accepted_on is None:
            raise ClockError("Chưa thụ lý nên chưa thể gia hạn giải quyết")
        if allowed:
            raise ClockError(
                f"Chỉ vụ việc phức tạp hoặc đặc biệt phức tạp mới được gia hạn ({allowed[0].citation})"
            )
        why = (
            limit.citation
            if limit is not None and limit.citation
            else "bảng thời hạn không có quy định gia hạn"
        )
        raise ClockError(f"Vụ việc loại {clock.kind.label} không được gia hạn thời hạn giải quyết ({why})")
    if clock.accepted_on is None:
        raise ClockError("Chưa thụ lý nên chưa thể gia hạn giải quyết")
    if len(clock.extensions) > limit.max_extensions:
        raise ClockError(
            f"Đã gia hạn {len(clock.extensions)} lần, vượt quá {limit.max_extensions} lần "
            f"cho phép ({limit.citation})"
        )
    for ext in clock.extensions:
        if not ext.decision_no or not str(ext.decision_no).strip():
            raise ClockError(f"Mỗi lần gia hạn phải có số quyết định bằng văn bản ({limit.citation})")
        if isinstance(ext.days, bool) or not isinstance(ext.days, int) or ext.days <= 0:
            raise ClockError(f"Số ngày gia hạn không hợp lệ: {ext.days!r}")
        if ext.days > limit.max_days_each:
            raise ClockError(
                f"Gia hạn {ext.days} ngày (quyết định {ext.decision_no}) vượt quá "
                f"{limit.max_days_each} ngày mỗi lần ({limit.citation})"
            )
        if ext.decided_on < clock.accepted_on:
            raise ClockError(f"Quyết định gia hạn {ext.decision_no} trước ngày thụ lý")


class _Count(NamedTuple):
    due: date
    skipped: list[date]
    suspended: list[int]
    """Days not counted per suspension (same order as the spans given)."""
    nominal_end: date
    """Where the period ends before moving past non-working days (plain days) or ``due``."""


def _run(
    calendar: WorkingCalendar,
    unit: str,
    start: date,
    count: int,
    spans: Sequence[Suspension],
    as_of: date | None,
) -> _Count:
    """Count ``count`` ``unit`` after ``start``, not counting suspended days."""
    suspended: list[int] = []
    ordered = sorted(spans)
    if unit == "working_days":
        due = calendar.add_working_days(start, count)[0]
        for span in ordered:
            if span.start > due:
                break
            suspended.append(calendar.working_days_in(span.start, _span_end(span, as_of)))
            due = calendar.add_working_days(start, count + sum(suspended))[0]
        due, skipped = calendar.add_working_days(start, count + sum(suspended))
        return _Count(due, skipped, suspended, due)
    end = start + timedelta(days=count)
    for span in ordered:
        if span.start > end:
            break
        suspended.append((_span_end(span, as_of) - span.start).days + 1)
        end = start + timedelta(days=count + sum(suspended))
    due, skipped = calendar.add_calendar_days(start, count + sum(suspended))
    return _Count(due, skipped, suspended, end)


def _span_end(span: Suspension, as_of: date | None) -> date:
    if span.end is not None:
        return span.end
    return as_of if as_of is not None and as_of > span.start else span.start


def _check_extension_times(
    rule: DeadlineRule,
    clock: CaseClock,
    calendar: WorkingCalendar,
    rules: RuleSet,
    start: date,
    spans: Sequence[Suspension],
) -> None:
    """Each extension must be decided before the deadline it extends had passed."""
    ordered = sorted(clock.extensions, key=lambda x: x.decided_on)
    limit = rules.extension_limit(clock.kind, clock.flags)
    citation = limit.citation if limit is not None else rule.citation
    for k, ext in enumerate(ordered):
        total = rule.count + sum(x.days for x in ordered[:k])
        current = _run(calendar, rule.unit, start, total, spans, None).due
        if ext.decided_on > current:
            raise ClockError(
                f"Quyết định gia hạn {ext.decision_no} ngày {_d(ext.decided_on)} ban hành sau khi đã "
                f"hết hạn giải quyết {_d(current)}; chỉ được gia hạn trước khi hết thời hạn ({citation})"
            )


def _due_for(
    rule: DeadlineRule,
    clock: CaseClock,
    calendar: WorkingCalendar,
    rules: RuleSet,
    start: date,
    basis: str,
    provisional: bool,
    as_of: date | None,
) -> DueDate:
    resolving = rule.step == "resolve"
    extensions = tuple(clock.extensions) if resolving else ()
    spans = tuple(sorted(clock.suspensions)) if resolving else ()
    if spans and provisional:
        raise ClockError("Chưa thụ lý nên chưa thể tạm đình chỉ việc giải quyết")
    if spans and spans[0].start <= start:
        raise ClockError(f"Tạm đình chỉ phải sau {basis} {_d(start)}")
    if extensions:
        _check_extension_times(rule, clock, calendar, rules, start, spans)
    total = rule.count + sum(x.days for x in extensions)
    counted = _run(calendar, rule.unit, start, total, spans, as_of)
    skipped = tuple((d, calendar.non_working_reason(d) or "") for d in counted.skipped)
    first = start + timedelta(days=1) if rule.unit == "working_days" else counted.nominal_end
    uncertain = tuple(
        (d, calendar.holiday_name(d) or "ngày làm bù", STATUS_LABELS[calendar.source(d)[1]])
        for d in calendar.uncertain_between(first, counted.due)
    )
    paused = any(s.end is None for s in spans)
    latest = None
    if rule.max_count:
        latest = _run(calendar, rule.unit, start, rule.max_count, (), None).due
    basis_of = rules.suspension_rule(clock.kind)
    texts = [
        SpanText(s.start, s.end, n, basis_of.citation if basis_of else "", (s.end is None and as_of) or None)
        for s, n in zip(spans, counted.suspended, strict=False)
    ]
    text = _explain(rule, basis, start, total, extensions, texts, skipped, provisional)
    if latest is not None:
        text = f"{text[:-1]}; có thể kéo dài tối đa {rule.max_count} {UNIT_LABELS[rule.unit]}"
        text += f" (đến {_d(latest)})."
    return DueDate(
        step=rule.step,
        due=counted.due,
        rule_code=rule.code,
        title=rule.title,
        citation=rule.citation,
        start_event=rule.start_event,
        start_date=start,
        count=total,
        unit=rule.unit,
        skipped=skipped,
        explanation=text + uncertain_text(uncertain),
        provisional=provisional or paused,
        paused=paused,
        verify=rule.verify,
        latest=latest,
        extensions=extensions,
        uncertain=uncertain,
    )


def _explain(
    rule: DeadlineRule,
    basis: str,
    start: date,
    total: int,
    extensions: Sequence[Extension],
    spans: Sequence[SpanText],
    skipped: Sequence[tuple[date, str]],
    provisional: bool,
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
        text += suspension_text(span, rule.unit)
    return text + skipped_text(rule.unit, skipped) + "."


def compute_due_dates(
    clock: CaseClock,
    rules: RuleSet,
    calendar: WorkingCalendar,
    *,
    as_of: date | None = None,
    steps: Collection[str] | None = None,
) -> list[DueDate]:
    """Every deadline of the case (or only those of ``steps``), earliest first.

    Rules are those in force on the day of receipt. A step counted from acceptance is estimated
    from the acceptance deadline and marked ``provisional`` while the case is not accepted. A
    reopened case counts its acceptance and resolve steps from the reopening day at the earliest.
    Extensions and suspensions apply to the resolve step; an open suspension counts up to
    ``as_of`` (default: its first day) and marks the due date ``paused``.
    """
    check_clock(clock, rules)
    applicable = rules.rules_for(clock.kind, clock.received_on, clock.flags)
    if steps is not None:
        applicable = [r for r in applicable if r.step in steps]
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
        counted = clock
        if clock.reopened_on is not None and rule.step in RESTARTED_STEPS:
            counted = clock.since_reopening()
            if start < clock.reopened_on:
                start, basis = clock.reopened_on, EVENT_LABELS["reopened"]
        due = _due_for(rule, counted, calendar, rules, start, basis, provisional, as_of)
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
