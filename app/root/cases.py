"""The register's services: list and search, intake, duplicates, drafts, the case file and what
acts on it (attachments, merges, seal, conflicts), the dashboard, the change marker, the samples."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from app.root.base import ServiceRoot

if TYPE_CHECKING:
    from app.services.cases.attachment_service import AttachmentService
    from app.services.cases.case_detail import CaseDetailQuery
    from app.services.cases.case_query import CaseQuery
    from app.services.cases.case_service import CaseService
    from app.services.cases.conflict_service import ConflictService
    from app.services.cases.dashboard_service import DashboardService
    from app.services.cases.draft_store import DraftStore
    from app.services.cases.duplicate_service import DuplicateService
    from app.services.cases.merge_service import MergeService
    from app.services.cases.seal_service import SealService
    from app.services.core.change_watch import ChangeWatch
    from app.services.demo.demo_service import DemoService


class CaseServices(ServiceRoot):
    """Built on first use (their modules imported only then): ``find`` builds the query alone."""

    @cached_property
    def query(self) -> CaseQuery:
        """Lists and searches of the register (the list page, ``hotline-desk find``)."""
        from app.services.cases.case_query import CaseQuery

        return CaseQuery(self.sessions, self.due_policy, self.today, signed_in=self.signed_in)

    @cached_property
    def cases(self) -> CaseService:
        """Intake and the handling of a case: one action, one transaction."""
        from app.services.cases.case_service import CaseService

        return CaseService(self.sessions, self.office_id, self.due_policy, self.clock, audit=self.audit,
                           targets=self.deadline_hook.target_values, signed_in=self.signed_in)  # fmt: skip

    @cached_property
    def duplicates(self) -> DuplicateService:
        from app.services.cases.duplicate_service import DuplicateService

        return DuplicateService(self.sessions, self.clock, signed_in=self.signed_in)

    @cached_property
    def drafts(self) -> DraftStore:
        """The intake form's draft, written at every keystroke."""
        from app.services.cases.draft_store import DraftStore

        return DraftStore(self.settings.drafts_dir)

    @cached_property
    def detail(self) -> CaseDetailQuery:
        from app.services.cases.case_detail import CaseDetailQuery

        return CaseDetailQuery(self.sessions, self.due_policy, self.settings.attachments_dir, self.today,
                               signed_in=self.signed_in)  # fmt: skip

    @cached_property
    def dashboard(self) -> DashboardService:
        from app.services.cases.dashboard_service import DashboardService

        return DashboardService(self.sessions, self.due_policy, self.query, self.today,
                                signed_in=self.signed_in)  # fmt: skip

    @cached_property
    def attachments(self) -> AttachmentService:
        from app.services.cases.attachment_service import AttachmentService

        return AttachmentService(self.sessions, self.settings.attachments_dir, self.clock,
                                 signed_in=self.signed_in)  # fmt: skip

    @cached_property
    def merges(self) -> MergeService:
        from app.services.cases.merge_service import MergeService

        return MergeService(self.sessions, self.clock, signed_in=self.signed_in)

    @cached_property
    def seal(self) -> SealService:
        from app.services.cases.seal_service import SealService

        return SealService(self.sessions, self.audit, self.clock, self.settings.attachments_dir,
                           signed_in=self.signed_in)  # fmt: skip

    @cached_property
    def conflicts(self) -> ConflictService:
        """What another officer changed meanwhile, when a save meets a newer version."""
        from app.services.cases.conflict_service import ConflictService

        return ConflictService(self.detail)

    @cached_property
    def changes(self) -> ChangeWatch:
        """The marker that tells the lists another computer changed the register."""
        from app.services.core.change_watch import ChangeWatch

        return ChangeWatch(self.engine)

    @cached_property
    def demo(self) -> DemoService:
        """Sample cases for trying the app (``hotline-desk demo``)."""
        from app.services.demo.demo_service import DemoService

        return DemoService(
            self.engine, self.sessions, self.office_id, self.due_policy, signed_in=self.signed_in
        )
