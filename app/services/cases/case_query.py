"""Read side of the register: keyset-paged list and search, case detail, caller history."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import (
    Select,
    and_,
    bindparam,
    column,
    false,
    func,
    literal_column,
    or_,
    select,
    table,
    text,
    tuple_,
)
from sqlalchemy.orm import Session, aliased, sessionmaker

from app.db.engine import reading
from app.domain.enums import OPEN_STATUSES, CaseKind, CaseStatus, Channel, Urgency
from app.domain.permissions import Action
from app.domain.phone import format_phone, normalize_phone
from app.models import Case, Citizen, Department, Field, User
from app.services.accounts.signed_in import SignedIn
from app.services.cases.code_search import INDEX_PHASE, index_candidates
from app.services.cases.dto import (
    CallerCase,
    CallerHistory,
    CaseFilter,
    CasePage,
    CaseSummary,
    PageKey,
    PageKeys,
)
from app.services.cases.pg_search_page import PgCaseSearch
from app.services.cases.phase_pages import phased_page
from app.services.cases.search_index import build_match
from app.services.core.db_errors import translated
from app.services.core.due_dates import DuePolicy
from app.services.core.sealing import SEALED

Today = Callable[[], date]
EXCERPT_CHARS = 160
LIST_TEXT_CHARS = 600
"""Content read per list row: the cell elides it, its tooltip shows it (long texts end in «…»)."""
_OPEN = [s.value for s in OPEN_STATUSES]
# A list page turns 100 rows into summaries, in the background while the officer scrolls: a dict
# lookup is ten times quicker than ``Enum(value)`` (and a stored value outside the enum still fails).
_KINDS = {k.value: k for k in CaseKind}
_STATUSES = {s.value: s for s in CaseStatus}
_CHANNELS = {c.value: c for c in Channel}
_URGENCIES = {u.value: u for u in Urgency}
_SEALED = [k.value for k in CaseKind if k.is_sealed]
"""A denouncer's identity never finds his case (Luật Tố cáo art. 9)."""

Officer = aliased(User, name="officer")
CASE_FTS = table("case_fts", column("rowid"))


def summary_columns() -> list[Any]:
    """Columns of a list row; content is cut in SQL so a page never loads whole texts."""
    return [
        Case.id,
        Case.number,
        Case.received_at,
        Case.channel,
        Case.kind,
        Case.status,
        Case.urgency,
        Case.due_date,
        Case.due_rule,
        Case.external_ref,
        func.substr(Case.content, 1, LIST_TEXT_CHARS + 1).label("excerpt"),
        Citizen.full_name,
        Citizen.phone,
        Field.name.label("field_name"),
        Department.name.label("department_name"),
        Officer.full_name.label("officer_name"),
    ]


def with_joins(stmt: Select[Any]) -> Select[Any]:
    return (
        stmt.outerjoin(Citizen, Citizen.id == Case.citizen_id)
        .outerjoin(Field, Field.id == Case.field_id)
        .outerjoin(Department, Department.id == Case.department_id)
        .outerjoin(Officer, Officer.id == Case.officer_id)
    )


_HISTORY = (
    select(
        Case.id, Case.number, Case.received_at, Case.kind, Case.status,
        func.substr(Case.content, 1, EXCERPT_CHARS).label("excerpt"), Citizen.full_name, Citizen.address,
    )
    .join(Citizen, Citizen.id == Case.citizen_id)
    .where(Citizen.phone == bindparam("phone"), Case.kind.not_in(_SEALED))
    .order_by(Case.received_at.desc())
    .limit(bindparam("limit"))
)  # fmt: skip
"""Earlier cases of one phone number; built once, run on every keystroke."""


