"""Clock actions: acceptance, extensions, suspensions, conditions; each recomputes and is logged."""

from __future__ import annotations

import time
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from app.bootstrap import Services
from app.domain.enums import CaseKind, CaseStatus, Channel
from app.models import Case, CaseEvent, CaseExtension
from app.services.cases.dto import NewCase
from app.services.core.errors import ConflictError, ValidationError
from app.settings import resolve
from tests.sample_office import command_line_services

RECEIVED = datetime(2026, 11, 2, 8, 30)  # Monday
NOW = datetime(2026, 11, 20, 9, 30)  # the clock of the services fixture


def _case(services: Services, kind: CaseKind, channel: Channel = Channel.LETTER) -> int:
    new = NewCase(content="Đơn thử", kind=kind, channel=channel, received_at=RECEIVED)
    return services.cases.create_case(new, None).id


def _stored(services: Services, case_id: int) -> Case:
    with services.sessions() as session:
        case = session.get(Case, case_id)
        assert case is not None
        return case


def _events(services: Services, case_id: int) -> list[CaseEvent]:
    with services.sessions() as session:
        return list(
            session.scalars(select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(CaseEvent.id))
        )


def _accepted_denunciation(services: Services, *, complex: bool = False, very: bool = False) -> int:
    case_id = _case(services, CaseKind.DENUNCIATION)
    services.case_clock.record_acceptance(case_id, date(2026, 11, 5), "03/QĐ-UBND", None)
    if complex or very:
        services.case_clock.set_conditions(case_id, None, complex=complex, very_complex=very)
    return case_id


# --- acceptance -----------------------------------------------------------------------
def test_acceptance_moves_the_deadline_to_resolution_and_is_logged(services: Services) -> None:
    case_id = _case(services, CaseKind.COMPLAINT)
    before = _stored(services, case_id)
    assert before.due_date == date(2026, 11, 11) and before.due_rule.startswith("Thụ lý khiếu nại lần đầu")
    changed = services.case_clock.record_acceptance(case_id, date(2026, 11, 10), " 05/TB-UBND ", None)
    case = _stored(services, case_id)
    assert changed.due_date == case.due_date == date(2026, 12, 10)
    assert (
        case.due_rule
        == "Giải quyết khiếu nại lần đầu: 30 ngày kể từ ngày thụ lý 10/11/2026 (Luật Khiếu nại 2011, Điều 28)."
    )
    assert (case.accepted_on, case.acceptance_no, case.version) == (date(2026, 11, 10), "05/TB-UBND", 2)
    event = _events(services, case_id)[-1]
    assert event.action == "accepted"
    assert "Thụ lý ngày 10/11/2026, số 05/TB-UBND" in event.note and "Hạn mới: 10/12/2026" in event.note
    view = services.case_clock.view(case_id)
    assert view.accepted_on == date(2026, 11, 10) and not view.can_accept


def test_late_acceptance_is_recorded_and_says_so(services: Services) -> None:
    case_id = _case(services, CaseKind.COMPLAINT)
    services.case_clock.record_acceptance(case_id, date(2026, 11, 13), "06/TB-UBND", None)
    assert "Thụ lý sau hạn 11/11/2026" in _events(services, case_id)[-1].note


@pytest.mark.parametrize(
    ("kind", "accepted_on", "decision", "message"),
    [
        (CaseKind.COMPLAINT, date(2026, 11, 1), "05/TB", "trước ngày tiếp nhận"),
        (CaseKind.COMPLAINT, date(2026, 11, 21), "05/TB", "ở tương lai"),
        (CaseKind.COMPLAINT, date(2026, 11, 10), "  ", "số quyết định"),
        (CaseKind.FEEDBACK, date(2026, 11, 10), "05/TB", "không có bước thụ lý"),
        (CaseKind.DENUNCIATION_INFO, date(2026, 11, 10), "05/TB", "không có bước thụ lý"),
    ],
)
def test_impossible_acceptance_is_refused_and_nothing_saved(
    services: Services, kind: CaseKind, accepted_on: date, decision: str, message: str
) -> None:
    case_id = _case(services, kind)
    with pytest.raises(ValidationError) as info:
        services.case_clock.record_acceptance(case_id, accepted_on, decision, None)
    assert message in info.value.message
    case = _stored(services, case_id)
    assert case.accepted_on is None and case.version == 1
    assert [e.action for e in _events(services, case_id)] == ["created"]


def test_a_case_is_accepted_once(services: Services) -> None:
    case_id = _case(services, CaseKind.COMPLAINT)
    services.case_clock.record_acceptance(case_id, date(2026, 11, 10), "05/TB", None)
    with pytest.raises(ValidationError, match="đã thụ lý ngày 10/11/2026"):
        services.case_clock.record_acceptance(case_id, date(2026, 11, 11), "06/TB", None)


