"""The legal due policy: a case's deadline from the rule table and the office calendar (DOMAIN §4)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.deadline_rules import FLAG_NAMES, RuleSet
from app.domain.deadlines import (
    RESTARTED_STEPS,
    CaseClock,
    DueDate,
    Extension,
    Suspension,
    compute_due_dates,
)
from app.domain.enums import CaseKind, Channel
from app.models import Case, CaseExtension, CaseSuspension
from app.services.core.due_dates import ClockDue, DueInfo
from app.services.deadlines.deadline_store import DeadlineSnapshot, DeadlineStore

CASE_FLAGS = ("complex", "very_complex", "remote", "second_instance")
"""Conditions an officer sets on a case (``in_person`` follows the channel)."""


def is_in_person(channel: Channel | str) -> bool:
    """Received in person at the reception office (Luật Tiếp công dân art. 28)."""
    return Channel(channel) is Channel.WALK_IN


def main_due(dues: Sequence[DueDate], clock: CaseClock) -> DueDate | None:
    """The deadline the case list shows and the overdue lists watch.

    The resolve step; but while a case whose resolution counts from acceptance is not yet
    accepted, the acceptance step (the resolve date is only an estimate until then).
    """
    resolve = [d for d in dues if d.step == "resolve"]
    accept = [d for d in dues if d.step == "accept"]
    if resolve and accept and clock.accepted_on is None and resolve[0].start_event == "accepted":
        return accept[0]
    if resolve:
        return resolve[0]
    return dues[0] if dues else None


def rule_text(due: DueDate) -> str:
    """The stored explanation: step title, then the engine's sentence (rule, article, start, skips)."""
    return f"{due.title}: {due.explanation}"


def can_accept(rules: RuleSet, kind: CaseKind, received_on: date) -> bool:
    """Whether the kind has a formal acceptance (thụ lý) from which a deadline counts."""
    return any(
        r.kind is kind and r.start_event == "accepted" and r.in_force(received_on) for r in rules.rules
    )


def relevant_flags(rules: RuleSet, kind: CaseKind) -> frozenset[str]:
    """Case conditions that change some deadline or extension limit of ``kind``."""
    found = {
        name for r in rules.rules if r.kind is kind for name in FLAG_NAMES if getattr(r, name) is not None
    }
    found |= {x.condition for x in rules.extension_limits if x.kind is kind and x.condition != "any"}
    if "complex" in found:
        found.add("very_complex")
    if "very_complex" in found:
        found.add("complex")
    return frozenset(found & set(CASE_FLAGS))


def case_clock(session: Session, case: Case) -> CaseClock:
    """The clock of a stored case, with its extensions and suspensions."""
    extensions = session.execute(
        select(CaseExtension.decision_no, CaseExtension.decided_on, CaseExtension.days)
        .where(CaseExtension.case_id == case.id)
        .order_by(CaseExtension.decided_on, CaseExtension.id)
    ).all()
    suspensions = session.execute(
        select(CaseSuspension.start_on, CaseSuspension.end_on)
        .where(CaseSuspension.case_id == case.id)
        .order_by(CaseSuspension.start_on)
    ).all()
    return make_clock(
        case.kind,
        case.channel,
        case.received_at,
        case.accepted_on,
        {name: bool(getattr(case, name)) for name in CASE_FLAGS},
        [Extension(*x) for x in extensions],
        [Suspension(*x) for x in suspensions],
        reopened_on=case.reopened_on,
    )


def make_clock(
    kind: CaseKind | str,
    channel: Channel | str,
    received_at: datetime | date,
    accepted_on: date | None,
    flags: dict[str, bool],
    extensions: Sequence[Extension] = (),
    suspensions: Sequence[Suspension] = (),
    *,
    reopened_on: date | None = None,
) -> CaseClock:
    received_on = received_at.date() if isinstance(received_at, datetime) else received_at
    return CaseClock(
        kind=CaseKind(kind),
        received_on=received_on,
        accepted_on=accepted_on,
        in_person=is_in_person(channel),
        written=Channel(channel).is_written,
        extensions=tuple(extensions),
        suspensions=tuple(suspensions),
        reopened_on=reopened_on,
        **flags,
    )


class LegalDuePolicy:
    """Due dates from the stored rule table and calendar; the DuePolicy of the register."""

    def __init__(self, store: DeadlineStore) -> None:
        self._store = store
        self._new_case_dues: dict[tuple[CaseKind, bool, date], DueInfo] = {}
        self._dues_of: DeadlineSnapshot | None = None

    @property
    def snapshot(self) -> DeadlineSnapshot:
        return self._store.snapshot()

    def due_for(self, kind: CaseKind, channel: Channel, received_at: datetime) -> DueInfo:
        """Deadline of a new case (nothing known yet but kind, channel and time of receipt).

        Remembered per (kind, in person, day) for the rule table and calendar in force: the
        officer's save asks the same question all day long.
        """
        snapshot = self._store.snapshot()
        if snapshot is not self._dues_of:
            self._new_case_dues, self._dues_of = {}, snapshot
        clock = make_clock(kind, channel, received_at, None, {})
        key = (clock.kind, clock.in_person, clock.received_on)
        known = self._new_case_dues.get(key)
        if known is None:
            found = clock_due(compute_due_dates(clock, snapshot.rules, snapshot.calendar), clock)
            assert found.due is not None  # a new case is never suspended
            known = self._new_case_dues[key] = DueInfo(found.due, found.rule)
            if len(self._new_case_dues) > 4096:  # an import spanning years: keep memory bounded
                self._new_case_dues.clear()
        return known

    def due_for_clock(self, clock: CaseClock) -> ClockDue:
        """Main deadline of a case from its whole clock; raises ClockError on impossible facts."""
        snapshot = self._store.snapshot()
        return clock_due(compute_due_dates(clock, snapshot.rules, snapshot.calendar), clock)

    def due_dates(self, clock: CaseClock, as_of: date | None = None) -> list[DueDate]:
        """Every deadline of the case, earliest first (for the detail screen and the CLI)."""
        snapshot = self._store.snapshot()
        return compute_due_dates(clock, snapshot.rules, snapshot.calendar, as_of=as_of)

    def due_soon_limit(self, today: date) -> date:
        """Last day that still counts as due soon (setting, default 3 working days)."""
        snapshot = self._store.snapshot()
        return snapshot.calendar.add_working_days(today, snapshot.due_soon_days)[0]


def reopened_text(reopened_on: date) -> str:
    """What the stored explanation of a reopened case starts with."""
    return f"Mở lại ngày {reopened_on:%d/%m/%Y} vì công dân chưa hài lòng. "


def clock_due(dues: Sequence[DueDate], clock: CaseClock) -> ClockDue:
    """Stored form of the main deadline: no date while the clock is stopped.

    Every writer of a case's deadline (a save, the reopening, the bulk recompute) goes through
    here, so the same clock always gives the same stored date and words.
    """
    main = main_due(dues, clock)
    if main is None:
        return ClockDue(None, "Không có thời hạn áp dụng cho vụ việc này.", "", False)
    text = rule_text(main)
    if clock.reopened_on is not None and main.step in RESTARTED_STEPS:
        text = reopened_text(clock.reopened_on) + text
    return ClockDue(None if main.paused else main.due, text, main.step, main.paused)
