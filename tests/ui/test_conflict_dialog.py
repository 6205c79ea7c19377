"""Conflict dialog: two officers (two service instances, one file) change the same case at once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers_cases import handler, new_case, type_text, user_id
from PySide6.QtWidgets import QDialog

from app.bootstrap import Services
from app.domain.enums import CaseStatus, Role
from app.settings import resolve
from app.ui.app_events import AppEvents
from app.ui.cases.case_detail_dialog import CaseDetailDialog
from app.ui.cases.conflict_dialog import ConflictDialog
from tests.sample_office import command_line_services

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def other(services: Services, tmp_path: Path) -> Iterator[Services]:
    """A second officer's program on the same database file."""
    again = command_line_services(resolve(f"sqlite:///{tmp_path}/t.db", data_dir=tmp_path))
    yield again
    again.close()


@pytest.fixture
def case_id(services: Services) -> int:
    return new_case(services, "Rác thải ùn ứ ở chợ Hàng Kênh ba ngày chưa thu gom", days_ago=1)


@pytest.fixture
def dialog(qtbot, services: Services, events: AppEvents, case_id: int) -> CaseDetailDialog:
    widget = CaseDetailDialog(services, events, case_id, user_id(services))
    qtbot.addWidget(widget)
    widget.show()
    return widget


def _second_officer(services: Services, dept_id: int) -> int:
    return services.catalog.save_user("xuly.hai", "Phạm Thị Hồng Nhung", Role.HANDLER, dept_id)


def _assign_in(dialog: CaseDetailDialog, dept_id: int, officer_id: int, note: str) -> None:
    dialog._load_catalogs()
    form = dialog.assign_form
    form.department.setCurrentIndex(form.department.findData(dept_id))
    form.officer.setCurrentIndex(form.officer.findData(officer_id))
    type_text(form.note, note)
    form.button.click()


def test_reapply_after_another_officer_assigned_the_case(
    dialog: CaseDetailDialog, services: Services, other: Services, case_id: int, asked
) -> None:
    dept_id, first = handler(services)
    second = _second_officer(services, dept_id)
    other.cases.assign(case_id, dept_id, first, "Giao từ máy bên cạnh", user_id(other))
    seen: list[list[list[str]]] = []

    def reapply(conflict: QDialog) -> None:
        assert isinstance(conflict, ConflictDialog)
        seen.append(conflict.field_rows())
        assert "Cán bộ xử lý" in conflict.overlap.text()  # the officer is overwriting that field
        assert conflict.events.rowCount() == 1
        assert conflict.events.item(0, 2).text() == "Giao xử lý: Giao từ máy bên cạnh"
        conflict.reapply_button.click()

    asked.dialog_handlers.append(reapply)
    _assign_in(dialog, dept_id, second, "Giao cho chị Nhung theo lịch trực")
    rows = {label: (before, now) for label, before, now in seen[0]}
    assert rows["Trạng thái"] == ("Mới tiếp nhận", "Đã giao xử lý")
    first_name = next(u.full_name for u in services.catalog.users() if u.id == first)
    assert rows["Cán bộ xử lý"] == ("(trống)", first_name)
    detail = other.detail.get(case_id)
    assert detail.officer_id == second and detail.version == 3
    assert dialog.message.text() == "Đã giao vụ việc cho Phạm Thị Hồng Nhung."
    assert dialog.assign_form.note.toPlainText() == ""


def test_reload_drops_the_change_and_shows_the_case_as_it_is(
    dialog: CaseDetailDialog, services: Services, other: Services, case_id: int, asked
) -> None:
    dept_id, officer_id = handler(services)
    other.cases.assign(case_id, dept_id, officer_id, "", user_id(other))
    asked.dialog_handlers.append(lambda conflict: conflict.reload_button.click())
    form = dialog.status_form
    form.target.setCurrentIndex(form.target.findData(CaseStatus.ASSIGNED.value))
    type_text(form.note, "Chuyển theo chỉ đạo")
    form.button.click()
    assert other.detail.get(case_id).version == 2  # nothing saved
    assert dialog.fields.status.text() == "Đã giao xử lý"
    assert form.note.toPlainText() == ""
    assert "chưa được lưu" in dialog.message.text()


def test_escape_reloads_but_keeps_what_was_typed(
    dialog: CaseDetailDialog, services: Services, other: Services, case_id: int, asked
) -> None:
    dept_id, officer_id = handler(services)
    other.cases.assign(case_id, dept_id, officer_id, "", user_id(other))
    asked.dialog_handlers.append(lambda conflict: conflict.reject())
    form = dialog.status_form
    type_text(form.note, "Ghi chú dài đã gõ")
    form.button.click()
    assert form.note.toPlainText() == "Ghi chú dài đã gõ"
    assert "nội dung bạn nhập vẫn còn" in dialog.message.text()


def test_a_second_change_while_deciding_asks_again(
    dialog: CaseDetailDialog, services: Services, other: Services, case_id: int, asked
) -> None:
    dept_id, first = handler(services)
    second = _second_officer(services, dept_id)
    other.cases.assign(case_id, dept_id, first, "", user_id(other))

    def change_again_then_reapply(conflict: QDialog) -> None:
        other.cases.change_status(case_id, CaseStatus.IN_PROGRESS, "Đã xuống hiện trường", user_id(other))
        conflict.reapply_button.click()

    def reapply(conflict: QDialog) -> None:
        assert isinstance(conflict, ConflictDialog)
        assert ["Trạng thái", "Đã giao xử lý", "Đang xử lý"] in conflict.field_rows()
        conflict.reapply_button.click()

    asked.dialog_handlers += [change_again_then_reapply, reapply]
    _assign_in(dialog, dept_id, second, "Giao lại")
    assert len(asked.dialogs) == 2
    assert other.detail.get(case_id).officer_id == second
