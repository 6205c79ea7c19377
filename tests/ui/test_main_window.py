"""Main window: title, pages, shortcuts, opening cases; the composition root in a real process."""

from __future__ import annotations

import os
import subprocess
import sys
import types
from pathlib import Path
from typing import ClassVar

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QLineEdit, QWidget

from app.bootstrap import Services
from app.domain.enums import Channel, Role
from app.domain.permissions import Actor
from app.main import pick_officer
from app.services.catalog.dto import UserItem
from app.ui.app_events import AppEvents
from app.ui.main_window import MainWindow
from app.ui.pages import PAGES
from app.ui.tasks import InlineTaskRunner
from app.ui.translations import install_translators

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def window(qtbot, services: Services, events: AppEvents, officer: UserItem) -> MainWindow:
    win = MainWindow(services, events, InlineTaskRunner(), officer)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    win.intake.focus_first()
    return win


def press(qtbot, keys: str | Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    target = QApplication.focusWidget()
    assert target is not None
    qtbot.keyClick(target, keys, modifier)


def test_title_status_bar_and_first_page(window: MainWindow, officer: UserItem) -> None:
    assert window.windowTitle() == "Hotline Desk — Ủy ban nhân dân phường Nhị Chiểu"
    assert officer.full_name in window.officer_label.text()
    assert window.current_key() == "intake"
    assert QApplication.focusWidget() is window.intake.fields.phone
    nav = window.navigation
    titles = [nav.item(i).text() for i in range(nav.count()) if not nav.item(i).isHidden()]
    assert titles == [
        "Tiếp nhận",
        "Danh sách",
        "Tổng quan",
        "Lịch làm việc",
        "Nhập dữ liệu",
        "Cuộc gọi chưa ghi nhận",
    ]  # a receiver


def test_shortcuts_switch_pages(qtbot, window: MainWindow) -> None:
    keys = [spec.key for spec in PAGES]
    for key, expected in ((Qt.Key.Key_2, "cases"), (Qt.Key.Key_3, "dashboard"), (Qt.Key.Key_7, "calendar")):
        press(qtbot, key, Qt.KeyboardModifier.ControlModifier)
        assert window.current_key() == expected
        assert window.navigation.currentRow() == keys.index(expected)
    press(qtbot, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)  # Danh mục: the administrator's
    assert window.current_key() == "calendar"
    press(qtbot, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == "intake"


def test_ctrl_f_goes_to_the_case_list_search_box(qtbot, window: MainWindow) -> None:
    press(qtbot, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == "cases"
    focused = QApplication.focusWidget()
    assert isinstance(focused, QLineEdit)
    assert window.stack.currentWidget().isAncestorOf(focused)


def test_ctrl_n_from_another_page_starts_a_new_case(qtbot, window: MainWindow, type_ime) -> None:
    press(qtbot, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == "cases"
    press(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == "intake"
    assert QApplication.focusWidget() is window.intake.fields.phone
    assert window.intake.timer.is_running()


def test_f5_refreshes_the_current_page(qtbot, window: MainWindow, services: Services) -> None:
    officer = services.signed_in.actor
    assert officer is not None
    admin = next(u for u in services.catalog.users() if u.role == "admin")
    services.signed_in.sign_in(Actor(admin.id, admin.username, admin.full_name, admin.role))
    services.catalog.save_field("Phòng cháy chữa cháy")  # another PC: the administrator
    services.signed_in.sign_in(officer)
    combo = window.intake.fields.field_id
    assert combo.findText("Phòng cháy chữa cháy") < 0
    press(qtbot, Qt.Key.Key_F5)
    assert combo.findText("Phòng cháy chữa cháy") > 0


def test_status_messages_reach_the_status_bar(window: MainWindow, events: AppEvents) -> None:
    events.status_message.emit("Đã lưu vụ việc 2026-00042")
    assert window.statusBar().currentMessage() == "Đã lưu vụ việc 2026-00042"


def test_saving_a_case_reports_in_the_status_bar(qtbot, window: MainWindow, type_ime) -> None:
    type_ime(window.intake.fields.content, "Cống thoát nước ngõ 5 bị tắc.")
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert window.statusBar().currentMessage().startswith("Đã lưu vụ việc 20")


class _FakeDetail(QDialog):
    opened: ClassVar[list[tuple[int, int]]] = []

    def __init__(
        self, services: Services, events: AppEvents, case_id: int, user_id: int, parent: QWidget
    ) -> None:
        super().__init__(parent)
        _FakeDetail.opened.append((case_id, user_id))


def test_open_case_request_opens_one_detail_window_per_case(
    window: MainWindow, events: AppEvents, officer: UserItem, monkeypatch
) -> None:
    fake = types.ModuleType("app.ui.cases.case_detail_dialog")
    fake.CaseDetailDialog = _FakeDetail  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "app.ui.cases.case_detail_dialog", fake)
    _FakeDetail.opened = []

    events.case_open_requested.emit(7)
    events.case_open_requested.emit(7)
    events.case_open_requested.emit(9)

    assert _FakeDetail.opened == [(7, officer.id), (9, officer.id)]
    dialogs = window.open_dialogs()
    assert sorted(dialogs) == [7, 9] and all(d.isVisible() for d in dialogs.values())


def test_closing_the_window_writes_the_pending_draft(
    window: MainWindow, services: Services, officer: UserItem, type_ime
) -> None:
    type_ime(window.intake.fields.content, "Mất điện cả khu tập thể từ sáng.")
    assert window.intake.draft.is_pending()
    window.close()
    draft = services.drafts.load(f"intake-{officer.id}")
    assert draft is not None and draft["content"] == "Mất điện cả khu tập thể từ sáng."


def test_standard_buttons_are_vietnamese(qapp) -> None:
    translators = install_translators(qapp)
    try:
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        assert box.button(QDialogButtonBox.StandardButton.Ok).text() == "Đồng ý"
        assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "Hủy"
    finally:
        for translator in translators:
            qapp.removeTranslator(translator)


def test_officer_is_the_first_active_receiver() -> None:
    admin = UserItem(1, "admin", "Quản trị", Role.ADMIN.value, None, Channel.HOTLINE, True)
    old = UserItem(2, "cu", "Cán bộ cũ", Role.RECEIVER.value, None, Channel.HOTLINE, False)
    duty = UserItem(3, "trucban", "Cán bộ trực", Role.RECEIVER.value, None, Channel.FACEBOOK, True)
    assert pick_officer([admin, old, duty]) is duty
    assert pick_officer([admin]) is admin
    assert pick_officer([]) is None


def _run_app(tmp_path: Path, script: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "HOTLINE_SMOKE_TEST": "1",
        "HOTLINE_DATA_DIR": str(tmp_path / "data"),
    }
    env.pop("HOTLINE_DB_URL", None)
    return subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def test_smoke_run_paints_and_keeps_start_up_light(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from app.main import run_gui\n"
        f"code = run_gui({str(tmp_path / 'smoke.db')!r})\n"
        "heavy = sorted(m for m in ('openpyxl', 'reportlab') if m in sys.modules)\n"
        "print('HEAVY', heavy)\n"
        "sys.exit(code)\n"
    )
    result = _run_app(tmp_path, script)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SMOKE OK" in result.stdout
    assert "HEAVY []" in result.stdout
    assert "Traceback" not in result.stderr


def test_unreadable_database_gives_a_vietnamese_message_and_no_traceback(tmp_path: Path) -> None:
    broken = tmp_path / "hong.db"
    broken.write_bytes(b"this is not a database file " * 200)
    script = (
        "import os, sys\n"
        "os.environ.pop('HOTLINE_SMOKE_TEST')\n"
        "from app.ui import ask\n"
        "ask.error = lambda parent, title, text: print('BOX', title, '|', text)\n"
        "from app.main import run_gui\n"
        f"sys.exit(run_gui({str(broken)!r}))\n"
    )
    result = _run_app(tmp_path, script)
    assert result.returncode == 2
    assert "BOX Không mở được cơ sở dữ liệu |" in result.stdout
    assert "hong.db" in result.stdout
    assert "Traceback" not in result.stderr


def _user(services: Services, role: str) -> UserItem:
    if role == "chief":
        services.auth.add_user("cli:test", "lanh.dao", Role.CHIEF, "Lãnh đạo thử")
    for user in services.catalog.users(include_inactive=True):
        if user.role == role:
            return user
    raise AssertionError(role)


@pytest.mark.parametrize("role", ["chief", "admin"])
def test_every_page_is_built_from_the_module_its_entry_names(
    qtbot, services: Services, events: AppEvents, role: str
) -> None:
    user = _user(services, role)
    win = MainWindow(services, events, InlineTaskRunner(), user)
    qtbot.addWidget(win)
    for spec in PAGES:
        if win.may_see(spec.key):
            assert type(win.page(spec.key)).__module__ == spec.module


def test_a_page_module_missing_from_the_build_stops_start_up(
    qtbot, services: Services, events: AppEvents, officer: UserItem, monkeypatch: pytest.MonkeyPatch
) -> None:
    import app.ui.pages as pages

    broken = tuple(
        spec if spec.key != "reports" else type(spec)(**{**_fields(spec), "module": "app.ui.reports.gone"})
        for spec in pages.PAGES
    )
    monkeypatch.setattr(pages, "PAGES", broken)
    with pytest.raises(RuntimeError, match=r"thiếu màn hình: app\.ui\.reports\.gone"):
        MainWindow(services, events, InlineTaskRunner(), officer)


def _fields(spec: object) -> dict[str, object]:
    import dataclasses

    return {f.name: getattr(spec, f.name) for f in dataclasses.fields(spec)}  # type: ignore[arg-type]
