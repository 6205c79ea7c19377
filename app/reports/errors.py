"""Errors the report writers raise, with messages an officer can act on."""

from __future__ import annotations


class ReportError(Exception):
    """Base class of report errors."""


class ReportWriteError(ReportError):
    """The target file cannot be written (open in Excel or a PDF reader, read-only, disk full)."""


class ReportCancelled(ReportError):
    """The officer cancelled the export; no file was left behind."""

    def __init__(self, message: str = "Đã hủy xuất báo cáo.") -> None:
        super().__init__(message)
