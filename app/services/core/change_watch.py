"""A cheap "the register changed" marker that other officers' programs poll to refresh their lists."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, func, select

from app.models import Case, CaseEvent
from app.services.core.db_errors import translated


@dataclass(frozen=True, slots=True)
class ChangeMarker:
    """Moves whenever a case is created or anything is done to one (every action writes an event).

    Both numbers are primary-key maxima, answered from the index in microseconds even with a
    million cases (``max(updated_at)`` would scan the whole table every poll).
    """

    last_case_id: int
    last_event_id: int


class ChangeWatch:
    """Reads the marker; the UI compares it with the previous one and broadcasts a change."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def marker(self) -> ChangeMarker:
        """The current marker (one short read; DatabaseError in Vietnamese if the database is away)."""
        with translated(), self._engine.connect() as conn:
            last_case = conn.execute(select(func.max(Case.id))).scalar()
            last_event = conn.execute(select(func.max(CaseEvent.id))).scalar()
        return ChangeMarker(int(last_case or 0), int(last_event or 0))
