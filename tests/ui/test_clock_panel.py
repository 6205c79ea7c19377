"""The «Thời hạn» tab of a case: why each deadline falls where it does, and the clock actions."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from helpers_cases import type_text
from pytestqt.qtbot import QtBot

from app.bootstrap import Services
from app.domain.enums import CaseKind, Channel
from app.services.cases.dto import NewCase
from app.ui.app_events import AppEvents
from app.ui.deadlines.clock_panel import ClockPanel
from app.ui.widgets.notice_bar import NoticeKind


def _case(services: Services, kind: CaseKind, days_ago: int = 12) -> int:
    received = datetime.now().replace(microsecond=0) - timedelta(days=days_ago)
    new = NewCase(content="Đơn thử", kind=kind, channel=Channel.LETTER, received_at=received)
    return services.cases.create_case(new, None).id


def _panel(qtbot: QtBot, services: Services, events: AppEvents, case_id: int) -> ClockPanel:
    panel = ClockPanel(services, events, case_id, None)
    qtbot.addWidget(panel)
    return panel


def test_accepting_a_complaint_moves_the_deadline_and_explains_it(
    qtbot: QtBot, services: Services, events: AppEvents
) -> None:
    case_id = _case(services, CaseKind.COMPLAINT)
    panel = _panel(qtbot, services, events, case_id)
    assert "Thụ lý" in panel.offered() and "Gia hạn" not in panel.offered()
    before = services.detail.get(case_id).due_date
    assert "Điều 27" in panel.legal.toPlainText() or "Điều 16" in panel.legal.toPlainText()
    form = panel.accept_form
    form.day.setDate(form.day.date().addDays(-2))
    type_text(form.decision, "05/TB-UBND")
    with qtbot.waitSignal(events.cases_changed) as signal:
        form.button.click()
    assert signal.args == [case_id]
    assert services.detail.get(case_id).due_date != before
    assert services.case_clock.view(case_id).acceptance_no == "05/TB-UBND"
    text = panel.legal.toPlainText()
    assert "Điều 28" in text and "ngày thụ lý" in text
    assert panel.message.kind is NoticeKind.SUCCESS and "Thụ lý" not in panel.offered()
    assert form.decision.text() == ""


def test_a_refused_action_keeps_what_was_typed_and_says_why(
    qtbot: QtBot, services: Services, events: AppEvents
) -> None:
    case_id = _case(services, CaseKind.FEEDBACK)
    panel = _panel(qtbot, services, events, case_id)
    assert "Gia hạn" not in panel.offered() and "Thụ lý" not in panel.offered()
    version = services.case_clock.view(case_id).version
    form = panel.extend_form  # not offered; a stale screen could still send it
    type_text(form.decision, "09/QĐ-UBND")
    form.submitted.emit()
    assert panel.message.kind is NoticeKind.ERROR
    assert "gia hạn" in panel.message.text()
    assert form.decision.text() == "09/QĐ-UBND"
    assert services.case_clock.view(case_id).version == version


def test_suspension_pauses_the_deadline_and_resumption_restores_it(
    qtbot: QtBot, services: Services, events: AppEvents
) -> None:
    case_id = _case(services, CaseKind.DENUNCIATION, days_ago=20)
    services.case_clock.record_acceptance(case_id, date.today() - timedelta(days=10), "03/QĐ", None)
    panel = _panel(qtbot, services, events, case_id)
    assert "Tạm đình chỉ" in panel.offered()
    form = panel.suspend_form
    form.day.setDate(form.day.date().addDays(-5))
    type_text(form.decision, "07/QĐ")
    form.button.click()
    assert panel.message.kind is NoticeKind.ERROR and "lý do" in panel.message.text()
    assert form.decision.text() == "07/QĐ"
    type_text(form.reason, "Chờ kết quả giám định")
    form.button.click()
    assert panel.message.kind is NoticeKind.SUCCESS, panel.message.text()
    assert "đang tạm đình chỉ" in panel.legal.toPlainText()
    assert panel.offered()[-2:] == ["Tiếp tục giải quyết", "Tính chất vụ việc"]
    resume = panel.resume_form
    type_text(resume.decision, "08/QĐ")
    resume.button.click()
    assert panel.message.kind is NoticeKind.SUCCESS, panel.message.text()
    assert "ngày tạm đình chỉ" in panel.legal.toPlainText() and "Điều 34 khoản 2" in panel.legal.toPlainText()
    assert "Tạm đình chỉ" in panel.offered()
