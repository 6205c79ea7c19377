"""Sealed identity of a denouncer (Luật Tố cáo art. 9): unseal with a reason, grant access; audited."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.domain.permissions import Action, Actor
from app.domain.phone import format_phone
from app.models import Attachment, Case, CaseAccess, Citizen, User
from app.services.accounts.signed_in import SignedIn
from app.services.audit.audit_service import AuditService
from app.services.cases.dto import AttachmentView
from app.services.core.errors import NotFoundError, ValidationError

SEALED_KINDS = ("to_cao", "to_cao_info")


@dataclass(frozen=True, slots=True)
class CitizenIdentity:
    """What the seal hides: name, phone, ID number and address."""

    full_name: str
    phone: str
    id_number: str
    address: str
    letters: tuple[AttachmentView, ...] = ()
    """The attached originals (letters, recordings) the seal kept closed."""


class SealService:
    """``unseal`` for chiefs or explicitly granted officers; ``grant`` by a chief."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        audit: AuditService,
        clock: Callable[[], datetime] = datetime.now,
        attachments_dir: Path | None = None,
        *,
        signed_in: SignedIn,
    ) -> None:
        self._signed_in = signed_in
        self._sessions = sessions
        self._audit = audit
        self._clock = clock
        self._attachments_dir = attachments_dir or Path(".")

    def unseal(self, actor: Actor, case_id: int, reason: str) -> CitizenIdentity:
        """The identity behind a case, once the reason is given; the access is audited."""
        reason = " ".join(reason.split())
        if len(reason) < 5:
            raise ValidationError("reason", "Hãy ghi rõ lý do cần xem danh tính người tố cáo.")
        self._signed_in.as_actor(actor).check_case(Action.UNSEAL, case_id)  # refusal audited
        with self._sessions.begin() as session:
            case = self._case(session, case_id)
            citizen = session.get(Citizen, case.citizen_id) if case.citizen_id else None
            letters = tuple(
                AttachmentView(
                    a.id,
                    a.file_name,
                    a.size,
                    a.sha256,
                    str(self._attachments_dir / a.stored_name),
                    a.added_at,
                )
                for a in session.scalars(select(Attachment).where(Attachment.case_id == case.id))
            )
            identity = CitizenIdentity(
                citizen.full_name if citizen else "", format_phone(citizen.phone) if citizen else "",
                (citizen.id_number or "") if citizen else "", citizen.address if citizen else "", letters,
            )  # fmt: skip
            self._audit.record(session, actor, "case.unseal", "case", case.id, None, {"reason": reason})
        return identity

    def grant(self, actor: Actor, case_id: int, user_id: int) -> None:
        """Allow ``user_id`` to unseal this case (the chief decides who verifies a denunciation)."""
        self._signed_in.as_actor(actor).check_case(Action.ASSIGN, case_id)  # refusal audited
        with self._sessions.begin() as session:
            self._case(session, case_id)
            if session.get(User, user_id) is None:
                raise NotFoundError("Không tìm thấy cán bộ được cấp quyền.")
            exists = session.scalar(
                select(CaseAccess.id).where(CaseAccess.case_id == case_id, CaseAccess.user_id == user_id)
            )
            if exists is None:
                session.add(
                    CaseAccess(
                        case_id=case_id, user_id=user_id, granted_by=actor.user_id, granted_at=self._clock()
                    )
                )
                self._audit.record(session, actor, "case.grant", "case", case_id, None, {"user_id": user_id})

    def _case(self, session: Session, case_id: int) -> Case:
        case = session.get(Case, case_id)
        if case is None:
            raise NotFoundError("Không tìm thấy vụ việc.")
        return case
