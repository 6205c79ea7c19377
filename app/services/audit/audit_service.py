"""Hash-chained audit log: append in the caller's transaction, verify, quick start-up check."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Generator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, event, func, insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from app.db.direct import Direct
from app.db.engine import READ_ONLY
from app.domain.audit_chain import GENESIS, AuditRow, Break, ChainChecker, row_hash, to_json
from app.domain.permissions import Actor
from app.models import AuditHead, AuditLog, CaseEvent, User
from app.services.audit import audit_anchors, audit_parallel
from app.services.audit.audit_anchors import Anchor

AuditActor = Actor | str | None
"""An officer, a named non-officer actor ("cli:root", "system"), or None for the system."""

_COLUMNS = (
    AuditLog.id, AuditLog.at, AuditLog.user_id, AuditLog.username, AuditLog.action,
    AuditLog.object_type, AuditLog.object_id, AuditLog.before, AuditLog.after,
    AuditLog.prev_hash, AuditLog.row_hash,
)  # fmt: skip
_HEAD_LOCKED = select(AuditHead.last_id, AuditHead.last_hash).where(AuditHead.id == 1).with_for_update()
_INSERT = insert(AuditLog)
_MOVE_HEAD = (
    update(AuditHead)
    .where(AuditHead.id == 1)
    .values(last_id=bindparam("new_id"), last_hash=bindparam("digest"))
)
QUICK_ROWS = 500


@dataclass(frozen=True, slots=True)
class VerifyReport:
    """Result of a chain check: ``ok``, rows checked, and the first broken row if any."""

    checked: int
    broken_id: int | None = None
    problem: str = ""
    seconds: float = 0.0
    anchors: int = 0
    """How many outside anchors (anchor file, backup manifests, typed) the chain was held against."""
    held: str = ""
    """The last anchor that still holds, as printed (``N=13.870 · 4EE6-5F67-0900``)."""
    notes: tuple[str, ...] = ()
    """Unreadable anchor lines and the like: said, but the rest was still checked."""

    @property
    def ok(self) -> bool:
        return self.broken_id is None

    def message(self) -> str:
        """One Vietnamese sentence for the officer or the administrator."""
        against = f", đối chiếu với {self.anchors} mốc lưu bên ngoài" if self.anchors else ""
        holds = f"; mốc cuối còn khớp: {self.held}" if self.held else ""
        if self.ok:
            return f"Nhật ký toàn vẹn: đã kiểm tra {self.checked:,} dòng{against}{holds}.".replace(",", ".")
        if self.anchors and not self.held:
            holds = "; không mốc nào còn khớp"
        return f"Nhật ký đã bị can thiệp: {self.problem}{holds}."


def _who(actor: AuditActor) -> tuple[int | None, str]:
    if isinstance(actor, Actor):
        return actor.user_id, actor.username
    return None, actor or "system"


AUDIT_NAME = "audit_name"
"""``Session.info`` key: the name the history hook audits a row without an officer under."""


class AuditService:
    """Writes and checks ``audit_log``; every write goes through the one-row ``audit_head``."""

    def __init__(
        self,
        engine: Engine,
        sessions: sessionmaker[Session],
        clock: Callable[[], datetime] = datetime.now,
        *,
        data_dir: Path | None = None,
        anchor_folders: Callable[[], Sequence[Path]] = tuple,
    ) -> None:
        self._engine = engine
        self._sessions = sessions
        self._clock = clock
        self._usernames: dict[int, str] = {}
        self._data_dir = data_dir
        self._anchor_folders = anchor_folders

    # --- writing --------------------------------------------------------------------------
    def record(
        self,
        session: Session,
        actor: AuditActor,
        action: str,
        object_type: str = "",
        object_id: object = "",
        before: Mapping[str, Any] | None = None,
        after: Mapping[str, Any] | None = None,
    ) -> int:
        """Append one row in ``session``'s transaction (it commits or rolls back with it)."""
        user_id, username = _who(actor)
        return self._append(
            session.connection(), user_id, username, action, object_type, object_id, before, after
        )

    def record_standalone(
        self,
        actor: AuditActor,
        action: str,
        object_type: str = "",
        object_id: object = "",
        before: Mapping[str, Any] | None = None,
        after: Mapping[str, Any] | None = None,
    ) -> int:
        """Append one row in a transaction of its own (login, export, print…)."""
        with self._sessions.begin() as session:
            return self.record(session, actor, action, object_type, object_id, before, after)

    def _append(
        self,
        conn: Connection,
        user_id: int | None,
        username: str,
        action: str,
        object_type: str,
        object_id: object,
        before: Mapping[str, Any] | None,
        after: Mapping[str, Any] | None,
    ) -> int:
        direct = Direct(conn)  # the audit row rides along every save: no per-statement overhead
        head = direct.first(_HEAD_LOCKED, {})
        if head is None:
            conn.execute(insert(AuditHead).values(id=1, last_id=0, last_hash=GENESIS))
            last_id, prev = 0, GENESIS
        else:
            last_id, prev = head
        new_id, at = last_id + 1, self._clock().replace(tzinfo=None)
        username, action, object_type, oid = username[:80], action[:40], object_type[:40], str(object_id)[:80]
        before_text, after_text = to_json(before), to_json(after)
        digest = row_hash(
            new_id, at, user_id, username, action, object_type, oid, before_text, after_text, prev
        )
        row = {
            "id": new_id, "at": at, "user_id": user_id, "username": username, "action": action,
            "object_type": object_type, "object_id": oid, "before": before_text, "after": after_text,
            "prev_hash": prev, "row_hash": digest,
        }  # fmt: skip
        direct.first(_INSERT, row)
        direct.first(_MOVE_HEAD, {"new_id": new_id, "digest": digest})
        return new_id

    # --- case history hook ----------------------------------------------------------------
    def install(self, sessions: sessionmaker[Session]) -> None:
        """Audit every new ``CaseEvent`` row in the flush that writes it."""
        event.listen(sessions, "after_flush", self._after_flush)

    def _after_flush(self, session: Session, _context: Any) -> None:
        events = sorted((o for o in session.new if isinstance(o, CaseEvent)), key=lambda e: e.id)
        if not events:
            return
        conn = session.connection()
        named = session.info.get(AUDIT_NAME)  # a command-line identity (cli:<user>) set by the service
        for item in events:
            self.case_event(
                conn,
                item.id,
                item.case_id,
                item.user_id,
                item.action,
                item.from_status,
                item.to_status,
                item.data,
                username=named if item.user_id is None and isinstance(named, str) else None,
            )

    def case_event(
        self,
        conn: Connection,
        event_id: int,
        case_id: int,
        user_id: int | None,
        action: str,
        from_status: str | None,
        to_status: str | None,
        data_text: str,
        *,
        username: str | None = None,
    ) -> None:
        """Audit one ``case_event`` row on ``conn`` (the hook above, or a service writing with Core).

        ``username``: who to name when no officer did it (default: the officer, else "system").
        """
        data = _parse(data_text)
        before = data.pop("before", None) if isinstance(data.get("before"), dict) else None
        after = data.pop("after", None) if isinstance(data.get("after"), dict) else None
        after = dict(after or {})
        after.update(data)
        after.update(event_id=event_id, from_status=from_status, to_status=to_status)
        username = username or self._username(conn, user_id)
        self._append(conn, user_id, username, f"case.{action}", "case", case_id, before, after)

    def _username(self, conn: Connection, user_id: int | None) -> str:
        if user_id is None:
            return "system"
        if user_id not in self._usernames:
            name = conn.execute(select(User.username).where(User.id == user_id)).scalar()
            self._usernames[user_id] = name or f"#{user_id}"
        return self._usernames[user_id]

    # --- anchors --------------------------------------------------------------------------
    def anchor(self, source: str, office: str = "", *, write_db: bool = True) -> Anchor:
        """The chain's end now, also appended to the anchor file in the data folder.

        ``write_db=False`` (the copy before a schema upgrade) never gives the register its id.
        """
        found = audit_anchors.current(self._engine, create_id=write_db)
        if self._data_dir is not None:
            audit_anchors.append(self._data_dir, found, office, source, self._clock())
        return found

    # --- checking -------------------------------------------------------------------------
    def verify(
        self, progress: Callable[[int], None] | None = None, typed: Sequence[Anchor] = ()
    ) -> VerifyReport:
        """Walk the whole chain in id order (streaming), name the first broken row, and hold it
        against every anchor found outside the database (anchor file, manifests, ``typed``)."""
        ident = audit_anchors.database_id(self._engine)
        found = audit_anchors.gather(self._data_dir, self._anchor_folders(), ident, typed)
        expected: dict[int, str] = {}
        for one in found.anchors:
            expected[one.rows] = one.digest.lower()
        report = verify(self._engine, progress, expected)
        notes = list(found.problems)
        if found.other_databases:
            notes.append(f"Bỏ qua {found.other_databases} mốc của cơ sở dữ liệu khác.")
        return replace(report, notes=tuple(notes))

    def quick_check(self, rows: int = QUICK_ROWS) -> VerifyReport:
        """Check the newest ``rows`` rows and the head: fast enough for every start-up."""
        started = time.perf_counter()
        with _snapshot(self._engine) as conn:
            head = conn.execute(
                select(AuditHead.last_id, AuditHead.last_hash).where(AuditHead.id == 1)
            ).first()
            top = conn.execute(select(func.max(AuditLog.id))).scalar() or 0
            start = max(1, max(top, head[0] if head else 0) - rows + 1)
            found_rows = _rows(conn, start)
            first = next(found_rows, None)
            if first is None:
                checker = ChainChecker(None)
                found: Break | None = None
            else:
                prev = first.prev_hash if first.id > 1 else GENESIS
                checker = ChainChecker(first.id, prev, head[0] if head else None)
                found = checker.feed([first]) or checker.feed(found_rows)
            found_rows.close()
            found = found or checker.finish(*(head or (None, None)))
        return _report(checker, found, started)


