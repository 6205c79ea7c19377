"""The rule table, calendar overrides, due-soon setting and target profiles, read from the database."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from app.domain.deadline_rules import FLAG_NAMES, DeadlineRule, ExtensionLimit, RuleSet, RuleTableError
from app.domain.enums import CaseKind, Channel, Urgency
from app.domain.working_calendar import OFFICE_DAY_OFF, WorkingCalendar
from app.models import CalendarDay, DeadlineRuleRow, TargetProfile
from app.services.core.db_errors import translated
from app.services.core.json_settings import get_setting, put_setting
from app.services.deadlines.deadline_dto import TargetProfileView

log = logging.getLogger(__name__)

LIMITS_KEY = "deadline.extension_limits"
NOTE_KEY = "deadline.note"
DUE_SOON_KEY = "deadline.due_soon_days"
DEFAULT_DUE_SOON_DAYS = 3
OFFERED_KEY = "deadline.offered_rules"
NEW_RULE_PREFIXES = ("tt05.",)
"""Rules added to the shipped table after offices had copied it (xử lý đơn, TT 05/2021): copied into
an existing table once; an office that deletes one afterwards does not get it back."""
MAX_AGE_S = 60.0
"""How old the in-memory snapshot may get on PostgreSQL (several PCs share the data)."""
BROKEN_TABLE = "Bảng thời hạn trong cơ sở dữ liệu không hợp lệ ({error}); đang dùng bảng mặc định."


class FastCalendar(WorkingCalendar):
    """A working calendar that remembers each day's answer: bulk recomputes ask the same days."""

    def __init__(self, days_off: Mapping[date, str], makeup: Iterable[date]) -> None:
        super().__init__(days_off, makeup)
        self._memo: dict[date, str | None] = {}

    def non_working_reason(self, d: date) -> str | None:
        try:
            return self._memo[d]
        except KeyError:
            reason = self._memo[d] = super().non_working_reason(d)
            return reason


def office_calendar(rules: RuleSet, overrides: Iterable[tuple[date, bool, str]]) -> FastCalendar:
    """The package's holidays + the table's known swaps + the office's overrides (office wins)."""
    office = {day: (working, note) for day, working, note in overrides}
    days_off = {d: name or OFFICE_DAY_OFF for d, name in rules.extra_days_off.items() if d not in office}
    makeup = {d for d in rules.makeup_workdays if d not in office}
    for day, (working, note) in office.items():
        if working:
            makeup.add(day)
        else:
            days_off[day] = note or OFFICE_DAY_OFF
    return FastCalendar(days_off, makeup)


def rule_to_dict(rule: DeadlineRule) -> dict[str, Any]:
    """The JSON object of a rule, in the shipped file's shape (absent conditions left out)."""
    out: dict[str, Any] = {
        "code": rule.code,
        "kind": rule.kind.value,
        "step": rule.step,
        "count": rule.count,
        "unit": rule.unit,
        "start_event": rule.start_event,
        "citation": rule.citation,
        "title": rule.title,
    }
    for name in FLAG_NAMES:
        if getattr(rule, name) is not None:
            out[name] = getattr(rule, name)
    for name in ("effective_from", "effective_to"):
        value = getattr(rule, name)
        if value is not None:
            out[name] = value.isoformat()
    if rule.max_count is not None:
        out["max_count"] = rule.max_count
    out["verify"] = rule.verify
    if rule.note:
        out["note"] = rule.note
    return out


def limit_to_dict(limit: ExtensionLimit) -> dict[str, Any]:
    return {
        "kind": limit.kind.value,
        "condition": limit.condition,
        "max_extensions": limit.max_extensions,
        "max_days_each": limit.max_days_each,
        "citation": limit.citation,
        "note": limit.note,
    }


@dataclass(frozen=True)
class DeadlineSnapshot:
    """Everything due dates depend on, as one immutable value."""

    rules: RuleSet
    calendar: FastCalendar
    due_soon_days: int
    profiles: tuple[TargetProfileView, ...]
    updated_at: datetime | None = None
    warning: str = ""


