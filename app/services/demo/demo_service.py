"""Fill a database with demo cases fast: bulk inserts with index rebuilds on SQLite."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, insert, select, text
from sqlalchemy.orm import Session, sessionmaker

from app.domain.case_numbers import format_number
from app.domain.enums import NEEDS_OFFICER, CaseStatus, Role
from app.models import Case, CaseCounter, CaseEvent, Citizen, Department, Field, Reply, User
from app.services.core.due_dates import DuePolicy
from app.services.demo.demo_data import DemoGenerator

Progress = Callable[[int, int], None]
BATCH = 20_000
_INDEXED_TABLES = ("case_file", "case_event", "citizen", "reply")


class DemoService:
    """``hotline-desk demo --cases N``: two years of realistic cases ending today."""

    def __init__(
        self, engine: Engine, sessions: sessionmaker[Session], office_id: int, due_policy: DuePolicy
    ) -> None:
        self._engine = engine
        self._sessions = sessions
        self._office_id = office_id
        self._due = due_policy

    def generate(
        self, count: int, seed: int = 1, end: date | None = None, progress: Progress | None = None
    ) -> int:
        end = end or date.today()
        gen = DemoGenerator(seed, end)
        officers, fields, departments = self._prepare_catalogs()
        citizens = gen.citizens(max(1, count // 3))
        cases = gen.cases(count, len(citizens))
        if self._engine.dialect.name == "sqlite":
            return self._write_sqlite(cases, citizens, officers, fields, departments, progress)
        return self._write_generic(cases, citizens, officers, fields, departments, progress)

    def _prepare_catalogs(self) -> tuple[dict[int, int], dict[str, int], list[int]]:
        with self._sessions.begin() as session:
            departments = list(session.scalars(select(Department.id).order_by(Department.id)))
            officers: dict[int, int] = {}
            for dept_id in departments:
                uid = session.scalar(select(User.id).where(User.department_id == dept_id).limit(1))
                if uid is None:
                    user = User(
                        username=f"canbo{dept_id}",
                        full_name=_officer_name(dept_id),
                        role=Role.HANDLER.value,
                        department_id=dept_id,
                        default_channel="hotline",
                        active=True,
                    )
                    session.add(user)
                    session.flush()
                    uid = user.id
                officers[dept_id] = uid
            fields = dict(session.execute(select(Field.code, Field.id)).all())
        return officers, fields, departments

    def _rows(
        self,
        cases: list[Any],
        citizen_base: int,
        officers: dict[int, int],
        fields: dict[str, int],
        departments: list[int],
        counters: dict[int, int],
        names: list[Any],
    ) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[Any, ...]]]:
        rng = random.Random(len(cases))
        due_cache: dict[tuple[date, str, str], Any] = {}
        case_rows: list[tuple[Any, ...]] = []
        fts_rows: list[tuple[Any, ...]] = []
        events: list[tuple[Any, ...]] = []
        replies: list[tuple[Any, ...]] = []
        next_id = self._max_id("case_file") + 1
        for offset, c in enumerate(cases):
            case_id = next_id + offset
            year = c.received_at.year
            seq = counters.get(year, 0) + 1
            counters[year] = seq
            number = format_number(year, seq)
            day = c.received_at.date()
            key = (day, c.kind.value, c.channel.value)
            due = due_cache.get(key)
            if due is None:
                due = due_cache[key] = self._due.due_for(c.kind, c.channel, c.received_at)
            dept = departments[rng.randrange(len(departments))] if departments else None
            officer = officers.get(dept) if dept and c.status in NEEDS_OFFICER | _FINISHED else None
            citizen = names[c.citizen_key]
            closed = c.received_at + timedelta(days=rng.randint(1, 12)) if not c.status.is_open else None
            case_rows.append(
                (
                    case_id,
                    self._office_id,
                    year,
                    seq,
                    number,
                    c.received_at,
                    c.channel.value,
                    c.kind.value,
                    c.urgency.value,
                    c.status.value,
                    fields.get(c.field_code),
                    dept,
                    officer,
                    None,
                    citizen_base + c.citizen_key,
                    c.content,
                    "",
                    "",
                    c.external_ref,
                    due.due,
                    due.rule,
                    closed,
                    c.received_at,
                    closed or c.received_at,
                    1,
                )
            )
            sealed = c.kind.is_sealed
            ident = "" if sealed else f" {citizen.full_name} 0{citizen.phone[3:]}"
            ident_f = "" if sealed else f" {citizen.name_folded} 0{citizen.phone[3:]}"
            fts_rows.append(
                (case_id, f"{number} {c.content}{ident}".lower(), f"{number} {c.content_folded}{ident_f}")
            )
            events.append((case_id, c.received_at, None, "created", None, "received", "", ""))
            if closed is not None:
                events.append(
                    (case_id, closed, officer, "status", "in_progress", c.status.value, "Dữ liệu mẫu", "")
                )
            if c.status in (CaseStatus.REPLIED, CaseStatus.CLOSED):
                replied = (closed or c.received_at).date()
                replies.append(
                    (
                        case_id,
                        replied,
                        "phone",
                        "Đã trả lời công dân qua điện thoại.",
                        "",
                        officer,
                        closed or c.received_at,
                    )
                )
        return case_rows, fts_rows, events, replies

    def _max_id(self, table: str) -> int:
        with self._engine.connect() as conn:
            return int(conn.execute(text(f"SELECT COALESCE(MAX(id), 0) FROM {table}")).scalar() or 0)

    def _counters(self) -> dict[int, int]:
        with self._sessions() as session:
            rows = session.execute(
                select(CaseCounter.year, CaseCounter.last_seq).where(CaseCounter.office_id == self._office_id)
            ).all()
        return {year: last for year, last in rows}

    def _write_sqlite(
        self,
        cases: list[Any],
        citizens: list[Any],
        officers: dict[int, int],
        fields: dict[str, int],
        departments: list[int],
        progress: Progress | None,
    ) -> int:
        counters = self._counters()
        before = dict(counters)
        citizen_base = self._max_id("citizen") + 1
        rows = self._rows(cases, citizen_base, officers, fields, departments, counters, citizens)
        case_rows, fts_rows, events, replies = rows
        # Store times exactly as SQLAlchemy's SQLite DateTime does, so keyset comparisons hold.
        case_rows = [
            (*r[:5], _sa(r[5]), *r[6:21], _sa(r[21]), _sa(r[22]), _sa(r[23]), r[24]) for r in case_rows
        ]
        events = [(e[0], _sa(e[1]), *e[2:]) for e in events]
        replies = [(*r[:6], _sa(r[6])) for r in replies]
        now = _sa(datetime.now().replace(microsecond=0))
        # A private connection outside the pool: a bulk load does not need WAL's double write.
        self._engine.dispose()
        raw = sqlite3.connect(self._engine.url.database or "", isolation_level=None)
        try:
            cur = raw.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=DELETE")
            cur.execute("PRAGMA synchronous=OFF")
            index_sql = [
                r[0]
                for r in cur.execute(
                    "SELECT sql FROM sqlite_master WHERE type='index' AND sql IS NOT NULL AND tbl_name IN "
                    f"({','.join('?' * len(_INDEXED_TABLES))})",
                    _INDEXED_TABLES,
                )
            ]
            cur.execute("BEGIN IMMEDIATE")
            for (sql,) in [(s,) for s in index_sql]:
                cur.execute("DROP INDEX " + sql.split(" ON ")[0].split()[-1])
            cur.executemany(
                "INSERT INTO citizen(id, full_name, phone, phone_valid, id_number, address, created_at)"
                " VALUES (?,?,?,1,NULL,?,?)",
                [(citizen_base + i, c.full_name, c.phone, c.address, now) for i, c in enumerate(citizens)],
            )
            for start in range(0, len(case_rows), BATCH):
                cur.executemany(
                    f"INSERT INTO case_file({_CASE_COLUMNS}) VALUES ({_qs(25)})",
                    case_rows[start : start + BATCH],
                )
                cur.executemany(
                    "INSERT INTO case_fts(rowid, exact, folded) VALUES (?,?,?)",
                    fts_rows[start : start + BATCH],
                )
                if progress:
                    progress(min(start + BATCH, len(case_rows)), len(case_rows))
            cur.executemany(
                "INSERT INTO case_event(case_id, at, user_id, action, from_status, to_status, note, data)"
                " VALUES (?,?,?,?,?,?,?,?)",
                events,
            )
            cur.executemany(
                "INSERT INTO reply(case_id, replied_on, method, text, document_no, user_id, created_at)"
                " VALUES (?,?,?,?,?,?,?)",
                replies,
            )
            for sql in index_sql:
                cur.execute(sql)
            for year, last in counters.items():
                if year in before:
                    cur.execute(
                        "UPDATE case_counter SET last_seq=? WHERE office_id=? AND year=?",
                        (last, self._office_id, year),
                    )
                else:
                    cur.execute(
                        "INSERT INTO case_counter(office_id, year, last_seq) VALUES (?,?,?)",
                        (self._office_id, year, last),
                    )
            cur.execute("COMMIT")
            cur.execute("PRAGMA synchronous=FULL")
            cur.execute("ANALYZE")
        except BaseException:
            if raw.in_transaction:
                raw.execute("ROLLBACK")
            raise
        finally:
            raw.execute("PRAGMA journal_mode=WAL")
            raw.close()
        return len(case_rows)

    def _write_generic(
        self,
        cases: list[Any],
        citizens: list[Any],
        officers: dict[int, int],
        fields: dict[str, int],
        departments: list[int],
        progress: Progress | None,
    ) -> int:
        counters = self._counters()
        before = dict(counters)
        citizen_base = self._max_id("citizen") + 1
        case_rows, _fts, events, replies = self._rows(
            cases, citizen_base, officers, fields, departments, counters, citizens
        )
        now = datetime.now().replace(microsecond=0)
        cols = [c.strip() for c in _CASE_COLUMNS.split(",")]
        with self._engine.begin() as conn:
            conn.execute(
                insert(Citizen),
                [
                    {
                        "id": citizen_base + i,
                        "full_name": c.full_name,
                        "phone": c.phone,
                        "phone_valid": True,
                        "address": c.address,
                        "created_at": now,
                    }
                    for i, c in enumerate(citizens)
                ],
            )
            for start in range(0, len(case_rows), BATCH):
                conn.execute(
                    insert(Case), [dict(zip(cols, r, strict=True)) for r in case_rows[start : start + BATCH]]
                )
                if progress:
                    progress(min(start + BATCH, len(case_rows)), len(case_rows))
            ev_cols = [
                "case_id",
                "at",
                "user_id",
                "action",
                "from_status",
                "to_status",
                "note",
                "data",
            ]
            conn.execute(insert(CaseEvent), [dict(zip(ev_cols, e, strict=True)) for e in events])
            rp_cols = [
                "case_id",
                "replied_on",
                "method",
                "text",
                "document_no",
                "user_id",
                "created_at",
            ]
            if replies:
                conn.execute(insert(Reply), [dict(zip(rp_cols, r, strict=True)) for r in replies])
            for year, last in counters.items():
                if year in before:
                    conn.execute(
                        text("UPDATE case_counter SET last_seq=:l WHERE office_id=:o AND year=:y"),
                        {"l": last, "o": self._office_id, "y": year},
                    )
                else:
                    conn.execute(
                        insert(CaseCounter).values(office_id=self._office_id, year=year, last_seq=last)
                    )
            if conn.dialect.name == "postgresql":
                for table in ("case_file", "citizen"):
                    conn.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                            f"(SELECT MAX(id) FROM {table}))"
                        )
                    )
                from app.services.cases.pg_search import backfill_missing

                backfill_missing(conn)
        return len(case_rows)


_FINISHED = frozenset({CaseStatus.CLOSED, CaseStatus.GUIDED, CaseStatus.TRANSFERRED})
_CASE_COLUMNS = (
    "id, office_id, year, seq, number, received_at, channel, kind, urgency, status, field_id, "
    "department_id, officer_id, receiver_id, citizen_id, content, request, location, external_ref, "
    "due_date, due_rule, closed_at, created_at, updated_at, version"
)


def _sa(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat(" ", "microseconds")


def _qs(n: int) -> str:
    return ",".join("?" * n)


def _officer_name(seed: int) -> str:
    from app.services.demo.demo_data import FAMILY, GIVEN, MIDDLE

    rng = random.Random(seed)
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
