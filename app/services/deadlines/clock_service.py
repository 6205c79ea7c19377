"""Clock actions on a case: acceptance, extension, suspension and resumption, conditions (§4)."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.domain.deadlines import CaseClock, ClockError, Extension, Suspension
from app.domain.enums import CaseStatus
from app.domain.permissions import Action
from app.domain.text import clean_text
from app.models import Case, CaseEvent, CaseExtension, CaseSuspension
from app.services.accounts.signed_in import SignedIn
from app.services.core.db_errors import translated
from app.services.core.due_dates import ClockDue
from app.services.core.errors import ConflictError, NotFoundError, ValidationError
from app.services.deadlines.clock_view import FLAG_LABELS, clock_view
from app.services.deadlines.deadline_dto import CaseClockView, ClockChanged
from app.services.deadlines.legal_due_policy import (
    CASE_FLAGS,
    LegalDuePolicy,
    can_accept,
    case_clock,
    relevant_flags,
)

Clock = Callable[[], datetime]


def _d(day: date) -> str:
    return day.strftime("%d/%m/%Y")


class ClockService:
    """Each action is one transaction: validate the new clock, save it, recompute, log an event."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        policy: LegalDuePolicy,
        clock: Clock = datetime.now,
        *,
        signed_in: SignedIn,
    ) -> None:
        self._signed_in = signed_in
        self._sessions = sessions
        self._policy = policy
        self._clock = clock

    def now(self) -> datetime:
        return self._clock().replace(microsecond=0)

    # --- reading ------------------------------------------------------------------------
    def view(self, case_id: int) -> CaseClockView:
        """The clock facts of a case and which actions are possible."""
        self._signed_in.check_case(Action.READ_CONTENT, case_id)
        with translated(), self._sessions() as session:
            return clock_view(session, self._load(session, case_id, None), self._policy.snapshot.rules)

    # --- actions ------------------------------------------------------------------------
    def record_acceptance(
        self,
        case_id: int,
        accepted_on: date,
        decision_no: str,
        user_id: int | None,
        expected_version: int | None = None,
    ) -> ClockChanged:
        """Thụ lý: the resolve deadline now counts from ``accepted_on``."""
        self._signed_in.check_case(Action.CHANGE_STATUS, case_id)
        decision_no = self._decision(
            decision_no, "acceptance_no", "Chưa nhập số quyết định/thông báo thụ lý."
        )
        self._not_future(accepted_on, "accepted_on", "Ngày thụ lý")
        with translated(), self._sessions.begin() as session:
            case, clock = self._open(session, case_id, expected_version)
            if not can_accept(self._policy.snapshot.rules, clock.kind, clock.received_on):
                raise ValidationError("accepted_on", f"Vụ việc loại {clock.kind.label} không có bước thụ lý.")
            if case.accepted_on is not None:
                raise ValidationError("accepted_on", f"Vụ việc đã thụ lý ngày {_d(case.accepted_on)}.")
            was = self._due(clock, "accepted_on")
            new = self._with(clock, "accepted_on", accepted_on=accepted_on)
            case.accepted_on, case.acceptance_no = accepted_on, decision_no
            note = f"Thụ lý ngày {_d(accepted_on)}, số {decision_no}."
            if was.step == "accept" and was.due is not None and accepted_on > was.due:
                note += f" Thụ lý sau hạn {_d(was.due)}."
            return self._save(session, case, new, user_id, "accepted", note, {"accepted_on": accepted_on})

    def add_extension(
        self,
        case_id: int,
        decision_no: str,
        decided_on: date,
        days: int,
        user_id: int | None,
        note: str = "",
        expected_version: int | None = None,
    ) -> ClockChanged:
        """Gia hạn: a written decision adds ``days`` to the resolve deadline (limits per the table)."""
        self._signed_in.check_case(Action.CHANGE_STATUS, case_id)
        decision_no = self._decision(decision_no, "decision_no", "Mỗi lần gia hạn phải có số quyết định.")
        self._not_future(decided_on, "decided_on", "Ngày quyết định gia hạn")
        with translated(), self._sessions.begin() as session:
            case, clock = self._open(session, case_id, expected_version)
            extension = Extension(decision_no, decided_on, days)
            # the engine refuses a decision after the deadline it extends (Luật Tố cáo art. 30)
            new = self._with(clock, "decided_on", extensions=(*clock.extensions, extension))
            session.add(
                CaseExtension(
                    case_id=case.id,
                    decision_no=decision_no,
                    decided_on=decided_on,
                    days=days,
                    note=clean_text(note, max_length=2000),
                    user_id=user_id,
                    created_at=self.now(),
                )
            )
            text = f"Gia hạn {days} ngày theo quyết định {decision_no} ngày {_d(decided_on)}."
            return self._save(session, case, new, user_id, "extended", text, extension._asdict())

    def suspend(
        self,
        case_id: int,
        start_on: date,
        decision_no: str,
        reason: str,
        user_id: int | None,
        expected_version: int | None = None,
    ) -> ClockChanged:
        """Tạm đình chỉ: from ``start_on`` the resolve clock stops (Luật Tố cáo art. 34(2))."""
        self._signed_in.check_case(Action.CHANGE_STATUS, case_id)
        decision_no = self._decision(decision_no, "decision_no", "Chưa nhập số quyết định tạm đình chỉ.")
        reason = clean_text(reason, max_length=2000)
        if not reason:
            raise ValidationError("reason", "Cần ghi lý do tạm đình chỉ.")
        self._not_future(start_on, "start_on", "Ngày tạm đình chỉ")
        with translated(), self._sessions.begin() as session:
            case, clock = self._open(session, case_id, expected_version)
            if clock.accepted_on is None:
                raise ValidationError("start_on", "Chưa thụ lý nên chưa thể tạm đình chỉ việc giải quyết.")
            if any(s.end is None for s in clock.suspensions):
                raise ValidationError(
                    "start_on", "Vụ việc đang tạm đình chỉ; hãy ghi tiếp tục giải quyết trước."
                )
            span = Suspension(start_on, None)
            new = self._with(clock, "start_on", suspensions=(*clock.suspensions, span))
            session.add(
                CaseSuspension(
                    case_id=case.id,
                    start_on=start_on,
                    end_on=None,
                    decision_no=decision_no,
                    reason=reason,
                    user_id=user_id,
                    created_at=self.now(),
                )
            )
            text = f"Tạm đình chỉ từ {_d(start_on)} theo quyết định {decision_no}: {reason}"
            return self._save(session, case, new, user_id, "suspended", text, {"start_on": start_on})

    def resume(
        self,
        case_id: int,
        resumed_on: date,
        decision_no: str,
        user_id: int | None,
        expected_version: int | None = None,
    ) -> ClockChanged:
        """Tiếp tục giải quyết: the clock runs again from the day after ``resumed_on``."""
        self._signed_in.check_case(Action.CHANGE_STATUS, case_id)
        decision_no = self._decision(decision_no, "resume_no", "Chưa nhập số quyết định tiếp tục giải quyết.")
        self._not_future(resumed_on, "resumed_on", "Ngày tiếp tục giải quyết")
        with translated(), self._sessions.begin() as session:
            case, clock = self._open(session, case_id, expected_version)
            row = session.scalar(
                select(CaseSuspension).where(
                    CaseSuspension.case_id == case.id, CaseSuspension.end_on.is_(None)
                )
            )
            if row is None:
                raise ValidationError("resumed_on", "Vụ việc không ở trạng thái tạm đình chỉ.")
            if resumed_on < row.start_on:
                raise ValidationError(
                    "resumed_on", f"Ngày tiếp tục giải quyết trước ngày tạm đình chỉ {_d(row.start_on)}."
                )
            spans = tuple(
                Suspension(s.start, resumed_on if s.end is None else s.end) for s in clock.suspensions
            )
            new = self._with(clock, "resumed_on", suspensions=spans)
            row.end_on, row.resume_no = resumed_on, decision_no
            text = f"Tiếp tục giải quyết từ {_d(resumed_on)} theo quyết định {decision_no}."
            return self._save(session, case, new, user_id, "resumed", text, {"resumed_on": resumed_on})

    def set_conditions(
        self,
        case_id: int,
        user_id: int | None,
        *,
        complex: bool = False,
        very_complex: bool = False,
        remote: bool = False,
        second_instance: bool = False,
        note: str = "",
        expected_version: int | None = None,
    ) -> ClockChanged:
        """Mark the case complex / very complex / remote area / second-instance complaint."""
        self._signed_in.check_case(Action.CHANGE_STATUS, case_id)
        wanted = {
            "complex": complex or very_complex,
            "very_complex": very_complex,
            "remote": remote,
            "second_instance": second_instance,
        }
        with translated(), self._sessions.begin() as session:
            case, clock = self._open(session, case_id, expected_version)
            allowed = relevant_flags(self._policy.snapshot.rules, clock.kind)
            wrong = [FLAG_LABELS[k] for k, v in wanted.items() if v and k not in allowed]
            if wrong:
                raise ValidationError(
                    "conditions",
                    f"Tính chất «{', '.join(wrong)}» không áp dụng cho {clock.kind.label.lower()}.",
                )
            before = {k: bool(getattr(case, k)) for k in CASE_FLAGS}
            if before == wanted:
                raise ValidationError("conditions", "Tính chất vụ việc không thay đổi.")
            new = self._with(clock, "conditions", **wanted)
            for key, value in wanted.items():
                setattr(case, key, value)
            on = [FLAG_LABELS[k] for k, v in wanted.items() if v and not (k == "complex" and very_complex)]
            text = "Tính chất: " + (", ".join(on) if on else "thông thường") + "."
            note = clean_text(note, max_length=2000)
            text = f"{text} {note}" if note else text
            return self._save(
                session, case, new, user_id, "conditions", text, {"before": before, "after": wanted}
            )

    def recompute(self, case_id: int, user_id: int | None = None) -> ClockChanged:
        """Recompute one case's deadline from its clock (after a change made elsewhere)."""
        self._signed_in.check_case(Action.CHANGE_STATUS, case_id)
        with translated(), self._sessions.begin() as session:
            case, clock = self._open(session, case_id, None, open_only=False)
            found = self._due(clock, "kind")
            case.due_date, case.due_rule = found.due, found.rule
            return ClockChanged(case.id, case.version, found.due, found.rule, found.paused)

    # --- helpers ------------------------------------------------------------------------
    def _load(self, session: Session, case_id: int, expected_version: int | None) -> Case:
        case = session.get(Case, case_id)
        if case is None:
            raise NotFoundError("Không tìm thấy vụ việc.")
        if expected_version is not None and case.version != expected_version:
            raise ConflictError(
                f"Vụ việc {case.number} vừa được người khác cập nhật. Hãy tải lại để xem thay đổi rồi thực hiện lại."
            )
        return case

    def _open(
        self, session: Session, case_id: int, expected_version: int | None, open_only: bool = True
    ) -> tuple[Case, CaseClock]:
        case = self._load(session, case_id, expected_version)
        status = CaseStatus(case.status)
        if open_only and not status.is_open:
            raise ValidationError("status", f"Vụ việc đang ở trạng thái «{status.label}»; hãy mở lại trước.")
        return case, case_clock(session, case)

    def _due(self, clock: CaseClock, field: str) -> ClockDue:
        try:
            return self._policy.due_for_clock(clock)
        except ClockError as error:
            raise ValidationError(field, str(error)) from None

    def _with(self, clock: CaseClock, field: str, **changes: Any) -> CaseClock:
        """The clock with ``changes``, checked against the law (ValidationError naming ``field``)."""
        try:
            new = dataclasses.replace(clock, **changes)
        except ClockError as error:
            raise ValidationError(field, str(error)) from None
        self._due(new, field)
        return new

    def _save(
        self,
        session: Session,
        case: Case,
        clock: CaseClock,
        user_id: int | None,
        action: str,
        note: str,
        data: Mapping[str, object],
    ) -> ClockChanged:
        found = self._due(clock, action)
        before = {"due_date": case.due_date}
        case.due_date, case.due_rule = found.due, found.rule
        case.updated_at = self.now()
        case.version += 1
        shown = "đang tạm đình chỉ" if found.paused else (_d(found.due) if found.due else "không có")
        payload = {**data, **before, "due_after": found.due}
        session.add(
            CaseEvent(
                case_id=case.id,
                at=self.now(),
                user_id=user_id,
                action=action,
                note=f"{note} Hạn mới: {shown}.",
                data=json.dumps(payload, ensure_ascii=False, default=str),
            )
        )
        session.flush()
        return ClockChanged(case.id, case.version, found.due, found.rule, found.paused)

    @staticmethod
    def _decision(value: str, field: str, message: str) -> str:
        cleaned = clean_text(value, max_length=60, multiline=False)
        if not cleaned:
            raise ValidationError(field, message)
        return cleaned

    def _not_future(self, day: date, field: str, what: str) -> None:
        if not isinstance(day, date) or isinstance(day, datetime):
            raise ValidationError(field, f"{what} không hợp lệ.")
        if day > self.now().date():
            raise ValidationError(field, f"{what} {_d(day)} ở tương lai.")
        if day < self.now().date() - timedelta(days=3660):
            raise ValidationError(field, f"{what} {_d(day)} quá xa trong quá khứ.")