def verify(
    engine: Engine, progress: Callable[[int], None] | None = None, anchors: Mapping[int, str] | None = None
) -> VerifyReport:
    """The whole-chain check behind ``hotline-desk audit verify`` (``anchors``: N → hash of row N)."""
    started = time.perf_counter()
    with _snapshot(engine) as conn:
        head = conn.execute(select(AuditHead.last_id, AuditHead.last_hash).where(AuditHead.id == 1)).first()
        top = int(conn.execute(select(func.max(AuditLog.id))).scalar() or 0)
    workers = audit_parallel.worker_count()
    if engine.dialect.name == "sqlite" and top >= audit_parallel.PARALLEL_FROM and workers > 1:
        return _verify_parallel(engine, head, top, anchors or {}, workers, progress, started)
    with _snapshot(engine) as conn:
        head = conn.execute(select(AuditHead.last_id, AuditHead.last_hash).where(AuditHead.id == 1)).first()
        checker = ChainChecker(head_id=head[0] if head else None, anchors=anchors)
        found = None
        batch: list[AuditRow] = []
        rows = _rows(conn, 1)
        for row in rows:
            batch.append(row)
            if len(batch) == 10000:
                found = checker.feed(batch)
                batch.clear()
                if found:
                    break
                if progress:
                    progress(checker.checked)
        rows.close()
        found = found or checker.feed(batch)
        found = found or checker.finish(*(head or (None, None)))
    return _report(checker, found, started)


