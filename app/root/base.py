"""What every process holds from the start: settings, engine, sessions, clocks, the deadline
table and its hook, the audit log and the signed-in officer; the capability parts build on it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker

    from app.domain.working_calendar import WorkingCalendar
    from app.services.accounts.signed_in import SignedIn
    from app.services.audit.audit_service import AuditService
    from app.services.deadlines.deadline_hook import CaseDeadlineHook
    from app.services.deadlines.deadline_store import DeadlineStore
    from app.services.deadlines.legal_due_policy import LegalDuePolicy
    from app.settings import Settings


@dataclass
class ServiceRoot:
    """The parts of ``Services`` every other service is built from (built with the process)."""

    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    office_id: int
    clock: Callable[[], datetime]
    today: Callable[[], date]
    due_policy: LegalDuePolicy
    deadline_store: DeadlineStore
    audit: AuditService
    signed_in: SignedIn
    """The officer this process serves; every guarded service checks him (nobody: refused, except
    in a process built with a command-line identity)."""
    deadline_hook: CaseDeadlineHook = field(repr=False)

    @property
    def calendar(self) -> WorkingCalendar:
        """The working-day calendar in force now (package + shipped swaps + office overrides)."""
        return self.deadline_store.snapshot().calendar

    def close(self) -> None:
        self.engine.dispose()
