"""A case reopened by a «chưa hài lòng» call-back counts acceptance and resolution from that day."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from app.domain.day_change import day_change_can_affect
from app.domain.deadline_rules import RuleSet
from app.domain.deadlines import CaseClock, ClockError, DueDate, compute_due_dates
from app.domain.enums import CaseKind
from app.services.deadlines.legal_due_policy import clock_due

D = date
RULES = RuleSet.load()
CAL = RULES.calendar()


def dues(clock: CaseClock) -> dict[str, DueDate]:
    return {d.step: d for d in compute_due_dates(clock, RULES, CAL)}


def test_resolution_counts_from_the_reopening_and_the_first_answer_from_receipt() -> None:
    found = dues(CaseClock(CaseKind.FEEDBACK, D(2026, 11, 16), reopened_on=D(2026, 11, 20)))
    assert (found["resolve"].start_date, found["resolve"].due) == (D(2026, 11, 20), D(2026, 12, 7))
    assert "10 ngày làm việc kể từ ngày mở lại 20/11/2026" in found["resolve"].explanation
    assert (found["notify"].start_date, found["notify"].due) == (D(2026, 11, 16), D(2026, 11, 18))
    assert found["transfer"].start_date == D(2026, 11, 16)


def test_an_accepted_complaint_restarts_its_resolution_and_keeps_its_rule() -> None:
    """Received 30/06/2026 (10-working-day acceptance rule, before NĐ 155/2026), reopened 15/09."""
    clock = CaseClock(CaseKind.COMPLAINT, D(2026, 6, 30), D(2026, 7, 3), reopened_on=D(2026, 9, 15))
    found = dues(clock)
    assert (found["resolve"].start_date, found["resolve"].due) == (D(2026, 9, 15), D(2026, 10, 15))
    assert not found["resolve"].provisional
    assert found["accept"].rule_code == "lkn27.accept.first"  # the rule of the day of receipt
    stored = clock_due(compute_due_dates(clock, RULES, CAL), clock)
    assert stored.due == D(2026, 10, 15)
    assert stored.rule.startswith("Mở lại ngày 15/09/2026 vì công dân chưa hài lòng. Giải quyết")


def test_a_complaint_not_yet_accepted_is_to_be_accepted_again_from_the_reopening() -> None:
    clock = CaseClock(CaseKind.COMPLAINT, D(2026, 6, 30), reopened_on=D(2026, 7, 10))
    found = dues(clock)
    assert (found["accept"].start_date, found["accept"].due) == (D(2026, 7, 10), D(2026, 7, 24))
    assert found["resolve"].provisional and found["resolve"].start_date == D(2026, 7, 24)
    assert clock_due(compute_due_dates(clock, RULES, CAL), clock).due == D(2026, 7, 24)


def test_extensions_of_the_earlier_round_no_longer_count() -> None:
    before = CaseClock(
        CaseKind.DENUNCIATION, D(2026, 8, 3), D(2026, 8, 5), complex=True,
        extensions=[("1/QĐ", D(2026, 8, 20), 30)],
    )  # fmt: skip
    assert dues(before)["resolve"].due == D(2026, 10, 5)  # 30 + 30 days from 05/08
    reopened = dues(replace(before, reopened_on=D(2026, 11, 2)))["resolve"]
    assert (reopened.due, reopened.extensions) == (D(2026, 12, 2), ())
    assert "30 ngày kể từ ngày mở lại 02/11/2026" in reopened.explanation


def test_an_acceptance_after_the_reopening_counts_from_itself() -> None:
    clock = CaseClock(CaseKind.DENUNCIATION, D(2026, 8, 3), D(2026, 11, 5), reopened_on=D(2026, 11, 2))
    found = dues(clock)
    assert (found["resolve"].start_date, found["resolve"].due) == (D(2026, 11, 5), D(2026, 12, 7))


def test_a_reopening_before_receipt_is_impossible() -> None:
    with pytest.raises(ClockError, match="Ngày mở lại 01/11/2026 trước ngày tiếp nhận 16/11/2026"):
        CaseClock(CaseKind.FEEDBACK, D(2026, 11, 16), reopened_on=D(2026, 11, 1))


def test_a_day_change_reaches_a_reopened_case_through_its_reopening() -> None:
    """A longest period reaching 24/11 from receipts on or after 12/11: a case received on 01/11
    but counted again from 13/11 is within reach; counted from receipt it was not."""
    day, reach = D(2026, 11, 24), D(2026, 11, 12)
    stored = (D(2026, 11, 20),)
    assert day_change_can_affect(day, D(2026, 11, 1), stored, reach_from=reach) is False
    assert day_change_can_affect(day, D(2026, 11, 1), stored, reach_from=reach, counted_from=D(2026, 11, 13))