def _verify_parallel(
    engine: Engine,
    head: Any,
    top: int,
    anchors: Mapping[int, str],
    workers: int,
    progress: Callable[[int], None] | None,
    started: float,
) -> VerifyReport:
    """The same check over id ranges on every core (a long SQLite chain), stitched in order."""
    head_id = head[0] if head else None
    results = audit_parallel.check_ranges(str(engine.url.database), top, head_id, anchors, workers)
    checker, found = audit_parallel.stitch(results, head_id, anchors)
    if progress:
        progress(checker.checked)
    found = found or checker.finish(*(head or (None, None)))
    return _report(checker, found, started)


def _report(checker: ChainChecker, found: Break | None, started: float) -> VerifyReport:
    elapsed = time.perf_counter() - started
    held = ""
    if checker.held:
        held = Anchor(checker.held, checker.anchors[checker.held]).label()
    if found is None:
        return VerifyReport(checker.checked, seconds=elapsed, anchors=len(checker.anchors), held=held)
    return VerifyReport(
        checker.checked, found.row_id, found.problem, elapsed, anchors=len(checker.anchors), held=held
    )


class _snapshot:
    """One consistent read of the log (REPEATABLE READ on PostgreSQL; a WAL snapshot on SQLite)."""

    def __init__(self, engine: Engine) -> None:
        options: dict[str, Any] = {READ_ONLY: True}
        if engine.dialect.name == "postgresql":
            options["isolation_level"] = "REPEATABLE READ"
        self._engine = engine.execution_options(**options)
        self._conn: Connection | None = None

    def __enter__(self) -> Connection:
        self._conn = self._engine.connect()
        self._conn.begin()
        return self._conn

    def __exit__(self, *_exc: object) -> None:
        assert self._conn is not None
        self._conn.rollback()
        self._conn.close()


def _rows(conn: Connection, start: int) -> Generator[AuditRow]:
    if conn.dialect.name == "sqlite":
        yield from _raw_sqlite_rows(conn, start)
        return
    result = conn.execution_options(yield_per=5000).execute(
        select(*_COLUMNS).where(AuditLog.id >= start).order_by(AuditLog.id)
    )
    try:
        for r in result:
            yield AuditRow(*r)
    finally:
        result.close()


def _raw_sqlite_rows(conn: Connection, start: int) -> Generator[AuditRow]:
    """The driver's own cursor in the same read transaction: the stored time text is hashed as
    it is, and rows come in batches (no per-row type processing: the verifier's hot loop)."""
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    names = ", ".join(c.name for c in _COLUMNS)
    try:
        cursor.execute(f"SELECT {names} FROM audit_log WHERE id >= ? ORDER BY id", (start,))
        while batch := cursor.fetchmany(5000):
            for r in batch:
                yield AuditRow(*r)
    finally:
        cursor.close()


def _parse(data: str) -> dict[str, Any]:
    if not data:
        return {}
    try:
        value = json.loads(data)
    except ValueError:
        return {"data": data}
    return value if isinstance(value, dict) else {"data": value}
