"""Qt-free composition root: settings → engine → migrations → services (used by GUI and CLI)."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker

from app.db import migrate
from app.db.engine import make_engine, make_sessions
from app.domain.working_calendar import WorkingCalendar
from app.services.accounts.auth_service import AuthService
from app.services.accounts.signed_in import SignedIn
from app.services.audit.audit_service import AuditService
from app.services.cases.attachment_service import AttachmentService
from app.services.cases.case_detail import CaseDetailQuery
from app.services.cases.case_query import CaseQuery
from app.services.cases.case_service import CaseService
from app.services.cases.dashboard_service import DashboardService
from app.services.cases.draft_store import DraftStore
from app.services.cases.duplicate_service import DuplicateService
from app.services.cases.merge_service import MergeService
from app.services.cases.seal_service import SealService
from app.services.catalog.catalog_service import CatalogService
from app.services.catalog.seed_service import OfficeSetup, ensure_office
from app.services.core.db_errors import describe
from app.services.core.errors import DatabaseError, ServiceError
from app.services.deadlines.calendar_service import CalendarService
from app.services.deadlines.clock_service import ClockService
from app.services.deadlines.deadline_hook import CaseDeadlineHook
from app.services.deadlines.deadline_recompute import DeadlineRecompute
from app.services.deadlines.deadline_service import DeadlineService
from app.services.deadlines.deadline_store import MAX_AGE_S, DeadlineStore
from app.services.deadlines.escalation_service import EscalationService
from app.services.deadlines.legal_due_policy import LegalDuePolicy
from app.services.deadlines.target_service import TargetService
from app.services.reports.output_log import OutputLog
from app.settings import Settings

if TYPE_CHECKING:
    from app.services.channels.import_service import ImportService
    from app.services.channels.reentry_export import ReentryExportService


def _not_wired() -> Any:
    raise RuntimeError("this service was not wired by build_services")


@dataclass
class Services:
    """Everything the screens and commands use, built once per process."""

    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    office_id: int
    due_policy: LegalDuePolicy
    cases: CaseService
    query: CaseQuery
    detail: CaseDetailQuery
    catalog: CatalogService
    dashboard: DashboardService
    attachments: AttachmentService
    drafts: DraftStore
    deadline_store: DeadlineStore
    deadlines: DeadlineService
    work_calendar: CalendarService
    case_clock: ClockService
    escalation: EscalationService
    targets: TargetService
    duplicates: DuplicateService
    merges: MergeService
    audit: AuditService
    auth: AuthService
    seal: SealService
    signed_in: SignedIn
    """The officer this process serves; guarded services check him (nobody: command line)."""
    outputs: OutputLog
    make_imports: Callable[[], ImportService] = field(repr=False, default=_not_wired)
    make_reentry: Callable[[], ReentryExportService] = field(repr=False, default=_not_wired)

    @cached_property
    def imports(self) -> ImportService:
        """File imports: built (and their parsers imported) the first time they are used."""
        return self.make_imports()

    @cached_property
    def reentry(self) -> ReentryExportService:
        """Re-entry export, built on first use like the imports."""
        return self.make_reentry()

    @property
    def calendar(self) -> WorkingCalendar:
        """The working-day calendar in force now (package + shipped swaps + office overrides)."""
        return self.deadline_store.snapshot().calendar

    def close(self) -> None:
        self.engine.dispose()


def open_database(settings: Settings) -> Engine:
    """Open (creating if needed) and migrate the database; DatabaseError in plain Vietnamese."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    sqlite_path = settings.sqlite_path
    if sqlite_path is not None:
        sqlite_path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.db_url)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        revision = migrate.current_revision(engine)
        if not migrate.is_known_revision(engine, revision):
            raise DatabaseError(
                "Cơ sở dữ liệu được tạo bởi phiên bản chương trình mới hơn. Hãy cập nhật chương trình."
            )
        if migrate.needs_upgrade(engine):
            _upgrade(engine, settings, revision)
    except DatabaseError:
        engine.dispose()
        raise
    except Exception as error:
        engine.dispose()
        raise DatabaseError(describe(error)) from error
    return engine


