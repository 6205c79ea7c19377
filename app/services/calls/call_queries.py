"""Read side of the call log: the unmatched list, a caller's earlier cases, call-back tasks, counts."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from app.domain.enums import CaseKind
from app.models import Case, Citizen, PhoneLogEntry
from app.services.calls.call_match import CHUNK, case_exists
from app.services.calls.call_types import CallbackTask, CallCounts, EarlierCase, UnmatchedCall
from app.services.calls.phone_events import RECONCILED, EventKind

SEALED_KINDS = [k.value for k in CaseKind if k.is_sealed]
_RECONCILED = [k.value for k in RECONCILED]
E = PhoneLogEntry


def sealed_phones(session: Session, phones: Iterable[str]) -> set[str]:
    """Numbers of denouncers (a sealed case's caller): their names are not shown without unsealing."""
    wanted = sorted({p for p in phones if p})
    found: set[str] = set()
    for i in range(0, len(wanted), CHUNK):
        found.update(
            session.scalars(
                select(Citizen.phone)
                .join(Case, Case.citizen_id == Citizen.id)
                .where(Citizen.phone.in_(wanted[i : i + CHUNK]), Case.kind.in_(SEALED_KINDS))
                .distinct()
            )
        )
    return found


def _names_and_counts(
    session: Session, phones: list[str], reveal: bool
) -> tuple[dict[str, str], dict[str, int]]:
    names: dict[str, str] = {}
    counts: dict[str, int] = {}
    for i in range(0, len(phones), CHUNK):
        part = phones[i : i + CHUNK]
        conds = [Citizen.phone.in_(part)] + ([] if reveal else [Case.kind.not_in(SEALED_KINDS)])
        rows = session.execute(
            select(Citizen.phone, func.max(Citizen.full_name), func.count(Case.id))
            .join(Case, Case.citizen_id == Citizen.id)
            .where(*conds)
            .group_by(Citizen.phone)
        ).all()
        for phone, name, n in rows:
            names[str(phone)], counts[str(phone)] = name or "", int(n)
    return names, counts


def unmatched_page(  # after ``catch_up``: "open" means no case of the caller in the window
    session: Session, reveal: bool, limit: int, before: tuple[datetime, int] | None = None
) -> list[UnmatchedCall]:
    """Newest first; ``before`` = (at, id) of the last row already shown (keyset paging)."""
    cols = (
        E.id,
        E.at,
        E.kind,
        E.phone,
        E.duration_s,
        E.contact_name,
        E.body,
        E.callback_due,
        E.called_back_at,
    )
    stmt = select(*cols).where(E.state == "open")  # Core rows: no ORM identity map for a page
    if before is not None:
        stmt = stmt.where(or_(E.at < before[0], and_(E.at == before[0], E.id < before[1])))
    entries = session.execute(stmt.order_by(E.at.desc(), E.id.desc()).limit(limit)).all()
    phones = sorted({e.phone for e in entries if e.phone})
    hidden = set() if reveal else sealed_phones(session, phones)
    names, counts = _names_and_counts(session, phones, reveal)
    out = []
    for e in entries:
        secret = e.phone in hidden
        name = "" if secret else (e.contact_name or names.get(e.phone or "", ""))
        out.append(
            UnmatchedCall(
                e.id,
                e.at,
                EventKind(e.kind),
                e.phone,
                e.duration_s,
                name,
                e.body,
                e.callback_due,
                e.called_back_at,
                counts.get(e.phone or "", 0),
            )
        )
    return out


def count_unmatched(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(E).where(E.state == "open")) or 0)


def count_callbacks(session: Session, now: datetime) -> tuple[int, int]:
    """(open call-back tasks, of which overdue: not called back within one working day)."""
    today = datetime.combine(now.date(), datetime.min.time())
    row = session.execute(
        select(func.count(), func.sum(case((E.callback_due < today, 1), else_=0))).where(
            E.callback_due.is_not(None), E.called_back_at.is_(None)
        )
    ).one()
    return int(row[0] or 0), int(row[1] or 0)


def earlier_cases(session: Session, phone: str, reveal: bool, limit: int = 20) -> list[EarlierCase]:
    conds = [Citizen.phone == phone] + ([] if reveal else [Case.kind.not_in(SEALED_KINDS)])
    rows = session.execute(
        select(Case.id, Case.number, Case.received_at, func.substr(Case.content, 1, 120))
        .join(Citizen, Citizen.id == Case.citizen_id)
        .where(*conds)
        .order_by(Case.received_at.desc())
        .limit(limit)
    ).all()
    return [EarlierCase(r[0], r[1], r[2], (r[3] or "").replace("\n", " ")) for r in rows]


def callback_tasks(
    session: Session, now: datetime, reveal: bool, overdue_only: bool = False, limit: int = 500
) -> list[CallbackTask]:
    """Missed calls with a number not called back yet, oldest first."""
    conds: list[ColumnElement[bool]] = [E.callback_due.is_not(None), E.called_back_at.is_(None)]
    if overdue_only:
        conds.append(E.callback_due < datetime.combine(now.date(), datetime.min.time()))
    cols = (E.id, E.at, E.phone, E.kind, E.callback_due, E.contact_name)
    entries = session.execute(select(*cols).where(*conds).order_by(E.callback_due, E.at).limit(limit)).all()
    hidden = set() if reveal else sealed_phones(session, (e.phone or "" for e in entries))
    return [
        CallbackTask(
            e.id,
            e.at,
            e.phone or "",
            EventKind(e.kind),
            e.callback_due or e.at,
            bool(e.callback_due and e.callback_due.date() < now.date()),
            "" if e.phone in hidden else e.contact_name,
        )
        for e in entries
    ]


def period_counts(session: Session, start: datetime, end: datetime) -> CallCounts:
    """Figures of the calls and SMS received in ``[start, end)``."""
    logged = or_(
        E.state.in_(("matched", "logged")),
        and_(E.state == "dismissed", E.dismiss_reason == "other_case"),
        and_(E.state == "open", E.phone.is_not(None), case_exists()),
    )
    dismissed = and_(E.state == "dismissed", E.dismiss_reason != "other_case")
    missed = E.callback_due.is_not(None)
    row = session.execute(
        select(
            func.count(),
            func.sum(case((logged, 1), else_=0)),
            func.sum(case((dismissed, 1), else_=0)),
            func.sum(case((and_(missed, E.called_back_at.is_not(None)), 1), else_=0)),
            func.sum(case((and_(missed, E.called_back_at.is_(None)), 1), else_=0)),
        ).where(E.at >= start, E.at < end, E.kind.in_(_RECONCILED))
    ).one()
    reasons = dict(
        session.execute(
            select(E.dismiss_reason, func.count())
            .where(E.at >= start, E.at < end, E.state == "dismissed")
            .group_by(E.dismiss_reason)
        ).all()
    )
    total, n_logged, n_dismissed = int(row[0] or 0), int(row[1] or 0), int(row[2] or 0)
    return CallCounts(
        total,
        n_logged,
        n_dismissed,
        total - n_logged - n_dismissed,
        int(row[3] or 0),
        int(row[4] or 0),
        {str(k): int(v) for k, v in reasons.items()},
    )
