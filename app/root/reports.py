"""What the chief signs and sends up: the output log, periodic report, register, per-case forms,
report packages and their consolidation."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from app.root.base import ServiceRoot

if TYPE_CHECKING:
    from app.services.consolidation.consolidation_service import ConsolidationService
    from app.services.reports.forms_service import FormsService
    from app.services.reports.output_log import OutputLog
    from app.services.reports.register_service import RegisterService
    from app.services.reports.report_service import ReportService


class ReportServices(ServiceRoot):
    """Built on first use (the report writers imported only then)."""

    @cached_property
    def outputs(self) -> OutputLog:
        """Every export and print, in the audit log."""
        from app.services.reports.output_log import OutputLog

        return OutputLog(self.audit, self.signed_in)

    @cached_property
    def reports(self) -> ReportService:
        """The periodic report (Biểu 01/XLD and the summary the chief signs)."""
        from app.services.reports.report_service import ReportService

        return ReportService(self.engine, self.office_id, self.today, signed_in=self.signed_in)

    @cached_property
    def consolidation(self) -> ConsolidationService:
        """Report packages beside the chief's exports and «Tổng hợp báo cáo đơn vị»."""
        from app.services.consolidation.consolidation_service import ConsolidationService

        return ConsolidationService(
            self.engine, self.office_id, self.settings.data_dir, self.reports, signed_in=self.signed_in
        )

    @cached_property
    def registers(self) -> RegisterService:
        """The Sổ tiếp công dân / register of cases for a period."""
        from app.services.reports.register_service import RegisterService

        return RegisterService(self.engine, self.office_id, self.today, signed_in=self.signed_in)

    @cached_property
    def forms(self) -> FormsService:
        """The printed forms of one case (phiếu chuyển, thông báo…)."""
        from app.services.reports.forms_service import FormsService

        return FormsService(self.sessions, self.office_id, self.clock, signed_in=self.signed_in)
