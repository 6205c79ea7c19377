"""Reconciliation at import: which calls have their case, which missed calls were called back."""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, exists, or_, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from app.models import Case, Citizen, PhoneLogEntry
from app.services.calls.phone_events import CALLBACK_KINDS, EventKind

CHUNK = 500
_CALLBACK = [k.value for k in CALLBACK_KINDS]


def case_exists() -> ColumnElement[bool]:
    """SQL: a case of the entry's caller received inside its window (the dynamic reconciliation)."""
    return exists(
        select(Case.id)
        .join(Citizen, Citizen.id == Case.citizen_id)
        .where(
            Citizen.phone == PhoneLogEntry.phone,
            Case.received_at >= PhoneLogEntry.match_from,
            Case.received_at < PhoneLogEntry.match_until,
        )
    )


def case_times(
    session: Session, phones: Iterable[str], lo: datetime, hi: datetime
) -> dict[str, list[tuple[datetime, int]]]:
    """Received times (sorted) and ids of the cases of each phone between ``lo`` and ``hi``."""
    found: dict[str, list[tuple[datetime, int]]] = defaultdict(list)
    wanted = sorted(set(phones))
    for i in range(0, len(wanted), CHUNK):
        rows = session.execute(
            select(Citizen.phone, Case.received_at, Case.id)
            .join(Case, Case.citizen_id == Citizen.id)
            .where(Citizen.phone.in_(wanted[i : i + CHUNK]), Case.received_at >= lo, Case.received_at < hi)
        ).all()
        for phone, received, case_id in rows:
            found[str(phone)].append((received, case_id))
    for times in found.values():
        times.sort()
    return found


def first_case(times: Sequence[tuple[datetime, int]], start: datetime, until: datetime) -> int | None:
    """The first case in ``[start, until)`` (``times`` sorted), or None."""
    i = bisect_left(times, (start, -1))
    return times[i][1] if i < len(times) and times[i][0] < until else None


@dataclass
class Callbacks:
    """Missed calls of the file and of earlier imports, and the outgoing calls that close them."""

    closed_new: dict[int, datetime]
    """Index of a new row → time of the outgoing call that closed it."""
    closed_old: dict[int, datetime]
    """Id of a stored missed call → time of the new outgoing call that closed it."""


def _outgoing(rows: list[dict[str, Any]], stored: Sequence[Any]) -> dict[str, list[datetime]]:
    out: dict[str, list[datetime]] = defaultdict(list)
    for row in rows:
        if row["kind"] == EventKind.OUTGOING and row["duration_s"] > 0 and row["phone"]:
            out[row["phone"]].append(row["at"])
    for item in stored:
        if item.kind == EventKind.OUTGOING:
            out[item.phone].append(item.at)
    for times in out.values():
        times.sort()
    return out


def find_callbacks(session: Session, rows: list[dict[str, Any]]) -> Callbacks:
    """Close each missed call (new or stored, still open) by the first outgoing call after it."""
    phones = {r["phone"] for r in rows if r["phone"] and (r["kind"] in _CALLBACK or r["kind"] == "outgoing")}
    stored: list[Any] = []
    wanted = sorted(phones)
    for i in range(0, len(wanted), CHUNK):
        stored += session.execute(
            select(PhoneLogEntry.id, PhoneLogEntry.kind, PhoneLogEntry.phone, PhoneLogEntry.at).where(
                PhoneLogEntry.phone.in_(wanted[i : i + CHUNK]),
                or_(
                    and_(PhoneLogEntry.kind == "outgoing", PhoneLogEntry.duration_s > 0),
                    and_(PhoneLogEntry.callback_due.is_not(None), PhoneLogEntry.called_back_at.is_(None)),
                ),
            )
        ).all()
    outgoing = _outgoing(rows, stored)

    def after(phone: str, at: datetime) -> datetime | None:
        times = outgoing.get(phone, [])
        i = bisect_left(times, at)
        while i < len(times) and times[i] <= at:
            i += 1
        return times[i] if i < len(times) else None

    closed_new = {
        i: when for i, r in enumerate(rows)
        if r["callback_due"] is not None and (when := after(r["phone"], r["at"])) is not None
    }  # fmt: skip
    closed_old = {
        s.id: when for s in stored
        if s.kind != EventKind.OUTGOING and (when := after(s.phone, s.at)) is not None
    }  # fmt: skip
    return Callbacks(closed_new, closed_old)


def close_stored(session: Session, closed: dict[int, datetime]) -> None:
    """Mark stored missed calls as called back by an outgoing call of this import."""
    for entry_id, when in closed.items():
        session.execute(
            update(PhoneLogEntry)
            .where(PhoneLogEntry.id == entry_id, PhoneLogEntry.called_back_at.is_(None))
            .values(called_back_at=when, called_back_via="call")
        )
