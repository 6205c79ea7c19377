"""The full case file for the case screen: fields, timeline, replies and attachments."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased, sessionmaker

from app.domain.case_events import CASE_EVENT_LABELS
from app.domain.enums import TRANSITIONS, CaseKind, CaseStatus, Channel, ReplyMethod, Urgency
from app.domain.permissions import Action
from app.domain.phone import format_phone
from app.models import Attachment, Case, CaseEvent, Citizen, Department, Field, Reply, User
from app.services.accounts.signed_in import SignedIn
from app.services.cases.dto import AttachmentView, CaseDetail, CaseEventView, ReplyView
from app.services.core.db_errors import translated
from app.services.core.due_dates import DuePolicy
from app.services.core.errors import NotFoundError
from app.services.core.sealing import SEALED, scrub


class CaseDetailQuery:
    """Loads one case with everything around it, in one read transaction."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        due_policy: DuePolicy,
        attachments_dir: Path,
        today: Callable[[], date] = date.today,
        signed_in: SignedIn | None = None,
    ) -> None:
        self._signed_in = signed_in or SignedIn()
        self._sessions = sessions
        self._due = due_policy
        self._attachments_dir = attachments_dir
        self._today = today

    def get(self, case_id: int) -> CaseDetail:
        """The case as its screen shows it; refused outside the signed-in officer's scope."""
        self._signed_in.check_case(Action.READ_CONTENT, case_id)
        today = self._today()
        soon = self._due.due_soon_limit(today)
        with translated(), self._sessions() as session:
            case = session.get(Case, case_id)
            if case is None:
                raise NotFoundError("Không tìm thấy vụ việc.")
            citizen = session.get(Citizen, case.citizen_id) if case.citizen_id else None
            names = _user_names(session)
            field = session.get(Field, case.field_id) if case.field_id else None
            dept = session.get(Department, case.department_id) if case.department_id else None
            sealed = CaseKind(case.kind).is_sealed
            secrets = (
                (citizen.full_name, citizen.phone, citizen.id_number, citizen.address)
                if citizen and sealed
                else ()
            )

            def shown(text: str) -> str:
                return scrub(text, *secrets) if sealed else text

            events = tuple(
                CaseEventView(
                    e.at,
                    names.get(e.user_id or 0, ""),
                    e.action,
                    CASE_EVENT_LABELS.get(e.action, e.action),
                    CaseStatus(e.from_status) if e.from_status else None,
                    CaseStatus(e.to_status) if e.to_status else None,
                    SEALED if sealed and e.action == "attachment" else shown(e.note),
                )
                for e in session.scalars(
                    select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(CaseEvent.at, CaseEvent.id)
                )
            )
            replies = tuple(
                ReplyView(
                    r.id,
                    r.replied_on,
                    ReplyMethod(r.method),
                    shown(r.text),
                    r.document_no,
                    names.get(r.user_id or 0, ""),
                )
                for r in session.scalars(select(Reply).where(Reply.case_id == case_id).order_by(Reply.id))
            )
            attachments = tuple(
                AttachmentView(
                    a.id,
                    SEALED if sealed else a.file_name,
                    a.size,
                    "" if sealed else a.sha256,
                    "" if sealed else str(self._attachments_dir / a.stored_name),
                    a.added_at,
                    sealed,
                )
                for a in session.scalars(
                    select(Attachment).where(Attachment.case_id == case_id).order_by(Attachment.id)
                )
            )
        status = CaseStatus(case.status)
        due = case.due_date
        secrets = (
            (citizen.full_name, citizen.phone, citizen.id_number, citizen.address)
            if citizen and sealed
            else ()
        )
        return CaseDetail(
            id=case.id,
            number=case.number,
            version=case.version,
            received_at=case.received_at,
            channel=Channel(case.channel),
            kind=CaseKind(case.kind),
            status=status,
            urgency=Urgency(case.urgency),
            citizen_id=case.citizen_id,
            citizen_name=_hidden(citizen.full_name if citizen else "", sealed),
            phone=_hidden(format_phone(citizen.phone) if citizen else "", sealed),
            phone_valid=citizen.phone_valid if citizen else True,
            id_number=_hidden((citizen.id_number or "") if citizen else "", sealed),
            address=_hidden(citizen.address if citizen else "", sealed),
            content=shown(case.content),
            request=shown(case.request),
            location=case.location,
            external_ref=case.external_ref,
            field_id=case.field_id,
            field_name=field.name if field else "",
            department_id=case.department_id,
            department_name=dept.name if dept else "",
            officer_id=case.officer_id,
            officer_name=names.get(case.officer_id or 0, ""),
            receiver_name=names.get(case.receiver_id or 0, ""),
            due_date=due,
            due_rule=case.due_rule,
            overdue=bool(status.is_open and due and due < today),
            due_soon=bool(status.is_open and due and today <= due <= soon),
            call_seconds=case.call_seconds,
            closed_at=case.closed_at,
            events=events,
            replies=replies,
            attachments=attachments,
            allowed_statuses=TRANSITIONS[status],
            sealed=sealed,
        )


def _hidden(value: str, sealed: bool) -> str:
    """A sealed identity field reads "(được bảo mật)" (an empty field stays empty)."""
    return SEALED if sealed and value else value


def _user_names(session: Session) -> dict[int, str]:
    u = aliased(User)
    return {row.id: row.full_name for row in session.execute(select(u.id, u.full_name))}
