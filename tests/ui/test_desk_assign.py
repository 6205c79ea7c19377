"""Assigning a case by keyboard: nobody is picked until a department is, then only its officers."""

from __future__ import annotations

import pytest
from helpers_cases import handler, new_case, user_id
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.bootstrap import Services
from app.domain.enums import CaseStatus, Role
from app.ui.app_events import AppEvents
from app.ui.cases.case_action_forms import CHOOSE_OFFICER, NO_DEPARTMENT_YET
from app.ui.cases.case_detail_dialog import CaseDetailDialog


@pytest.fixture
def dialog(qtbot, services: Services, events: AppEvents) -> CaseDetailDialog:
    handler(services)  # the first department has an officer
    other = services.catalog.departments()[1].id  # someone elsewhere, who must not be offered
    services.catalog.save_user("bui.thu.hanh", "Bùi Thu Hạnh", Role.HANDLER, other)
    case = new_case(services, "Đèn chiếu sáng ngõ 12 phố Trần Hưng Đạo bị hỏng.")
    widget = CaseDetailDialog(services, events, case, user_id(services))
    qtbot.addWidget(widget)
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    return widget


def press(qtbot, key: Qt.Key) -> None:
    target = QApplication.focusWidget()
    assert target is not None
    qtbot.keyClick(target, key)


def test_nobody_is_preselected_and_giao_without_an_officer_assigns_nobody(
    qtbot, dialog: CaseDetailDialog, services: Services, apply_desk_theme: None
) -> None:
    form = dialog.assign_form
    assert form.department.currentData() is None
    assert form.officer.currentData() is None and form.officer.currentText() == NO_DEPARTMENT_YET
    assert not form.officer.isEnabled()
    form.button.setFocus()
    press(qtbot, Qt.Key.Key_Space)
    assert dialog.message.text() == "Hãy chọn đơn vị xử lý, rồi chọn cán bộ chịu trách nhiệm xử lý."
    assert dialog.detail is not None
    assert services.detail.get(dialog.detail.id).status is CaseStatus.RECEIVED
    dialog.grab().save("/tmp/issue19-case-assign-empty.png")


def test_choosing_a_department_offers_its_officers_only(
    qtbot, dialog: CaseDetailDialog, services: Services
) -> None:
    dept, officer = handler(services)
    form = dialog.assign_form
    form.department.setFocus()
    press(qtbot, Qt.Key.Key_Down)  # the first department
    assert form.department.currentData() == dept
    assert form.officer.currentText() == CHOOSE_OFFICER and form.officer.currentData() is None
    offered = {form.officer.itemData(i) for i in range(1, form.officer.count())}
    members = {u.id for u in services.catalog.users() if u.department_id == dept}
    assert offered == members and officer in offered
    press(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is form.officer
    while form.officer.currentData() != officer:
        press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Tab)  # the note
    press(qtbot, Qt.Key.Key_Tab)  # the button
    assert QApplication.focusWidget() is form.button
    press(qtbot, Qt.Key.Key_Space)
    assert dialog.detail is not None
    saved = services.detail.get(dialog.detail.id)
    assert saved.status is CaseStatus.ASSIGNED and saved.officer_id == officer
    dialog.grab().save("/tmp/issue19-case-assigned.png")