class DeadlineStore:
    """Loads (and on first start seeds) the deadline data; keeps the current snapshot in memory.

    Services that change the data call :meth:`reload` after their transaction commits, so every
    service of this process sees the change at once; other PCs within ``max_age`` (PostgreSQL).
    """

    def __init__(
        self,
        sessions: sessionmaker[Session],
        shipped: RuleSet | None = None,
        max_age: float = MAX_AGE_S,
    ) -> None:
        self._sessions = sessions
        self.shipped = shipped or RuleSet.load()
        self._max_age = max_age
        self._lock = threading.Lock()
        self._snapshot: DeadlineSnapshot | None = None
        self._loaded_at = 0.0

    def open(self) -> DeadlineSnapshot:
        """At start: copy the shipped rule table into the database once (first start after
        migration 0002) and load the snapshot, in one short transaction."""
        with translated():
            try:
                with self._sessions.begin() as session:
                    if session.scalar(select(DeadlineRuleRow.code).limit(1)) is None:
                        self.write_table(session, self.shipped.rules, self.shipped.extension_limits, None)
                        put_setting(session, NOTE_KEY, self.shipped.note)
                        put_setting(session, OFFERED_KEY, sorted(_new_codes(self.shipped)))
                        session.flush()
                    else:
                        offer_new_rules(session, self.shipped)
                    snapshot = self.read(session)
            except IntegrityError:  # another PC seeded it at the same moment (PostgreSQL)
                log.info("deadline rules already seeded by another process")
                return self.reload()
        self._keep(snapshot)
        return snapshot

    @staticmethod
    def write_table(
        session: Session,
        rules: Iterable[DeadlineRule],
        limits: Iterable[ExtensionLimit],
        user_id: int | None,
    ) -> None:
        """Replace the stored table (the caller has validated it; one transaction)."""
        now = datetime.now().replace(microsecond=0)
        session.execute(delete(DeadlineRuleRow))
        for position, rule in enumerate(rules):
            data = json.dumps(rule_to_dict(rule), ensure_ascii=False)
            session.add(
                DeadlineRuleRow(
                    code=rule.code, position=position, data=data, updated_at=now, updated_by=user_id
                )
            )
        put_setting(session, LIMITS_KEY, [limit_to_dict(x) for x in limits])

    def snapshot(self) -> DeadlineSnapshot:
        """The current data; read again when older than ``max_age`` seconds, so a change made
        on another PC of the office (PostgreSQL) is seen within a minute.

        May be called inside a write transaction (the save hook), so on SQLite ``max_age`` must
        stay infinite: a second connection there would wait for this process's own write lock.
        """
        found = self._snapshot
        if found is None or time.monotonic() - self._loaded_at > self._max_age:
            return self.reload()
        return found

    def reload(self) -> DeadlineSnapshot:
        """Read everything again from the database."""
        with translated(), self._sessions() as session:
            snapshot = self.read(session)
        self._keep(snapshot)
        return snapshot

    def _keep(self, snapshot: DeadlineSnapshot) -> None:
        with self._lock:
            self._snapshot, self._loaded_at = snapshot, time.monotonic()

    def read(self, session: Session) -> DeadlineSnapshot:
        rules, updated_at, warning = self._read_rules(session)
        overrides = session.execute(select(CalendarDay.day, CalendarDay.working, CalendarDay.note)).all()
        due_soon = get_setting(session, DUE_SOON_KEY, DEFAULT_DUE_SOON_DAYS)
        profiles = tuple(
            profile_view(p) for p in session.scalars(select(TargetProfile).order_by(TargetProfile.id))
        )
        calendar = office_calendar(rules, ((d, bool(w), n) for d, w, n in overrides))
        return DeadlineSnapshot(rules, calendar, int(due_soon), profiles, updated_at, warning)

    def _read_rules(self, session: Session) -> tuple[RuleSet, datetime | None, str]:
        return read_rules(session, self.shipped)

    def with_shipped_swaps(
        self, rules: Iterable[DeadlineRule], limits: Iterable[ExtensionLimit], note: str = ""
    ) -> RuleSet:
        """A validated rule set with the shipped calendar swaps (raises RuleTableError)."""
        return with_shipped_swaps(self.shipped, rules, limits, note)