# --- extensions -----------------------------------------------------------------------
def test_a_complex_denunciation_gets_one_extension_of_at_most_30_days(services: Services) -> None:
    case_id = _accepted_denunciation(services, complex=True)
    assert _stored(services, case_id).due_date == date(2026, 12, 7)  # 05/12 is a Saturday
    assert services.case_clock.view(case_id).extensions_left == 1
    changed = services.case_clock.add_extension(case_id, "09/QĐ-UBND", date(2026, 11, 20), 30, None)
    assert changed.due_date == date(2027, 1, 4)
    assert "gia hạn 30 ngày (quyết định 09/QĐ-UBND ngày 20/11/2026) = 60 ngày" in changed.due_rule
    assert _events(services, case_id)[-1].action == "extended"
    with pytest.raises(ValidationError, match="vượt quá 1 lần"):
        services.case_clock.add_extension(case_id, "10/QĐ", date(2026, 11, 20), 10, None)
    with services.sessions() as session:
        assert len(session.scalars(select(CaseExtension)).all()) == 1


def test_a_very_complex_denunciation_gets_two_extensions(services: Services) -> None:
    case_id = _accepted_denunciation(services, very=True)
    services.case_clock.add_extension(case_id, "09/QĐ", date(2026, 11, 19), 30, None)
    second = services.case_clock.add_extension(case_id, "10/QĐ", date(2026, 11, 20), 30, None)
    assert second.due_date == date(2027, 2, 3)  # 05/11/2026 + 90 days
    assert services.case_clock.view(case_id).extensions_left == 0


@pytest.mark.parametrize(
    ("setup", "days", "message"),
    [
        ("complex", 31, "vượt quá 30 ngày mỗi lần"),
        ("complex", 0, "Số ngày gia hạn không hợp lệ"),
        ("plain", 10, "Chỉ vụ việc phức tạp hoặc đặc biệt phức tạp mới được gia hạn"),
        ("unaccepted", 10, "Chưa thụ lý nên chưa thể gia hạn"),
        ("complaint", 10, "không được gia hạn"),
    ],
)
def test_extensions_outside_the_law_are_refused(
    services: Services, setup: str, days: int, message: str
) -> None:
    if setup == "complaint":
        case_id = _case(services, CaseKind.COMPLAINT)
        services.case_clock.record_acceptance(case_id, date(2026, 11, 10), "05/TB", None)
    elif setup == "unaccepted":
        case_id = _case(services, CaseKind.DENUNCIATION)
    else:
        case_id = _accepted_denunciation(services, complex=setup == "complex")
    version = _stored(services, case_id).version
    with pytest.raises(ValidationError) as info:
        services.case_clock.add_extension(case_id, "09/QĐ", date(2026, 11, 20), days, None)
    assert message in info.value.message
    assert _stored(services, case_id).version == version


# --- suspension -----------------------------------------------------------------------
def test_suspension_stops_the_clock_and_resumption_pushes_the_deadline(services: Services) -> None:
    case_id = _accepted_denunciation(services)
    paused = services.case_clock.suspend(case_id, date(2026, 11, 10), "07/QĐ", "Chờ kết quả giám định", None)
    assert paused.paused and paused.due_date is None
    assert "đang tạm đình chỉ từ 10/11/2026" in _stored(services, case_id).due_rule
    assert services.case_clock.view(case_id).suspended
    assert case_id not in {c.id for c in services.escalation.overdue()}
    resumed = services.case_clock.resume(case_id, date(2026, 11, 19), "08/QĐ", None)
    # 30 days from 05/11 plus the 10 suspended days 10/11–19/11
    assert resumed.due_date == date(2026, 12, 15) and not resumed.paused
    assert "không tính 10 ngày tạm đình chỉ 10/11/2026–19/11/2026 (Luật Tố cáo 2018, Điều 34 khoản 2)" in (
        resumed.due_rule
    )
    assert [e.action for e in _events(services, case_id)][-2:] == ["suspended", "resumed"]


@pytest.mark.parametrize(
    ("step", "message"),
    [
        ("suspend_unaccepted", "Chưa thụ lý nên chưa thể tạm đình chỉ"),
        ("suspend_twice", "đang tạm đình chỉ"),
        ("resume_running", "không ở trạng thái tạm đình chỉ"),
        ("resume_before", "trước ngày tạm đình chỉ"),
        ("no_reason", "lý do tạm đình chỉ"),
        ("on_acceptance_day", "Tạm đình chỉ phải sau ngày thụ lý"),
    ],
)
def test_impossible_suspensions_are_refused(services: Services, step: str, message: str) -> None:
    clock = services.case_clock
    if step == "suspend_unaccepted":
        case_id = _case(services, CaseKind.DENUNCIATION)
    else:
        case_id = _accepted_denunciation(services)
    with pytest.raises(ValidationError) as info:
        if step == "suspend_twice":
            clock.suspend(case_id, date(2026, 11, 10), "07/QĐ", "Giám định", None)
            clock.suspend(case_id, date(2026, 11, 12), "08/QĐ", "Giám định", None)
        elif step == "resume_running":
            clock.resume(case_id, date(2026, 11, 12), "08/QĐ", None)
        elif step == "resume_before":
            clock.suspend(case_id, date(2026, 11, 10), "07/QĐ", "Giám định", None)
            clock.resume(case_id, date(2026, 11, 9), "08/QĐ", None)
        elif step == "no_reason":
            clock.suspend(case_id, date(2026, 11, 10), "07/QĐ", " ", None)
        elif step == "on_acceptance_day":
            clock.suspend(case_id, date(2026, 11, 5), "07/QĐ", "Giám định", None)
        else:
            clock.suspend(case_id, date(2026, 11, 10), "07/QĐ", "Giám định", None)
    assert message in info.value.message


