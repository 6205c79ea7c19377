"""Pure report writers (PDF in the Nghị định 30 layout, Excel) over one report object.

The writers load openpyxl and reportlab, which take a second to import: they are resolved on
first use (PEP 562), so importing the report types at start-up stays cheap.
"""

from typing import Any

from app.reports.errors import ReportCancelled, ReportError, ReportWriteError
from app.reports.types import (
    CaseRow,
    ComparisonRow,
    CountRow,
    CountTable,
    DepartmentPerformance,
    DocumentHeader,
    MonthlyPoint,
    NoteSection,
    PeriodicReport,
    Recipients,
    Signature,
    TopicCount,
    UnitXld01,
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
    "NoteSection",
    "PeriodicReport",
    "Recipients",
    "ReportCancelled",
    "ReportError",
    "ReportWriteError",
    "Signature",
    "TopicCount",
    "UnitXld01",
    "Xld01Summary",
    "write_report_pdf",
    "write_report_xlsx",
]


def __getattr__(name: str) -> Any:
    if name == "write_report_xlsx":
        from app.reports.excel_report import write_report_xlsx

        return write_report_xlsx
    if name == "write_report_pdf":
        from app.reports.pdf_report import write_report_pdf

        return write_report_pdf
    raise AttributeError(name)
