"""The officer signed in to this process, and the permission check every guarded service makes.

A desktop process serves one officer at a time: the login screen signs him in, and each guarded
service method asks ``SignedIn.check`` for his role and the case's scope, whichever screen,
background job or dialog calls it. Permissions fail closed: in a desktop process nobody signed in
may do nothing guarded (the refusal is audited). Only a process built with an explicit
command-line identity (``hotline-desk report …``, ``demo``, ``backup``) runs without an officer, with
the rights of whoever holds the database file, and what it changes is audited as ``cli:<user>``.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Mapping
from typing import Any

from sqlalchemy import ColumnElement, false, or_, select
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session, sessionmaker

from app.domain.enums import Role
from app.domain.permissions import ACTION_LABELS, Action, Actor, CaseScope
from app.models import Case, CaseAccess
from app.services.accounts.guard import Guard, PermissionDenied
from app.services.audit.audit_anchors import Anchor
from app.services.audit.audit_service import AuditActor, AuditService
from app.services.core.errors import NotFoundError

log = logging.getLogger(__name__)


class SignedIn:
    """Holds the signed-in ``Actor`` (or nobody) and checks actions against it.

    Checks run before the action's write transaction opens, so a refusal can be written to the
    audit log at once (the issue: "the attempt itself audited") without waiting on a write lock.
    """

    def __init__(
        self,
        sessions: sessionmaker[Session],
        audit: AuditService,
        actor: Actor | None = None,
        *,
        command_line: str | None,
    ) -> None:
        self._sessions = sessions
        self._audit = audit
        self._actor = actor
        self._command_line = command_line
        """``cli:<user>`` for a command-line process (runs without an officer); None: desktop."""

    @property
    def actor(self) -> Actor | None:
        return self._actor

    @property
    def command_line(self) -> str | None:
        """The command-line identity this process was built with (None: a desktop process)."""
        return self._command_line

    def as_actor(self, actor: Actor) -> SignedIn:
        """The same checks and audit for an officer named by the caller (seal, audit log)."""
        return SignedIn(self._sessions, self._audit, actor, command_line=self._command_line)

    def sign_in(self, actor: Actor) -> None:
        self._actor = actor

    def sign_out(self) -> None:
        self._actor = None

    def check(self, action: Action, object_type: str = "", object_id: object = "") -> None:
        """Raise ``PermissionDenied`` (Vietnamese message, audited) unless the role allows it."""
        if self._actor is not None:
            self._guard(self._actor, action, None, object_type, object_id)
        else:
            self._nobody(action, object_type, object_id)

    def check_output(self, what: str, unredacted: bool) -> None:
        """A report or register (``what``) may be produced; an unredacted one needs ``UNSEAL`` too."""
        self.check(Action.EXPORT, what)
        if unredacted:
            self.check(Action.UNSEAL, what)

    def check_case(self, action: Action, case_id: int) -> None:
        """Raise ``PermissionDenied`` unless the officer may do ``action`` on this case (role, scope)."""
        actor = self._actor
        if actor is None:
            self._nobody(action, "case", case_id)
            return
        with self._sessions() as session:
            case = session.get(Case, case_id)
            if case is None:
                raise NotFoundError("Không tìm thấy vụ việc.")
            scope = case_scope(session, case)
        self._guard(actor, action, scope, "case", case_id)

    def visible_cases(self) -> list[ColumnElement[bool]]:
        """SQL conditions limiting a case list to the officer's scope (none for chiefs and the command
        line; nothing at all for a desktop process with nobody signed in)."""
        actor = self._actor
        if actor is None:
            return [] if self._command_line is not None else [false()]
        granted = Case.id.in_(select(CaseAccess.case_id).where(CaseAccess.user_id == actor.user_id))
        if actor.role == Role.CHIEF:
            limits = actor.allowed_department_ids
            return [or_(Case.department_id.in_(sorted(limits)), granted)] if limits else []
        own = or_(Case.receiver_id == actor.user_id, granted)
        if actor.role == Role.HANDLER and actor.department_id is not None:
            return [or_(Case.department_id == actor.department_id, own)]
        return [own]

    def record(
        self,
        session: Session,
        action: str,
        object_type: str,
        object_id: object,
        before: Mapping[str, Any] | None,
        after: Mapping[str, Any] | None,
    ) -> None:
        """Audit a change in ``session``'s transaction as the officer (``cli:…``/system when nobody)."""
        self._audit.record(session, self.who(), action, object_type, object_id, before, after)

    def audit_anchor(self, source: str, office: str = "", *, write_db: bool = True) -> Anchor:
        """The audit chain's end now, also written to the anchor file (for backups and reports)."""
        return self._audit.anchor(source, office, write_db=write_db)

    def record_standalone(
        self,
        action: str,
        object_type: str,
        object_id: object,
        after: Mapping[str, Any],
        *,
        as_system: bool = False,
    ) -> None:
        """Audit in a transaction of its own; a database without the audit log yet (an older
        backup just restored, migrated at reopening) is logged, not a failure of the action."""
        try:
            who = "system" if as_system else self.who()
            self._audit.record_standalone(who, action, object_type, object_id, None, after)
        except (DatabaseError, sqlite3.DatabaseError) as error:  # no such table in an old schema
            log.warning("%s not audited: %s", action, error)

    def who(self, fallback: AuditActor = None) -> AuditActor:
        """Who to write in the audit log: the officer, else ``fallback`` (``cli:…``/system)."""
        return self._actor if self._actor is not None else (fallback or self._command_line)

    def _nobody(self, action: Action, object_type: str, object_id: object) -> None:
        """A command-line process may act without an officer; a desktop process may not."""
        if self._command_line is not None:
            return
        message = f"Chưa có cán bộ nào đăng nhập: không có quyền {ACTION_LABELS[action]}."
        after = {"action": action.value, "message": message}
        self._audit.record_standalone(None, "denied", object_type, object_id, None, after)
        raise PermissionDenied(message)

    def _guard(
        self, actor: Actor, action: Action, scope: CaseScope | None, object_type: str, object_id: object
    ) -> None:
        try:
            Guard.check(actor, action, scope)
        except PermissionDenied as refused:
            after = {"action": action.value, "message": refused.message}
            self._audit.record_standalone(actor, "denied", object_type, object_id, None, after)
            raise


def case_scope(session: Session, case: Case) -> CaseScope:
    """Who the case belongs to: its receiving officer, its department, officers granted access."""
    granted = session.scalars(select(CaseAccess.user_id).where(CaseAccess.case_id == case.id))
    return CaseScope(case.receiver_id, case.department_id, frozenset(granted))
