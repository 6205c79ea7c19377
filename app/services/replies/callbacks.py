"""Satisfaction call-backs: after closing, a share of cases is called back; «chưa hài lòng» reopens.

Which closed cases enter the list is a setting (channels and a percentage; default: every
phone and Facebook item). Sampling is by case id, so the same case is always in or out for a
given rate; a case closed more than 30 days ago leaves the list. A case may be reopened more than once; each reopening is a «reopened» history row
with the call-back as its reason, and its resolve deadline restarts from the day it reopened.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, not_, select
from sqlalchemy.orm import Session, sessionmaker

from app.domain.enums import OPEN_STATUSES, CaseKind, CaseStatus, Channel
from app.domain.permissions import Action
from app.domain.reply_loop import DEFAULT_CALLBACK_CHANNELS, CallbackResult, DraftStatus
from app.domain.text import clean_text
from app.models import Callback, Case, CaseEvent, Citizen, ReplyDraft, Setting
from app.services.accounts.signed_in import SignedIn
from app.services.core.db_errors import translated
from app.services.core.due_dates import ClockDuePolicy
from app.services.core.errors import TransitionError, ValidationError
from app.services.core.sealing import SEALED
from app.services.deadlines.legal_due_policy import case_clock
from app.services.replies.dto import CallbackItem, CallbackSampling
from app.services.replies.history import add_event, begin, load_case, touch

SETTING_KEY = "callback_sampling"
WINDOW_DAYS = 30
"""A case closed longer ago than this is no longer called back (the list stays short and current)."""
_ANSWERED = (CallbackResult.SATISFIED.value, CallbackResult.NOT_SATISFIED.value)


class CallbackService:
    """The call-back list, recording a call-back, reopening on «chưa hài lòng»."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        due_policy: ClockDuePolicy,
        clock: Callable[[], datetime],
        *,
        signed_in: SignedIn,
    ) -> None:
        self._sessions = sessions
        self._due = due_policy
        self._clock = clock
        self._signed_in = signed_in

    def _now(self) -> datetime:
        return self._clock().replace(microsecond=0)

    def sampling(self) -> CallbackSampling:
        """Channels and share (percent) of closed cases that enter the call-back list."""
        with self._sessions() as session:
            row = session.get(Setting, SETTING_KEY)
        if row is None:
            return CallbackSampling(tuple(sorted(c.value for c in DEFAULT_CALLBACK_CHANNELS)), 100)
        data = json.loads(row.value)
        return CallbackSampling(tuple(data["channels"]), int(data["rate"]))

    def set_sampling(self, channels: list[Channel], rate: int) -> None:
        """Change which closed cases are called back (a settings change, audited)."""
        self._signed_in.check(Action.MANAGE_SETTINGS, "setting", SETTING_KEY)
        if not 0 <= rate <= 100:
            raise ValidationError("rate", "Tỷ lệ gọi lại phải từ 0 đến 100 (%).")
        value = {"channels": sorted(c.value for c in channels), "rate": rate}
        with translated(), begin(self._sessions, self._signed_in) as session:
            row = session.get(Setting, SETTING_KEY)
            before = json.loads(row.value) if row else None
            if row is None:
                session.add(Setting(key=SETTING_KEY, value=json.dumps(value)))
            else:
                row.value = json.dumps(value)
            self._signed_in.record(session, "settings.change", "setting", SETTING_KEY, before, value)

    def _due_conditions(self) -> list[Any]:
        """Closed, sampled, in the officer's scope, and not yet answered for this closing."""
        sampling = self.sampling()
        answered = (
            select(Callback.id)
            .where(
                Callback.case_id == Case.id,
                Callback.closed_at == Case.closed_at,
                Callback.result.in_(_ANSWERED),
            )
            .exists()
        )
        since = self._now() - timedelta(days=WINDOW_DAYS)
        return [
            Case.closed_at >= since,
            Case.status.in_([CaseStatus.REPLIED.value, CaseStatus.CLOSED.value]),
            Case.channel.in_(sampling.channels),
            (Case.id % 100) < sampling.rate,
            not_(answered),
            *self._signed_in.visible_cases(),
        ]

    def due_list(self, limit: int = 200) -> list[CallbackItem]:
        """Closed cases waiting for their call-back, oldest closing first."""
        self._signed_in.check(Action.REPLY, "callback")
        attempts = (
            select(func.count(Callback.id))
            .where(Callback.case_id == Case.id, Callback.closed_at == Case.closed_at)
            .scalar_subquery()
        )
        query = (
            select(
                Case.id,
                Case.number,
                Case.kind,
                Case.channel,
                Case.department_id,
                Case.closed_at,
                Citizen.full_name,
                Citizen.phone,
                attempts,
            )
            .outerjoin(Citizen, Citizen.id == Case.citizen_id)
            .where(*self._due_conditions())
            .order_by(Case.closed_at, Case.id)
            .limit(limit)
        )
        with self._sessions() as session:
            rows = session.execute(query).all()
        return [_item(*row) for row in rows]

    def dashboard_counts(self) -> tuple[int, int]:
        """(replies waiting for the chief, closed cases waiting for their call-back) in the officer's scope."""
        self._signed_in.check(Action.REPLY, "callback")
        waiting = (
            select(func.count(ReplyDraft.id))
            .join(Case, Case.id == ReplyDraft.case_id)
            .where(ReplyDraft.status == DraftStatus.PENDING.value, *self._signed_in.visible_cases())
        )
        with self._sessions() as session:
            pending = session.scalar(waiting) or 0
            due = session.scalar(select(func.count(Case.id)).where(*self._due_conditions())) or 0
        return int(pending), int(due)

    def reopened_open(self, officer_id: int | None = None, limit: int = 100) -> list[tuple[int, str, str]]:
        """Open cases reopened because the citizen was not satisfied: (id, number, what he said).

        For the start-up reminder of the responsible officer (``officer_id``), newest first.
        """
        self._signed_in.check(Action.REPLY, "callback")
        mine = [] if officer_id is None else [Case.officer_id == officer_id]
        query = (
            select(Case.id, Case.number, Callback.note)
            .join(Callback, Callback.case_id == Case.id)
            .where(
                Callback.result == CallbackResult.NOT_SATISFIED.value,
                Case.status.in_([s.value for s in OPEN_STATUSES]),
                *mine,
                *self._signed_in.visible_cases(),
            )
            .order_by(Callback.recorded_at.desc())
        )
        seen: dict[int, tuple[int, str, str]] = {}
        with self._sessions() as session:
            for case_id, number, note in session.execute(query):
                seen.setdefault(case_id, (case_id, number, note))
                if len(seen) >= limit:
                    break
        return list(seen.values())

    def record(self, case_id: int, result: CallbackResult, note: str = "") -> bool:
        """Record one call-back; returns True when «chưa hài lòng» reopened the case."""
        text = clean_text(note, max_length=4000)
        self._signed_in.check_case(Action.REPLY, case_id)
        with translated(), begin(self._sessions, self._signed_in) as session:
            case = load_case(session, case_id, lock=True)
            if CaseStatus(case.status) in OPEN_STATUSES or case.closed_at is None:
                raise TransitionError(
                    "Vụ việc chưa đóng; chỉ gọi lại hỏi ý kiến công dân sau khi đã trả lời."
                )
            done = session.scalar(
                select(func.count(Callback.id)).where(
                    and_(
                        Callback.case_id == case_id,
                        Callback.closed_at == case.closed_at,
                        Callback.result.in_(_ANSWERED),
                    )
                )
            )
            if done:
                raise TransitionError(
                    f"Đã ghi ý kiến của công dân cho lần trả lời này của vụ việc {case.number}."
                )
            if result is CallbackResult.NOT_SATISFIED and not text:
                raise ValidationError("note", "Cần ghi công dân chưa hài lòng về điều gì.")
            now, actor = self._now(), self._signed_in.actor
            user = actor.user_id if actor else None
            session.add(
                Callback(
                    case_id=case_id, closed_at=case.closed_at, result=result.value, note=text,
                    department_id=case.department_id, field_id=case.field_id, user_id=user, recorded_at=now,
                )
            )  # fmt: skip
            add_event(
                session,
                case,
                now,
                user,
                "callback",
                f"{result.label}. {text}".strip(),
                {"result": result.value},
            )
            if result is CallbackResult.NOT_SATISFIED:
                self._reopen(session, case, now, user, text)
            touch(case, now)
            return result is CallbackResult.NOT_SATISFIED

    def _reopen(self, session: Session, case: Case, now: datetime, user: int | None, why: str) -> None:
        """Back into work; acceptance and resolution count again from today (``reopened_on``), under
        the rules in force on the day of receipt, and every later recompute keeps counting so."""
        count = session.scalar(
            select(func.count(CaseEvent.id)).where(
                CaseEvent.case_id == case.id, CaseEvent.action == "reopened"
            )
        )
        before = {"status": case.status, "due_date": case.due_date, "reopened_on": case.reopened_on}
        current = case.status
        case.status, case.closed_at = CaseStatus.IN_PROGRESS.value, None
        case.reopened_on = now.date()
        due = self._due.due_for_clock(case_clock(session, case))
        case.due_date, case.due_rule = due.due, due.rule
        data = {
            "before": before,
            "after": {"status": case.status, "due_date": due.due, "reopened_on": case.reopened_on},
            "reason": "callback",
            "reopen_count": int(count or 0) + 1,
        }
        add_event(
            session, case, now, user, "reopened", f"Công dân chưa hài lòng: {why}", data,
            from_status=current, to_status=CaseStatus.IN_PROGRESS.value,
        )  # fmt: skip


def _item(
    case_id: int, number: str, kind: str, channel: str, department_id: int | None, closed_at: datetime | None,
    name: str | None, phone: str | None, tries: int | None,
) -> CallbackItem:  # fmt: skip
    sealed = CaseKind(kind).is_sealed
    return CallbackItem(
        case_id, number, kind, channel, department_id, closed_at or datetime.min,
        SEALED if sealed and name else (name or ""), SEALED if sealed and phone else (phone or ""), int(tries or 0),
    )  # fmt: skip
