"""Shared builders for the case, dashboard and catalogue UI tests: demo data, cases, typing."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QInputMethodEvent, QKeyEvent
from PySide6.QtWidgets import QWidget

from app.bootstrap import Services
from app.services.cases.dto import NewCase
from app.services.demo.demo_service import DemoService


def add_demo(services: Services, count: int) -> int:
    demo = DemoService(
        services.engine,
        services.sessions,
        services.office_id,
        services.due_policy,
        signed_in=services.signed_in,
    )
    return demo.generate(count, seed=7)


def user_id(services: Services, username: str = "trucban") -> int:
    return next(u.id for u in services.catalog.users() if u.username == username)


def handler(services: Services) -> tuple[int, int]:
    """A department and an active officer belonging to it (created if the catalogue has none)."""
    dept = services.catalog.departments()[0]
    officers = [u for u in services.catalog.users() if u.department_id == dept.id]
    if officers:
        return dept.id, officers[0].id
    from app.domain.enums import Role

    return dept.id, services.catalog.save_user("xuly.test", "Nguyễn Văn Xử", Role.HANDLER, dept.id)


def new_case(services: Services, content: str, days_ago: int = 0, **extra: Any) -> int:
    received = datetime.now().replace(microsecond=0) - timedelta(days=days_ago)
    saved = services.cases.create_case(
        NewCase(content=content, received_at=received, citizen_name="Trần Thị Mai", **extra),
        user_id(services),
    )
    return saved.id


def type_text(widget: QWidget, text: str) -> None:
    """Type like an input method (Unikey/EVKey) does: never QTest.keyClicks with non-ASCII."""
    widget.setFocus()
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QCoreApplication.sendEvent(widget, event)


def type_chars(widget: QWidget, text: str) -> None:
    """Type character by character as key events carrying text (Key_unknown)."""
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QCoreApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch)
            )
