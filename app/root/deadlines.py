"""The deadline services: rule table, working-day calendar, the case clock, targets, escalation."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from app.root.base import ServiceRoot

if TYPE_CHECKING:
    from app.services.deadlines.calendar_service import CalendarService
    from app.services.deadlines.clock_service import ClockService
    from app.services.deadlines.deadline_recompute import DeadlineRecompute
    from app.services.deadlines.deadline_service import DeadlineService
    from app.services.deadlines.escalation_service import EscalationService
    from app.services.deadlines.target_service import TargetService


class DeadlineServices(ServiceRoot):
    """Built on first use; the rule table itself (``deadline_store``) is read with the process."""

    @cached_property
    def _recompute(self) -> DeadlineRecompute:
        from app.services.deadlines.deadline_recompute import DeadlineRecompute

        return DeadlineRecompute(self.engine, self.deadline_store)

    @cached_property
    def deadlines(self) -> DeadlineService:
        from app.services.deadlines.deadline_service import DeadlineService

        return DeadlineService(self.sessions, self.deadline_store, self.due_policy, self._recompute, self.today,
                               signed_in=self.signed_in)  # fmt: skip

    @cached_property
    def work_calendar(self) -> CalendarService:
        from app.services.deadlines.calendar_service import CalendarService

        recompute = self._recompute.run_after_day_change  # only the cases the changed day can affect
        return CalendarService(
            self.sessions, self.deadline_store, recompute, self.clock, signed_in=self.signed_in
        )

    @cached_property
    def case_clock(self) -> ClockService:
        from app.services.deadlines.clock_service import ClockService

        return ClockService(self.sessions, self.due_policy, self.clock, signed_in=self.signed_in)

    @cached_property
    def escalation(self) -> EscalationService:
        from app.services.deadlines.escalation_service import EscalationService

        return EscalationService(self.sessions, self.due_policy, self.today, signed_in=self.signed_in)

    @cached_property
    def targets(self) -> TargetService:
        from app.services.deadlines.target_service import TargetService

        return TargetService(self.sessions, self.deadline_store, self._recompute.run, self.clock,
                             signed_in=self.signed_in)  # fmt: skip
