"""PostgreSQL's search table ``case_search``: kept in step with the cases, filled for bulk loads.

The conditions a search puts on it are in :mod:`pg_search_match`, its paging in :mod:`pg_search_page`.
"""

from __future__ import annotations

from sqlalchemy import Connection, Integer, Text, column, table, text
from sqlalchemy.orm import Session
from sqlalchemy.types import NullType

from app.db.direct import Direct
from app.domain.enums import CaseKind
from app.domain.text import words
from app.services.cases.search_index import SearchDocument, case_document

CASE_SEARCH = table(
    "case_search",
    column("case_id", Integer),
    column("exact", Text),
    column("folded", Text),
    column("terms", NullType()),
)
"""One row per case: ``exact`` and ``folded`` as space-led word lists (`` tranh chấp đất``), and
``terms``, computed by the database (0018): every 2- to 24-letter prefix of each folded word,
and those prefixes of each exact word that hold a marked letter (see :mod:`pg_search_match`)."""

TERMS_INDEX = "ix_case_search_terms"
NO_TERMS_INDEX = (
    "Thiếu chỉ mục tìm kiếm ix_case_search_terms trên PostgreSQL: tìm kiếm vẫn đúng nhưng rất chậm "
    "trên dữ liệu lớn. Nhờ quản trị viên cơ sở dữ liệu tạo lại: "
    "CREATE INDEX ix_case_search_terms ON case_search USING gin (terms);"
)


def stored(value: str) -> str:
    """The indexed form: each word preceded by one space, so `` term%`` is a word prefix."""
    return "".join(" " + w for w in words(value))


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
