"""The office's working-day calendar: a year at a glance, extra days off, make-up working days (§5)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.domain.calendar_data import CalendarEntry
from app.domain.deadline_rules import RuleSet
from app.domain.permissions import Action
from app.domain.text import clean_text
from app.domain.working_calendar import WorkingCalendar
from app.models import CalendarDay
from app.services.accounts.signed_in import SignedIn
from app.services.core.db_errors import translated
from app.services.core.errors import NotFoundError, ValidationError
from app.services.deadlines.deadline_dto import CalendarDayView, CalendarOverride, RecomputeResult
from app.services.deadlines.deadline_store import DeadlineStore

FIRST_YEAR, LAST_YEAR = 2000, 2100
Recompute = Callable[[date], RecomputeResult]
"""Recompute the open deadlines a change of that day can affect."""
SWAP_PREFIX = "Ngày nghỉ (thay cho"
"""How the calendar data names a weekday given off in exchange for a make-up Saturday."""


def _d(day: date) -> str:
    return day.strftime("%d/%m/%Y")


class CalendarService:
    """Every change of a day is saved, then every open deadline that day can affect is recomputed
    (the result is returned); the others stay as they are, already right."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        store: DeadlineStore,
        recompute: Recompute,
        clock: Callable[[], datetime] = datetime.now,
        *,
        signed_in: SignedIn,
    ) -> None:
        self._signed_in = signed_in
        self._sessions = sessions
        self._store = store
        self._recompute = recompute
        self._clock = clock

    def year(self, year: int) -> list[CalendarDayView]:
        """All days of ``year``: working or not, why, where that comes from and how sure it is."""
        _check_year(year)
        snapshot = self._store.reload()
        office = {o.day: o for o in self.overrides(year)}
        cal = snapshot.calendar
        uncertain = set(cal.uncertain_between(date(year, 1, 1), date(year, 12, 31)))
        out = []
        for day, reason in cal.year_days(year):
            basis, status = cal.source(day) if reason is not None or day.weekday() >= 5 else ("", "")
            if day in office:
                source, note = "office", office[day].note
            elif day in uncertain:
                source, note = "uncertain", ""
            elif day_kind := _listed_kind(snapshot.rules, cal, day):
                source, note = day_kind, ""
            elif day.weekday() >= 5:
                source, note, basis, status = "weekend", "", "", ""
            else:
                source, note, basis, status = "", "", "", ""
            out.append(CalendarDayView(day, reason is None, reason or "", source, note, status, basis))
        return out

    def uncertain_days(self, year: int) -> list[CalendarDayView]:
        """The estimated or doubtful days of ``year`` the office has not decided yet."""
        return [d for d in self.year(year) if d.uncertain]

    def confirm_day(self, day: date, note: str, user_id: int | None) -> RecomputeResult:
        """The office confirms an estimated or doubtful day as listed (e.g. from the annual notice)."""
        self._signed_in.check(Action.MANAGE_SETTINGS)
        entry = self._undecided(day)
        return self._decide(day, entry.working, "Xác nhận", note, user_id, "confirm")

    def drop_day(self, day: date, note: str, user_id: int | None) -> RecomputeResult:
        """The office drops an estimated or doubtful day: it is treated the other way round."""
        self._signed_in.check(Action.MANAGE_SETTINGS)
        entry = self._undecided(day)
        return self._decide(day, not entry.working, "Bỏ", note, user_id, "drop")

    def _undecided(self, day: date) -> CalendarEntry:
        if not isinstance(day, date) or isinstance(day, datetime):
            raise ValidationError("day", "Ngày không hợp lệ.")
        _check_year(day.year)
        calendar = self._store.snapshot().calendar
        entry = calendar.data.entries.get(day)
        if entry is None or not entry.uncertain:
            raise ValidationError(
                "day", f"Ngày {_d(day)} không phải ngày ước tính hay còn nghi vấn trong lịch chính thức."
            )
        if calendar.entry(day) is None:
            raise ValidationError("day", f"Ngày {_d(day)} cơ quan đã quyết định; hãy xóa thiết lập đó trước.")
        return entry

    def _decide(
        self, day: date, working: bool, verb: str, note: str, user_id: int | None, decision: str
    ) -> RecomputeResult:
        note = clean_text(note, max_length=160, multiline=False)
        if not note:
            raise ValidationError("note", "Cần ghi căn cứ (số văn bản, thông báo) hoặc lý do quyết định.")
        text = f"{verb}: {note}"
        with translated(), self._sessions.begin() as session:
            if session.get(CalendarDay, day) is not None:
                raise ValidationError("day", f"Ngày {_d(day)} đã có thiết lập riêng; hãy xóa trước khi đổi.")
            now = self._clock().replace(microsecond=0)
            session.add(CalendarDay(day=day, working=working, note=text, updated_at=now, updated_by=user_id))
            after = {"working": working, "note": text, "decision": decision}
            self._signed_in.record(session, "settings.change", "calendar_day", day.isoformat(), None, after)
        self._store.reload()
        return self._recompute(day)

    def overrides(self, year: int | None = None) -> list[CalendarOverride]:
        """The office's own days (of one year, or all), in date order."""
        stmt = select(CalendarDay).order_by(CalendarDay.day)
        if year is not None:
            _check_year(year)
            stmt = stmt.where(CalendarDay.day >= date(year, 1, 1), CalendarDay.day <= date(year, 12, 31))
        with translated(), self._sessions() as session:
            return [CalendarOverride(r.day, r.working, r.note) for r in session.scalars(stmt)]

    def add_day_off(self, day: date, note: str, user_id: int | None) -> RecomputeResult:
        """The office does not work on ``day`` (e.g. a local holiday, a swap not yet in the package)."""
        self._signed_in.check(Action.MANAGE_SETTINGS)
        return self._add(day, False, note, user_id)

    def add_makeup_day(self, day: date, note: str, user_id: int | None) -> RecomputeResult:
        """The office works on ``day`` although it is a weekend day or holiday (ngày làm bù)."""
        self._signed_in.check(Action.MANAGE_SETTINGS)
        return self._add(day, True, note, user_id)

    def remove_override(self, day: date) -> RecomputeResult:
        """Back to the package and the shipped swaps for ``day``."""
        self._signed_in.check(Action.MANAGE_SETTINGS)
        with translated(), self._sessions.begin() as session:
            row = session.get(CalendarDay, day)
            if row is None:
                raise NotFoundError(f"Ngày {_d(day)} không có thiết lập riêng của cơ quan.")
            before = {"working": row.working, "note": row.note}
            session.delete(row)
            self._signed_in.record(session, "settings.change", "calendar_day", day.isoformat(), before, None)
        self._store.reload()
        return self._recompute(day)

    def _add(self, day: date, working: bool, note: str, user_id: int | None) -> RecomputeResult:
        if not isinstance(day, date) or isinstance(day, datetime):
            raise ValidationError("day", "Ngày không hợp lệ.")
        _check_year(day.year)
        note = clean_text(note, max_length=200, multiline=False)
        if not note:
            raise ValidationError("note", "Cần ghi lý do (ví dụ: số văn bản của cơ quan).")
        calendar = self._store.snapshot().calendar
        with translated(), self._sessions.begin() as session:
            if session.get(CalendarDay, day) is not None:
                raise ValidationError(
                    "day", f"Ngày {_d(day)} đã có thiết lập riêng; hãy xóa thiết lập đó trước khi đổi."
                )
            reason = calendar.non_working_reason(day)
            if not working and reason is not None:
                raise ValidationError("day", f"Ngày {_d(day)} đã là ngày nghỉ ({reason}).")
            if working and reason is None:
                raise ValidationError("day", f"Ngày {_d(day)} đã là ngày làm việc.")
            session.add(
                CalendarDay(
                    day=day,
                    working=working,
                    note=note,
                    updated_at=self._clock().replace(microsecond=0),
                    updated_by=user_id,
                )
            )
            after = {"working": working, "note": note}
            self._signed_in.record(session, "settings.change", "calendar_day", day.isoformat(), None, after)
        self._store.reload()
        return self._recompute(day)


def _listed_kind(rules: RuleSet, calendar: WorkingCalendar, day: date) -> str:
    """``shipped`` for a swap (make-up day or the weekday given in exchange), ``holiday`` for a
    public holiday, ``""`` for a day the calendar data and the rule table say nothing about."""
    if day in rules.extra_days_off or day in rules.makeup_workdays:
        return "shipped"
    entry = calendar.entry(day)
    if entry is not None and (entry.working or entry.name.startswith(SWAP_PREFIX)):
        return "shipped"
    return "holiday" if calendar.holiday_name(day) else ""


def _check_year(year: int) -> None:
    if isinstance(year, bool) or not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError("year", f"Năm phải từ {FIRST_YEAR} đến {LAST_YEAR}.")
