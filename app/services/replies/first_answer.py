"""The first answer (trả lời ban đầu): the notify step of the rule table, closed when recorded.

The due date is the case's ``notify`` step from the rule table in force on the day of receipt
(phản ánh / kiến nghị: the office's rule, in person: Luật Tiếp công dân art. 28). Recording the
first answer (method, date, text) closes it; the list of unanswered ones feeds the reminders.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

from sqlalchemy import and_, exists, or_, select
from sqlalchemy.orm import Session, sessionmaker

from app.domain.enums import OPEN_STATUSES
from app.domain.permissions import Action
from app.domain.reply_loop import FirstAnswerMethod
from app.domain.text import clean_text
from app.models import Case, FirstAnswer
from app.services.accounts.signed_in import SignedIn
from app.services.core.db_errors import translated
from app.services.core.errors import TransitionError, ValidationError
from app.services.deadlines.legal_due_policy import LegalDuePolicy, case_clock
from app.services.replies.dto import FirstAnswerView
from app.services.replies.history import add_event, begin, load_case, touch

LOOKBACK_DAYS = 90
"""Unanswered first answers are looked for among cases received this many days back."""


class FirstAnswerService:
    """Records and lists first answers; permissions are the reply's (handler, receiving officer)."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        policy: LegalDuePolicy,
        clock: Callable[[], datetime],
        *,
        signed_in: SignedIn,
    ) -> None:
        self._sessions = sessions
        self._policy = policy
        self._clock = clock
        self._signed_in = signed_in

    def _now(self) -> datetime:
        return self._clock().replace(microsecond=0)

    def notify_due(self, session: Session, case: Case) -> tuple[date | None, str]:
        """The case's notify deadline and its explanation (None: its kind has no such step)."""
        dues = [d for d in self._policy.due_dates(case_clock(session, case)) if d.step == "notify"]
        if not dues:
            return None, ""
        return dues[0].due, f"{dues[0].title}: {dues[0].explanation}"

    def view(self, case_id: int) -> FirstAnswerView:
        """The notify step of one case, answered or not."""
        self._signed_in.check_case(Action.READ_CONTENT, case_id)
        with self._sessions() as session:
            case = load_case(session, case_id)
            due, rule = self.notify_due(session, case)
            return _view(case, due, rule, session.get(FirstAnswer, case_id))

    def record(
        self, case_id: int, method: FirstAnswerMethod, answered_on: date, text: str
    ) -> FirstAnswerView:
        """Record the first answer given to the citizen; it closes the notify step."""
        body = clean_text(text, max_length=4000)
        if not body:
            raise ValidationError("first_answer_text", "Chưa nhập nội dung trả lời ban đầu.")
        if answered_on > self._now().date():
            raise ValidationError("answered_on", "Ngày trả lời không được ở tương lai.")
        self._signed_in.check_case(Action.REPLY, case_id)
        with translated(), begin(self._sessions, self._signed_in) as session:
            case = load_case(session, case_id, lock=True)
            if answered_on < case.received_at.date():
                raise ValidationError("answered_on", "Ngày trả lời trước ngày tiếp nhận vụ việc.")
            if session.get(FirstAnswer, case_id) is not None:
                raise TransitionError(f"Vụ việc {case.number} đã có trả lời ban đầu.")
            due, rule = self.notify_due(session, case)
            if due is None:
                raise TransitionError("Loại vụ việc này không có bước trả lời ban đầu trong bảng thời hạn.")
            now = self._now()
            actor = self._signed_in.actor
            row = FirstAnswer(
                case_id=case_id, answered_on=answered_on, method=method.value, text=body, due_on=due,
                user_id=actor.user_id if actor else None, created_at=now,
            )  # fmt: skip
            session.add(row)
            touch(case, now)
            add_event(
                session, case, now, row.user_id, "first_answer", f"{method.label}: {body[:200]}",
                {"answered_on": answered_on.isoformat(), "due": due.isoformat(), "on_time": answered_on <= due},
            )  # fmt: skip
            session.flush()
            return _view(case, due, rule, row)

    def reminders(self, officer_id: int | None = None) -> tuple[list[FirstAnswerView], list[FirstAnswerView]]:
        """(overdue, due by the end of the due-soon window) first answers, of one officer if given."""
        today = self._now().date()
        limit = self._policy.due_soon_limit(today)
        waiting = self.unanswered(officer_id=officer_id)
        overdue = [v for v in waiting if v.due is not None and v.due < today]
        soon = [v for v in waiting if v.due is not None and today <= v.due <= limit]
        return overdue, soon

    def unanswered(self, limit: int = 200, *, officer_id: int | None = None) -> list[FirstAnswerView]:
        """Open cases still waiting for their first answer, earliest due first (for the reminders).

        ``officer_id``: only the cases he is responsible for, or received and nobody handles yet.
        """
        self._signed_in.check(Action.REPLY, "first_answer")
        mine = (
            []
            if officer_id is None
            else [
                or_(
                    Case.officer_id == officer_id,
                    and_(Case.officer_id.is_(None), Case.receiver_id == officer_id),
                )
            ]
        )
        since = datetime.combine(self._now().date() - timedelta(days=LOOKBACK_DAYS), datetime.min.time())
        with self._sessions() as session:
            cases = session.scalars(
                select(Case)
                .where(
                    Case.status.in_([s.value for s in OPEN_STATUSES]),
                    Case.received_at >= since,
                    Case.merged_into_id.is_(None),
                    ~exists().where(FirstAnswer.case_id == Case.id),
                    *self._signed_in.visible_cases(),
                    *mine,
                )
                .order_by(Case.received_at)
                .limit(limit * 4)
            ).all()
            found = []
            for case in cases:
                due, rule = self.notify_due(session, case)
                if due is not None:
                    found.append(_view(case, due, rule, None))
        found.sort(key=lambda v: (v.due or date.max, v.number))
        return found[:limit]


def _view(case: Case, due: date | None, rule: str, row: FirstAnswer | None) -> FirstAnswerView:
    if row is None:
        return FirstAnswerView(case.id, case.number, due, rule)
    method = FirstAnswerMethod(row.method)
    on_time = None if row.due_on is None else row.answered_on <= row.due_on
    return FirstAnswerView(
        case.id,
        case.number,
        row.due_on or due,
        rule,
        row.answered_on,
        method.value,
        method.label,
        row.text,
        on_time,
    )