def read_rules(session: Session, shipped: RuleSet) -> tuple[RuleSet, datetime | None, str]:
    """The stored rule table with the shipped calendar swaps and suspension rules; the shipped
    table (and a warning) when the stored one is missing or broken."""
    rows = session.execute(
        select(DeadlineRuleRow.data, DeadlineRuleRow.updated_at).order_by(
            DeadlineRuleRow.position, DeadlineRuleRow.code
        )
    ).all()
    if not rows:
        return shipped, None, ""
    try:
        parsed = RuleSet.from_dicts(
            [json.loads(r.data) for r in rows],
            extension_limits=get_setting(session, LIMITS_KEY, []),
            note=str(get_setting(session, NOTE_KEY, "")),
        )
        rules = with_shipped_swaps(shipped, parsed.rules, parsed.extension_limits, parsed.note)
    except (RuleTableError, ValueError, TypeError) as error:
        message = BROKEN_TABLE.format(error=error)
        log.error(message)
        return shipped, None, message
    return rules, max(r.updated_at for r in rows), ""


def with_shipped_swaps(
    shipped: RuleSet, rules: Iterable[DeadlineRule], limits: Iterable[ExtensionLimit], note: str = ""
) -> RuleSet:
    """A validated rule set with the shipped calendar swaps and suspension rules (RuleTableError)."""
    return RuleSet(
        rules,
        limits,
        makeup_workdays=shipped.makeup_workdays,
        extra_days_off=shipped.extra_days_off,
        note=note or shipped.note,
        suspension_rules=shipped.suspension_rules,
    )


def profile_view(p: TargetProfile) -> TargetProfileView:
    return TargetProfileView(
        id=p.id,
        name=p.name,
        count=p.count,
        unit=p.unit,
        kind=CaseKind(p.kind) if p.kind else None,
        channel=Channel(p.channel) if p.channel else None,
        field_id=p.field_id,
        urgency=Urgency(p.urgency) if p.urgency else None,
        active=p.active,
    )


def _new_codes(shipped: RuleSet) -> set[str]:
    return {r.code for r in shipped.rules if r.code.startswith(NEW_RULE_PREFIXES)}


def offer_new_rules(session: Session, shipped: RuleSet) -> list[str]:
    """Copy the shipped rules new in this version into an existing table, once (returns the codes)."""
    offered = set(get_setting(session, OFFERED_KEY, []))
    wanted = _new_codes(shipped) - offered
    if not wanted:
        return []
    stored = set(session.scalars(select(DeadlineRuleRow.code)))
    added = [r for r in shipped.rules if r.code in wanted and r.code not in stored]
    if added:
        rules, _, warning = read_rules(session, shipped)
        try:
            if warning:
                raise RuleTableError(warning)
            RuleSet([*rules.rules, *added], rules.extension_limits)
        except RuleTableError as error:
            log.error("new shipped rules not added: %s", error)
            put_setting(session, OFFERED_KEY, sorted(offered | wanted))
            return []
        last = session.scalar(select(func.max(DeadlineRuleRow.position))) or 0
        now = datetime.now().replace(microsecond=0)
        for n, rule in enumerate(added, 1):
            data = json.dumps(rule_to_dict(rule), ensure_ascii=False)
            session.add(
                DeadlineRuleRow(code=rule.code, position=last + n, data=data, updated_at=now, updated_by=None)
            )
    put_setting(session, OFFERED_KEY, sorted(offered | wanted))
    session.flush()
    return [r.code for r in added]
