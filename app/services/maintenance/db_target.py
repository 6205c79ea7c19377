"""Which database to use, as the connection screen edits it: fields ⇄ URL, and a test that writes nothing."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import NullPool

from app.db import migrate
from app.services.core.db_errors import describe
from app.services.maintenance.integrity_service import ConnectionReport, try_connection

SQLITE = "sqlite"
POSTGRESQL = "postgresql"
DEFAULT_PORT = 5432


@dataclass(frozen=True, slots=True)
class DbTarget:
    """The embedded file (``path``) or a PostgreSQL server (host … password)."""

    kind: str = SQLITE
    path: str = ""
    host: str = "localhost"
    port: int = DEFAULT_PORT
    database: str = "hotline"
    user: str = ""
    password: str = ""

    def url(self) -> str:
        """The SQLAlchemy URL (with the password: store it, never log it)."""
        if self.kind == SQLITE:
            return f"sqlite:///{Path(self.path.strip()).expanduser().resolve()}"
        return URL.create(
            "postgresql+psycopg",
            username=self.user.strip() or None,
            password=self.password or None,
            host=self.host.strip(),
            port=self.port,
            database=self.database.strip(),
        ).render_as_string(hide_password=False)

    def problem(self) -> str | None:
        """What is missing before a test makes sense (Vietnamese), or ``None``."""
        if self.kind == SQLITE:
            return None if self.path.strip() else "Hãy chọn tệp dữ liệu."
        if not self.host.strip():
            return "Hãy nhập tên hoặc địa chỉ IP của máy chủ PostgreSQL."
        if not 0 < self.port < 65536:
            return "Cổng phải từ 1 đến 65535 (PostgreSQL thường dùng 5432)."
        if not self.database.strip():
            return "Hãy nhập tên cơ sở dữ liệu."
        return None if self.user.strip() else "Hãy nhập tên đăng nhập PostgreSQL."


def target_of(url: str) -> DbTarget:
    """The fields of ``url`` (the password included, for editing)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == SQLITE:
        return DbTarget(SQLITE, path=parsed.database or "")
    return DbTarget(
        POSTGRESQL,
        host=parsed.host or "localhost",
        port=parsed.port or DEFAULT_PORT,
        database=parsed.database or "",
        user=parsed.username or "",
        password=parsed.password if isinstance(parsed.password, str) else "",
    )


def describe_url(url: str) -> str:
    """Where the data is, in words an officer reads (never the password)."""
    try:
        parsed = make_url(url)
    except Exception:
        return "(địa chỉ không hợp lệ)"
    if parsed.get_backend_name() == SQLITE:
        return f"tệp {parsed.database}"
    who = f"{parsed.username}@" if parsed.username else ""
    return f"máy chủ PostgreSQL {who}{parsed.host}:{parsed.port or DEFAULT_PORT}, cơ sở dữ liệu «{parsed.database}»"


def safe_url(url: str) -> str:
    """``url`` with the password replaced by ``***``: for labels and the log."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "(địa chỉ không hợp lệ)"


def check_connection(target: DbTarget) -> ConnectionReport:
    """Try the target once; never raises, never creates a file or a table."""
    problem = target.problem()
    if problem:
        return ConnectionReport(False, problem)
    if target.kind != SQLITE:
        return try_connection(target.url())
    path = Path(target.url().removeprefix("sqlite:///"))
    if str(path).startswith(("\\\\", "//")):
        return ConnectionReport(
            False,
            "Không dùng tệp SQLite trên ổ mạng: nhiều máy cùng ghi sẽ làm hỏng dữ liệu. "
            "Nhiều máy dùng chung thì hãy chọn máy chủ PostgreSQL.",
        )
    if path.is_dir():
        return ConnectionReport(False, f"«{path}» là một thư mục; hãy chọn một tệp.")
    if not path.exists():
        folder = path.parent
        if not folder.is_dir():
            return ConnectionReport(False, f"Không tìm thấy thư mục «{folder}».")
        if not os.access(folder, os.W_OK):
            return ConnectionReport(False, f"Không có quyền ghi vào thư mục «{folder}».")
        return ConnectionReport(True, "Chưa có tệp dữ liệu ở đây: chương trình sẽ tạo sổ mới khi mở lại.")
    return _open_read_only(path)


def _open_read_only(path: Path) -> ConnectionReport:
    """Open an existing SQLite file read-only: is it a database, and one this program can use?"""
    engine = create_engine(f"sqlite:///file:{path}?mode=ro&uri=true", poolclass=NullPool)
    try:
        with engine.connect() as conn:
            version = str(conn.execute(text("SELECT sqlite_version()")).scalar() or "")
            conn.execute(text("SELECT count(*) FROM sqlite_master"))  # reads the file header
        revision = migrate.current_revision(engine)
    except Exception as error:
        return ConnectionReport(False, describe(error))
    finally:
        engine.dispose()
    if not migrate.is_known_revision(engine, revision):
        return ConnectionReport(
            False, "Tệp dữ liệu do phiên bản chương trình mới hơn tạo.", version, revision
        )
    found = "đã có sổ" if revision else "chưa có sổ của chương trình, sổ sẽ được tạo khi mở lại"
    return ConnectionReport(True, f"Mở được tệp dữ liệu ({found}).", f"SQLite {version}", revision)
