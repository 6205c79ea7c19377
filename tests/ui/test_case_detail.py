"""Case file dialog: fields, timeline, assign, status moves, replies, attachments and conflicts."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers_cases import handler, new_case, type_text, user_id
from PySide6.QtCore import Qt

from app.bootstrap import Services
from app.domain.enums import CaseStatus, ReplyMethod
from app.ui.app_events import AppEvents
from app.ui.cases import file_picker
from app.ui.cases.case_detail_dialog import CaseDetailDialog

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def svc(services: Services) -> Services:
    return services


@pytest.fixture
def case_id(svc: Services) -> int:
    return new_case(svc, "Nước thải từ xưởng chế biến chảy ra mương tưới tiêu ở xã An Lão", days_ago=1)


@pytest.fixture
def dialog(qtbot, svc: Services, events: AppEvents, case_id: int) -> CaseDetailDialog:
    widget = CaseDetailDialog(svc, events, case_id, user_id(svc))
    qtbot.addWidget(widget)
    return widget


def _timeline(dialog: CaseDetailDialog) -> list[list[str]]:
    return dialog.history.texts(dialog.history.timeline)


def _assign(dialog: CaseDetailDialog, dept_id: int, officer_id: int, note: str = "") -> None:
    form = dialog.assign_form
    form.department.setCurrentIndex(form.department.findData(dept_id))
    form.officer.setCurrentIndex(form.officer.findData(officer_id))
    if note:
        type_text(form.note, note)
    form.button.click()


def test_dialog_shows_the_case_fields_and_due_rule(dialog: CaseDetailDialog, svc: Services) -> None:
    detail = svc.detail.get(dialog._case_id)
    assert dialog.fields.number.text() == f"Vụ việc {detail.number}"
    assert dialog.fields.values["content"].text() == detail.content
    assert dialog.fields.values["citizen"].text() == "Trần Thị Mai"
    assert dialog.fields.due.toolTip() == detail.due_rule and detail.due_rule
    assert _timeline(dialog)[0][2] == "Tiếp nhận"


def test_assign_moves_case_to_assigned_and_adds_timeline_entry(
    qtbot, dialog: CaseDetailDialog, svc: Services, events: AppEvents, case_id: int
) -> None:
    dept_id, officer_id = handler(svc)
    dialog._load_catalogs()
    with qtbot.waitSignal(events.cases_changed, timeout=1000) as blocker:
        _assign(dialog, dept_id, officer_id, "Đề nghị kiểm tra thực địa trong tuần")
    assert blocker.args == [case_id]
    detail = svc.detail.get(case_id)
    assert detail.status is CaseStatus.ASSIGNED and detail.officer_id == officer_id
    last = _timeline(dialog)[-1]
    assert last[2] == "Giao xử lý"
    assert last[3] == "Mới tiếp nhận → Đã giao xử lý"
    assert last[4] == "Đề nghị kiểm tra thực địa trong tuần"
    assert dialog.assign_form.note.toPlainText() == ""
    assert dialog.assign_form.button.text() == "Giao lại"


def test_change_status_with_note(dialog: CaseDetailDialog, svc: Services, case_id: int) -> None:
    dept_id, officer_id = handler(svc)
    dialog._load_catalogs()
    _assign(dialog, dept_id, officer_id)
    form = dialog.status_form
    assert [form.target.itemData(i) for i in range(form.target.count())] == [
        s.value for s in svc.detail.get(case_id).allowed_statuses
    ]
    form.target.setCurrentIndex(form.target.findData(CaseStatus.IN_PROGRESS.value))
    type_text(form.note, "Đã liên hệ công dân, hẹn kiểm tra ngày mai")
    form.button.click()
    assert svc.detail.get(case_id).status is CaseStatus.IN_PROGRESS
    assert _timeline(dialog)[-1][4] == "Đã liên hệ công dân, hẹn kiểm tra ngày mai"
    assert "Đang xử lý" in dialog.windowTitle()


def test_reopen_needs_a_reason_and_keeps_typing_on_error(
    dialog: CaseDetailDialog, svc: Services, case_id: int
) -> None:
    dept_id, officer_id = handler(svc)
    svc.cases.assign(case_id, dept_id, officer_id, "", None)
    svc.cases.change_status(case_id, CaseStatus.GUIDED, "Đã hướng dẫn nộp hồ sơ tại bộ phận một cửa", None)
    dialog.reload()
    form = dialog.status_form
    form.target.setCurrentIndex(form.target.findData(CaseStatus.IN_PROGRESS.value))
    assert form.note_label.text() == "Lý do mở lại (bắt buộc):"
    form.button.click()
    assert not dialog.message.isHidden() and "lý do" in dialog.message.text()
    assert svc.detail.get(case_id).status is CaseStatus.GUIDED
    type_text(form.note, "Công dân gọi lại: chưa được giải quyết")
    form.button.click()
    assert svc.detail.get(case_id).status is CaseStatus.IN_PROGRESS
    assert _timeline(dialog)[-1][2] == "Mở lại"


def test_reply_is_recorded(dialog: CaseDetailDialog, svc: Services, case_id: int) -> None:
    form = dialog.reply_form
    form.button.click()
    assert dialog.message.text() == "Chưa nhập nội dung trả lời công dân."
    form.method.setCurrentIndex(form.method.findData(ReplyMethod.DOCUMENT.value))
    type_text(form.document_no, "125/UBND-VP")
    type_text(form.text, "UBND phường đã yêu cầu xưởng dừng xả thải và khắc phục.")
    form.button.click()
    replies = svc.detail.get(case_id).replies
    assert [(r.method, r.document_no) for r in replies] == [(ReplyMethod.DOCUMENT, "125/UBND-VP")]
    assert dialog.history.replies.rowCount() == 1
    assert dialog.history.tabText(1) == "Trả lời công dân (1)"
    assert form.text.toPlainText() == ""


def test_attach_a_file(
    dialog: CaseDetailDialog, svc: Services, case_id: int, tmp_path: Path, monkeypatch
) -> None:
    source = tmp_path / "biên bản kiểm tra.txt"
    source.write_text("Biên bản kiểm tra hiện trường", encoding="utf-8")
    monkeypatch.setattr(file_picker, "choose_files", lambda parent: [source])
    dialog.attach_form.button.click()
    files = svc.detail.get(case_id).attachments
    assert [f.file_name for f in files] == ["biên bản kiểm tra.txt"]
    assert Path(files[0].path).read_text(encoding="utf-8") == "Biên bản kiểm tra hiện trường"
    assert dialog.history.texts(dialog.history.attachments)[0][0] == "biên bản kiểm tra.txt"


def test_cancelled_file_choice_changes_nothing(dialog: CaseDetailDialog, monkeypatch) -> None:
    monkeypatch.setattr(file_picker, "choose_files", lambda parent: [])
    dialog.attach_form.button.click()
    assert dialog.history.attachments.rowCount() == 0
    assert dialog.message.isHidden()


def test_conflict_when_another_session_changed_the_case(
    qtbot, dialog: CaseDetailDialog, svc: Services, case_id: int, asked
) -> None:
    dept_id, officer_id = handler(svc)
    svc.cases.assign(case_id, dept_id, officer_id, "Giao từ máy khác", None)  # another officer, same case
    asked.dialog_handlers.append(lambda conflict: conflict.reject())  # Esc in the conflict dialog
    form = dialog.status_form
    dialog.show()
    assert form.target.currentData() == CaseStatus.ASSIGNED.value  # the stale choices
    type_text(form.note, "Chuyển theo chỉ đạo của lãnh đạo")
    form.button.click()
    assert "vừa được người khác cập nhật" in dialog.message.text()
    assert dialog.fields.status.text() == "Đã giao xử lý"  # reloaded
    assert form.note.toPlainText() == "Chuyển theo chỉ đạo của lãnh đạo"  # nothing typed is lost
    form.target.setCurrentIndex(form.target.findData(CaseStatus.IN_PROGRESS.value))
    form.button.click()
    assert svc.detail.get(case_id).status is CaseStatus.IN_PROGRESS
    assert dialog.message.text() == "Đã chuyển vụ việc sang «Đang xử lý»."


def test_escape_closes_the_dialog(qtbot, dialog: CaseDetailDialog) -> None:
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
