"""PostgreSQL search with SQLite's behaviour: folded words, word-prefix match, exact marks first."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import (
    Connection,
    Integer,
    Select,
    Text,
    and_,
    cast,
    column,
    func,
    literal,
    not_,
    select,
    table,
    text,
)
from sqlalchemy.orm import Session
from sqlalchemy.types import NullType, UserDefinedType

from app.db.direct import Direct
from app.domain.enums import CaseKind
from app.domain.text import exact_key, fold, has_diacritics, words
from app.models import Case
from app.services.cases.dto import CasePage, CaseSummary, PageKey
from app.services.cases.search_index import SearchDocument, case_document


class TsQuery(UserDefinedType[str]):
    """PostgreSQL ``tsquery``: a cast target for the search words (no dialect import needed)."""

    cache_ok = True

    def get_col_spec(self, **_: Any) -> str:
        return "tsquery"


CASE_SEARCH = table(
    "case_search",
    column("case_id", Integer),
    column("exact", Text),
    column("folded", Text),
    column("terms", NullType()),
)
"""One row per case: ``exact`` and ``folded`` as space-led word lists (`` tranh chấp đất``), and
``terms``, computed by the database: every 2- to 24-letter prefix of each folded word (0018)."""

TERMS_INDEX = "ix_case_search_terms"
NO_TERMS_INDEX = (
    "Thiếu chỉ mục tìm kiếm ix_case_search_terms trên PostgreSQL: tìm kiếm vẫn đúng nhưng rất chậm "
    "trên dữ liệu lớn. Hãy mở chương trình một lần để cập nhật cấu trúc dữ liệu."
)
LONGEST_PREFIX = 24
"""Longest prefix in ``terms`` (as in migration 0018): a longer typed word is looked up by its
first 24 letters and then checked whole."""


def stored(value: str) -> str:
    """The indexed form: each word preceded by one space, so `` term%`` is a word prefix."""
    return "".join(" " + w for w in words(value))


def _like(col: Any, terms: Iterable[str]) -> Any:
    conds = [col.like("% " + t.replace("_", "\\_") + "%", escape="\\") for t in terms]
    return and_(*conds)


def _indexed(terms: list[str], col: Any, lexeme: Callable[[str], str | None]) -> Any:
    """Every term a prefix of a word of ``col``: by its lexeme of ``terms`` where it has one,
    checked whole with LIKE where the index cannot say it alone."""
    lexemes = {t: lexeme(t) for t in terms}
    checked = [t for t, x in lexemes.items() if x is None or len(t) > LONGEST_PREFIX]
    conds = [_like(col, checked)] if checked else []
    found = sorted({x for x in lexemes.values() if x is not None})
    if found:
        query = " & ".join("'" + x + "'" for x in found)  # words are letters, digits and _ only
        conds.insert(0, CASE_SEARCH.c.terms.bool_op("@@")(cast(literal(query), TsQuery())))
    return and_(*conds)


def _folded_lexeme(term: str) -> str | None:
    return term[:LONGEST_PREFIX] if len(term) > 1 else None


def _exact_lexeme(term: str) -> str | None:
    """Only a prefix with a marked letter is kept as an exact lexeme (a plain one is folded)."""
    prefix = term[:LONGEST_PREFIX]
    return prefix if len(term) > 1 and has_diacritics(prefix) else None


def search_conditions(query: str) -> tuple[Any | None, Any] | None:
    """(exact condition or ``None``, folded condition) for the search box text."""
    folded_terms = words(fold(query))
    if not folded_terms:
        return None
    folded = _indexed(folded_terms, CASE_SEARCH.c.folded, _folded_lexeme)
    if not has_diacritics(query):
        return None, folded
    exact_terms = words(exact_key(query))
    exact = _indexed(exact_terms, CASE_SEARCH.c.exact, _exact_lexeme)
    if len(exact_terms) != len(folded_terms):
        return and_(folded, exact), folded
    # A word found by its marked lexeme (``phạm``) has its folded one (``pham``) too: the index
    # intersects only the lexemes that say something.
    plain = [f for f, e in zip(folded_terms, exact_terms, strict=True) if _exact_lexeme(e) is None]
    if not plain:
        return exact, folded
    return and_(_indexed(plain, CASE_SEARCH.c.folded, _folded_lexeme), exact), folded


_UPSERT = text(
    "INSERT INTO case_search(case_id, exact, folded) VALUES (:id, :e, :f) "
    "ON CONFLICT (case_id) DO UPDATE SET exact = excluded.exact, folded = excluded.folded"
)


class PgSearchIndex:
    """Keeps ``case_search`` in step with ``case_file`` inside the case service's transaction."""

    def add(self, session: Session | Connection, case_id: int, doc: SearchDocument) -> None:
        session.execute(_UPSERT, {"id": case_id, "e": stored(doc.exact), "f": stored(doc.folded)})

    def add_direct(self, direct: Direct, case_id: int, doc: SearchDocument) -> None:
        direct.first(_UPSERT, {"id": case_id, "e": stored(doc.exact), "f": stored(doc.folded)})

    def replace(
        self, session: Session | Connection, case_id: int, old: SearchDocument, new: SearchDocument
    ) -> None:
        if old != new:
            self.add(session, case_id, new)


