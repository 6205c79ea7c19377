"""Register, classify, assign, move and answer cases: one transaction per officer action."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import date, datetime

from sqlalchemy import select, text, update
from sqlalchemy.orm import Session, sessionmaker

from app.domain.enums import (
    NEEDS_OFFICER,
    CaseKind,
    CaseStatus,
    Channel,
    ReplyMethod,
    can_move,
    is_reopen,
)
from app.domain.text import clean_text
from app.models import Case, CaseCounter, CaseEvent, Citizen, Department, Reply, User
from app.services.case_rules import clean_new_case
from app.services.db_errors import translated
from app.services.dto import CaseSaved, NewCase
from app.services.due_dates import DuePolicy
from app.services.errors import ConflictError, NotFoundError, TransitionError, ValidationError
from app.services.pg_search import PgSearchIndex
from app.services.search_index import SearchDocument, SearchIndex, SqliteSearchIndex, case_document

Clock = Callable[[], datetime]


def format_number(year: int, seq: int) -> str:
    """The case number officers read out: ``2026-00042``."""
    return f"{year}-{seq:05d}"


class CaseService:
    """Write side of the register."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        office_id: int,
        due_policy: DuePolicy,
        clock: Clock = datetime.now,
    ) -> None:
        self._sessions = sessions
        self._office_id = office_id
        self._due = due_policy
        self._clock = clock
        self._sqlite = sessions.kw["bind"].dialect.name == "sqlite"
        self._index: SearchIndex = SqliteSearchIndex() if self._sqlite else PgSearchIndex()

    def now(self) -> datetime:
        return self._clock().replace(microsecond=0)

    # --- intake -------------------------------------------------------------------------
    def create_case(self, new: NewCase, user_id: int | None) -> CaseSaved:
        """Save a new case; durable when this returns (the officer then sees "Đã lưu")."""
        now = self.now()
        new, phone = clean_new_case(new, now)
        assert new.received_at is not None
        due = self._due.due_for(new.kind, new.channel, new.received_at)
        with translated(), self._sessions.begin() as session:
            citizen = self._find_or_add_citizen(
                session, new, phone.value if phone else None, phone.valid if phone else True, now
            )
            year = new.received_at.year
            seq = self._next_seq(session, year)
            number = format_number(year, seq)
            status = CaseStatus.ASSIGNED if new.officer_id else CaseStatus.RECEIVED
            case = Case(
                office_id=self._office_id,
                year=year,
                seq=seq,
                number=number,
                received_at=new.received_at,
                channel=new.channel.value,
                kind=new.kind.value,
                urgency=new.urgency.value,
                status=status.value,
                field_id=new.field_id,
                department_id=new.department_id,
                officer_id=new.officer_id,
                receiver_id=user_id,
                citizen_id=citizen.id if citizen else None,
                content=new.content,
                request=new.request,
                location=new.location,
                external_ref=new.external_ref,
                call_seconds=new.call_seconds,
                due_date=due.due,
                due_rule=due.rule,
                created_at=now,
                updated_at=now,
                version=1,
            )
            session.add(case)
            session.flush()
            self._event(session, case.id, user_id, "created", None, CaseStatus.RECEIVED, "")
            if new.officer_id:
                self._event(
                    session, case.id, user_id, "assigned", CaseStatus.RECEIVED, status, "Giao khi tiếp nhận"
                )
            self._index.add(session, case.id, self._document(case, citizen))
            warning = "" if phone is None or phone.valid else "Số điện thoại chưa chuẩn đã được lưu như nhập."
            return CaseSaved(case.id, number, due.due, due.rule, warning)

    def _next_seq(self, session: Session, year: int) -> int:
        """Take the next number for the year; the row lock keeps numbers gap-free."""
        stmt = (
            update(CaseCounter)
            .where(CaseCounter.office_id == self._office_id, CaseCounter.year == year)
            .values(last_seq=CaseCounter.last_seq + 1)
            .returning(CaseCounter.last_seq)
            .execution_options(synchronize_session=False)  # no counter object lives in the session
        )
        seq = session.execute(stmt).scalar()
        if seq is None:
            # First case of the year: two officers may get here at once. Both inserts are
            # harmless (the loser does nothing), then the row lock orders the increments.
            session.execute(
                text(
                    "INSERT INTO case_counter(office_id, year, last_seq) VALUES (:office, :year, 0) "
                    "ON CONFLICT DO NOTHING"
                ),
                {"office": self._office_id, "year": year},
            )
            seq = session.execute(stmt).scalar_one()
        return int(seq)

    def _find_or_add_citizen(
        self, session: Session, new: NewCase, phone: str | None, valid: bool, now: datetime
    ) -> Citizen | None:
        if not (phone or new.citizen_name or new.id_number or new.address):
            return None
        existing = None
        if phone and valid:
            existing = session.scalars(
                select(Citizen).where(Citizen.phone == phone).order_by(Citizen.id.desc()).limit(1)
            ).first()
        if existing is not None and (
            not new.citizen_name
            or not existing.full_name
            or existing.full_name.casefold() == new.citizen_name.casefold()
        ):
            existing.full_name = new.citizen_name or existing.full_name
            existing.address = new.address or existing.address
            existing.id_number = new.id_number or existing.id_number
            return existing
        citizen = Citizen(
            full_name=new.citizen_name,
            phone=phone,
            phone_valid=valid,
            id_number=new.id_number or None,
            address=new.address,
            created_at=now,
        )
        session.add(citizen)
        session.flush()
        return citizen

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
        with translated(), self._sessions.begin() as session:
            case = self._load(session, case_id, expected_version)
            before = {"kind": case.kind, "field_id": case.field_id}
            old_doc = self._document(case, self._citizen(session, case))
            case.kind = kind.value
            case.field_id = field_id
            due = self._due.due_for(kind, Channel(case.channel), case.received_at)
            case.due_date, case.due_rule = due.due, due.rule
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