class CaseQuery:
    """Lists and searches that stay instant on a million cases."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        due_policy: DuePolicy,
        today: Today = date.today,
        *,
        signed_in: SignedIn,
    ) -> None:
        self._sessions = sessions
        self._signed_in = signed_in
        self._due = due_policy
        self._today = today
        self._engine = reading(sessions.kw["bind"])
        self._sqlite = self._engine.dialect.name == "sqlite"
        self._pg_search = PgCaseSearch()

    # --- list and search ----------------------------------------------------------------
    def page(self, flt: CaseFilter, after: PageKey | None = None, limit: int = 100) -> CasePage:
        """One page of cases, newest first; pass ``next_key`` back for the next page.

        Only cases in the signed-in officer's scope: what he logged (receiver), his department's
        (handler), his departments' (a limited chief), those he was granted; none for an administrator.
        """
        if after is None:
            self._signed_in.check(Action.READ_CONTENT)
        today = self._today()
        soon = self._due.due_soon_limit(today)
        with translated(), self._sessions() as session:
            found = self._index_page(session, flt, after, limit, today, soon)
            if found is not None:
                return found
            match = build_match(flt.text)
            if match is not None and self._sqlite:
                return self._search_page(session, flt, match, after, limit, today, soon)
            if match is not None:
                return self._pg_search.page(
                    session,
                    flt.text,
                    with_joins(select(*summary_columns())),
                    lambda stmt: self._apply_filters(stmt, flt, today, soon),
                    lambda row: self._summary(row, today, soon),
                    after,
                    limit,
                )
            return self._list_page(session, flt, None, 0, after, limit, today, soon)

    def count(self, flt: CaseFilter) -> int | None:
        """Cases :meth:`page` lists for ``flt`` (a few ms on 1M); ``None`` for a search or the most-urgent list."""
        if flt.text.strip() or flt.most_urgent_first:
            return None
        self._signed_in.check(Action.READ_CONTENT)
        today = self._today()
        stmt = self._apply_filters(select(func.count(Case.id)), flt, today, self._due.due_soon_limit(today))
        with translated(), self._sessions() as session:
            return int(session.execute(stmt).scalar_one())

    def page_keys(self, flt: CaseFilter, size: int) -> PageKeys | None:
        """The row count and the start of every ``size``-row page of :meth:`page`, in one scan of the
        (received, id) index; ``None`` for a search or the most-urgent list (those are read in order).

        On the 1M-case register this takes about half a second: run it off the UI thread.
        """
        if flt.text.strip() or flt.most_urgent_first:
            return None
        self._signed_in.check(Action.READ_CONTENT)
        today = self._today()
        soon = self._due.due_soon_limit(today)
        position = func.row_number().over(order_by=(Case.received_at.desc(), Case.id.desc()))
        ordered = self._apply_filters(
            select(Case.received_at, Case.id, position.label("n")), flt, today, soon
        )
        inner = ordered.subquery()
        starts = select(inner.c.n, inner.c.received_at, inner.c.id).where(inner.c.n % size == 0).subquery()
        with translated(), self._sessions() as session:
            total = session.execute(self._apply_filters(select(func.count(Case.id)), flt, today, soon))
            count = int(total.scalar_one())
            if self._sqlite:
                return PageKeys(count, _keys_of_text(session, starts))
            rows = sorted(session.execute(select(starts)), key=lambda r: int(r.n))  # here: no temp B-tree
        return PageKeys(count, tuple(PageKey(0, r.received_at, r.id) for r in rows))

    def _index_page(
        self, session: Session, flt: CaseFilter, after: PageKey | None, limit: int, today: date, soon: date
    ) -> CasePage | None:
        """A number, code or phone through its own index; ``None`` when it is words (or none found)."""
        candidates = index_candidates(flt.text, postgresql=not self._sqlite) if flt.text else []
        if after is not None and after.phase >= INDEX_PHASE:
            index = after.phase - INDEX_PHASE
            cond = candidates[index] if index < len(candidates) else false()
            return self._list_page(session, flt, cond, after.phase, after, limit, today, soon)
        if after is not None:
            return None
        for index, cond in enumerate(candidates):
            page = self._list_page(session, flt, cond, INDEX_PHASE + index, None, limit, today, soon)
            if page.rows:
                return page
        return None

    def _list_page(
        self,
        session: Session,
        flt: CaseFilter,
        cond: Any,
        phase: int,
        after: PageKey | None,
        limit: int,
        today: date,
        soon: date,
    ) -> CasePage:
        """Newest first (or most urgent first), keyset-paged; ``cond`` narrows to an index's hits."""
        stmt = self._apply_filters(with_joins(select(*summary_columns())), flt, today, soon)
        if cond is not None:
            stmt = stmt.where(cond)
        if after is not None and after.received_at is not None:
            stmt = stmt.where(tuple_(Case.received_at, Case.id) < tuple_(after.received_at, after.id))
        # Run on the session's connection: plain rows, without the ORM's per-row loading (a page
        # read in the background took 1 ms less of the GIL the scrolling view needs).
        conn = session.connection()
        if flt.most_urgent_first:
            stmt = stmt.order_by(Case.due_date.asc(), Case.id.asc()).limit(limit)
            return CasePage(tuple(self._summary(r, today, soon) for r in conn.execute(stmt)), None)
        stmt = stmt.order_by(Case.received_at.desc(), Case.id.desc()).limit(limit)
        rows = [self._summary(r, today, soon) for r in conn.execute(stmt)]
        next_key = PageKey(phase, rows[-1].received_at, rows[-1].id) if len(rows) == limit else None
        return CasePage(tuple(rows), next_key)

    def _search_page(
        self,
        session: Session,
        flt: CaseFilter,
        match: Any,
        after: PageKey | None,
        limit: int,
        today: date,
        soon: date,
    ) -> CasePage:
        """Exact-diacritic matches first (phase 0), then the rest of the folded matches (1)."""
        phases = (
            [match.exact, f"({match.folded}) NOT ({match.exact})"] if match.exact else [None, match.folded]
        )

        def read(expr: str, before_id: int | None, count: int) -> list[CaseSummary]:
            return self._fts_rows(session, flt, expr, before_id, count, today, soon)

        return phased_page(phases, after, limit, read)

    def _fts_rows(
        self,
        session: Session,
        flt: CaseFilter,
        expr: str,
        before_id: int | None,
        limit: int,
        today: date,
        soon: date,
    ) -> list[CaseSummary]:
        stmt = with_joins(
            select(*summary_columns()).select_from(CASE_FTS).join(Case, Case.id == CASE_FTS.c.rowid)
        ).where(text("case_fts MATCH :expr").bindparams(expr=expr))
        stmt = self._apply_filters(stmt, flt, today, soon)
        if before_id is not None:
            stmt = stmt.where(CASE_FTS.c.rowid < before_id)
        stmt = stmt.order_by(CASE_FTS.c.rowid.desc()).limit(limit)
        return [self._summary(r, today, soon) for r in session.connection().execute(stmt)]  # plain rows

    def _apply_filters(self, stmt: Select[Any], flt: CaseFilter, today: date, soon: date) -> Select[Any]:
        conds: list[Any] = list(self._signed_in.visible_cases())
        if flt.statuses:
            conds.append(Case.status.in_([s.value for s in flt.statuses]))
        if flt.open_only:
            conds.append(Case.status.in_(_OPEN))
        if flt.kind is not None:
            conds.append(Case.kind == flt.kind.value)
        if flt.channel is not None:
            conds.append(Case.channel == flt.channel.value)
        if flt.field_id is not None:
            conds.append(Case.field_id == flt.field_id)
        if flt.department_id is not None:
            conds.append(Case.department_id == flt.department_id)
        if flt.officer_id is not None:
            conds.append(Case.officer_id == flt.officer_id)
        if flt.received_from is not None:
            conds.append(Case.received_at >= datetime.combine(flt.received_from, time.min))
        if flt.received_to is not None:
            conds.append(Case.received_at < datetime.combine(flt.received_to + timedelta(days=1), time.min))
        due_conds = []
        if flt.overdue:
            due_conds.append(Case.due_date < today)
        if flt.due_soon:
            due_conds.append(and_(Case.due_date >= today, Case.due_date <= soon))
        if due_conds:
            conds.append(Case.status.in_(_OPEN))
            due_cond = or_(*due_conds)
            if self._sqlite and not flt.overdue:
                # Few open cases are due within days: tell the planner, so it walks the
                # (status, due) index and sorts, instead of scanning every case by date.
                due_cond = func.likelihood(due_cond, literal_column("0.001"))
            conds.append(due_cond)
        return stmt.where(*conds) if conds else stmt

    @staticmethod
    def _summary(row: Any, today: date, soon: date) -> CaseSummary:
        kind = _KINDS[row.kind]
        status = _STATUSES[row.status]
        due = row.due_date
        open_ = status.is_open
        sealed = kind.is_sealed
        return CaseSummary(
            id=row.id,
            number=row.number,
            received_at=row.received_at,
            channel=_CHANNELS[row.channel],
            kind=kind,
            status=status,
            urgency=_URGENCIES[row.urgency],
            citizen_name=SEALED if sealed and row.full_name else (row.full_name or ""),
            phone=SEALED if sealed and row.phone else format_phone(row.phone),
            field_name=row.field_name or "",
            department_name=row.department_name or "",
            officer_name=row.officer_name or "",
            excerpt=_cut(row.excerpt or "").replace("\n", " "),
            due_date=due,
            overdue=bool(open_ and due is not None and due < today),
            due_soon=bool(open_ and due is not None and today <= due <= soon),
            due_rule=row.due_rule or "",
            external_ref=row.external_ref or "",
        )

    # --- caller history -----------------------------------------------------------------
    def caller_history(self, raw_phone: str, limit: int = 20) -> CallerHistory | None:
        """Earlier cases of the number being typed (sealed denunciations never show here)."""
        phone = normalize_phone(raw_phone)
        if phone is None or not phone.valid:
            return None
        self._signed_in.check(Action.LOG_CASE)
        with translated(), self._engine.connect() as conn:  # Core: no ORM overhead per keystroke
            rows = conn.execute(_HISTORY, {"phone": phone.value, "limit": limit}).all()
        cases = tuple(
            CallerCase(
                r.id,
                r.number,
                r.received_at,
                CaseKind(r.kind),
                CaseStatus(r.status),
                (r.excerpt or "").replace("\n", " "),
            )
            for r in rows
        )
        if not rows:
            return CallerHistory(phone.value, True, "", "", ())
        named = next((r for r in rows if r.full_name), rows[0])
        return CallerHistory(phone.value, True, named.full_name, named.address, cases)


