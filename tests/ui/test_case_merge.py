"""Merging a case into another from the case window; a merged number opens the surviving case."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from helpers_cases import new_case, user_id
from PySide6.QtWidgets import QDialog

from app.bootstrap import Services
from app.services.catalog.dto import UserItem
from app.ui.app_events import AppEvents
from app.ui.cases.case_detail_dialog import CaseDetailDialog
from app.ui.cases.merge_action import MergeDialog
from app.ui.main_window import MainWindow
from app.ui.tasks import InlineTaskRunner

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def answer(number: str, note: str = "Cùng sự việc, công dân gọi lại") -> Callable[[QDialog], None]:
    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, MergeDialog)
        dialog.number.setText(number)
        dialog.note.setText(note)
        dialog.grab().save("/tmp/merge_dialog.png")
        dialog.ok_button.click()

    return fill


def test_merge_into_the_surviving_case_then_the_old_number_opens_it(
    qtbot, services: Services, events: AppEvents, officer: UserItem, asked
) -> None:
    survivor = new_case(services, "Cống thoát nước ngõ 15 Lạch Tray bị tắc", days_ago=2)
    merged = new_case(services, "Cống ngõ 15 Lạch Tray vẫn tắc, nước tràn", days_ago=1)
    survivor_number = services.merges.resolve(survivor).number
    opened: list[int] = []
    events.case_open_requested.connect(opened.append)
    dialog = CaseDetailDialog(services, events, merged, user_id(services))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.grab().save("/tmp/case_dialog_merge.png")
    asked.dialog_handlers.append(answer(survivor_number))
    asked.answers.append(True)
    dialog.merge_button.click()
    assert asked.confirms and survivor_number in asked.confirms[0][1]
    assert services.merges.resolve(merged).id == survivor
    assert opened == [survivor]

    window = MainWindow(services, events, InlineTaskRunner(), officer)
    qtbot.addWidget(window)
    window.open_case(merged)
    assert list(window.open_dialogs()) == [survivor]


def test_unknown_number_is_refused_and_nothing_changes(
    qtbot, services: Services, events: AppEvents, asked
) -> None:
    merged = new_case(services, "Đèn đường ngõ 8 không sáng")
    dialog = CaseDetailDialog(services, events, merged, user_id(services))
    qtbot.addWidget(dialog)
    asked.dialog_handlers.append(answer("2026-99999"))
    dialog.merge_button.click()
    assert asked.messages and "Không tìm thấy vụ việc số 2026-99999" in asked.messages[0][2]
    assert services.merges.resolve(merged).id == merged
