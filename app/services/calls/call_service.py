"""Use cases of «Cuộc gọi chưa ghi nhận» and ``hotline-desk calls``: import, list, dismiss, call back."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.domain.enums import Channel
from app.domain.permissions import Action, allowed
from app.domain.working_calendar import WorkingCalendar
from app.models import Case, PhoneLogEntry, Setting
from app.services.accounts.signed_in import SignedIn
from app.services.calls import call_queries as q
from app.services.calls.call_catch_up import catch_up, set_marker_if_missing
from app.services.calls.call_types import (
    DISMISS_REASONS,
    CallbackTask,
    CallCounts,
    CallImportReport,
    EarlierCase,
    IntakePrefill,
    UnmatchedCall,
)
from app.services.calls.call_window import SETTING_KEY, MatchWindow
from app.services.calls.phone_events import EventKind
from app.services.core.db_errors import translated
from app.services.core.errors import NotFoundError, ValidationError
from app.services.core.snapshot_reads import snapshot


class CallLogService:
    """The duty phone's call log and SMS against the register (permission: ``LOG_CASE``)."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        calendar: Callable[[], WorkingCalendar],
        clock: Callable[[], datetime] = datetime.now,
        *,
        signed_in: SignedIn,
    ) -> None:
        self._signed_in = signed_in
        self._sessions = sessions
        self._calendar = calendar
        self._clock = clock

    def _reveal(self) -> bool:
        """Whether names of denouncers' numbers may be shown (an officer with the unseal right;
        never the command line, whose output may leave the office)."""
        actor = self._signed_in.actor
        return actor is not None and allowed(actor, Action.UNSEAL)

    def window(self) -> MatchWindow:
        with translated(), self._sessions() as session:
            return MatchWindow.from_json(
                session.scalar(select(Setting.value).where(Setting.key == SETTING_KEY))
            )

    # --- import ---------------------------------------------------------------------------
    def import_file(
        self, path: Path, *, dry_run: bool = False, user_id: int | None = None
    ) -> CallImportReport:
        """Read a calls-/sms-….xml or a CSV call log and reconcile it, in one transaction (or nothing)."""
        self._signed_in.check(Action.LOG_CASE)
        # The parsers are imported here only: the call-back bar at start-up needs none of them.
        from app.services.calls.call_import import ImportContext, import_file, read_phone_file

        path = Path(path)
        result = read_phone_file(path)
        ctx = ImportContext(
            self._clock().replace(microsecond=0), self.window(), self._calendar(), user_id, dry_run
        )
        with translated(), snapshot(self._sessions) if dry_run else self._sessions.begin() as session:
            if not dry_run:  # before reading the cases: one saved meanwhile is caught up later
                set_marker_if_missing(session)
            report = import_file(session, path, result, ctx)
            if not dry_run:
                after = {
                    "file": path.name, "format": result.file_format, "read": report.read, "imported": report.new,
                    "already_present": report.already, "matched": report.matched, "unmatched": report.unmatched,
                    "callbacks": report.callbacks, "rejected": len(report.problems),
                }  # fmt: skip
                self._signed_in.record(
                    session, "calls.import", "phone_log_import", report.import_id, None, after
                )
            return report

    # --- the list -------------------------------------------------------------------------
    def unmatched(self, limit: int = 200, before: tuple[datetime, int] | None = None) -> list[UnmatchedCall]:
        """Calls and SMS with no case of their caller in their window, newest first."""
        self._signed_in.check(Action.LOG_CASE)
        with translated():
            catch_up(self._sessions)
            with self._sessions() as session:
                return q.unmatched_page(session, self._reveal(), limit, before)

    def unmatched_count(self) -> int:
        self._signed_in.check(Action.LOG_CASE)
        with translated():
            catch_up(self._sessions)
            with self._sessions() as session:
                return q.count_unmatched(session)

    def earlier_cases(self, call_id: int) -> list[EarlierCase]:
        """The caller's cases, newest first (a sealed one only for an officer who may unseal)."""
        self._signed_in.check(Action.LOG_CASE)
        with translated(), self._sessions() as session:
            entry = self._entry(session, call_id)
            return q.earlier_cases(session, entry.phone, self._reveal()) if entry.phone else []

    def callback_tasks(self, *, overdue_only: bool = False, limit: int = 500) -> list[CallbackTask]:
        """Missed calls not called back yet, oldest first (shown at start-up); ``overdue_only``: not
        called back within one working day (the chief's escalation list)."""
        self._signed_in.check(Action.LOG_CASE)
        with translated(), self._sessions() as session:
            return q.callback_tasks(session, self._clock(), self._reveal(), overdue_only, limit)

    def callback_counts(self) -> tuple[int, int]:
        """(open call-back tasks, overdue ones) for the start-up notice and the dashboard tile."""
        self._signed_in.check(Action.LOG_CASE)
        with translated(), self._sessions() as session:
            return q.count_callbacks(session, self._clock())

    def counts(self, first: date, last: date) -> CallCounts:
        """The period's figures: received, logged, dismissed with a reason, missed called back or not."""
        self._signed_in.check(Action.READ_CONTENT)
        start, end = datetime.combine(first, time.min), datetime.combine(last + timedelta(days=1), time.min)
        with translated(), self._sessions() as session:
            return q.period_counts(session, start, end)

    # --- actions --------------------------------------------------------------------------
    def prefill(self, call_id: int) -> IntakePrefill:
        """The intake form for a case made from this call (an SMS thread of the day as the content)."""
        self._signed_in.check(Action.LOG_CASE)
        with translated(), self._sessions() as session:
            entry = self._entry(session, call_id)
            thread = [entry]
            if entry.kind == EventKind.SMS_IN and entry.phone:
                thread = list(
                    session.scalars(
                        select(PhoneLogEntry)
                        .where(PhoneLogEntry.phone == entry.phone, PhoneLogEntry.kind == EventKind.SMS_IN.value,
                               PhoneLogEntry.state == "open", PhoneLogEntry.at >= entry.match_from,
                               PhoneLogEntry.at < entry.match_until)
                        .order_by(PhoneLogEntry.at)
                    )
                ) or [entry]  # fmt: skip
            sms = entry.kind == EventKind.SMS_IN
            hidden = not self._reveal() and entry.phone in q.sealed_phones(session, [entry.phone or ""])
            name = "" if hidden else entry.contact_name
            return IntakePrefill(
                entry.id, entry.phone or "", thread[0].at, (Channel.SMS if sms else Channel.HOTLINE).value,
                "\n".join(e.body for e in thread if e.body) if sms else "", entry.duration_s or None,
                name, tuple(e.id for e in thread),
            )  # fmt: skip

    def link_case(self, call_ids: tuple[int, ...], case_id: int, user_id: int | None = None) -> None:
        """The officer saved a case from these calls: they leave the list, linked to it (audited)."""
        self._signed_in.check(Action.LOG_CASE)
        now = self._clock().replace(microsecond=0)
        with translated(), self._sessions.begin() as session:
            number = session.scalar(select(Case.number).where(Case.id == case_id))
            if number is None:
                raise NotFoundError("Không tìm thấy vụ việc vừa lưu.")
            for call_id in call_ids:
                entry = self._entry(session, call_id)
                entry.state, entry.case_id, entry.handled_by, entry.handled_at = (
                    "logged",
                    case_id,
                    user_id,
                    now,
                )
                after = {"case_number": number, "kind": entry.kind, "at": entry.at.isoformat(sep=" ")}
                self._signed_in.record(session, "calls.case_made", "phone_log", call_id, None, after)

    def dismiss(
        self, call_id: int, reason: str, *, note: str = "", case_number: str = "", user_id: int | None = None
    ) -> None:
        """Leave the list with a reason from the short list (audited); «đã ghi ở vụ việc khác» names the case."""
        self._signed_in.check(Action.LOG_CASE)
        if reason not in DISMISS_REASONS:
            raise ValidationError("reason", "Hãy chọn lý do bỏ qua trong danh sách.")
        now = self._clock().replace(microsecond=0)
        with translated(), self._sessions.begin() as session:
            case_id = None
            if reason == "other_case":
                case_id = session.scalar(select(Case.id).where(Case.number == case_number.strip()))
                if case_id is None:
                    raise ValidationError(
                        "case_number", f"Không có vụ việc số «{case_number.strip()}» trong sổ."
                    )
            entry = self._entry(session, call_id)
            if entry.state not in ("open", "matched"):
                raise ValidationError("reason", "Cuộc gọi này đã được xử lý.")
            entry.state, entry.dismiss_reason, entry.dismiss_note = "dismissed", reason, note.strip()[:300]
            entry.case_id, entry.handled_by, entry.handled_at = case_id, user_id, now
            after = {"reason": DISMISS_REASONS[reason], "note": entry.dismiss_note, "case_number": case_number.strip(),
                     "kind": entry.kind, "at": entry.at.isoformat(sep=" ")}  # fmt: skip
            self._signed_in.record(session, "calls.dismiss", "phone_log", call_id, None, after)

    def mark_called_back(self, call_id: int, user_id: int | None = None) -> None:
        """A manual «Đã gọi lại» (from another phone): closes the call-back task, audited."""
        self._signed_in.check(Action.LOG_CASE)
        now = self._clock().replace(microsecond=0)
        with translated(), self._sessions.begin() as session:
            entry = self._entry(session, call_id)
            if entry.callback_due is None:
                raise ValidationError("call", "Cuộc gọi này không cần gọi lại.")
            if entry.called_back_at is None:
                entry.called_back_at, entry.called_back_via, entry.handled_by = now, "manual", user_id
                after = {"kind": entry.kind, "at": entry.at.isoformat(sep=" ")}
                self._signed_in.record(session, "calls.called_back", "phone_log", call_id, None, after)

    @staticmethod
    def _entry(session: Session, call_id: int) -> PhoneLogEntry:
        entry = session.get(PhoneLogEntry, call_id)
        if entry is None:
            raise NotFoundError("Không tìm thấy cuộc gọi.")
        return entry
