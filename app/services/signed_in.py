"""The officer signed in to this process, and the permission check every guarded service makes.

A desktop process serves one officer at a time: the login screen signs him in, and each guarded
service method asks ``SignedIn.check`` for his role and the case's scope, whichever screen,
background job or dialog calls it. Nobody signed in means a command-line or maintenance process
(``hotline-desk report …``, ``demo``, tests of the services themselves): it runs with the rights
of whoever holds the database file, and what it changes is audited as ``cli:<user>`` / system.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.permissions import Action, Actor, CaseScope
from app.models import Case, CaseAccess
from app.services.audit_service import AuditActor
from app.services.auth_service import Guard
from app.services.errors import NotFoundError


class SignedIn:
    """Holds the signed-in ``Actor`` (or nobody) and checks actions against it."""

    def __init__(self, actor: Actor | None = None) -> None:
        self._actor = actor

    @property
    def actor(self) -> Actor | None:
        return self._actor

    def sign_in(self, actor: Actor) -> None:
        self._actor = actor

    def sign_out(self) -> None:
        self._actor = None

    def check(self, action: Action, scope: CaseScope | None = None) -> None:
        """Raise ``PermissionDenied`` (Vietnamese message) unless the officer may do this."""
        if self._actor is not None:
            Guard.check(self._actor, action, scope)

    def check_case(self, session: Session, action: Action, case_id: int) -> Case:
        """The case, once the officer may do ``action`` on it (role and scope)."""
        case = session.get(Case, case_id)
        if case is None:
            raise NotFoundError("Không tìm thấy vụ việc.")
        if self._actor is not None:
            Guard.check(self._actor, action, case_scope(session, case))
        return case

    def who(self, fallback: AuditActor = None) -> AuditActor:
        """Who to write in the audit log: the officer, else ``fallback`` (``cli:…``/system)."""
        return self._actor if self._actor is not None else fallback


def case_scope(session: Session, case: Case) -> CaseScope:
    """Who the case belongs to: its receiving officer, its department, officers granted access."""
    granted = session.scalars(select(CaseAccess.user_id).where(CaseAccess.case_id == case.id))
    return CaseScope(case.receiver_id, case.department_id, frozenset(granted))