def missing_count(conn: Connection | Session) -> int:
    """Cases without a search row (0 when the index is consistent)."""
    sql = (
        "SELECT count(*) FROM case_file c WHERE NOT EXISTS "
        "(SELECT 1 FROM case_search s WHERE s.case_id = c.id)"
    )
    return int(conn.execute(text(sql)).scalar() or 0)


def backfill_missing(conn: Connection, batch: int = 5000) -> int:
    """Index cases that have no search row (bulk loads such as the demo); returns how many."""
    rows = conn.execute(
        text(
            "SELECT c.id, c.number, c.content, c.request, c.location, c.external_ref, c.kind, "
            "z.full_name, z.phone FROM case_file c LEFT JOIN citizen z ON z.id = c.citizen_id "
            "WHERE NOT EXISTS (SELECT 1 FROM case_search s WHERE s.case_id = c.id) ORDER BY c.id"
        )
    ).all()
    insert = text("INSERT INTO case_search(case_id, exact, folded) VALUES (:id, :e, :f)")
    for start in range(0, len(rows), batch):
        values = []
        for r in rows[start : start + batch]:
            doc = case_document(
                number=r.number,
                content=r.content,
                request=r.request,
                location=r.location,
                external_ref=r.external_ref,
                citizen_name=r.full_name or "",
                phone=r.phone,
                sealed=CaseKind(r.kind).is_sealed,
            )
            values.append({"id": r.id, "e": stored(doc.exact), "f": stored(doc.folded)})
        conn.execute(insert, values)
    return len(rows)


def has_terms_index(conn: Connection | Session) -> bool:
    sql = "SELECT 1 FROM pg_indexes WHERE indexname = :name"
    return conn.execute(text(sql), {"name": TERMS_INDEX}).first() is not None


class PgCaseSearch:
    """Search pages on PostgreSQL, paged exactly like the SQLite FTS5 search (phase, id)."""

    def page(
        self,
        session: Session,
        query: str,
        base: Select[Any],
        filters: Callable[[Select[Any]], Select[Any]],
        to_row: Callable[[Any], CaseSummary],
        after: PageKey | None,
        limit: int,
    ) -> CasePage:
        """Exact-diacritic matches first (phase 0), then the rest of the folded matches (1)."""
        conds = search_conditions(query)
        if conds is None:
            return CasePage((), None)
        exact, folded = conds
        stmt = filters(base.join(CASE_SEARCH, CASE_SEARCH.c.case_id == Case.id))
        if exact is not None and after is None:
            few = _few_matches(session, exact, folded)
            if few is not None:
                return _page_of(session, stmt, to_row, few, limit)
        phases = [exact, and_(folded, not_(exact))] if exact is not None else [None, folded]
        rows: list[CaseSummary] = []
        phase = after.phase if after else 0
        last_id = after.id if after else None
        while phase < len(phases) and len(rows) < limit:
            cond = phases[phase]
            if cond is not None:
                rows.extend(_newest_first(session, stmt.where(cond), to_row, last_id, limit - len(rows)))
            if len(rows) < limit:
                phase, last_id = phase + 1, None
            else:
                last_id = rows[-1].id
        next_key = PageKey(phase, None, rows[-1].id) if rows and phase < len(phases) else None
        return CasePage(tuple(rows), next_key)


FEW_RECENT = 20
"""Folded matches in the recent window below which a two-phase search first asks for all of them."""
FEW_ALL = 1_000
"""Most folded matches a two-phase search orders itself (ids and a flag, no case rows)."""


