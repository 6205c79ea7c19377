"""Open the database for a process: create it if new, refuse a newer program's, back up and
migrate an older one (a failed migration changes nothing)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, text

from app.db import migrate
from app.db.engine import make_engine, make_sessions
from app.services.accounts.signed_in import SignedIn
from app.services.audit.audit_service import AuditService
from app.services.core.db_errors import describe
from app.services.core.errors import DatabaseError, ServiceError
from app.services.core.private_files import make_private, private_dir
from app.settings import Settings


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
        if revision != migrate.head_revision():  # the revision read once (``needs_upgrade`` reads it again)
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


def backup_folders(engine: Engine, settings: Settings) -> tuple[Path, ...]:
    """Where backup manifests (and the audit anchors in them) are: the office's folder and the default."""
    from app.services.backup.backup_keyring import backup_folders as folders_of

    return folders_of(engine, settings.data_dir)
