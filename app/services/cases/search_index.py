"""Full-text index over case text: exact (with diacritics) and folded (without) columns."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import Connection, text
from sqlalchemy.orm import Session

from app.db.direct import Direct
from app.domain.phone import format_phone
from app.domain.text import exact_key, fold, has_diacritics, words


@dataclass(frozen=True, slots=True)
class SearchDocument:
    """The two indexed strings of one case."""

    exact: str
    folded: str


def case_document(
    *,
    number: str,
    content: str,
    request: str = "",
    location: str = "",
    external_ref: str = "",
    citizen_name: str = "",
    phone: str | None = None,
    sealed: bool = False,
) -> SearchDocument:
    """Text a search should find a case by. A sealed petitioner's identity is never indexed."""
    parts = [number, content, request, location, external_ref]
    if not sealed:
        parts.append(citizen_name)
        if phone:
            parts.append(format_phone(phone).replace(" ", ""))
    joined = " ".join(p for p in parts if p)
    return SearchDocument(exact_key(joined), fold(joined))


@dataclass(frozen=True, slots=True)
class MatchQuery:
    """FTS5 expressions for one search box text: exact-diacritic phase first when it helps."""

    exact: str | None
    folded: str


def build_match(query: str) -> MatchQuery | None:
    """Turn what the officer typed into FTS5 prefix queries; ``None`` if nothing searchable."""
    folded_terms = words(fold(query))
    if not folded_terms:
        return None
    folded = " AND ".join(f'folded:"{t}"*' for t in folded_terms)
    exact = None
    if has_diacritics(query):
        exact_terms = words(exact_key(query))
        exact = " AND ".join(f'exact:"{t}"*' for t in exact_terms)
    return MatchQuery(exact, folded)


_FTS_ADD = text("INSERT INTO case_fts(rowid, exact, folded) VALUES (:id, :e, :f)")


class SearchIndex(Protocol):
    """What the case service needs from an index (SQLite FTS5 or PostgreSQL ``case_search``)."""

    def add(self, session: Session | Connection, case_id: int, doc: SearchDocument) -> None: ...

    def add_direct(self, direct: Direct, case_id: int, doc: SearchDocument) -> None: ...

    def replace(
        self, session: Session | Connection, case_id: int, old: SearchDocument, new: SearchDocument
    ) -> None: ...


class SqliteSearchIndex:
    """Keeps the contentless FTS5 table ``case_fts`` in step with ``case_file`` rows."""

    def add(self, session: Session | Connection, case_id: int, doc: SearchDocument) -> None:
        session.execute(_FTS_ADD, {"id": case_id, "e": doc.exact, "f": doc.folded})

    def add_direct(self, direct: Direct, case_id: int, doc: SearchDocument) -> None:
        direct.first(_FTS_ADD, {"id": case_id, "e": doc.exact, "f": doc.folded})

    def replace(
        self, session: Session | Connection, case_id: int, old: SearchDocument, new: SearchDocument
    ) -> None:
        if old == new:
            return
        session.execute(
            text("INSERT INTO case_fts(case_fts, rowid, exact, folded) VALUES ('delete', :id, :e, :f)"),
            {"id": case_id, "e": old.exact, "f": old.folded},
        )
        self.add(session, case_id, new)
