"""Qt-free composition root: settings → engine → migrations → services (used by GUI and CLI).

The service graph is split by capability in ``app/root/`` (one part per capability, each service a
``cached_property`` imported on first use); ``Services`` puts the parts together and
``build_services`` builds what every process holds: the engine, the deadline table and its hook,
the audit log and the signed-in officer. This module and ``app/root/`` are the only places a
service is constructed.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from app.db.engine import make_engine, make_sessions
from app.root.backup import BackupServices
from app.root.channels import ChannelServices
from app.root.database import backup_folders, open_database
from app.root.deadlines import DeadlineServices
from app.root.office import OfficeServices
from app.root.replies import ReplyServices
from app.root.reports import ReportServices
from app.services.accounts.signed_in import SignedIn
from app.services.audit.audit_service import AuditService
from app.services.catalog.seed_service import OfficeSetup, ensure_office
from app.services.deadlines.deadline_hook import CaseDeadlineHook
from app.services.deadlines.deadline_store import MAX_AGE_S, DeadlineStore
from app.services.deadlines.legal_due_policy import LegalDuePolicy
from app.settings import Settings

if TYPE_CHECKING:
    from app.services.backup.backup_service import BackupService

__all__ = ["Services", "build_services", "command_line_backups", "command_line_services", "open_database"]


@dataclass
class Services(
    ChannelServices, DeadlineServices, OfficeServices, ReportServices, ReplyServices, BackupServices
):
    """Everything the screens and commands use, built once per process (here and nowhere else).

    The fields of ``ServiceRoot`` are built with the process; every service (cases, query,
    catalog, auth, reports, backups, imports…) the first time it is used, so its modules are
    imported only then: ``find`` builds the query alone, the login screen ``auth`` and ``catalog``.
    """


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
        anchor_folders=lambda: backup_folders(engine, settings),
    )
    audit.install(sessions)
    signed_in = SignedIn(sessions, audit, command_line=command_line)
    return Services(
        settings=settings, engine=engine, sessions=sessions, office_id=office_id, clock=clock, today=today,
        due_policy=due_policy, deadline_store=store, deadline_hook=hook, audit=audit, signed_in=signed_in,
    )  # fmt: skip


@contextmanager
def command_line_backups(settings: Settings, *, migrate_first: bool) -> Iterator[BackupService]:
    """The backup service of ``hotline-desk backup|restore``, audited as ``cli:<user>``. A restore
    opens the database as it is (``migrate_first=False``): the current file may be too old or too
    damaged to open through ``build_services``."""
    from app.services.accounts.cli_actor import cli_actor
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
    from app.services.accounts.cli_actor import cli_actor

    return build_services(settings, command_line=cli_actor(), setup=setup, clock=clock, today=today)
