"""What a search box text asks of PostgreSQL's ``case_search``, in the two forms it is read by.

SQLite's FTS5 search is the reference: every typed word is the start of a word of the case
(folded: no marks, lower case), and a query typed with marks ranks the cases whose words carry
those very marks first. A typed word is a lexeme of ``terms`` (the GIN index of migration 0018),
checked with LIKE on the space-led words where the index cannot say it alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, cast, literal, not_
from sqlalchemy.types import UserDefinedType

from app.domain.text import exact_key, fold, has_diacritics, words
from app.services.cases.pg_search import CASE_SEARCH

LONGEST_PREFIX = 24
"""Longest prefix in ``terms`` (as in migration 0018): a longer typed word is looked up by its
first 24 letters and then checked whole."""


class TsQuery(UserDefinedType[str]):
    """PostgreSQL ``tsquery``: a cast target for the search words (no dialect import needed)."""

    cache_ok = True

    def get_col_spec(self, **_: Any) -> str:
        return "tsquery"


@dataclass(frozen=True)
class SearchMatch:
    """The folded matches and, for a query typed with marks, the exact ones among them."""

    folded: Any
    exact: Any | None

    def phases(self) -> list[Any | None]:
        """Exact matches first (phase 0), then the rest of the folded ones (1), as SQLite pages."""
        if self.exact is None:
            return [None, self.folded]
        return [self.exact, and_(self.folded, not_(self.exact))]


def search_match(query: str) -> SearchMatch | None:
    """The conditions for the search box text; ``None`` if it holds no word."""
    folded_terms = words(fold(query))
    if not folded_terms:
        return None
    folded = _indexed(folded_terms, CASE_SEARCH.c.folded, _folded_lexeme)
    if not has_diacritics(query):
        return SearchMatch(folded, None)
    exact_terms = words(exact_key(query))
    exact = _indexed(exact_terms, CASE_SEARCH.c.exact, _exact_lexeme)
    if len(exact_terms) != len(folded_terms):
        return SearchMatch(folded, and_(folded, exact))
    # A word found by its marked lexeme (``phạm``) has its folded one (``pham``) too: the index
    # intersects only the lexemes that say something.
    plain = [f for f, e in zip(folded_terms, exact_terms, strict=True) if _exact_lexeme(e) is None]
    if plain:
        exact = and_(_indexed(plain, CASE_SEARCH.c.folded, _folded_lexeme), exact)
    return SearchMatch(folded, exact)


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
