"""Health of a database (``hotline-desk check``) and the connection test for a PostgreSQL URL."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from app.db import migrate
from app.services.cases import pg_search
from app.services.core.db_errors import UNREACHABLE, describe
from app.services.core.private_files import loose_modes, repair

WRONG_LOGIN = "Sai tên đăng nhập hoặc mật khẩu PostgreSQL. Hãy kiểm tra lại rồi thử lại."
NO_DATABASE = "Máy chủ không có cơ sở dữ liệu «{name}». Nhờ quản trị viên tạo (CREATE DATABASE) rồi thử lại."


@dataclass(frozen=True, slots=True)
class CheckReport:
    """What ``check`` found: ``problems`` empty means healthy; ``notes`` are facts to show."""

    problems: tuple[str, ...]
    notes: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True, slots=True)
class ConnectionReport:
    """Result of "Kiểm tra kết nối" in the settings screen."""

    ok: bool
    message: str
    server_version: str = ""
    schema_revision: str | None = None


def connection_message(error: BaseException, database: str = "") -> str:
    """A Vietnamese sentence for why a PostgreSQL connection failed."""
    detail = str(getattr(error, "orig", error)).lower()
    if "password authentication failed" in detail or "no password supplied" in detail:
        return WRONG_LOGIN
    if "role" in detail and "does not exist" in detail:
        return WRONG_LOGIN
    if "database" in detail and "does not exist" in detail:
        return NO_DATABASE.format(name=database)
    if any(k in detail for k in ("could not connect", "connection refused", "timeout", "translate host")):
        return UNREACHABLE
    return describe(error)


def try_connection(url: str, timeout: int = 5) -> ConnectionReport:
    """Try ``url`` once (no migration, nothing written); never raises."""
    parsed = make_url(url)
    args = {"connect_timeout": timeout} if parsed.get_backend_name() == "postgresql" else {}
    engine = create_engine(url, poolclass=NullPool, connect_args=args)
    try:
        with engine.connect() as conn:
            version = str(conn.execute(text("SELECT version()")).scalar() or "")
        revision = migrate.current_revision(engine)
    except Exception as error:
        return ConnectionReport(False, connection_message(error, parsed.database or ""))
    finally:
        engine.dispose()
    known = migrate.is_known_revision(engine, revision)
    message = (
        "Kết nối thành công."
        if known
        else "Kết nối được, nhưng dữ liệu do phiên bản chương trình mới hơn tạo."
    )
    return ConnectionReport(known, message, version.split(" on ")[0], revision)


def check_database(engine: Engine, private: Iterable[Path] = ()) -> CheckReport:
    """Integrity, foreign keys, schema at head, search index in step with the cases; and the
    files under ``private`` (data folder, database, backups) tightened to owner-only."""
    problems: list[str] = []
    notes: list[str] = []
    _check_modes(list(private), notes)
    if engine.dialect.name == "sqlite":
        path = Path(engine.url.database or "")
        if not path.is_file():
            return CheckReport((f"Không tìm thấy tệp cơ sở dữ liệu «{path}».",), ())
        try:
            _check_sqlite_file(path, problems, notes)
        except sqlite3.DatabaseError as error:
            return CheckReport((describe(error),), tuple(notes))
    try:
        _check_revision(engine, problems, notes)
        if engine.dialect.name == "postgresql" and migrate.current_revision(engine) == migrate.head_revision(
            engine
        ):
            _check_pg_search(engine, problems, notes)
        _check_audit_chain(engine, problems, notes)
        _check_clocks(engine, problems, notes)
    except Exception as error:
        problems.append(connection_message(error) if engine.dialect.name != "sqlite" else describe(error))
    return CheckReport(tuple(problems), tuple(notes))


def _check_modes(roots: list[Path], notes: list[str]) -> None:
    """Looser modes than 0600/0700 are reported and repaired (a fact to show, not a failure)."""
    loose = loose_modes(roots)
    if not loose:
        if roots:
            notes.append("Quyền các tệp dữ liệu: chỉ tài khoản của cơ quan đọc được.")
        return
    for item in loose[:20]:
        notes.append(item.describe() + " — đã sửa thành chỉ chủ sở hữu.")
    if len(loose) > 20:
        notes.append(f"… và {len(loose) - 20} tệp khác, cũng đã sửa.")
    repair(loose)


def _check_audit_chain(engine: Engine, problems: list[str], notes: list[str]) -> None:
    """The hash-chained audit log, when this schema has one: any edited or deleted row fails."""
    from sqlalchemy import inspect

    from app.services.audit.audit_service import verify

    if not inspect(engine).has_table("audit_log"):
        return
    report = verify(engine)
    (notes if report.ok else problems).append(report.message())


def _check_clocks(engine: Engine, problems: list[str], notes: list[str]) -> None:
    """Extensions and suspensions stored before the law's limits were enforced (flagged only)."""
    from app.services.deadlines.clock_audit import clock_violations

    found = clock_violations(engine)
    problems.extend(found)
    if not found:
        notes.append("Gia hạn, tạm đình chỉ của các vụ việc đúng giới hạn của luật.")


