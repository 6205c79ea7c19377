"""Qt-free composition root: settings → engine → migrations → services (used by GUI and CLI)."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker

from app.db import migrate
from app.db.engine import make_engine, make_sessions
from app.domain.working_calendar import WorkingCalendar
from app.services.accounts.auth_service import AuthService
from app.services.accounts.signed_in import SignedIn
from app.services.audit.audit_service import AuditService
from app.services.cases.case_query import CaseQuery
from app.services.cases.case_service import CaseService
from app.services.cases.draft_store import DraftStore
from app.services.cases.duplicate_service import DuplicateService
from app.services.catalog.catalog_service import CatalogService
from app.services.catalog.seed_service import OfficeSetup, ensure_office
from app.services.core.db_errors import describe
from app.services.core.errors import DatabaseError, ServiceError
from app.services.core.private_files import make_private, private_dir
from app.services.deadlines.deadline_hook import CaseDeadlineHook
from app.services.deadlines.deadline_store import MAX_AGE_S, DeadlineStore
from app.services.deadlines.legal_due_policy import LegalDuePolicy
from app.services.reports.output_log import OutputLog
from app.settings import Settings

if TYPE_CHECKING:
    from app.services.audit.audit_query import AuditQuery
    from app.services.backup.backup_service import BackupService
    from app.services.calls.call_service import CallLogService
    from app.services.cases.attachment_service import AttachmentService
    from app.services.cases.case_detail import CaseDetailQuery
    from app.services.cases.conflict_service import ConflictService
    from app.services.cases.dashboard_service import DashboardService
    from app.services.cases.merge_service import MergeService
    from app.services.cases.seal_service import SealService
    from app.services.catalog.first_day_service import FirstDayService
    from app.services.channels.import_service import ImportService
    from app.services.channels.reentry_export import ReentryExportService
    from app.services.consolidation.consolidation_service import ConsolidationService
    from app.services.core.change_watch import ChangeWatch
    from app.services.deadlines.calendar_service import CalendarService
    from app.services.deadlines.clock_service import ClockService
    from app.services.deadlines.deadline_recompute import DeadlineRecompute
    from app.services.deadlines.deadline_service import DeadlineService
    from app.services.deadlines.escalation_service import EscalationService
    from app.services.deadlines.target_service import TargetService
    from app.services.demo.demo_service import DemoService
    from app.services.replies.callbacks import CallbackService
    from app.services.replies.first_answer import FirstAnswerService
    from app.services.replies.notices import NoticeService
    from app.services.replies.reply_drafts import ReplyDraftService
    from app.services.replies.reply_letter import ReplyLetterService
    from app.services.replies.reply_templates import ReplyTemplateService
    from app.services.reports.forms_service import FormsService
    from app.services.reports.register_service import RegisterService
    from app.services.reports.report_service import ReportService


@dataclass
class Services:
    """Everything the screens and commands use, built once per process (here and nowhere else).

    The services every screen needs are built with the process; the others (reports, backups,
    imports…) the first time they are used, so their modules are imported only then.
    """

    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    office_id: int
    clock: Callable[[], datetime]
    today: Callable[[], date]
    due_policy: LegalDuePolicy
    cases: CaseService
    query: CaseQuery
    catalog: CatalogService
    drafts: DraftStore
    deadline_store: DeadlineStore
    duplicates: DuplicateService
    audit: AuditService
    auth: AuthService
    signed_in: SignedIn
    """The officer this process serves; every guarded service checks him (nobody: refused, except
    in a process built with a command-line identity)."""
    outputs: OutputLog
    deadline_hook: CaseDeadlineHook = field(repr=False)

    # Built on first use (their modules imported only then): ``find`` and the first screen skip them.
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

    @cached_property
    def reply_drafts(self) -> ReplyDraftService:
        """Reply drafts the chief approves or returns; only an approved one is recorded as sent."""
        from app.services.replies.reply_drafts import ReplyDraftService

        return ReplyDraftService(self.sessions, self.clock, signed_in=self.signed_in)

    @cached_property
    def reply_templates(self) -> ReplyTemplateService:
        """Reply templates per kind and field (shipped data, the office's edits)."""
        from app.services.replies.reply_templates import ReplyTemplateService

        return ReplyTemplateService(self.sessions, self.office_id, self.today, signed_in=self.signed_in)

    @cached_property
    def reply_letters(self) -> ReplyLetterService:
        """The reply letter ready to sign (NĐ 30/2020) from the approved text."""
        from app.services.replies.reply_letter import ReplyLetterService

        return ReplyLetterService(self.sessions, self.office_id, self.clock, signed_in=self.signed_in)

    @cached_property
    def notices(self) -> NoticeService:
        """Thông báo thụ lý / không thụ lý / kết quả giải quyết of a complaint or denunciation."""
        from app.services.replies.notices import NoticeService

        return NoticeService(self.sessions, self.office_id, self.clock, signed_in=self.signed_in)

    @cached_property
    def first_answers(self) -> FirstAnswerService:
        """The first answer that closes a case's notify step."""
        from app.services.replies.first_answer import FirstAnswerService

        return FirstAnswerService(self.sessions, self.due_policy, self.clock, signed_in=self.signed_in)

    @cached_property
    def callbacks(self) -> CallbackService:
        """The satisfaction call-back list after closing; «chưa hài lòng» reopens the case."""
        from app.services.replies.callbacks import CallbackService

        return CallbackService(self.sessions, self.due_policy, self.clock, signed_in=self.signed_in)

    @cached_property
    def backups(self) -> BackupService:
        """Backups and restores of this database into the office's folder."""
        from app.services.backup.backup_service import BackupService

        return BackupService(self.engine, self.settings.data_dir, self.clock, signed_in=self.signed_in)

    @cached_property
    def audit_query(self) -> AuditQuery:
        """The audit log's filters and pages (chief and administrator)."""
        from app.services.audit.audit_query import AuditQuery

        return AuditQuery(self.sessions, signed_in=self.signed_in)

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
    def first_day(self) -> FirstDayService:
        """The office's first-run setup (wizard after the administrator's first sign-in, ``init``)."""
        from app.services.catalog.first_day_service import FirstDayService

        return FirstDayService(self.sessions, self.office_id, signed_in=self.signed_in)

    @cached_property
    def demo(self) -> DemoService:
        """Sample cases for trying the app (``hotline-desk demo``)."""
        from app.services.demo.demo_service import DemoService

        return DemoService(
            self.engine, self.sessions, self.office_id, self.due_policy, signed_in=self.signed_in
        )

    @property
    def calendar(self) -> WorkingCalendar:
        """The working-day calendar in force now (package + shipped swaps + office overrides)."""
        return self.deadline_store.snapshot().calendar

    def close(self) -> None:
        self.engine.dispose()


def open_database(settings: Settings) -> Engine:
    """Open (creating if needed) and migrate the database; DatabaseError in plain Vietnamese.

    The data folder is made 0700 and the database file (with its WAL and SHM) 0600 on POSIX.
    """
    private_dir(settings.data_dir)
    sqlite_path = settings.sqlite_path
    if sqlite_path is not None:
        sqlite_path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.db_url)
    for own in settings.private_files():
        make_private(own)
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
    from app.services.backup.backup_service import BackupService, backup_before_upgrade  # only to upgrade

    sessions = make_sessions(engine)
    system = SignedIn(
        sessions, AuditService(engine, sessions, data_dir=settings.data_dir), command_line="system"
    )
    try:
        saved = backup_before_upgrade(BackupService(engine, settings.data_dir, signed_in=system))
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
    command_line: str | None,
    setup: OfficeSetup | None = None,
    clock: Callable[[], datetime] = datetime.now,
    today: Callable[[], date] = date.today,
) -> Services:
    """Open the database and wire every service; the one place services are constructed.

    ``command_line`` is the identity of a command-line process (``cli_actor()``: it may act without
    an officer, audited under that name); a desktop process passes None, and until an officer signs
    in, every guarded service refuses.
    """
    engine = open_database(settings)
    sessions = make_sessions(engine)
    office_id = ensure_office(sessions, setup)
    store = DeadlineStore(sessions, max_age=MAX_AGE_S if engine.dialect.name == "postgresql" else math.inf)
    store.open()
    due_policy = LegalDuePolicy(store)
    hook = CaseDeadlineHook(store, due_policy)
    hook.install(sessions)
    audit = AuditService(
        engine,
        sessions,
        clock,
        data_dir=settings.data_dir,
        anchor_folders=lambda: _backup_folders(engine, settings),
    )
    audit.install(sessions)
    signed_in = SignedIn(sessions, audit, command_line=command_line)
    query = CaseQuery(sessions, due_policy, today, signed_in=signed_in)
    return Services(
        settings=settings, engine=engine, sessions=sessions, office_id=office_id, clock=clock, today=today,
        due_policy=due_policy, query=query, deadline_store=store, deadline_hook=hook, audit=audit,
        signed_in=signed_in, outputs=OutputLog(audit, signed_in), auth=AuthService(sessions, audit, clock),
        drafts=DraftStore(settings.drafts_dir),
        catalog=CatalogService(sessions, office_id, signed_in=signed_in),
        cases=CaseService(sessions, office_id, due_policy, clock, audit=audit, targets=hook.target_values,
                          signed_in=signed_in),
        duplicates=DuplicateService(sessions, clock, signed_in=signed_in),
    )  # fmt: skip


