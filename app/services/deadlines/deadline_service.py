"""Deadlines for the administrator and the case screen: rule table, due-soon setting, explanations."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from app.domain.deadline_rules import DeadlineRule, ExtensionLimit, RuleTableError
from app.domain.deadlines import ClockError
from app.domain.enums import CaseKind
from app.domain.permissions import Action
from app.models import Case
from app.services.accounts.signed_in import SignedIn
from app.services.core.db_errors import translated
from app.services.core.errors import NotFoundError, ValidationError
from app.services.core.json_settings import put_setting
from app.services.deadlines.deadline_dto import CaseDeadlines, RecomputeResult, RuleTableView
from app.services.deadlines.deadline_recompute import DeadlineRecompute
from app.services.deadlines.deadline_store import DUE_SOON_KEY, DeadlineStore, rule_to_dict
from app.services.deadlines.legal_due_policy import LegalDuePolicy, case_clock, clock_due

MAX_DUE_SOON_DAYS = 20
RuleInput = DeadlineRule | Mapping[str, Any]
LimitInput = ExtensionLimit | Mapping[str, Any]


class DeadlineService:
    """The rule table (validated whole before saving), the due-soon window, explanations."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        store: DeadlineStore,
        policy: LegalDuePolicy,
        recompute: DeadlineRecompute,
        today: Callable[[], date] = date.today,
        *,
        signed_in: SignedIn,
    ) -> None:
        self._signed_in = signed_in
        self._sessions = sessions
        self._store = store
        self._policy = policy
        self._recompute = recompute
        self._today = today

    # --- rule table ---------------------------------------------------------------------
    def rule_table(self) -> RuleTableView:
        """The table in force (as stored), for the rule editor."""
        snapshot = self._store.reload()
        rules = snapshot.rules
        return RuleTableView(
            rules.rules, rules.extension_limits, rules.note, snapshot.updated_at, snapshot.warning
        )

    def shipped_table(self) -> RuleTableView:
        """The table shipped with the program (to compare, or to start over)."""
        rules = self._store.shipped
        return RuleTableView(rules.rules, rules.extension_limits, rules.note)

    def save_rules(
        self,
        rules: Sequence[RuleInput],
        user_id: int | None,
        extension_limits: Sequence[LimitInput] | None = None,
    ) -> RecomputeResult:
        """Replace the whole table after validating it; then recompute every open deadline.

        Raises ValidationError (field ``rules``) with the RuleTableError message; nothing is saved.
        To change a rule for new cases only, close the old row (``effective_to``) and add a new
        one from the next day (:meth:`supersede_rule`): open cases keep the rule of their day.
        """
        self._signed_in.check(Action.MANAGE_SETTINGS)
        current = self._store.snapshot().rules
        limits = current.extension_limits if extension_limits is None else extension_limits
        try:
            parsed = [DeadlineRule.from_dict(_rule_dict(r)) for r in rules]
            parsed_limits = [_limit(x) for x in limits]
            table = self._store.with_shipped_swaps(parsed, parsed_limits, current.note)
            for rule in table.rules:  # canonical JSON must read back as the same rule
                DeadlineRule.from_dict(rule_to_dict(rule))
        except (RuleTableError, TypeError, ValueError, AttributeError) as error:
            raise ValidationError("rules", str(error)) from None
        with translated(), self._sessions.begin() as session:
            self._store.write_table(session, table.rules, table.extension_limits, user_id)
            kept = {r.code for r in table.rules}
            removed = {r.code for r in current.rules} - kept
            changed = sorted({r.code for r in table.rules if r not in current.rules} | removed)
            self._signed_in.record(
                session, "settings.change", "deadline_rules", "", {"rules": len(current.rules)},
                {"rules": len(table.rules), "changed": changed},
            )  # fmt: skip
        self._store.reload()
        return self._recompute.run()

    def supersede_rule(
        self, code: str, effective_from: date, user_id: int | None, **changes: Any
    ) -> RecomputeResult:
        """Change a rule for cases received from ``effective_from`` on; earlier cases keep the old one.

        The old row ends the day before; a copy with ``changes`` and a new code
        (``<code>@<YYYY-MM-DD>`` unless ``changes`` names one) starts on ``effective_from``.
        """
        self._signed_in.check(Action.MANAGE_SETTINGS)
        table = self._store.snapshot().rules
        try:
            old = table.rule(code)
        except KeyError:
            raise NotFoundError(f"Không có quy tắc {code}.") from None
        if old.effective_from is not None and effective_from <= old.effective_from:
            raise ValidationError(
                "effective_from", f"Ngày hiệu lực mới phải sau {old.effective_from:%d/%m/%Y}."
            )
        if old.effective_to is not None and effective_from > old.effective_to:
            raise ValidationError("effective_from", f"Quy tắc {code} đã hết hiệu lực từ trước ngày đó.")
        new_code = str(changes.pop("code", f"{code}@{effective_from.isoformat()}"))
        try:
            new = dataclasses.replace(old, **changes, code=new_code, effective_from=effective_from)
        except TypeError as error:
            raise ValidationError("rules", f"Thay đổi không hợp lệ: {error}") from None
        closed = dataclasses.replace(old, effective_to=effective_from - timedelta(days=1))
        rules = [closed if r.code == code else r for r in table.rules]
        rules.insert(rules.index(closed) + 1, new)
        return self.save_rules(rules, user_id)

    def reset_rules(self, user_id: int | None) -> RecomputeResult:
        """Go back to the shipped table."""
        self._signed_in.check(Action.MANAGE_SETTINGS)
        shipped = self._store.shipped
        return self.save_rules(shipped.rules, user_id, shipped.extension_limits)

    # --- due-soon window ----------------------------------------------------------------
    def due_soon_days(self) -> int:
        """How many working days ahead counts as "sắp đến hạn" (default 3)."""
        return self._store.reload().due_soon_days

    def set_due_soon_days(self, days: int) -> None:
        self._signed_in.check(Action.MANAGE_SETTINGS)
        if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= MAX_DUE_SOON_DAYS:
            raise ValidationError("due_soon_days", f"Số ngày sắp đến hạn phải từ 0 đến {MAX_DUE_SOON_DAYS}.")
        before = self._store.snapshot().due_soon_days
        with translated(), self._sessions.begin() as session:
            put_setting(session, DUE_SOON_KEY, days)
            self._signed_in.record(
                session, "settings.change", "setting", DUE_SOON_KEY, {"value": before}, {"value": days}
            )
        self._store.reload()

    # --- open cases ---------------------------------------------------------------------
    def recompute_open(self) -> RecomputeResult:
        """Recompute every open case's deadline and target (after an outside change)."""
        self._store.reload()
        return self._recompute.run()

    # --- explanations -------------------------------------------------------------------
    def case_deadlines(self, case_id: int) -> CaseDeadlines:
        """Every deadline of a case with why it falls on that day, and the target apart."""
        self._signed_in.check_case(Action.READ_CONTENT, case_id)
        with translated(), self._sessions() as session:
            case = session.get(Case, case_id)
            if case is None:
                raise NotFoundError("Không tìm thấy vụ việc.")
            clock = case_clock(session, case)
        error, dues, paused = "", [], False
        try:
            dues = self._policy.due_dates(clock, as_of=self._today())
            paused = clock_due(dues, clock).paused
        except ClockError as problem:
            error = f"Thời hạn không tính lại được theo bảng hiện hành: {problem}"
        return CaseDeadlines(
            case_id=case.id,
            number=case.number,
            kind=CaseKind(case.kind),
            due_date=case.due_date,
            due_rule=case.due_rule,
            due_dates=tuple(dues),
            target_date=case.target_date,
            target_rule=case.target_rule,
            paused=paused,
            error=error,
        )


def _rule_dict(value: RuleInput) -> Mapping[str, Any]:
    if isinstance(value, DeadlineRule):
        return dataclasses.asdict(value)
    if not isinstance(value, Mapping):
        raise RuleTableError(f"Quy tắc không hợp lệ: {value!r}")
    return value


def _limit(value: LimitInput) -> ExtensionLimit:
    if isinstance(value, ExtensionLimit):
        return value
    try:
        return ExtensionLimit(**{**value, "kind": CaseKind(value["kind"])})
    except (KeyError, TypeError, ValueError) as exc:
        raise RuleTableError(f"Giới hạn gia hạn không hợp lệ: {exc}") from None
