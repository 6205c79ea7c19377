"""Keeps a case's target date, and its legal deadline on reclassification, right at every save.

The register's services save cases without knowing about target profiles or the clock facts
(acceptance, extensions…). Rather than teach each of them, this hook runs in the same flush:
a new case gets its target; a case whose kind, channel, field, urgency or time of receipt
changed gets its target and its legal deadline recomputed from its whole clock.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session, sessionmaker

from app.domain.deadlines import ClockError
from app.models import Case
from app.services.core.errors import ValidationError
from app.services.deadlines.deadline_store import DeadlineStore
from app.services.deadlines.legal_due_policy import LegalDuePolicy, case_clock
from app.services.deadlines.target_service import match_profile, target_for

_LEGAL = ("kind", "channel", "received_at")
_TARGET = ("kind", "channel", "field_id", "urgency", "received_at")


class CaseDeadlineHook:
    """``before_flush`` listener installed on one session factory (see bootstrap)."""

    def __init__(self, store: DeadlineStore, policy: LegalDuePolicy) -> None:
        self._store = store
        self._policy = policy

    def install(self, sessions: sessionmaker[Session]) -> None:
        event.listen(sessions, "before_flush", self._before_flush)

    def _before_flush(self, session: Session, _context: Any, _instances: Any) -> None:
        for obj in list(session.new):
            if isinstance(obj, Case) and obj.received_at is not None:
                self.apply_target(obj)
        for obj in list(session.dirty):
            if not isinstance(obj, Case):
                continue
            state = inspect(obj)
            changed = {name for name in _TARGET if state.attrs[name].history.has_changes()}
            if changed & set(_LEGAL):
                with session.no_autoflush:
                    self._apply_legal(session, obj)
            if changed:
                self.apply_target(obj)

    def apply_target(self, case: Case) -> None:
        case.target_date, case.target_rule = self.target_values(
            case.kind, case.channel, case.field_id, case.urgency or "normal", case.received_at
        )

    def target_values(
        self, kind: str, channel: str, field_id: int | None, urgency: str, received_at: datetime
    ) -> tuple[date | None, str]:
        """The office's target date and its explanation for a case with these facts."""
        snapshot = self._store.snapshot()
        profile = match_profile(snapshot.profiles, kind, channel, field_id, urgency)
        if profile is None:
            return None, ""
        return target_for(profile, received_at.date(), snapshot.calendar)

    def _apply_legal(self, session: Session, case: Case) -> None:
        try:
            found = self._policy.due_for_clock(case_clock(session, case))
        except ClockError as error:
            raise ValidationError("kind", f"Không thể đổi như vậy: {error}") from None
        case.due_date, case.due_rule = found.due, found.rule
