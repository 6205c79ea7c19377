"""Biểu 01/XLD cross-checks on the report screen: a warning that stays, and a confirm before export."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from app.reports.types import PeriodicReport
from app.ui import ask
from app.ui.widgets.notice_bar import NoticeBar, NoticeKind


def _tr(text: str) -> str:
    return QCoreApplication.translate("CrossChecks", text)


def show_failures(notice: NoticeBar, report: PeriodicReport) -> list[str]:
    """Show the failed checks of ``report`` in ``notice`` (hidden when all pass); returns them."""
    failures = report.xld01.cross_checks() if report.xld01 is not None else []
    if failures:
        head = _tr("Biểu 01/XLD: số liệu chưa khớp, cần kiểm tra trước khi ký")
        notice.show_message(NoticeKind.WARNING, "\n".join([head, *(f"• {f}" for f in failures)]))
    else:
        notice.clear_message()
    return failures


def confirm_export(parent: QWidget, notice: NoticeBar, report: PeriodicReport) -> bool:
    """True when every check passes, or the officer chooses to export anyway."""
    failures = show_failures(notice, report)
    if not failures:
        return True
    items = "\n".join(f"• {f}" for f in failures)
    return ask.confirm(
        parent,
        _tr("Số liệu Biểu 01/XLD chưa khớp"),
        _tr("Các kiểm tra chéo của Biểu 01/XLD không đạt:\n\n{items}\n\nVẫn xuất báo cáo?").format(
            items=items
        ),
        yes=_tr("Vẫn xuất"),
        no=_tr("Không xuất"),
    )
