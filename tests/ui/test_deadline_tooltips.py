"""Reminder and escalation tables explain a due date on hover, with the same words as the case window."""

from __future__ import annotations

from helpers_cases import handler, new_case
from pytestqt.qtbot import QtBot

from app.bootstrap import Services
from app.ui.app_events import AppEvents
from app.ui.deadlines.deadline_case_table import DeadlineCaseTable
from app.ui.deadlines.escalation_page import EscalationPage


def test_the_due_date_cell_explains_the_rule(qtbot: QtBot, services: Services, events: AppEvents) -> None:
    dept_id, officer_id = handler(services)
    case_id = new_case(services, "Đèn đường hỏng nhiều ngày", days_ago=40)
    services.cases.assign(case_id, dept_id, officer_id, "", None, None)
    rule = services.deadlines.case_deadlines(case_id).due_rule
    assert rule

    [case] = services.escalation.overdue(officer_id=officer_id)
    assert case.due_rule == rule
    table = DeadlineCaseTable()
    qtbot.addWidget(table)
    table.show_cases([case])
    for column in (2, 3):
        item = table.item(0, column)
        assert item is not None and rule in item.toolTip() and "Hạn xử lý" in item.toolTip()

    page = EscalationPage(services, events, None)
    qtbot.addWidget(page)
    page.refresh()
    assert page.cases.case_ids() == [case_id]
    shown = page.cases.item(0, 2)
    assert shown is not None and rule in shown.toolTip()