def _few_matches(session: Session, exact: Any, folded: Any) -> list[tuple[int, int]] | None:
    """Every folded match as (phase, id) in page order, if there are few; else ``None``.

    Typed with marks and rare, a search looked its words up four times: exact matches in the
    recent window, then in the older cases, then the other folded matches in both again (four
    lookups of 10–20 ms on a million cases, most of a no-match search). The recent window tells
    whether the folded words are rare; if so, one lookup below it returns every match with
    whether it is exact, and both phases are ordered from that.
    """
    top = session.scalar(select(func.max(CASE_SEARCH.c.case_id)))
    if top is None:
        return []
    low = max(int(top) + 1 - RECENT_WINDOW, 0)
    key = CASE_SEARCH.c.case_id
    probe = select(key, exact.label("x")).where(folded).order_by(key.desc())
    recent = session.execute(probe.where(key >= low).limit(FEW_RECENT + 1)).all()
    if len(recent) > FEW_RECENT:
        return None
    older = session.execute(probe.where(key < low).limit(FEW_ALL + 1 - len(recent))).all()
    if len(recent) + len(older) > FEW_ALL:
        return None
    found = [*recent, *older]
    return [(0, r.case_id) for r in found if r.x] + [(1, r.case_id) for r in found if not r.x]


def _page_of(
    session: Session,
    stmt: Select[Any],
    to_row: Callable[[Any], CaseSummary],
    found: list[tuple[int, int]],
    limit: int,
) -> CasePage:
    """The first page of ``found`` (in page order) among the rows ``stmt`` lets through."""
    rows: list[tuple[int, CaseSummary]] = []
    for start in range(0, len(found), limit):
        chunk = found[start : start + limit]
        read = {r.id: r for r in map(to_row, session.execute(stmt.where(Case.id.in_([i for _, i in chunk]))))}
        rows.extend((phase, read[i]) for phase, i in chunk if i in read)
        if len(rows) >= limit:
            break
    page = rows[:limit]
    next_key = PageKey(page[-1][0], None, page[-1][1].id) if len(page) == limit else None
    return CasePage(tuple(r for _, r in page), next_key)


RECENT_WINDOW = 20_000
"""Case ids looked at first, newest first: a common word fills a page from the recent cases."""
DENSE_SPAN = 120_000
"""Most ids read on by key after the recent window (about 50 ms on this machine). A name such as
«Dương Tuấn» matches one case in 400: 33 in the recent window, and the trigram index (before
0018) then fetched all of its 63,000 candidate rows to keep the 67 newest (0.2 s); 80,000 more
ids by key hold them (35 ms). A rare word leaves the recent window empty and goes to the index."""


def _newest_first(
    session: Session, stmt: Select[Any], to_row: Callable[[Any], CaseSummary], before: int | None, limit: int
) -> list[CaseSummary]:
    """Up to ``limit`` matching rows with ``id < before``, newest first.

    The planner cannot tell how often words occur together (a street name's words, a family and
    a given name: «Lý Hải» was estimated at 697 cases and is in 22,822), so left alone it reads
    every match and sorts them: 0.4 s on a million cases. The most recent ids are searched
    first; only if they hold too few matches is the rest searched, where a rare word is found
    fast through the index of ``terms``; a word the recent window shows to be common reads on
    by key first (:data:`DENSE_SPAN`).
    """
    top = before if before is not None else session.scalar(select(func.max(Case.id)))
    if top is None:
        return []
    top = int(top) + (0 if before is not None else 1)
    low = max(top - RECENT_WINDOW, 0)
    key = CASE_SEARCH.c.case_id  # the range on the search table itself: read backwards by its key
    recent = stmt.where(key < top, key >= low).order_by(Case.id.desc()).limit(limit)
    rows = [to_row(r) for r in session.execute(recent)]
    if rows and len(rows) < limit and low > 0:
        # Matches are common enough to show in the recent window: read on through as many older
        # ids as should hold the rest (twice the estimate), while that stays a short scan.
        span = RECENT_WINDOW * (limit - len(rows)) * 2 // len(rows)
        if span <= DENSE_SPAN:
            lower = max(low - span, 0)
            dense = stmt.where(key < low, key >= lower).order_by(Case.id.desc()).limit(limit - len(rows))
            rows.extend(to_row(r) for r in session.execute(dense))
            low = lower
    if len(rows) < limit and low > 0:
        older = stmt.where(key < low).order_by(Case.id.desc()).limit(limit - len(rows))
        rows.extend(to_row(r) for r in session.execute(older))
    return rows
