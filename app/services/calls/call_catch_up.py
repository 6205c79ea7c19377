"""Cases saved since the last look reconcile the calls still open (a case logged the next morning).

The import reconciles every call against the register as it is; afterwards only a case with a
higher id can change that. ``catch_up`` reads the cases above the marker (setting
``calls.reconciled_case_id``, usually none) and marks the open calls of their callers inside their
windows as matched, so the list and its count need no per-row check of the 1M cases.
A case whose phone or received time is edited later is not looked at again (the report's own
query, which checks every call of its period, still counts it right).
"""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from app.models import Case, Citizen, PhoneLogEntry, Setting

MARKER = "calls.reconciled_case_id"


def _marker(session: Session) -> int | None:
    value = session.scalar(select(Setting.value).where(Setting.key == MARKER))
    return int(value) if value and value.isdigit() else None


def set_marker_if_missing(session: Session) -> None:
    """At an import: the cases it reconciled against are up to the current highest id."""
    if _marker(session) is None:
        top = session.scalar(select(func.max(Case.id))) or 0
        session.merge(Setting(key=MARKER, value=str(top)))


def catch_up(sessions: sessionmaker[Session]) -> int:
    """Mark open calls matched by cases saved since the marker; the number of calls so matched."""
    with sessions() as session:
        last = _marker(session)
        if last is None:
            return 0
        new = session.execute(
            select(Citizen.phone, Case.received_at, Case.id)
            .join(Citizen, Citizen.id == Case.citizen_id)
            .where(Case.id > last)
            .order_by(Case.id)
        ).all()
        top = session.scalar(select(func.max(Case.id))) or last
    if top == last:
        return 0
    matched = 0
    with sessions.begin() as session:
        for phone, received, case_id in new:
            if phone:
                E = PhoneLogEntry
                result = session.execute(
                    update(E)
                    .where(
                        E.state == "open",
                        E.phone == phone,
                        E.match_from <= received,
                        E.match_until > received,
                    )
                    .values(state="matched", case_id=case_id)
                )
                matched += int(getattr(result, "rowcount", 0) or 0)
        session.merge(Setting(key=MARKER, value=str(top)))
    return matched