def _check_sqlite_file(path: Path, problems: list[str], notes: list[str]) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA busy_timeout=5000")
        result = [r[0] for r in conn.execute("PRAGMA integrity_check(10)")]
        if result != ["ok"]:
            problems.append("Tệp cơ sở dữ liệu bị hỏng: " + "; ".join(result)[:400])
        else:
            notes.append("Kiểm tra toàn vẹn tệp: tốt.")
        orphans = conn.execute("PRAGMA foreign_key_check").fetchall()
        if orphans:
            tables = ", ".join(sorted({r[0] for r in orphans}))
            problems.append(f"Có {len(orphans)} dòng tham chiếu tới dữ liệu không tồn tại (bảng {tables}).")
        has_fts = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'case_fts_docsize'").fetchone()
        if has_fts:
            missing, extra = conn.execute(
                "SELECT (SELECT count(*) FROM case_file c WHERE NOT EXISTS "
                "(SELECT 1 FROM case_fts_docsize d WHERE d.id = c.id)), "
                "(SELECT count(*) FROM case_fts_docsize d WHERE NOT EXISTS "
                "(SELECT 1 FROM case_file c WHERE c.id = d.id))"
            ).fetchone()
            _search_counts(int(missing), int(extra), problems, notes)
    finally:
        conn.close()


def _check_revision(engine: Engine, problems: list[str], notes: list[str]) -> None:
    current, head = migrate.current_revision(engine), migrate.head_revision(engine)
    if current == head:
        notes.append(f"Cấu trúc dữ liệu: phiên bản {head} (mới nhất).")
    elif not migrate.is_known_revision(engine, current):
        problems.append(f"Cơ sở dữ liệu ở phiên bản {current}, mới hơn chương trình này ({head}).")
    else:
        problems.append(
            f"Cơ sở dữ liệu chưa được cập nhật (đang ở phiên bản {current or 'trống'}, cần {head}). "
            "Hãy mở chương trình một lần để cập nhật."
        )


def _check_pg_search(engine: Engine, problems: list[str], notes: list[str]) -> None:
    with engine.connect() as conn:
        missing = pg_search.missing_count(conn)
        indexed = pg_search.has_terms_index(conn)
    _search_counts(missing, 0, problems, notes)
    if not indexed:
        problems.append(pg_search.NO_TERMS_INDEX)


def _search_counts(missing: int, extra: int, problems: list[str], notes: list[str]) -> None:
    if missing or extra:
        problems.append(
            f"Chỉ mục tìm kiếm lệch với sổ: {missing} vụ việc chưa có trong chỉ mục, "
            f"{extra} mục không còn vụ việc tương ứng."
        )
    else:
        notes.append("Chỉ mục tìm kiếm: khớp với sổ.")
