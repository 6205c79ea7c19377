"""A repeat caller at the desk, by keyboard only: Ctrl+Enter, then Enter, does what the content says."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from sqlalchemy import select

from app.bootstrap import Services
from app.models import CaseEvent
from app.services.cases.dto import CaseFilter, NewCase
from app.services.catalog.dto import UserItem
from app.ui.app_events import AppEvents
from app.ui.intake.duplicate_dialog import DuplicateDialog
from app.ui.intake.intake_form import IntakeForm
from app.ui.widgets.notice_bar import NoticeKind

Typer = Callable[[QWidget, str], None]
PHONE = "+84 387.833.587"
NAME = "Phạm Văn Toàn"
ADDRESS = "Số 8 ngõ 42 phố Lạch Tray, phường Lạch Tray"
WALL = "Hộ liền kề xây tường lấn sang đất nhà tôi khoảng 30cm, đề nghị phường xuống kiểm tra."
NEIGHBOUR = "Tường nhà hàng xóm lấn sang đất nhà tôi, đã báo nhưng chưa ai xuống."  # alike (72), not the same


@pytest.fixture
def form(qtbot, services: Services, events: AppEvents, officer: UserItem) -> IntakeForm:
    widget = IntakeForm(services, events, officer)
    qtbot.addWidget(widget)
    widget.resize(1366, 700)
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    widget.focus_first()
    return widget


@pytest.fixture
def earlier(services: Services, officer: UserItem) -> int:
    first = NewCase(
        content=WALL,
        citizen_name=NAME,
        phone=PHONE,
        address=ADDRESS,
        received_at=datetime.now().replace(microsecond=0) - timedelta(days=4),
    )
    return services.cases.create_case(first, officer.id).id


def call_again(qtbot, form: IntakeForm, type_ime: Typer, content: str) -> None:
    """The same caller again: phone, name, address and what they report, then Ctrl+Enter."""
    type_ime(form.fields.phone, PHONE)
    type_ime(form.fields.citizen_name, NAME)
    type_ime(form.fields.address, ADDRESS)
    type_ime(form.fields.content, content)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def press_enter(qtbot) -> Callable[[QDialog], None]:
    """What the officer does when a dialog pops up: Enter, on whatever has the focus."""

    def answer(dialog: QDialog) -> None:
        dialog.show()
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow)
        focused = QApplication.focusWidget()
        assert focused is not None and focused.window() is dialog
        qtbot.keyClick(focused, Qt.Key.Key_Return)

    return answer


def case_ids(services: Services) -> list[int]:
    return [row.id for row in services.query.page(CaseFilter()).rows]


def repeat_calls(services: Services) -> list[int]:
    with services.sessions() as session:
        stmt = select(CaseEvent.case_id).where(CaseEvent.action == "repeat_call")
        return list(session.scalars(stmt))


def test_repeat_caller_with_a_new_problem_gets_a_new_case(
    qtbot, form: IntakeForm, services: Services, earlier: int, asked, type_ime: Typer
) -> None:
    asked.dialog_handlers.append(press_enter(qtbot))  # Enter, should anything ask
    call_again(qtbot, form, type_ime, "Đường dây điện bị đứt, rủ xuống sát mặt ngõ 42, rất nguy hiểm.")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert asked.dialogs == []  # the caller alone is no reason to ask: the history panel shows them
    assert len(case_ids(services)) == 2 and repeat_calls(services) == []
    assert form.notice.kind == NoticeKind.SUCCESS and "Đã lưu vụ việc số" in form.notice.text()


def test_similar_but_not_the_same_content_asks_and_enter_creates_a_new_case(
    qtbot, form: IntakeForm, services: Services, earlier: int, asked, type_ime: Typer
) -> None:
    asked.dialog_handlers.append(press_enter(qtbot))
    call_again(qtbot, form, type_ime, NEIGHBOUR)
    assert len(asked.dialogs) == 1
    dialog = asked.dialogs[0]
    assert isinstance(dialog, DuplicateDialog)
    assert not dialog.links_by_default() and dialog.create_button.isDefault()
    assert len(case_ids(services)) == 2 and repeat_calls(services) == []


def test_repeat_caller_with_the_same_problem_is_offered_the_link(
    qtbot, form: IntakeForm, services: Services, earlier: int, asked, type_ime: Typer
) -> None:
    asked.dialog_handlers.append(press_enter(qtbot))
    call_again(qtbot, form, type_ime, "Hộ liền kề xây tường lấn sang đất nhà tôi, đề nghị phường kiểm tra.")
    assert len(asked.dialogs) == 1
    dialog = asked.dialogs[0]
    assert isinstance(dialog, DuplicateDialog)
    assert dialog.links_by_default() and dialog.link_button.isDefault()
    assert dialog.selected() is not None and dialog.selected().case_id == earlier
    assert any(r.startswith("Nội dung giống") for r in dialog.matches[0].reasons)
    assert case_ids(services) == [earlier] and repeat_calls(services) == [earlier]
    assert "Đã ghi nhận phản ánh lại" in form.notice.text()


def test_the_focused_button_of_the_prompt_is_visible(
    qtbot, services: Services, earlier: int, apply_desk_theme: None
) -> None:
    new = NewCase(content=NEIGHBOUR, phone=PHONE)
    dialog = DuplicateDialog(services.duplicates.worth_asking(new))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    assert QApplication.focusWidget() is dialog.create_button
    unfocused = dialog.link_button.grab().toImage()
    focused = dialog.create_button.grab().toImage()
    ring = "#f0b429"  # the theme's focus colour, around the focused button only
    assert focused.pixelColor(1, focused.height() // 2).name() == ring
    assert unfocused.pixelColor(1, unfocused.height() // 2).name() != ring
    dialog.grab().save("/tmp/issue19-duplicate-dialog.png")
