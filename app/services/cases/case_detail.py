"""The full case file for the case screen: fields, timeline, replies and attachments."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
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


@dataclass(frozen=True, slots=True)
class _Redactor:
    """What a sealed case (tố cáo) hides: the citizen's identity, wherever it is written."""

    sealed: bool
    secrets: tuple[str | None, ...]

    @classmethod
    def of(cls, case: Case, citizen: Citizen | None) -> _Redactor:
        sealed = CaseKind(case.kind).is_sealed
        secrets = (
            (citizen.full_name, citizen.phone, citizen.id_number, citizen.address)
            if citizen and sealed
            else ()
        )
        return cls(sealed, secrets)

    def text(self, text: str) -> str:
        """Free text with the identity scrubbed out of a sealed case."""
        return scrub(text, *self.secrets) if self.sealed else text

    def identity(self, value: str) -> str:
        """A sealed identity field reads "(được bảo mật)" (an empty field stays empty)."""
        return SEALED if self.sealed and value else value


@dataclass(frozen=True, slots=True)
class _CaseFile:
    """One case row with what it points at, read in the same transaction."""

    case: Case
    citizen: Citizen | None
    field_name: str
    department_name: str
    names: dict[int, str]
    events: tuple[CaseEventView, ...]
    replies: tuple[ReplyView, ...]
    attachments: tuple[AttachmentView, ...]


class CaseDetailQuery:
    """Loads one case with everything around it, in one read transaction."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        due_policy: DuePolicy,
        attachments_dir: Path,
        today: Callable[[], date] = date.today,
        *,
        signed_in: SignedIn,
    ) -> None:
        self._signed_in = signed_in
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
            file, redact = self._load(session, case_id)
        return _detail(file, redact, today, soon)

    def _load(self, session: Session, case_id: int) -> tuple[_CaseFile, _Redactor]:
        """The case row, its citizen, field, department, timeline, replies and attachments."""
        case = session.get(Case, case_id)
        if case is None:
            raise NotFoundError("Không tìm thấy vụ việc.")
        citizen = session.get(Citizen, case.citizen_id) if case.citizen_id else None
        names = _user_names(session)
        field = session.get(Field, case.field_id) if case.field_id else None
        dept = session.get(Department, case.department_id) if case.department_id else None
        redact = _Redactor.of(case, citizen)
        file = _CaseFile(
            case=case,
            citizen=citizen,
            field_name=field.name if field else "",
            department_name=dept.name if dept else "",
            names=names,
            events=_events(session, case_id, names, redact),
            replies=_replies(session, case_id, names, redact),
            attachments=self._attachments(session, case_id, redact.sealed),
        )
        return file, redact

    def _attachments(self, session: Session, case_id: int, sealed: bool) -> tuple[AttachmentView, ...]:
        """The case's files, oldest first; a sealed case shows neither name, hash nor path."""
        return tuple(
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


def _events(
    session: Session, case_id: int, names: dict[int, str], redact: _Redactor
) -> tuple[CaseEventView, ...]:
    """The case's timeline in the order it happened."""
    return tuple(
        CaseEventView(
            e.at,
            names.get(e.user_id or 0, ""),
            e.action,
            CASE_EVENT_LABELS.get(e.action, e.action),
            CaseStatus(e.from_status) if e.from_status else None,
            CaseStatus(e.to_status) if e.to_status else None,
            SEALED if redact.sealed and e.action == "attachment" else redact.text(e.note),
        )
        for e in session.scalars(
            select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(CaseEvent.at, CaseEvent.id)
        )
    )


def _replies(
    session: Session, case_id: int, names: dict[int, str], redact: _Redactor
) -> tuple[ReplyView, ...]:
    """The replies sent to the citizen, in the order they were recorded."""
    return tuple(
        ReplyView(
            r.id,
            r.replied_on,
            ReplyMethod(r.method),
            redact.text(r.text),
            r.document_no,
            names.get(r.user_id or 0, ""),
        )
        for r in session.scalars(select(Reply).where(Reply.case_id == case_id).order_by(Reply.id))
    )


def _detail(file: _CaseFile, redact: _Redactor, today: date, soon: date) -> CaseDetail:
    """The screen's view of a loaded case; ``soon`` is the last day that counts as due soon."""
    case, citizen, names = file.case, file.citizen, file.names
    status = CaseStatus(case.status)
    due = case.due_date
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
        citizen_name=redact.identity(citizen.full_name if citizen else ""),
        phone=redact.identity(format_phone(citizen.phone) if citizen else ""),
        phone_valid=citizen.phone_valid if citizen else True,
        id_number=redact.identity((citizen.id_number or "") if citizen else ""),
        address=redact.identity(citizen.address if citizen else ""),
        content=redact.text(case.content),
        request=redact.text(case.request),
        location=case.location,
        external_ref=case.external_ref,
        field_id=case.field_id,
        field_name=file.field_name,
        department_id=case.department_id,
        department_name=file.department_name,
        officer_id=case.officer_id,
        officer_name=names.get(case.officer_id or 0, ""),
        receiver_name=names.get(case.receiver_id or 0, ""),
        due_date=due,
        due_rule=case.due_rule,
        overdue=bool(status.is_open and due and due < today),
        due_soon=bool(status.is_open and due and today <= due <= soon),
        call_seconds=case.call_seconds,
        closed_at=case.closed_at,
        events=file.events,
        replies=file.replies,
        attachments=file.attachments,
        allowed_statuses=TRANSITIONS[status],
        sealed=redact.sealed,
    )


def _user_names(session: Session) -> dict[int, str]:
    """Every user's full name by id, for the timeline, replies and assignments."""
    u = aliased(User)
    return {row.id: row.full_name for row in session.execute(select(u.id, u.full_name))}