# --- conditions -----------------------------------------------------------------------
def test_remote_and_second_instance_complaints_get_their_own_periods(services: Services) -> None:
    case_id = _case(services, CaseKind.COMPLAINT)
    services.case_clock.record_acceptance(case_id, date(2026, 11, 10), "05/TB", None)
    remote = services.case_clock.set_conditions(case_id, None, remote=True, note="Xã đảo")
    assert remote.due_date == date(2026, 12, 25) and "vùng sâu, vùng xa" in remote.due_rule
    both = services.case_clock.set_conditions(case_id, None, remote=True, complex=True)
    assert both.due_date == date(2027, 1, 11)  # 60 days from 10/11; 09/01 is a Saturday
    second = services.case_clock.set_conditions(case_id, None, second_instance=True)
    assert "lần hai" in second.due_rule and "Điều 37" in second.due_rule
    last = _events(services, case_id)[-1]
    assert last.action == "conditions" and "giải quyết lần hai" in last.note


def test_conditions_that_do_not_apply_or_do_not_change_are_refused(services: Services) -> None:
    feedback = _case(services, CaseKind.FEEDBACK)
    with pytest.raises(ValidationError, match="không áp dụng cho phản ánh"):
        services.case_clock.set_conditions(feedback, None, remote=True)
    denunciation = _case(services, CaseKind.DENUNCIATION)
    with pytest.raises(ValidationError, match="giải quyết lần hai"):
        services.case_clock.set_conditions(denunciation, None, second_instance=True)
    with pytest.raises(ValidationError, match="không thay đổi"):
        services.case_clock.set_conditions(denunciation, None)


def test_dropping_complexity_after_an_extension_is_refused(services: Services) -> None:
    case_id = _accepted_denunciation(services, very=True)
    services.case_clock.add_extension(case_id, "09/QĐ", date(2026, 11, 19), 30, None)
    services.case_clock.add_extension(case_id, "10/QĐ", date(2026, 11, 20), 30, None)
    with pytest.raises(ValidationError, match="vượt quá 1 lần"):
        services.case_clock.set_conditions(case_id, None, complex=True)
    assert _stored(services, case_id).very_complex


# --- concurrency, workflow, reclassification ------------------------------------------
def test_stale_versions_and_finished_cases_are_refused(services: Services) -> None:
    case_id = _case(services, CaseKind.COMPLAINT)
    with pytest.raises(ConflictError):
        services.case_clock.record_acceptance(case_id, date(2026, 11, 10), "05/TB", None, expected_version=7)
    services.cases.change_status(case_id, CaseStatus.WITHDRAWN, "Công dân rút đơn", None)
    with pytest.raises(ValidationError, match="trạng thái «Rút đơn»"):
        services.case_clock.record_acceptance(case_id, date(2026, 11, 10), "05/TB", None)


def test_reclassifying_keeps_the_clock_facts(services: Services) -> None:
    case_id = _accepted_denunciation(services)
    services.cases.reclassify(
        case_id, kind=CaseKind.COMPLAINT, field_id=None, note="Thực chất là khiếu nại", user_id=None
    )
    case = _stored(services, case_id)
    assert case.due_rule.startswith("Giải quyết khiếu nại lần đầu: 30 ngày kể từ ngày thụ lý 05/11/2026")
    assert case.due_date == date(2026, 12, 7)


def test_reclassifying_into_a_kind_the_clock_does_not_fit_is_refused(services: Services) -> None:
    case_id = _accepted_denunciation(services, complex=True)
    services.case_clock.add_extension(case_id, "09/QĐ", date(2026, 11, 20), 30, None)
    with pytest.raises(ValidationError, match="Không thể đổi như vậy"):
        services.cases.reclassify(case_id, kind=CaseKind.FEEDBACK, field_id=None, note="", user_id=None)
    assert _stored(services, case_id).kind == CaseKind.DENUNCIATION.value


def test_a_fresh_process_can_start_with_a_clock_action(services: Services, tmp_path: Path) -> None:
    """The deadline data is loaded at start, never from inside a write transaction (on SQLite a
    second connection would wait for the process's own lock and fail as "locked")."""
    case_id = _case(services, CaseKind.DENUNCIATION)
    other = command_line_services(resolve(services.settings.db_url, data_dir=tmp_path), clock=lambda: NOW)
    try:
        started = time.perf_counter()
        other.cases.reclassify(case_id, kind=CaseKind.COMPLAINT, field_id=None, note="", user_id=None)
        other.case_clock.record_acceptance(case_id, date(2026, 11, 10), "05/TB", None)
        assert time.perf_counter() - started < 2
    finally:
        other.close()
    assert _stored(services, case_id).due_date == date(2026, 12, 10)
