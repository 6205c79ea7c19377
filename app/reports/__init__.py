"""Pure report writers (PDF in the Nghị định 30 layout, Excel) over one report object."""

from app.reports.errors import ReportCancelled, ReportError, ReportWriteError
from app.reports.excel_report import write_report_xlsx
from app.reports.pdf_report import write_report_pdf
from app.reports.types import (
    CaseRow,
    ComparisonRow,
    CountRow,
    CountTable,
    DepartmentPerformance,
    DocumentHeader,
    MonthlyPoint,
    PeriodicReport,
    Recipients,
    Signature,
    TopicCount,
    Xld01Summary,
)

__all__ = [
    "CaseRow",
    "ComparisonRow",
    "CountRow",
    "CountTable",
    "DepartmentPerformance",
    "DocumentHeader",
    "MonthlyPoint",
    "PeriodicReport",
    "Recipients",
    "ReportCancelled",
    "ReportError",
    "ReportWriteError",
    "Signature",
    "TopicCount",
    "Xld01Summary",
    "write_report_pdf",
    "write_report_xlsx",
]
