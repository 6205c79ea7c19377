"""Rule table as data, calendar overrides, explanations, due-soon, escalation and office targets."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from app.bootstrap import Services
from app.domain.deadline_rules import RuleSet
from app.domain.enums import CaseKind, CaseStatus, Channel, Urgency
from app.models import Case, DeadlineRuleRow
from app.services.cases.dto import NewCase
from app.services.core.errors import NotFoundError, ValidationError
from app.services.deadlines.deadline_dto import TargetProfileView

SHIPPED = RuleSet.load()


def _case(services: Services, kind: CaseKind = CaseKind.FEEDBACK, **kw: object) -> int:
    new = NewCase(content="Nội dung thử", kind=kind, **kw)  # type: ignore[arg-type]
    return services.cases.create_case(new, None).id


def _stored(services: Services, case_id: int) -> Case:
    with services.sessions() as session:
        case = session.get(Case, case_id)
        assert case is not None
        return case


def _officer(services: Services) -> int:
    return next(u.id for u in services.catalog.users() if u.username == "trucban")


# --- rule table -----------------------------------------------------------------------
def test_first_start_copies_the_shipped_rule_table_into_the_database(services: Services) -> None:
    table = services.deadlines.rule_table()
    assert [r.code for r in table.rules] == [r.code for r in SHIPPED.rules]
    assert table.extension_limits == SHIPPED.extension_limits
    with services.sessions() as session:
        assert session.scalar(select(func.count()).select_from(DeadlineRuleRow)) == len(SHIPPED.rules)


def test_an_incomplete_table_is_refused_whole_and_nothing_is_saved(services: Services) -> None:
    case_id = _case(services)
    before = _stored(services, case_id).due_date
    rules = [r for r in services.deadlines.rule_table().rules if r.code != "office.resolve.phan_anh"]
    rules = [dataclasses.replace(r, count=99) if r.code == "office.resolve.kien_nghi" else r for r in rules]
    with pytest.raises(ValidationError) as info:
        services.deadlines.save_rules(rules, None)
    assert "Thiếu quy tắc bắt buộc" in info.value.message and "Phản ánh" in info.value.message
    table = services.deadlines.rule_table()
    assert {r.code: r.count for r in table.rules}["office.resolve.kien_nghi"] == 10
    assert len(table.rules) == len(SHIPPED.rules)
    assert _stored(services, case_id).due_date == before


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"count": 0}, "số ngày phải là số nguyên dương"),
        ({"unit": "weeks"}, "đơn vị không hợp lệ"),
        ({"effective_from": "2026-13-01"}, "ngày không hợp lệ"),
        ({"kind": "khong_ro"}, "loại vụ việc không hợp lệ"),
    ],
)
def test_bad_rows_are_refused_with_the_rule_table_message(
    services: Services, change: dict[str, object], message: str
) -> None:
    rows = [dict(r.__dict__) for r in services.deadlines.rule_table().rules]
    rows = [{**row, **change} if row["code"] == "office.resolve.phan_anh" else row for row in rows]
    with pytest.raises(ValidationError) as info:
        services.deadlines.save_rules(rows, None)
    assert message in info.value.message and "office.resolve.phan_anh" in info.value.message


def test_editing_a_rule_recomputes_open_cases_but_not_closed_ones(services: Services) -> None:
    open_id = _case(services)
    closed_id = _case(services)
    services.cases.change_status(closed_id, CaseStatus.FILED, "Trùng đơn", None)
    rules = [
        dataclasses.replace(r, count=15) if r.code == "office.resolve.phan_anh" else r
        for r in services.deadlines.rule_table().rules
    ]
    result = services.deadlines.save_rules(rules, None)
    assert result.open_cases == 1 and result.changed == 1
    # Fri 20/11/2026 + 15 working days (24/11 off) = 14/12/2026
    assert _stored(services, open_id).due_date == date(2026, 12, 14)
    assert "15 ngày làm việc" in _stored(services, open_id).due_rule
    assert _stored(services, closed_id).due_date == date(2026, 12, 7)
    assert services.cases.create_case(NewCase(content="Mới"), None).due_date == date(2026, 12, 14)


def test_a_case_keeps_the_rule_in_force_on_the_day_it_was_received(services: Services) -> None:
    before = services.cases.create_case(
        NewCase(content="Khiếu nại", kind=CaseKind.COMPLAINT, received_at=datetime(2026, 6, 30, 9)), None
    )
    after = services.cases.create_case(
        NewCase(content="Khiếu nại", kind=CaseKind.COMPLAINT, received_at=datetime(2026, 7, 1, 9)), None
    )
    assert before.due_date == date(2026, 7, 14) and "10 ngày làm việc" in before.due_rule
    assert after.due_date == date(2026, 7, 10) and "7 ngày làm việc" in after.due_rule
    assert "Nghị định 155/2026" in after.due_rule and "Nghị định 155" not in before.due_rule


def test_superseding_a_rule_applies_from_its_date_and_old_cases_keep_theirs(services: Services) -> None:
    old = _case(services, received_at=datetime(2026, 11, 2, 8))
    services.deadlines.supersede_rule("office.resolve.phan_anh", date(2026, 11, 16), None, count=5)
    new = _case(services)
    assert _stored(services, old).due_date == date(2026, 11, 16)  # still 10 working days
    assert _stored(services, new).due_date == date(2026, 11, 30)  # 5 working days, 24/11 off
    codes = [r.code for r in services.deadlines.rule_table().rules]
    assert "office.resolve.phan_anh@2026-11-16" in codes
    with pytest.raises(NotFoundError):
        services.deadlines.supersede_rule("khong.co", date(2026, 12, 1), None)


def test_reset_goes_back_to_the_shipped_table(services: Services) -> None:
    services.deadlines.supersede_rule("office.resolve.phan_anh", date(2026, 11, 16), None, count=5)
    services.deadlines.reset_rules(None)
    assert [r.code for r in services.deadlines.rule_table().rules] == [r.code for r in SHIPPED.rules]


# --- explanations ---------------------------------------------------------------------
def test_stored_due_rule_is_the_engine_explanation(services: Services) -> None:
    rule = _stored(services, _case(services)).due_rule
    assert rule.startswith("Xử lý và trả lời phản ánh: 10 ngày làm việc kể từ ngày tiếp nhận 20/11/2026")
    assert "Quy định của cơ quan" in rule
    assert (
        "không tính các ngày nghỉ: 21/11/2026–22/11/2026 (Thứ Bảy, Chủ nhật); 24/11/2026 (Ngày Văn hóa Việt Nam)"
        in rule
    )
    assert "(tạm tính)" in rule and "còn nghi vấn: 24/11/2026" in rule


def test_case_deadlines_lists_every_step_for_the_detail_screen(services: Services) -> None:
    case_id = _case(services, CaseKind.COMPLAINT, channel=Channel.WALK_IN)
    found = services.deadlines.case_deadlines(case_id)
    steps = {d.step: d for d in found.due_dates}
    assert set(steps) == {"accept", "notify", "resolve"}  # notify: received in person (TCD art. 28)
    assert steps["accept"].due == found.due_date == date(2026, 12, 2)
    assert steps["resolve"].provisional and "dự kiến vì chưa thụ lý" in steps["resolve"].explanation
    assert found.due_rule.startswith("Thụ lý khiếu nại lần đầu: 7 ngày làm việc")
    by_phone = services.deadlines.case_deadlines(_case(services, CaseKind.COMPLAINT))
    assert "notify" not in {d.step for d in by_phone.due_dates}


# --- calendar ---------------------------------------------------------------------------
def test_year_at_a_glance_shows_holidays_swaps_and_weekends(services: Services) -> None:
    days = {d.day: d for d in services.work_calendar.year(2026)}
    assert len(days) == 365
    assert days[date(2026, 8, 22)].working and days[date(2026, 8, 22)].source == "shipped"
    assert not days[date(2026, 8, 31)].working
    assert not days[date(2026, 11, 24)].working and days[date(2026, 11, 24)].reason
    assert days[date(2026, 2, 17)].source == "holiday" and "Tết" in days[date(2026, 2, 17)].reason
    assert days[date(2026, 11, 21)].source == "weekend" and days[date(2026, 11, 21)].reason == "Thứ Bảy"
    assert days[date(2026, 11, 25)].working and days[date(2026, 11, 25)].source == ""


def test_an_office_day_off_moves_open_deadlines_and_removing_it_moves_them_back(services: Services) -> None:
    case_id = _case(services)
    result = services.work_calendar.add_day_off(date(2026, 11, 25), "Quyết định 15/QĐ-UBND", None)
    assert result.changed == 1 and result.open_cases == 1
    case = _stored(services, case_id)
    assert case.due_date == date(2026, 12, 8)
    assert "24/11/2026–25/11/2026 (Ngày Văn hóa Việt Nam, Quyết định 15/QĐ-UBND)" in case.due_rule
    assert services.work_calendar.overrides(2026)[0].note == "Quyết định 15/QĐ-UBND"
    services.work_calendar.remove_override(date(2026, 11, 25))
    assert _stored(services, case_id).due_date == date(2026, 12, 7)
    assert services.work_calendar.overrides(2026) == []


def test_a_makeup_saturday_counts_as_a_working_day(services: Services) -> None:
    case_id = _case(services)
    services.work_calendar.add_makeup_day(date(2026, 11, 28), "Làm bù theo Công văn 7", None)
    assert _stored(services, case_id).due_date == date(2026, 12, 4)
    day = next(d for d in services.work_calendar.year(2026) if d.day == date(2026, 11, 28))
    assert day.working and day.source == "office" and day.note == "Làm bù theo Công văn 7"


@pytest.mark.parametrize(
    ("action", "day", "note", "message"),
    [
        ("add_day_off", date(2026, 11, 21), "Nghỉ", "đã là ngày nghỉ (Thứ Bảy)"),
        ("add_day_off", date(2026, 11, 24), "Nghỉ", "đã là ngày nghỉ"),
        ("add_makeup_day", date(2026, 11, 25), "Làm bù", "đã là ngày làm việc"),
        ("add_day_off", date(2026, 11, 25), "  ", "Cần ghi lý do"),
        ("add_day_off", date(1999, 11, 25), "Nghỉ", "Năm phải từ"),
    ],
)
def test_impossible_calendar_changes_are_refused(
    services: Services, action: str, day: date, note: str, message: str
) -> None:
    with pytest.raises(ValidationError) as info:
        getattr(services.work_calendar, action)(day, note, None)
    assert message in info.value.message
    assert services.work_calendar.overrides() == []


def test_the_same_day_cannot_be_set_twice_and_removing_nothing_is_refused(services: Services) -> None:
    services.work_calendar.add_day_off(date(2026, 12, 31), "Nghỉ cuối năm", None)
    with pytest.raises(ValidationError, match="đã có thiết lập riêng"):
        services.work_calendar.add_day_off(date(2026, 12, 31), "Nghỉ", None)
    with pytest.raises(NotFoundError):
        services.work_calendar.remove_override(date(2026, 12, 30))


# --- due soon, overdue, escalation ----------------------------------------------------
def test_due_soon_window_is_a_setting_in_the_database(services: Services) -> None:
    assert services.deadlines.due_soon_days() == 3
    assert services.due_policy.due_soon_limit(date(2026, 11, 20)) == date(2026, 11, 26)
    services.deadlines.set_due_soon_days(5)
    assert services.deadlines.due_soon_days() == 5
    assert services.due_policy.due_soon_limit(date(2026, 11, 20)) == date(2026, 11, 30)
    with pytest.raises(ValidationError, match="từ 0 đến 20"):
        services.deadlines.set_due_soon_days(-1)


def test_overdue_and_due_soon_per_officer_and_department_and_the_escalation_list(
    services: Services,
) -> None:
    officer = _officer(services)
    dept = services.catalog.departments()[0].id
    late = _case(services, received_at=datetime(2026, 10, 1, 8), officer_id=officer, department_id=dept)
    soon = _case(services, received_at=datetime(2026, 11, 10, 8), officer_id=officer, department_id=dept)
    unassigned_late = _case(services, received_at=datetime(2026, 10, 5, 8))
    _case(services)  # due 07/12: neither
    done = _case(services, received_at=datetime(2026, 9, 1, 8))
    services.cases.change_status(done, CaseStatus.FILED, "Trùng", None)

    overdue = services.escalation.overdue()
    assert [c.id for c in overdue] == [late, unassigned_late]
    assert overdue[0].working_days_left < 0 and overdue[0].officer_name
    assert [c.id for c in services.escalation.overdue(officer_id=officer)] == [late]
    assert [c.id for c in services.escalation.due_soon(department_id=dept)] == [soon]

    report = services.escalation.report()
    assert (report.overdue, report.due_soon) == (2, 1)
    first = report.departments[0]
    assert first.department_id == dept and (first.overdue, first.due_soon) == (1, 1)
    assert first.officers[0].officer_id == officer and first.oldest_due == _stored(services, late).due_date
    assert any(d.department_name == "Chưa giao đơn vị" and d.overdue == 1 for d in report.departments)
    assert [c.id for c in report.overdue_cases] == [late, unassigned_late]


# --- office targets ---------------------------------------------------------------------
def test_office_target_is_applied_at_save_apart_from_the_legal_deadline(services: Services) -> None:
    profile = TargetProfileView(None, "Tổng đài 1022", 3, channel=Channel.CALL_CENTER_1022)
    urgent = TargetProfileView(None, "Hỏa tốc", 1, urgency=Urgency.VERY_URGENT)
    services.targets.save_profile(profile)
    services.targets.save_profile(urgent)
    by_1022 = _stored(services, _case(services, channel=Channel.CALL_CENTER_1022))
    assert by_1022.target_date == date(2026, 11, 26) and by_1022.due_date == date(2026, 12, 7)
    assert "Tổng đài 1022" in by_1022.target_rule and "Không phải thời hạn theo luật" in by_1022.target_rule
    hotline = _stored(services, _case(services, urgency=Urgency.VERY_URGENT))
    assert hotline.target_date == date(2026, 11, 23)
    plain = _stored(services, _case(services))
    assert plain.target_date is None and plain.target_rule == ""
    explained = services.deadlines.case_deadlines(by_1022.id)
    assert explained.target_date == by_1022.target_date and explained.due_date == by_1022.due_date


def test_changing_or_removing_a_profile_updates_open_cases(services: Services) -> None:
    profile_id, _ = services.targets.save_profile(TargetProfileView(None, "Đường dây nóng", 5))
    case_id = _case(services)
    assert _stored(services, case_id).target_date == date(2026, 11, 30)
    services.targets.save_profile(TargetProfileView(profile_id, "Đường dây nóng", 2))
    assert _stored(services, case_id).target_date == date(2026, 11, 25)
    services.targets.delete_profile(profile_id)
    assert _stored(services, case_id).target_date is None


@pytest.mark.parametrize(
    ("profile", "message"),
    [
        (TargetProfileView(None, "", 3), "tên chỉ tiêu"),
        (TargetProfileView(None, "X", 0), "từ 1 đến 365"),
        (TargetProfileView(None, "X", 3, unit="hours"), "ngày làm việc hoặc ngày"),
        (TargetProfileView(None, "X", 3, field_id=99999), "Lĩnh vực không tồn tại"),
    ],
)
def test_bad_profiles_are_refused(services: Services, profile: TargetProfileView, message: str) -> None:
    with pytest.raises(ValidationError) as info:
        services.targets.save_profile(profile)
    assert message in info.value.message
    assert services.targets.profiles() == []


def test_bulk_recompute_agrees_with_each_case_computed_on_its_own(services: Services) -> None:
    """Every case was saved through the single-case path; the grouped recompute changes none."""
    received = datetime(2026, 11, 2, 8)
    ids = [
        _case(services, kind, channel=channel, received_at=received)
        for kind in CaseKind
        for channel in (Channel.HOTLINE, Channel.WALK_IN)
    ]
    complaint, denunciation = ids[4], ids[6]
    services.case_clock.record_acceptance(complaint, date(2026, 11, 6), "01/TB", None)
    services.case_clock.set_conditions(complaint, None, remote=True)
    services.case_clock.record_acceptance(denunciation, date(2026, 11, 5), "02/QĐ", None)
    services.case_clock.set_conditions(denunciation, None, complex=True)
    services.case_clock.add_extension(denunciation, "03/QĐ", date(2026, 11, 18), 20, None)
    services.case_clock.record_acceptance(ids[7], date(2026, 11, 5), "05/QĐ", None)
    services.case_clock.suspend(ids[7], date(2026, 11, 10), "06/QĐ", "Chờ giám định", None)
    services.targets.save_profile(TargetProfileView(None, "Trực tiếp", 4, channel=Channel.WALK_IN))
    result = services.deadlines.recompute_open()
    assert result.open_cases == len(ids) and result.changed == 0 and not result.failed
