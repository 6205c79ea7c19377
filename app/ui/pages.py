"""The main window's pages: title, shortcut, who may see each, and how each is built on first show.

Every page module is imported by a factory below (on first show, to keep start-up fast), so the
import graph — and the import-linter contracts over it — see every page; ``missing_pages`` lets the
main window refuse to start when a page module is absent from the build, instead of showing a blank.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from app.bootstrap import Services
from app.domain.permissions import Action, Actor
from app.ui.app_events import AppEvents
from app.ui.tasks import TaskRunner


@dataclass(frozen=True, slots=True)
class PageContext:
    """What a page is built from."""

    services: Services
    events: AppEvents
    user_id: int
    tasks: TaskRunner
    actor: Actor
    parent: QWidget
    office_name: str


PageFactory = Callable[[PageContext], QWidget]


@dataclass(frozen=True, slots=True)
class PageSpec:
    """A navigation entry; ``build`` imports the page's ``module`` the first time it is shown."""

    key: str
    title: str
    shortcut: str
    module: str
    build: PageFactory | None
    """``None`` for the intake form, which the main window builds at once."""
    action: Action | None = None
    """What the signed-in officer must be allowed to do to see the entry; ``None``: everyone."""


def _cases(c: PageContext) -> QWidget:
    from app.ui.cases.case_list_page import CaseListPage

    return CaseListPage(c.services, c.events, c.user_id, c.parent, prefetch=c.tasks)


def _dashboard(c: PageContext) -> QWidget:
    from app.ui.dashboard.dashboard_page import DashboardPage

    return DashboardPage(c.services, c.events, c.parent)


def _catalog(c: PageContext) -> QWidget:
    from app.ui.settings.catalog_page import CatalogPage

    return CatalogPage(c.services, c.events, c.parent)


def _reports(c: PageContext) -> QWidget:
    from app.ui.reports.report_page import ReportPage

    return ReportPage(c.services, c.events, c.parent)


def _consolidation(c: PageContext) -> QWidget:
    from app.ui.consolidation.consolidation_page import ConsolidationPage

    return ConsolidationPage(c.services, c.events, c.parent, tasks=c.tasks)


def _backup(c: PageContext) -> QWidget:
    from app.ui.backup.backup_page import BackupPage

    return BackupPage(c.services, c.events, c.parent)


def _calendar(c: PageContext) -> QWidget:
    from app.ui.deadlines.calendar_page import CalendarPage

    return CalendarPage(c.services, c.events, c.user_id, c.parent)


def _escalation(c: PageContext) -> QWidget:
    from app.ui.deadlines.escalation_page import EscalationPage

    return EscalationPage(c.services, c.events, c.user_id, c.parent)


def _imports(c: PageContext) -> QWidget:
    from app.ui.imports.import_page import ImportPage

    return ImportPage(c.services, c.events, c.user_id, c.parent)


def _calls(c: PageContext) -> QWidget:
    from app.ui.calls.unmatched_page import UnmatchedCallsPage

    return UnmatchedCallsPage(c.services, c.events, c.user_id, c.tasks, c.parent)


def _audit(c: PageContext) -> QWidget:
    from app.ui.audit.audit_page import AuditPage

    return AuditPage(
        c.services.audit_query, c.services.audit, c.actor, c.tasks, c.parent, office_name=c.office_name
    )


PAGES: tuple[PageSpec, ...] = (
    PageSpec("intake", "Tiếp nhận", "Ctrl+1", "app.ui.intake.intake_form", None, Action.LOG_CASE),
    PageSpec("cases", "Danh sách", "Ctrl+2", "app.ui.cases.case_list_page", _cases, Action.READ_CONTENT),
    PageSpec("dashboard", "Tổng quan", "Ctrl+3", "app.ui.dashboard.dashboard_page", _dashboard, Action.READ_CONTENT),
    PageSpec("catalog", "Danh mục", "Ctrl+4", "app.ui.settings.catalog_page", _catalog, Action.MANAGE_CATALOGUES),
    PageSpec("reports", "Báo cáo", "Ctrl+5", "app.ui.reports.report_page", _reports, Action.EXPORT),
    PageSpec("consolidation", "Tổng hợp đơn vị", "Ctrl+Shift+5", "app.ui.consolidation.consolidation_page",
             _consolidation, Action.EXPORT),
    PageSpec("backup", "Sao lưu & khôi phục", "Ctrl+6", "app.ui.backup.backup_page", _backup, Action.MANAGE_SETTINGS),
    PageSpec("calendar", "Lịch làm việc", "Ctrl+7", "app.ui.deadlines.calendar_page", _calendar),
    PageSpec("escalation", "Cảnh báo quá hạn", "Ctrl+8", "app.ui.deadlines.escalation_page", _escalation, Action.VIEW_ALL),
    PageSpec("imports", "Nhập dữ liệu", "Ctrl+9", "app.ui.imports.import_page", _imports, Action.LOG_CASE),
    PageSpec("calls", "Cuộc gọi chưa ghi nhận", "Ctrl+M", "app.ui.calls.unmatched_page", _calls, Action.LOG_CASE),
    PageSpec("audit", "Nhật ký hệ thống", "Ctrl+0", "app.ui.audit.audit_page", _audit, Action.VIEW_AUDIT),
)  # fmt: skip
DETAIL_MODULE = "app.ui.cases.case_detail_dialog"


def missing_pages() -> list[str]:
    """Page modules this build lacks (found without importing them)."""
    modules = [spec.module for spec in PAGES] + [DETAIL_MODULE]
    return [m for m in modules if importlib.util.find_spec(m) is None]
