"""A case history row (audited by the history hook) and the case lookups every loop step needs."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.models import Case, CaseEvent
from app.services.accounts.signed_in import SignedIn
from app.services.audit.audit_service import AUDIT_NAME
from app.services.core.errors import NotFoundError


@contextmanager
def begin(sessions: sessionmaker[Session], signed_in: SignedIn) -> Iterator[Session]:
    """One write transaction; a command-line process's history rows are audited as ``cli:<user>``."""
    with sessions.begin() as session:
        if signed_in.actor is None and signed_in.command_line:
            session.info[AUDIT_NAME] = signed_in.command_line
        yield session


def add_event(
    session: Session,
    case: Case,
    at: datetime,
    user_id: int | None,
    action: str,
    note: str,
    data: Mapping[str, object] | None = None,
    *,
    from_status: str | None = None,
    to_status: str | None = None,
) -> None:
    """One history row in the caller's transaction; the audit hook writes its audit row."""
    session.add(
        CaseEvent(
            case_id=case.id, at=at, user_id=user_id, action=action, from_status=from_status,
            to_status=to_status, note=note,
            data=json.dumps(dict(data), ensure_ascii=False, default=str) if data else "",
        )
    )  # fmt: skip


def touch(case: Case, at: datetime) -> None:
    """The case changed: a new version for the optimistic checks of every screen."""
    case.updated_at = at
    case.version += 1


def load_case(session: Session, case_id: int, *, lock: bool = False) -> Case:
    """The case row (locked for update on PostgreSQL when ``lock``), or NotFoundError."""
    query = select(Case).where(Case.id == case_id)
    if lock:
        query = query.with_for_update()
    case = session.execute(query).scalar_one_or_none()
    if case is None:
        raise NotFoundError("Không tìm thấy vụ việc.")
    return case


def case_id_by_number(session: Session, number: str) -> int:
    """The id of the case numbered ``number`` (as printed), or NotFoundError."""
    found = session.execute(select(Case.id).where(Case.number == number.strip())).scalar()
    if found is None:
        raise NotFoundError(f"Không có vụ việc số {number.strip()}.")
    return int(found)