def _backup_folders(engine: Engine, settings: Settings) -> tuple[Path, ...]:
    """Where backup manifests (and the audit anchors in them) are: the office's folder and the default."""
    from app.services.backup.backup_keyring import backup_folders

    return backup_folders(engine, settings.data_dir)


@contextmanager
def command_line_backups(settings: Settings, *, migrate_first: bool) -> Iterator[BackupService]:
    """The backup service of ``hotline-desk backup|restore``, audited as ``cli:<user>``. A restore
    opens the database as it is (``migrate_first=False``): the current file may be too old or too
    damaged to open through ``build_services``."""
    from app.services.accounts.auth_service import cli_actor
    from app.services.backup.backup_service import BackupService

    engine = open_database(settings) if migrate_first else make_engine(settings.db_url)
    try:
        sessions = make_sessions(engine)
        signed_in = SignedIn(
            sessions, AuditService(engine, sessions, data_dir=settings.data_dir), command_line=cli_actor()
        )
        yield BackupService(engine, settings.data_dir, signed_in=signed_in)
    finally:
        engine.dispose()


def command_line_services(
    settings: Settings,
    *,
    setup: OfficeSetup | None = None,
    clock: Callable[[], datetime] = datetime.now,
    today: Callable[[], date] = date.today,
) -> Services:
    """``build_services`` for a ``hotline-desk`` command: audited as ``cli:<user of this machine>``."""
    from app.services.accounts.auth_service import cli_actor

    return build_services(settings, command_line=cli_actor(), setup=setup, clock=clock, today=today)
