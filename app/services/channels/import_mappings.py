"""Column mappings: which sheet and header row to read, and the officer's corrections per source."""

from __future__ import annotations

import json

from sqlalchemy.orm import Session, sessionmaker

from app.domain.imports.columns import ColumnMapping, HeaderMatcher, detect_header
from app.models import Setting
from app.services.channels.import_reader import Table
from app.services.core.db_errors import translated

MAPPING_KEY = "import.mapping.{source}"
"""``setting`` row holding a source's remembered mapping: ``{header key: target}`` as JSON."""


class MappingMemory:
    """Remembers, per source, what the officer said each header means."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def get(self, source: str) -> dict[str, str]:
        with translated(), self._sessions() as session:
            row = session.get(Setting, MAPPING_KEY.format(source=source))
        try:
            data = json.loads(row.value) if row else {}
        except ValueError:
            return {}
        return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}

    def remember(self, source: str, mapping: ColumnMapping) -> None:
        """Add ``mapping``'s headers to what is known for ``source`` (newer answers win)."""
        merged = {**self.get(source), **mapping.remembered()}
        value = json.dumps(merged, ensure_ascii=False)
        with translated(), self._sessions.begin() as session:
            session.merge(Setting(key=MAPPING_KEY.format(source=source), value=value))


def pick_sheet(table: Table, matcher: HeaderMatcher, sheet: str | None) -> tuple[str, ColumnMapping | None]:
    """The sheet (``sheet`` if given) whose header row recognises the most columns, and its mapping."""
    names = [sheet] if sheet else table.sheets()
    best: tuple[str, ColumnMapping | None] = (names[0] if names else "", None)
    best_count = -1
    for name in names:
        mapping = detect_header(table.head(name, 30), matcher)
        count = len(mapping.by_target) if mapping else -1
        if count > best_count:
            best, best_count = (name, mapping), count
    return best
