"""«Cảnh báo quá hạn» is for the chief and the administrator: others do not see or reach it."""

from __future__ import annotations

import dataclasses

import pytest
from pytestqt.qtbot import QtBot

from app.bootstrap import Services
from app.domain.enums import Role
from app.services.dto import UserItem
from app.ui.app_events import AppEvents
from app.ui.main_window import PAGES, MainWindow
from app.ui.tasks import InlineTaskRunner

ROW = next(i for i, spec in enumerate(PAGES) if spec.key == "escalation")


def _window(qtbot: QtBot, services: Services, events: AppEvents, user: UserItem, role: Role) -> MainWindow:
    win = MainWindow(services, events, InlineTaskRunner(), dataclasses.replace(user, role=role.value))
    qtbot.addWidget(win)
    return win


@pytest.mark.parametrize("role", [Role.CHIEF, Role.ADMIN])
def test_chief_and_admin_see_the_escalation_page(
    qtbot: QtBot, services: Services, events: AppEvents, officer: UserItem, role: Role
) -> None:
    win = _window(qtbot, services, events, officer, role)
    item = win.navigation.item(ROW)
    assert item.text() == "Cảnh báo quá hạn" and not item.isHidden()
    assert win.show_page("escalation") is win.stack.currentWidget()
    assert win.current_key() == "escalation"


@pytest.mark.parametrize("role", [Role.RECEIVER, Role.HANDLER])
def test_other_officers_neither_see_nor_reach_it(
    qtbot: QtBot, services: Services, events: AppEvents, officer: UserItem, role: Role
) -> None:
    win = _window(qtbot, services, events, officer, role)
    assert win.navigation.item(ROW).isHidden()
    assert all(not win.navigation.item(i).isHidden() for i in range(len(PAGES)) if i != ROW)
    assert "Ctrl+8" not in [a.shortcut().toString() for a in win.actions()]
    win.show_page("escalation")
    win.navigation.setCurrentRow(ROW)
    assert win.current_key() == "intake"
    assert "escalation" not in win._pages
