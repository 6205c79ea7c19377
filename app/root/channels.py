"""Cases from outside the desk: file imports, the duty phone's call log, the re-entry export."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from app.root.cases import CaseServices

if TYPE_CHECKING:
    from app.services.calls.call_service import CallLogService
    from app.services.channels.import_service import ImportService
    from app.services.channels.reentry_export import ReentryExportService


class ChannelServices(CaseServices):
    """Built (and their parsers imported) the first time they are used; imports check duplicates."""

    @cached_property
    def imports(self) -> ImportService:
        """File imports: built (and their parsers imported) the first time they are used."""
        from app.services.channels.import_service import ImportService

        hook = self.deadline_hook
        return ImportService(
            self.sessions, self.office_id, self.due_policy, self.duplicates, self.clock,
            case_defaults=hook.apply_target, audit=self.audit, signed_in=self.signed_in,
        )  # fmt: skip

    @cached_property
    def calls(self) -> CallLogService:
        """The duty phone's call log and SMS reconciled against the register (issue 16)."""
        from app.services.calls.call_service import CallLogService

        return CallLogService(self.sessions, lambda: self.calendar, self.clock, signed_in=self.signed_in)

    @cached_property
    def reentry(self) -> ReentryExportService:
        """Re-entry export, built on first use like the imports."""
        from app.services.channels.reentry_export import ReentryExportService

        return ReentryExportService(self.sessions, self.clock, audit=self.audit, signed_in=self.signed_in)
