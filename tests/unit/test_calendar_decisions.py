"""The office decides estimated and doubtful days (audited, deadlines follow); check flags bad clocks."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from sqlalchemy import select

from app.bootstrap import Services
from app.domain.enums import CaseKind, Role
from app.models import AuditLog, Case, CaseSuspension
from app.services.accounts.guard import PermissionDenied
from app.services.cases.dto import NewCase
from app.services.core.errors import ValidationError
from app.services.deadlines.clock_audit import clock_violations
from app.services.maintenance.integrity_service import check_database


def _case(services: Services, kind: CaseKind = CaseKind.PETITION) -> int:
    return services.cases.create_case(NewCase(content="Kiến nghị sửa đường", kind=kind), None).id


def _stored(services: Services, case_id: int) -> Case:
    with services.sessions() as session:
        case = session.get(Case, case_id)
        assert case is not None
        return case


def test_the_year_view_marks_uncertain_days_with_source_and_status(services: Services) -> None:
    days = {d.day: d for d in services.work_calendar.year(2026)}
    doubtful = days[date(2026, 11, 24)]
    assert (doubtful.source, doubtful.status, doubtful.working) == ("uncertain", "doubtful", False)
    assert "80-NQ/TW" in doubtful.basis
    swap = days[date(2026, 1, 2)]
    assert (swap.source, swap.status, swap.working) == ("shipped", "official", False)
    assert "12729/VPCP-KGVX" in swap.basis
    assert days[date(2026, 1, 10)].working and days[date(2026, 1, 10)].source == "shipped"
    assert days[date(2026, 2, 17)].source == "holiday" and days[date(2026, 2, 17)].reason.startswith(
        "Tết Nguyên đán"
    )
    listed = [d.day for d in services.work_calendar.uncertain_days(2027)]
    assert listed == [date(2027, 2, k) for k in (4, 5, 8, 9, 10)] + [date(2027, 9, 3), date(2027, 11, 24)]


def test_dropping_the_doubtful_24_11_moves_the_deadline_back_and_is_audited(services: Services) -> None:
    # kiến nghị received Fri 20/11/2026: with 24/11 off → 07/12 (tạm tính); without it → 04/12
    case_id = _case(services)
    before = _stored(services, case_id)
    assert before.due_date == date(2026, 12, 7) and "(tạm tính)" in before.due_rule
    result = services.work_calendar.drop_day(date(2026, 11, 24), "Chưa có văn bản sửa Điều 112", None)
    assert result.changed == 1
    after = _stored(services, case_id)
    assert after.due_date == date(2026, 12, 4) and "(tạm tính)" not in after.due_rule
    days = {d.day: d for d in services.work_calendar.year(2026)}
    assert days[date(2026, 11, 24)].working and days[date(2026, 11, 24)].source == "office"
    with services.sessions() as session:
        row = session.scalars(select(AuditLog).where(AuditLog.object_type == "calendar_day")).one()
    assert row.object_id == "2026-11-24" and row.after is not None
    assert json.loads(row.after)["decision"] == "drop"
    # undo: back to the listed (doubtful) day off
    services.work_calendar.remove_override(date(2026, 11, 24))
    assert _stored(services, case_id).due_date == date(2026, 12, 7)


def test_confirming_keeps_the_date_and_removes_the_provisional_mark(services: Services) -> None:
    case_id = _case(services)
    services.work_calendar.confirm_day(date(2026, 11, 24), "Thông báo 1234/TB-BNV", None)
    stored = _stored(services, case_id)
    assert stored.due_date == date(2026, 12, 7) and "(tạm tính)" not in stored.due_rule
    assert "24/11/2026 (Ngày Văn hóa Việt Nam)" in stored.due_rule


@pytest.mark.parametrize(
    ("day", "note", "message"),
    [
        (date(2026, 1, 2), "x", "không phải ngày ước tính"),  # official swap: nothing to decide
        (date(2026, 11, 25), "x", "không phải ngày ước tính"),  # ordinary working day
        (date(2026, 11, 24), "  ", "Cần ghi căn cứ"),
    ],
)
def test_bad_decisions_are_refused_and_nothing_is_stored(
    services: Services, day: date, note: str, message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        services.work_calendar.confirm_day(day, note, None)
    assert services.work_calendar.overrides() == []


def test_a_day_already_decided_cannot_be_decided_again(services: Services) -> None:
    services.work_calendar.confirm_day(date(2026, 11, 24), "Thông báo 1234/TB-BNV", None)
    with pytest.raises(ValidationError, match="đã quyết định"):
        services.work_calendar.drop_day(date(2026, 11, 24), "đổi ý", None)
    assert len(services.work_calendar.overrides()) == 1


def test_check_flags_a_stored_complaint_suspension_before_1_7_2026(services: Services) -> None:
    case_id = _case(services, CaseKind.FEEDBACK)
    engine = services.engine
    assert clock_violations(engine) == []
    with services.sessions.begin() as session:
        case = session.get(Case, case_id)
        assert case is not None
        case.kind = CaseKind.COMPLAINT.value
        case.received_at = datetime(2026, 5, 29, 9, 0)
        case.accepted_on = date(2026, 6, 1)
        session.add(
            CaseSuspension(
                case_id=case_id,
                start_on=date(2026, 6, 10),
                end_on=date(2026, 6, 20),
                decision_no="1/QĐ",
                reason="cũ",
                created_at=datetime(2026, 6, 10),
            )
        )
    found = clock_violations(engine)
    assert len(found) == 1 and "chỉ có hiệu lực từ 01/07/2026" in found[0]
    report = check_database(engine)
    assert not report.ok and any("chỉ có hiệu lực từ 01/07/2026" in p for p in report.problems)
    with services.sessions() as session:  # flagged, not rewritten
        assert session.scalars(select(CaseSuspension)).one().start_on == date(2026, 6, 10)


def test_a_receiver_cannot_decide_calendar_days(services: Services) -> None:
    department = services.catalog.departments()[0]
    services.auth.add_user("cli:test", "thu.receiver", Role.RECEIVER, "Cán bộ tiếp nhận", department.id)
    services.auth.set_password("cli:test", "thu.receiver", "Tr@cBan-2026")
    services.signed_in.sign_in(services.auth.login("thu.receiver", "Tr@cBan-2026"))
    with pytest.raises(PermissionDenied):
        services.work_calendar.drop_day(date(2026, 11, 24), "Không nghỉ", None)
    with pytest.raises(PermissionDenied):
        services.work_calendar.confirm_day(date(2026, 11, 24), "Thông báo", None)
    services.signed_in.sign_out()
    assert services.work_calendar.overrides() == []