def _upgrade(engine: Engine, settings: Settings, revision: str | None) -> None:
    """Back an existing SQLite file up, then migrate; a failed migration changes nothing."""
    if settings.sqlite_path is None or revision is None:
        migrate.upgrade(engine)
        return
    from app.services.backup.backup_service import backup_before_upgrade  # only when there is an upgrade

    try:
        saved = backup_before_upgrade(engine, settings.data_dir)
    except ServiceError as error:
        raise DatabaseError(
            f"Chưa cập nhật cấu trúc dữ liệu vì không sao lưu được trước: {error.message}"
        ) from error
    try:
        migrate.upgrade(engine)
    except Exception as error:
        raise DatabaseError(
            f"Cập nhật cấu trúc dữ liệu không thành công; dữ liệu vẫn như trước (bản sao lưu: {saved.path}). "
            f"Chi tiết: {describe(error)}"
        ) from error


def build_services(
    settings: Settings,
    *,
    setup: OfficeSetup | None = None,
    clock: Callable[[], datetime] = datetime.now,
    today: Callable[[], date] = date.today,
) -> Services:
    """Open the database and wire every service; the one place objects are constructed."""
    engine = open_database(settings)
    sessions = make_sessions(engine)
    office_id = ensure_office(sessions, setup)
    store = DeadlineStore(sessions, max_age=MAX_AGE_S if engine.dialect.name == "postgresql" else math.inf)
    store.open()
    due_policy = LegalDuePolicy(store)
    deadline_hook = CaseDeadlineHook(store, due_policy)
    deadline_hook.install(sessions)
    audit = AuditService(engine, sessions, clock)
    audit.install(sessions)
    recompute = DeadlineRecompute(engine, store)
    signed_in = SignedIn(sessions, audit)
    query = CaseQuery(sessions, due_policy, today, signed_in)
    duplicates = DuplicateService(sessions, clock, signed_in)
    catalog = CatalogService(sessions, office_id, signed_in)
    return Services(
        settings=settings,
        engine=engine,
        sessions=sessions,
        office_id=office_id,
        due_policy=due_policy,
        cases=CaseService(
            sessions,
            office_id,
            due_policy,
            clock,
            audit=audit,
            targets=deadline_hook.target_values,
            signed_in=signed_in,
        ),
        query=query,
        detail=CaseDetailQuery(sessions, due_policy, settings.attachments_dir, today, signed_in),
        catalog=catalog,
        dashboard=DashboardService(sessions, due_policy, query, today, signed_in),
        attachments=AttachmentService(sessions, settings.attachments_dir, clock, signed_in),
        drafts=DraftStore(settings.drafts_dir),
        deadline_store=store,
        deadlines=DeadlineService(sessions, store, due_policy, recompute, today, signed_in),
        work_calendar=CalendarService(sessions, store, recompute.run, clock, signed_in),
        case_clock=ClockService(sessions, due_policy, clock, signed_in),
        escalation=EscalationService(sessions, due_policy, today, signed_in),
        targets=TargetService(sessions, store, recompute.run, clock, signed_in),
        duplicates=duplicates,
        make_imports=lambda: _imports(
            sessions, office_id, due_policy, duplicates, clock, deadline_hook, audit, signed_in
        ),
        merges=MergeService(sessions, clock, signed_in),
        make_reentry=lambda: _reentry(sessions, clock, audit, signed_in),
        audit=audit,
        auth=AuthService(sessions, audit, clock),
        seal=SealService(sessions, audit, clock, settings.attachments_dir),
        signed_in=signed_in,
        outputs=OutputLog(audit, signed_in),
    )


def _imports(
    sessions: sessionmaker[Session],
    office_id: int,
    due_policy: LegalDuePolicy,
    duplicates: DuplicateService,
    clock: Callable[[], datetime],
    hook: CaseDeadlineHook,
    audit: AuditService,
    signed_in: SignedIn,
) -> ImportService:
    from app.services.channels import import_service  # spreadsheet readers: not at start-up

    return import_service.ImportService(
        sessions, office_id, due_policy, duplicates, clock,
        case_defaults=hook.apply_target, audit=audit, signed_in=signed_in,
    )  # fmt: skip


def _reentry(
    sessions: sessionmaker[Session], clock: Callable[[], datetime], audit: AuditService, signed_in: SignedIn
) -> ReentryExportService:
    from app.services.channels import reentry_export

    return reentry_export.ReentryExportService(sessions, clock, audit=audit, signed_in=signed_in)
