"""What the case screen shows of a case's legal clock, and the words for its history events."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.deadline_rules import RuleSet
from app.domain.enums import CaseKind, CaseStatus, Channel
from app.models import Case, CaseExtension, CaseSuspension
from app.services.deadlines.deadline_dto import CaseClockView, ExtensionView, SuspensionView
from app.services.deadlines.legal_due_policy import CASE_FLAGS, can_accept, case_clock, relevant_flags

FLAG_LABELS = {
    "complex": "phức tạp",
    "very_complex": "đặc biệt phức tạp",
    "remote": "vùng sâu, vùng xa",
    "second_instance": "giải quyết lần hai",
}
CLOCK_ACTION_LABELS = {
    "accepted": "Thụ lý",
    "extended": "Gia hạn giải quyết",
    "suspended": "Tạm đình chỉ",
    "resumed": "Tiếp tục giải quyết",
    "conditions": "Đổi tính chất vụ việc",
}
"""History labels of the events written here (for the case screen's timeline)."""


def clock_view(session: Session, case: Case, rules: RuleSet) -> CaseClockView:
    """The clock facts of ``case`` and which clock actions are possible now."""
    exts = session.scalars(
        select(CaseExtension).where(CaseExtension.case_id == case.id).order_by(CaseExtension.decided_on)
    ).all()
    susps = session.scalars(
        select(CaseSuspension).where(CaseSuspension.case_id == case.id).order_by(CaseSuspension.start_on)
    ).all()
    clock = case_clock(session, case)
    kind, status = CaseKind(case.kind), CaseStatus(case.status)
    limit = rules.extension_limit(kind, clock.flags)
    allowed = limit.max_extensions if limit else 0
    return CaseClockView(
        case_id=case.id,
        number=case.number,
        version=case.version,
        kind=kind,
        channel=Channel(case.channel),
        status=status,
        received_on=clock.received_on,
        accepted_on=case.accepted_on,
        acceptance_no=case.acceptance_no,
        **{name: bool(getattr(case, name)) for name in CASE_FLAGS},
        extensions=tuple(ExtensionView(x.id, x.decision_no, x.decided_on, x.days, x.note) for x in exts),
        suspensions=tuple(
            SuspensionView(s.id, s.start_on, s.end_on, s.decision_no, s.reason, s.resume_no) for s in susps
        ),
        can_accept=status.is_open and case.accepted_on is None and can_accept(rules, kind, clock.received_on),
        relevant_flags=relevant_flags(rules, kind),
        extensions_left=max(0, allowed - len(exts)) if case.accepted_on else 0,
        max_extension_days=limit.max_days_each if limit else 0,
        suspended=any(s.end_on is None for s in susps),
    )
