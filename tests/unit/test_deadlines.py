"""Case deadlines: rule change, Tết, swaps, extensions, suspensions, explanations, bad clocks."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.deadline_rules import RuleSet
from app.domain.deadlines import (
    CaseClock,
    ClockError,
    DueDate,
    Extension,
    Suspension,
    compute_due_dates,
    resolve_due,
)
from app.domain.enums import CaseKind

D = date
RULES = RuleSet.load()
CAL = RULES.calendar()


def dues(clock: CaseClock, **kw: Any) -> dict[str, DueDate]:
    out = compute_due_dates(clock, RULES, CAL, **kw)
    return {f"{d.step}:{d.start_event}": d for d in out}


def resolve(clock: CaseClock, **kw: Any) -> DueDate:
    found = resolve_due(clock, RULES, CAL, **kw)
    assert found is not None
    return found


@pytest.mark.parametrize(
    ("kind", "received", "step", "due"),
    [
        # the rule in force on the day of receipt: 10 working days before 01/07/2026, then 7
        ("khieu_nai", D(2026, 6, 30), "accept", D(2026, 7, 14)),
        ("khieu_nai", D(2026, 7, 1), "accept", D(2026, 7, 10)),
        # 05/01/2026 + 10 working days: Saturday 10/01 is worked (12729/VPCP-KGVX) → Friday 16/01
        ("khieu_nai", D(2026, 1, 5), "accept", D(2026, 1, 16)),
        # Tết 2026: 13/02 (Fri) + 10 working days = 06/03 (14–22/02 off)
        ("phan_anh", D(2026, 2, 13), "resolve", D(2026, 3, 6)),
        ("to_cao", D(2026, 2, 10), "accept", D(2026, 2, 26)),
        ("to_cao", D(2026, 2, 10), "transfer", D(2026, 2, 24)),
        # Giỗ Tổ observed Monday 27/04/2026
        ("to_cao", D(2026, 4, 21), "transfer", D(2026, 4, 29)),
        # worked Saturday 22/08 counts, 29/08–02/09 off
        ("phan_anh", D(2026, 8, 20), "resolve", D(2026, 9, 7)),
        # 24/11/2026 (Tuesday) off
        ("kien_nghi", D(2026, 11, 20), "resolve", D(2026, 12, 7)),
        ("to_cao_info", D(2026, 11, 20), "accept", D(2026, 12, 2)),
        # Tết 2027 (holidays: 04–10/02/2027)
        ("phan_anh", D(2027, 2, 1), "resolve", D(2027, 2, 22)),
    ],
)
def test_working_day_steps(kind: str, received: date, step: str, due: date) -> None:
    found = dues(CaseClock(CaseKind(kind), received))
    assert found[f"{step}:received"].due == due


def test_explanation_names_rule_article_and_skipped_days() -> None:
    accept = dues(CaseClock(CaseKind.COMPLAINT, D(2026, 1, 5)))["accept:received"]
    assert accept.explanation == (
        "10 ngày làm việc kể từ ngày tiếp nhận 05/01/2026 (Luật Khiếu nại 2011, Điều 27; "
        "Nghị định 124/2020/NĐ-CP, Điều 16); không tính các ngày nghỉ: 11/01/2026 (Chủ nhật)."
    )
    # Saturday 10/01/2026 is a make-up working day (12729/VPCP-KGVX), so only Sunday 11/01 is skipped.
    assert accept.skipped == ((D(2026, 1, 11), "Chủ nhật"),)
    assert (accept.rule_code, accept.count, accept.unit) == ("lkn27.accept.first", 10, "working_days")
    assert (accept.start_date, accept.provisional, accept.verify) == (D(2026, 1, 5), False, False)


def test_long_skip_lists_name_every_day() -> None:
    clock = CaseClock(CaseKind.FEEDBACK, D(2026, 2, 1))
    changed = RULES.with_overrides({"office.resolve.phan_anh": {"count": 40}})
    due = resolve_due(clock, changed, CAL)
    assert due is not None and len(due.skipped) > 12
    # every skipped day lies in one of the named runs (no «và N ngày nghỉ khác»)
    assert "ngày nghỉ khác" not in due.explanation
    assert "14/02/2026–22/02/2026 (Thứ Bảy, Chủ nhật, Tết Nguyên đán)" in due.explanation
    assert "28/03/2026–29/03/2026 (Thứ Bảy, Chủ nhật)" in due.explanation


@pytest.mark.parametrize(
    ("flags", "due", "skipped"),
    [
        ({}, D(2026, 2, 4), ()),
        # 45 days end on Thursday 19/02/2026 (mùng ba Tết) → Monday 23/02
        ({"complex": True}, D(2026, 2, 23), (19, 20, 21, 22)),
        ({"remote": True, "complex": True}, D(2026, 3, 6), ()),
        ({"second_instance": True, "remote": True, "very_complex": True}, D(2026, 3, 16), ()),
    ],
)
def test_complaint_resolution_calendar_days(
    flags: dict[str, bool], due: date, skipped: tuple[int, ...]
) -> None:
    clock = CaseClock(CaseKind.COMPLAINT, D(2025, 12, 22), accepted_on=D(2026, 1, 5), **flags)
    found = resolve(clock)
    assert found.due == due
    assert [d for d, _ in found.skipped] == [D(2026, 2, k) for k in skipped]
    assert not found.provisional
    if skipped:
        assert "bỏ qua: 19/02/2026–22/02/2026 (Tết Nguyên đán, Thứ Bảy, Chủ nhật)" in found.explanation
        assert "(Bộ luật Dân sự 2015, Điều 148)" in found.explanation


def test_complaint_keeps_the_rule_of_its_receipt_day() -> None:
    clock = CaseClock(CaseKind.COMPLAINT, D(2026, 6, 30), accepted_on=D(2026, 7, 3))
    found = dues(clock)
    assert found["accept:received"].count == 10
    assert found["resolve:accepted"].due == D(2026, 8, 3)  # 02/08 is a Sunday


def test_resolve_is_provisional_before_acceptance() -> None:
    found = resolve(CaseClock(CaseKind.COMPLAINT, D(2026, 1, 5)))
    # estimated from the acceptance deadline 16/01 (Saturday 10/01 worked); +30 days = Sunday 15/02
    # (Tết break 14–22/02) → Monday 23/02
    assert (found.start_date, found.due, found.provisional) == (D(2026, 1, 16), D(2026, 2, 23), True)
    assert "kể từ hạn thụ lý 16/01/2026" in found.explanation
    assert "dự kiến vì chưa thụ lý" in found.explanation


def test_denunciation_steps_and_latest_acceptance() -> None:
    found = dues(CaseClock(CaseKind.DENUNCIATION, D(2026, 2, 10), in_person=True))
    assert found["accept:received"].latest == D(2026, 3, 3)
    assert "tối đa 10 ngày làm việc (đến 03/03/2026)" in found["accept:received"].explanation
    assert found["notify:received"].due == D(2026, 3, 3)
    assert found["notify:accepted"].due == D(2026, 3, 5)
    assert found["notify:accepted"].provisional
    assert found["resolve:accepted"].due == D(2026, 3, 30)  # 28/03 is a Saturday
    ordered = compute_due_dates(CaseClock(CaseKind.DENUNCIATION, D(2026, 2, 10)), RULES, CAL)
    assert [d.due for d in ordered] == sorted(d.due for d in ordered)


def _denunciation(**kw: Any) -> CaseClock:
    return CaseClock(CaseKind.DENUNCIATION, D(2026, 2, 25), accepted_on=D(2026, 3, 2), **kw)


@pytest.mark.parametrize(
    ("flags", "extensions", "count", "due"),
    [
        ({}, [], 30, D(2026, 4, 1)),
        # 60 days end on Friday 01/05/2026 (holiday) → Monday 04/05
        ({"complex": True}, [("12/QĐ-UBND", D(2026, 3, 25), 30)], 60, D(2026, 5, 4)),
        ({"complex": True}, [("12/QĐ-UBND", D(2026, 3, 25), 20)], 50, D(2026, 4, 21)),
        # 90 days end on Sunday 31/05/2026 → Monday 01/06
        (
            {"very_complex": True},
            [("12/QĐ", D(2026, 3, 25), 30), ("20/QĐ", D(2026, 4, 28), 30)],
            90,
            D(2026, 6, 1),
        ),
    ],
)
def test_denunciation_extensions(
    flags: dict[str, bool], extensions: list[Any], count: int, due: date
) -> None:
    found = resolve(_denunciation(extensions=extensions, **flags))
    assert (found.count, found.due, found.start_date) == (count, due, D(2026, 3, 2))
    assert found.extensions == tuple(Extension(*x) for x in extensions)
    for decision_no, decided_on, days in extensions:
        assert f"{days} ngày (quyết định {decision_no} ngày {decided_on:%d/%m/%Y})" in (found.explanation)
    assert f"= {count} ngày kể từ ngày thụ lý 02/03/2026" in found.explanation or not extensions


def test_suspension_in_calendar_days() -> None:
    found = resolve(_denunciation(suspensions=[(D(2026, 3, 10), D(2026, 3, 19))]))
    # 30 + 10 suspended days = 40 → Saturday 11/04 → Monday 13/04
    assert found.due == D(2026, 4, 13)
    assert "không tính 10 ngày tạm đình chỉ 10/03/2026–19/03/2026 (Luật Tố cáo 2018, Điều 34 khoản 2)" in (
        found.explanation
    )
    assert not found.paused


def test_open_suspension_counts_to_as_of() -> None:
    clock = _denunciation(suspensions=[Suspension(D(2026, 3, 10))])
    found = resolve(clock, as_of=D(2026, 3, 19))
    assert (found.due, found.paused, found.provisional) == (D(2026, 4, 13), True, True)
    assert "đang tạm đình chỉ từ 10/03/2026 (đến 19/03/2026, 10 ngày chưa tính)" in found.explanation
    assert resolve(clock).due == D(2026, 4, 2)  # only the first day so far
    assert "chưa kết thúc" in resolve(clock).explanation


def test_suspension_in_working_days() -> None:
    clock = CaseClock(CaseKind.FEEDBACK, D(2026, 3, 2))
    assert resolve(clock).due == D(2026, 3, 16)
    suspended = CaseClock(CaseKind.FEEDBACK, D(2026, 3, 2), suspensions=[(D(2026, 3, 9), D(2026, 3, 13))])
    assert resolve(suspended).due == D(2026, 3, 23)
    late = CaseClock(CaseKind.FEEDBACK, D(2026, 3, 2), suspensions=[(D(2026, 3, 20), D(2026, 3, 27))])
    assert resolve(late).due == D(2026, 3, 16)  # a suspension after the deadline saves nothing
    found = dues(suspended)
    assert found["transfer:received"].due == D(2026, 3, 9)  # only the resolve step is suspended


@pytest.mark.parametrize(
    ("clock", "message"),
    [
        (dict(kind="khieu_nai_x", received_on=D(2026, 1, 5)), "Loại vụ việc không hợp lệ"),
        (
            dict(kind="khieu_nai", received_on=D(2026, 1, 5), accepted_on=D(2026, 1, 4)),
            "trước ngày tiếp nhận",
        ),
    ],
)
def test_impossible_clocks(clock: dict[str, Any], message: str) -> None:
    with pytest.raises(ClockError, match=message):
        CaseClock(**clock)


EXT = ("12/QĐ", D(2026, 3, 25), 30)


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"very_complex": True, "extensions": [EXT, EXT, EXT]}, "vượt quá 2 lần"),
        ({"complex": True, "extensions": [EXT, EXT]}, "vượt quá 1 lần"),
        ({"extensions": [EXT]}, "phức tạp hoặc đặc biệt phức tạp"),
        ({"complex": True, "extensions": [("12/QĐ", D(2026, 3, 25), 31)]}, "vượt quá 30 ngày"),
        ({"complex": True, "extensions": [("12/QĐ", D(2026, 3, 25), 0)]}, "không hợp lệ"),
        ({"complex": True, "extensions": [(" ", D(2026, 3, 25), 10)]}, "số quyết định"),
        ({"complex": True, "extensions": [("12/QĐ", D(2026, 3, 1), 10)]}, "trước ngày thụ lý"),
        ({"suspensions": [(D(2026, 3, 10), D(2026, 3, 9))]}, "trước khi bắt đầu"),
        ({"suspensions": [(D(2026, 3, 10), D(2026, 3, 20)), (D(2026, 3, 20), D(2026, 3, 22))]}, "chồng nhau"),
        ({"suspensions": [(D(2026, 3, 10), None), (D(2026, 3, 20), D(2026, 3, 22))]}, "chưa kết thúc"),
        ({"suspensions": [(D(2026, 3, 2), D(2026, 3, 5))]}, "phải sau ngày thụ lý"),
    ],
)
def test_bad_extensions_and_suspensions(kw: dict[str, Any], message: str) -> None:
    with pytest.raises(ClockError, match=message):
        compute_due_dates(_denunciation(**kw), RULES, CAL)


@pytest.mark.parametrize(
    ("clock", "message"),
    [
        (CaseClock(CaseKind.DENUNCIATION, D(2026, 3, 2), complex=True, extensions=[EXT]), "Chưa thụ lý"),
        (CaseClock(CaseKind.DENUNCIATION, D(2026, 3, 2), suspensions=[(D(2026, 3, 9), None)]), "Chưa thụ lý"),
        (
            CaseClock(
                CaseKind.COMPLAINT, D(2026, 3, 2), accepted_on=D(2026, 3, 3), complex=True, extensions=[EXT]
            ),
            "Khiếu nại không được gia hạn",
        ),
        (
            CaseClock(CaseKind.FEEDBACK, D(2026, 3, 2), accepted_on=D(2026, 3, 3), extensions=[EXT]),
            "Phản ánh không được gia hạn",
        ),
        (
            CaseClock(CaseKind.FEEDBACK, D(2026, 3, 2), suspensions=[(D(2026, 3, 1), None)]),
            "phải sau ngày tiếp nhận",
        ),
    ],
)
def test_bad_clocks_for_other_kinds(clock: CaseClock, message: str) -> None:
    with pytest.raises(ClockError, match=message):
        resolve_due(clock, RULES, CAL)


def test_office_counts_plain_days_for_feedback() -> None:
    changed = RULES.with_overrides({"office.resolve.phan_anh": {"count": 30, "unit": "days"}})
    due = resolve_due(CaseClock(CaseKind.FEEDBACK, D(2026, 3, 31)), changed, CAL)
    assert due is not None and due.due == D(2026, 5, 4)
    assert due.explanation.startswith("30 ngày kể từ ngày tiếp nhận 31/03/2026")


kinds = st.sampled_from(list(CaseKind))
days = st.dates(min_value=D(2025, 6, 1), max_value=D(2027, 12, 31))


@settings(deadline=None, max_examples=60)
@given(kinds, days, st.integers(0, 20), st.booleans(), st.booleans(), st.booleans())
def test_every_due_date_is_a_working_day(
    kind: CaseKind, received: date, wait: int, accepted: bool, complex_: bool, in_person: bool
) -> None:
    accepted_on = CAL.add_working_days(received, wait)[0] if accepted else None
    clock = CaseClock(kind, received, accepted_on, complex=complex_, in_person=in_person)
    for due in compute_due_dates(clock, RULES, CAL):
        assert CAL.is_working_day(due.due)
        assert due.due > due.start_date
        assert due.provisional is (due.start_event == "accepted" and accepted_on is None)


@settings(deadline=None, max_examples=60)
@given(days, st.integers(1, 30), st.integers(1, 30), st.integers(0, 40))
def test_longer_extension_or_suspension_is_never_earlier(
    accepted: date, short: int, long: int, pause: int
) -> None:
    short, long = sorted((short, long))

    def due(days: int, suspended: int) -> date:
        spans = [(D.fromordinal(accepted.toordinal() + 3), None)] if suspended else []
        as_of = D.fromordinal(accepted.toordinal() + 3 + suspended)
        clock = CaseClock(
            CaseKind.DENUNCIATION,
            accepted,
            accepted,
            complex=True,
            extensions=[("1/QĐ", accepted, days)],
            suspensions=spans,
        )
        return resolve(clock, as_of=as_of).due

    assert due(short, 0) <= due(long, 0) <= due(long, pause)