def _keys_of_text(session: Session, starts: Any) -> tuple[PageKey, ...]:
    """SQLite: the page starts as one text, so the scan's thread takes the GIL once, not once a start.

    Python's sqlite3 lets go of the GIL around each step of a statement: 10,000 rows on 1M cases
    are 10,000 hand-overs, and each one makes the scrolling view's paint wait for the GIL (a page
    took 10 ms longer while the scan ran). The times are read back as SQLAlchemy reads a column.
    """
    dialect = session.get_bind().dialect
    read_time = Case.received_at.type.dialect_impl(dialect).result_processor(dialect, None)
    assert read_time is not None, "SQLite keeps a time as text"
    item = func.printf("%d %d %s", starts.c.n, starts.c.id, starts.c.received_at)
    joined = session.execute(select(func.group_concat(item, ","))).scalar_one()  # NULL: no page starts
    keys: list[tuple[int, PageKey]] = []
    for part in joined.split(",") if joined else ():
        n, case_id, stamp = part.split(" ", 2)
        keys.append((int(n), PageKey(0, read_time(stamp), int(case_id))))
    keys.sort(key=lambda k: k[0])
    return tuple(key for _, key in keys)


def _cut(text: str) -> str:
    """A list row's content: whole up to ``LIST_TEXT_CHARS``, else cut there with «…»."""
    return text if len(text) <= LIST_TEXT_CHARS else text[:LIST_TEXT_CHARS].rstrip() + "…"
