"""UI test fixtures: offscreen Qt, services on a fresh SQLite file, IME-style typing, ask() seam."""

from __future__ import annotations

import os
from pathlib import Path

# Before any Qt import: offscreen, on the most common office laptop screen (1366×768, 96 dpi).
os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={Path(__file__).with_name('desk_screen.json')}"

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QInputMethodEvent, QKeyEvent
from PySide6.QtWidgets import QDialog, QWidget

from app.bootstrap import Services
from app.domain.permissions import Actor
from app.main import pick_officer
from app.services.catalog.dto import UserItem
from app.settings import resolve
from app.ui import ask
from app.ui.app_events import AppEvents
from tests.sample_office import command_line_services


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Services]:
    built = command_line_services(resolve(f"sqlite:///{tmp_path}/t.db", data_dir=tmp_path))
    yield built
    built.close()


@pytest.fixture
def admin_signed_in(services: Services) -> Actor:
    """The office's administrator signed in (the catalogue and backup screens are his)."""
    admin = next(u for u in services.catalog.users(include_inactive=True) if u.role == "admin")
    actor = Actor(admin.id, admin.username, admin.full_name, admin.role, admin.department_id)
    services.signed_in.sign_in(actor)
    return actor


@pytest.fixture
def events() -> AppEvents:
    return AppEvents()


@pytest.fixture
def officer(services: Services) -> UserItem:
    user = pick_officer(services.catalog.users())
    assert user is not None
    return user


def commit_text(widget: QWidget, text: str) -> None:
    """Type as an input method (Unikey, EVKey) does: one committed string, never QTest.keyClicks."""
    widget.setFocus()
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QCoreApplication.sendEvent(widget, event)


def key_text(widget: QWidget, text: str) -> None:
    """Type character by character as key events carrying the text (``Key_unknown``)."""
    widget.setFocus()
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QCoreApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch)
            )


@pytest.fixture
def type_ime() -> Callable[[QWidget, str], None]:
    return commit_text


@pytest.fixture
def type_keys() -> Callable[[QWidget, str], None]:
    return key_text


@dataclass
class AskLog:
    """What the widgets asked the officer, and the answers queued for ``confirm``."""

    answers: list[bool] = field(default_factory=list)
    confirms: list[tuple[str, str, str]] = field(default_factory=list)
    messages: list[tuple[str, str, str]] = field(default_factory=list)
    dialog_handlers: list[Callable[[QDialog], None]] = field(default_factory=list)
    """Queued answers for ``exec_dialog``: each gets the dialog and clicks what the officer would."""
    dialogs: list[QDialog] = field(default_factory=list)


@pytest.fixture(autouse=True)
def asked(monkeypatch: pytest.MonkeyPatch) -> AskLog:
    """Replace the modal ask() seam everywhere: an unexpected question fails instead of blocking."""
    log = AskLog()

    def confirm(
        _parent: object,
        title: str,
        text: str,
        yes: str = "Đồng ý",
        no: str = "Hủy",
        *,
        default_no: bool = False,
    ) -> bool:
        log.confirms.append((title, text, yes))
        if not log.answers:
            pytest.fail(f"unexpected question: {title}: {text}")
        return log.answers.pop(0)

    def inform(_parent: object, title: str, text: str) -> None:
        log.messages.append(("inform", title, text))

    def error(_parent: object, title: str, text: str) -> None:
        log.messages.append(("error", title, text))

    def exec_dialog(dialog: QDialog) -> int:
        log.dialogs.append(dialog)
        if not log.dialog_handlers:
            pytest.fail(f"unexpected dialog: {dialog.windowTitle()}")
        log.dialog_handlers.pop(0)(dialog)
        return dialog.result()

    monkeypatch.setattr(ask, "confirm", confirm)
    monkeypatch.setattr(ask, "exec_dialog", exec_dialog)
    monkeypatch.setattr(ask, "inform", inform)
    monkeypatch.setattr(ask, "error", error)
    return log


OFFSCREEN_NOISE = r"This plugin does not support (propagateSizeHints|raise)\(\)"
"""The offscreen platform says this when a window is shown or raised; not a fault of the app."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))


@pytest.fixture
def apply_desk_theme(qapp) -> Iterator[None]:
    """The app's own font size and style sheet, as a desk PC shows them; undone afterwards."""
    from app.ui.widgets.theme import apply_theme

    font, sheet = qapp.font(), qapp.styleSheet()
    apply_theme(qapp)
    yield
    qapp.setStyleSheet(sheet)
    qapp.setFont(font)
