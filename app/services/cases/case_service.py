"""Register, classify, assign, move and answer cases: one transaction per officer action."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import date, datetime

from sqlalchemy import Connection
from sqlalchemy.orm import Session, sessionmaker

from app.db.direct import Direct
from app.domain.case_numbers import format_number
from app.domain.enums import (
    NEEDS_OFFICER,
    CaseKind,
    CaseStatus,
    Channel,
    ReplyMethod,
    can_move,
    is_reopen,
)
from app.domain.permissions import Action
from app.domain.text import clean_text
from app.models import Case, CaseEvent, Citizen, Department, Reply, User
from app.services.accounts.signed_in import SignedIn
from app.services.audit.audit_service import AuditService
from app.services.cases.case_rules import clean_new_case
from app.services.cases.dto import CaseSaved, NewCase
from app.services.cases.intake_rows import INSERT_CASE, INSERT_EVENT, find_or_add_citizen, next_case_seq
from app.services.cases.pg_search import PgSearchIndex
from app.services.cases.search_index import SearchDocument, SearchIndex, SqliteSearchIndex, case_document
from app.services.core.db_errors import translated
from app.services.core.due_dates import DuePolicy
from app.services.core.errors import ConflictError, NotFoundError, TransitionError, ValidationError

Clock = Callable[[], datetime]
TargetFn = Callable[[str, str, int | None, str, datetime], tuple[date | None, str]]
"""The office target for (kind, channel, field id, urgency, received at): date and explanation."""


def _no_target(
    _kind: str, _channel: str, _field: int | None, _urgency: str, _at: datetime
) -> tuple[None, str]:
    return None, ""


class CaseService:
    """Write side of the register."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        office_id: int,
        due_policy: DuePolicy,
        clock: Clock = datetime.now,
        *,
        audit: AuditService | None = None,
        targets: TargetFn | None = None,
        signed_in: SignedIn,
    ) -> None:
        self._sessions = sessions
        self._office_id = office_id
        self._due = due_policy
        self._clock = clock
        self._audit = audit
        self._targets: TargetFn = targets or _no_target
        self._signed_in = signed_in
        self._sqlite = sessions.kw["bind"].dialect.name == "sqlite"
        self._index: SearchIndex = SqliteSearchIndex() if self._sqlite else PgSearchIndex()

    def now(self) -> datetime:
        return self._clock().replace(microsecond=0)

    # --- intake -------------------------------------------------------------------------
    def create_case(self, new: NewCase, user_id: int | None) -> CaseSaved:
        """Save a new case; durable when this returns (the officer then sees "Đã lưu").

        The officer's most frequent action runs prepared statements straight on the
        transaction's driver cursor (``Direct``; no unit-of-work flush): citizen, number, case,
        history, audit and search rows in one ``BEGIN IMMEDIATE`` transaction.
        """
        self._signed_in.check(Action.LOG_CASE)
        now = self.now()
        new, phone = clean_new_case(new, now)
        received = new.received_at
        assert received is not None
        due = self._due.due_for(new.kind, new.channel, received)
        status = CaseStatus.ASSIGNED if new.officer_id else CaseStatus.RECEIVED
        target_date, target_rule = self._targets(
            new.kind.value, new.channel.value, new.field_id, new.urgency.value, received
        )
        with translated(), self._sessions.begin() as session:
            conn = session.connection()
            direct = Direct(conn)
            citizen = find_or_add_citizen(
                direct, new, phone.value if phone else None, phone.valid if phone else True, now
            )
            seq = next_case_seq(direct, self._office_id, received.year)
            number = format_number(received.year, seq)
            case_id = direct.scalar(
                INSERT_CASE,
                {
                    "office_id": self._office_id, "year": received.year, "seq": seq, "number": number,
                    "received_at": received, "channel": new.channel.value, "kind": new.kind.value,
                    "urgency": new.urgency.value, "status": status.value, "field_id": new.field_id,
                    "department_id": new.department_id, "officer_id": new.officer_id, "receiver_id": user_id,
                    "citizen_id": citizen[0] if citizen else None, "content": new.content,
                    "request": new.request, "location": new.location, "external_ref": new.external_ref,
                    "call_seconds": new.call_seconds, "due_date": due.due, "due_rule": due.rule,
                    "target_date": target_date, "target_rule": target_rule, "created_at": now,
                    "updated_at": now, "version": 1,
                },
            )  # fmt: skip
            self._insert_event(conn, direct, case_id, user_id, "created", None, CaseStatus.RECEIVED, "")
            if new.officer_id:
                self._insert_event(
                    conn,
                    direct,
                    case_id,
                    user_id,
                    "assigned",
                    CaseStatus.RECEIVED,
                    status,
                    "Giao khi tiếp nhận",
                )
            document = case_document(
                number=number, content=new.content, request=new.request, location=new.location,
                external_ref=new.external_ref, citizen_name=citizen[1] if citizen else "",
                phone=citizen[2] if citizen else None, sealed=new.kind.is_sealed,
            )  # fmt: skip
            self._index.add_direct(direct, case_id, document)
            warning = "" if phone is None or phone.valid else "Số điện thoại chưa chuẩn đã được lưu như nhập."
            return CaseSaved(int(case_id), number, due.due, due.rule, warning)

    def _insert_event(
        self,
        conn: Connection,
        direct: Direct,
        case_id: int,
        user_id: int | None,
        action: str,
        from_status: CaseStatus | None,
        to_status: CaseStatus | None,
        note: str,
    ) -> None:
        """A history row written directly, audited in the same transaction (no flush hook runs)."""
        before = from_status.value if from_status else None
        after = to_status.value if to_status else None
        values = {
            "case_id": case_id, "at": self.now(), "user_id": user_id, "action": action,
            "from_status": before, "to_status": after, "note": note, "data": "",
        }  # fmt: skip
        event_id = direct.scalar(INSERT_EVENT, values)
        if self._audit is not None:
            self._audit.case_event(conn, event_id, case_id, user_id, action, before, after, "")

    # --- workflow -----------------------------------------------------------------------
    def assign(
        self,
        case_id: int,
        department_id: int | None,
        officer_id: int,
        note: str,
        user_id: int | None,
        expected_version: int | None = None,
    ) -> None:
        """Give the case to one responsible officer (and department); reassign the same way."""
        note = clean_text(note, max_length=2000)
        self._signed_in.check_case(Action.ASSIGN, case_id)
        with translated(), self._sessions.begin() as session:
            case = self._load(session, case_id, expected_version)
            officer = session.get(User, officer_id)
            if officer is None or not officer.active:
                raise ValidationError("officer", "Cán bộ được giao không tồn tại hoặc đã ngừng hoạt động.")
            if department_id is not None and session.get(Department, department_id) is None:
                raise ValidationError("department", "Đơn vị được giao không tồn tại.")
            current = CaseStatus(case.status)
            if not current.is_open:
                raise TransitionError(
                    f"Vụ việc đang ở trạng thái «{current.label}»; hãy mở lại trước khi giao."
                )
            action = "reassigned" if case.officer_id else "assigned"
            before = {"officer_id": case.officer_id, "department_id": case.department_id}
            case.officer_id = officer_id
            case.department_id = department_id if department_id is not None else case.department_id
            target = CaseStatus.ASSIGNED if current is CaseStatus.RECEIVED else current
            case.status = target.value
            self._touch(case)
            data = {
                "before": before,
                "after": {"officer_id": officer_id, "department_id": case.department_id},
            }
            self._event(session, case.id, user_id, action, current, target, note, data)

    def change_status(
        self,
        case_id: int,
        target: CaseStatus,
        note: str,
        user_id: int | None,
        expected_version: int | None = None,
    ) -> None:
        """Move the case along the workflow; every move keeps who, when and why."""
        note = clean_text(note, max_length=4000)
        # Closing a case accepts the answer given to the citizen: the chief's approval.
        needed = Action.APPROVE_REPLY if target is CaseStatus.CLOSED else Action.CHANGE_STATUS
        self._signed_in.check_case(needed, case_id)
        with translated(), self._sessions.begin() as session:
            case = self._load(session, case_id, expected_version)
            current = CaseStatus(case.status)
            if not can_move(current, target):
                raise TransitionError(f"Không thể chuyển từ «{current.label}» sang «{target.label}».")
            reopen = is_reopen(current, target)
            if (
                reopen
                or target
                in (CaseStatus.GUIDED, CaseStatus.TRANSFERRED, CaseStatus.FILED, CaseStatus.WITHDRAWN)
            ) and not note:
                raise ValidationError("note", "Cần ghi lý do khi mở lại hoặc kết thúc vụ việc theo cách này.")
            if target is CaseStatus.RECEIVED and case.officer_id is not None:
                raise TransitionError("Vụ việc đã có cán bộ chịu trách nhiệm; hãy mở lại về «Đang xử lý».")
            if target in NEEDS_OFFICER and case.officer_id is None:
                raise TransitionError("Hãy giao vụ việc cho một cán bộ chịu trách nhiệm trước.")
            case.status = target.value
            case.closed_at = None if target.is_open else self.now()
            self._touch(case)
            self._event(session, case.id, user_id, "reopened" if reopen else "status", current, target, note)

    def add_reply(
        self,
        case_id: int,
        method: ReplyMethod,
        replied_on: date,
        text_: str,
        user_id: int | None,
        document_no: str = "",
        mark_replied: bool = True,
        expected_version: int | None = None,
    ) -> int:
        """Record the answer given to the citizen; a resolved case becomes "replied"."""
        body = clean_text(text_, max_length=20_000)
        if not body:
            raise ValidationError("reply_text", "Chưa nhập nội dung trả lời công dân.")
        if replied_on > self.now().date():
            raise ValidationError("replied_on", "Ngày trả lời không được ở tương lai.")
        self._signed_in.check_case(Action.REPLY, case_id)
        with translated(), self._sessions.begin() as session:
            case = self._load(session, case_id, expected_version)
            if replied_on < case.received_at.date():
                raise ValidationError("replied_on", "Ngày trả lời trước ngày tiếp nhận vụ việc.")
            reply = Reply(
                case_id=case.id,
                replied_on=replied_on,
                method=method.value,
                text=body,
                document_no=clean_text(document_no, max_length=60, multiline=False),
                user_id=user_id,
                created_at=self.now(),
            )
            session.add(reply)
            current = CaseStatus(case.status)
            target = current
            if mark_replied and current is CaseStatus.RESOLVED:
                target = CaseStatus.REPLIED
                case.status = target.value
                case.closed_at = self.now()
            self._touch(case)
            self._event(session, case.id, user_id, "reply", current, target, f"{method.label}: {body[:200]}")
            session.flush()
            return reply.id

    def reclassify(
        self,
        case_id: int,
        *,
        kind: CaseKind,
        field_id: int | None,
        note: str,
        user_id: int | None,
        expected_version: int | None = None,
    ) -> None:
        """Change the kind or field of a case (the deadline follows the new kind)."""
        self._signed_in.check_case(Action.CLASSIFY, case_id)
        with translated(), self._sessions.begin() as session:
            case = self._load(session, case_id, expected_version)
            before = {"kind": case.kind, "field_id": case.field_id}
            old_doc = self._document(case, self._citizen(session, case))
            if kind.value != case.kind:  # a new field alone keeps the clock (acceptance, reopening…)
                due = self._due.due_for(kind, Channel(case.channel), case.received_at)
                case.due_date, case.due_rule = due.due, due.rule
            case.kind = kind.value
            case.field_id = field_id
            self._touch(case)
            data = {"before": before, "after": {"kind": kind.value, "field_id": field_id}}
            self._event(
                session, case.id, user_id, "reclassified", None, None, clean_text(note, max_length=2000), data
            )
            self._index.replace(session, case.id, old_doc, self._document(case, self._citizen(session, case)))

    # --- helpers ------------------------------------------------------------------------
    def _load(self, session: Session, case_id: int, expected_version: int | None) -> Case:
        case = session.get(Case, case_id)
        if case is None:
            raise NotFoundError("Không tìm thấy vụ việc.")
        if expected_version is not None and case.version != expected_version:
            raise ConflictError(
                f"Vụ việc {case.number} vừa được người khác cập nhật. "
                "Hãy tải lại để xem thay đổi rồi thực hiện lại."
            )
        return case

    def _touch(self, case: Case) -> None:
        case.updated_at = self.now()
        case.version += 1

    @staticmethod
    def _citizen(session: Session, case: Case) -> Citizen | None:
        return session.get(Citizen, case.citizen_id) if case.citizen_id else None

    @staticmethod
    def _document(case: Case, citizen: Citizen | None) -> SearchDocument:
        return case_document(
            number=case.number,
            content=case.content,
            request=case.request,
            location=case.location,
            external_ref=case.external_ref,
            citizen_name=citizen.full_name if citizen else "",
            phone=citizen.phone if citizen else None,
            sealed=CaseKind(case.kind).is_sealed,
        )

    def _event(
        self,
        session: Session,
        case_id: int,
        user_id: int | None,
        action: str,
        from_status: CaseStatus | None,
        to_status: CaseStatus | None,
        note: str,
        data: Mapping[str, object] | None = None,
    ) -> None:
        session.add(
            CaseEvent(
                case_id=case_id,
                at=self.now(),
                user_id=user_id,
                action=action,
                from_status=from_status.value if from_status else None,
                to_status=to_status.value if to_status else None,
                note=note,
                data=json.dumps(data, ensure_ascii=False) if data else "",
            )
        )
