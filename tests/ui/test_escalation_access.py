"""Pages by role: «Cảnh báo quá hạn» is the chief's; others neither see nor reach what is not theirs."""

from __future__ import annotations

import dataclasses

import pytest
from pytestqt.qtbot import QtBot

from app.bootstrap import Services
from app.domain.enums import Role
from app.services.catalog.dto import UserItem
from app.ui.app_events import AppEvents
from app.ui.main_window import MainWindow
from app.ui.pages import PAGES
from app.ui.tasks import InlineTaskRunner

ROW = next(i for i, spec in enumerate(PAGES) if spec.key == "escalation")


def _window(qtbot: QtBot, services: Services, events: AppEvents, user: UserItem, role: Role) -> MainWindow:
    win = MainWindow(services, events, InlineTaskRunner(), dataclasses.replace(user, role=role.value))
    qtbot.addWidget(win)
    return win


VISIBLE = {
    Role.RECEIVER: ["intake", "cases", "dashboard", "calendar", "imports", "calls"],
    Role.HANDLER: ["intake", "cases", "dashboard", "calendar", "imports", "calls"],
    Role.CHIEF: [
        "intake",
        "cases",
        "dashboard",
        "reports",
        "consolidation",
        "calendar",
        "escalation",
        "imports",
        "calls",
        "audit",
    ],
    Role.ADMIN: ["catalog", "reports", "consolidation", "backup", "calendar", "audit"],
}


def test_the_chief_sees_the_escalation_page(
    qtbot: QtBot, services: Services, events: AppEvents, officer: UserItem
) -> None:
    win = _window(qtbot, services, events, officer, Role.CHIEF)
    item = win.navigation.item(ROW)
    assert item.text() == "Cảnh báo quá hạn" and not item.isHidden()
    assert win.show_page("escalation") is win.stack.currentWidget()
    assert win.current_key() == "escalation"


@pytest.mark.parametrize("role", list(Role))
def test_each_role_sees_the_pages_of_its_work(
    qtbot: QtBot, services: Services, events: AppEvents, officer: UserItem, role: Role
) -> None:
    win = _window(qtbot, services, events, officer, role)
    shown = [PAGES[i].key for i in range(len(PAGES)) if not win.navigation.item(i).isHidden()]
    assert shown == VISIBLE[role]
    assert win.current_key() == VISIBLE[role][0]  # the first page is one the officer may use


@pytest.mark.parametrize("role", [Role.RECEIVER, Role.HANDLER, Role.ADMIN])
def test_other_officers_neither_see_nor_reach_it(
    qtbot: QtBot, services: Services, events: AppEvents, officer: UserItem, role: Role
) -> None:
    win = _window(qtbot, services, events, officer, role)
    assert win.navigation.item(ROW).isHidden()
    assert "Ctrl+8" not in [a.shortcut().toString() for a in win.actions()]
    first = win.current_key()
    win.show_page("escalation")
    win.navigation.setCurrentRow(ROW)
    assert win.current_key() == first
    assert "escalation" not in win._pages
