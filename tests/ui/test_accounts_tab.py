"""Accounts tab: the administrator adds, edits, limits a chief, resets, disables and unlocks accounts."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWidget
from pytestqt.qtbot import QtBot

from app.bootstrap import Services
from app.domain.enums import Role
from app.domain.permissions import Actor
from app.services.accounts.auth_service import AuthError
from app.ui.settings.account_password_dialog import TemporaryPasswordDialog
from app.ui.settings.account_table_model import Column
from app.ui.settings.accounts_tab import AccountsTab

if TYPE_CHECKING:
    from tests.ui.conftest import AskLog

PASSWORD = "Quantri@2026"
TypeText = Callable[[QWidget, str], None]


@pytest.fixture
def admin(services: Services) -> Actor:
    services.auth.set_password("cli:test", "admin", PASSWORD)
    return services.auth.login("admin", PASSWORD)


@pytest.fixture
def tab(qtbot: QtBot, services: Services, admin: Actor) -> AccountsTab:
    widget = AccountsTab(services.auth, services.catalog, admin)
    qtbot.addWidget(widget)
    widget.resize(1200, 620)
    return widget


def _department(services: Services, name: str) -> int:
    return next(d.id for d in services.catalog.departments() if d.name == name)


def _select(tab: AccountsTab, username: str) -> None:
    row = tab.model.row_of(username)
    assert row >= 0, username
    tab.table.selectRow(row)


def _cell(tab: AccountsTab, username: str, column: Column) -> str:
    return str(tab.model.index(tab.model.row_of(username), column).data())


def _take_password(into: list[str]) -> Callable[[QDialog], None]:
    def handler(dialog: QDialog) -> None:
        assert isinstance(dialog, TemporaryPasswordDialog)
        assert "phải đổi mật khẩu" in " ".join(w.text() for w in dialog.findChildren(type(dialog.copied)))
        into.append(dialog.password.text())
        dialog.accept()

    return handler


def _check(tab: AccountsTab, names: set[str]) -> None:
    listing = tab.form.chief_departments
    for row in range(listing.count()):
        item = listing.item(row)
        item.setCheckState(Qt.CheckState.Checked if item.text() in names else Qt.CheckState.Unchecked)


def test_the_table_shows_every_account_with_its_state(tab: AccountsTab, services: Services) -> None:
    assert [tab.model.account(r).username for r in range(tab.model.rowCount())] == ["admin", "trucban"]
    assert _cell(tab, "admin", Column.STATE) == "Hoạt động"
    assert _cell(tab, "trucban", Column.STATE) == "Chưa có mật khẩu"
    assert _cell(tab, "trucban", Column.ROLE) == "Cán bộ tiếp nhận"
    assert _cell(tab, "trucban", Column.LAST_LOGIN) == "Chưa đăng nhập"
    assert _cell(tab, "admin", Column.LAST_LOGIN) != "Chưa đăng nhập"  # the admin just logged in


def test_model_passes_qt_model_tester(qtmodeltester, tab: AccountsTab) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(tab.model)


def test_adding_a_limited_chief_shows_the_password_once_and_it_logs_in(
    qtbot: QtBot, tab: AccountsTab, services: Services, asked: AskLog, type_ime: TypeText
) -> None:
    tab.add_button.click()
    assert tab.form_box.title() == "Tài khoản mới" and not tab.login_box.isVisibleTo(tab)
    type_ime(tab.form.full_name, "Phạm Thị Lan")
    tab.form.username.setText("lan.pt")
    assert not tab.form.chief_departments.isVisibleTo(tab)  # only a chief has departments to tick
    tab.form.role.setCurrentIndex(tab.form.role.findData(Role.CHIEF.value))
    assert tab.form.chief_departments.isVisibleTo(tab)
    _check(tab, {"Công an phường", "Phòng Văn hóa - Xã hội"})
    passwords: list[str] = []
    asked.dialog_handlers.append(_take_password(passwords))
    with qtbot.waitSignal(tab.saved) as saved:
        qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert saved.args == ["Đã tạo tài khoản lan.pt."] and len(passwords) == 1
    assert tab.current_username == "lan.pt" and tab.form.username.isReadOnly()
    assert _cell(tab, "lan.pt", Column.DEPARTMENT) == "Công an phường; Phòng Văn hóa - Xã hội"
    assert _cell(tab, "lan.pt", Column.STATE) == "Phải đổi mật khẩu"
    chief = services.auth.login("lan.pt", passwords[0])
    assert chief.must_change and chief.full_name == "Phạm Thị Lan"
    assert chief.allowed_department_ids == {
        _department(services, "Công an phường"),
        _department(services, "Phòng Văn hóa - Xã hội"),
    }


def test_editing_an_account_saves_role_department_and_limits(
    tab: AccountsTab, services: Services, asked: AskLog, type_ime: TypeText
) -> None:
    _select(tab, "trucban")
    assert tab.form.full_name.text() == "Cán bộ trực" and tab.form_box.title() == "Tài khoản trucban"
    tab.form.full_name.clear()
    type_ime(tab.form.full_name, "Nguyễn Văn Trực")
    tab.form.department.setCurrentIndex(tab.form.department.findText("Công an phường"))
    tab.save_button.click()
    assert asked.messages == []
    assert _cell(tab, "trucban", Column.FULL_NAME) == "Nguyễn Văn Trực"
    assert _cell(tab, "trucban", Column.DEPARTMENT) == "Công an phường"
    tab.form.role.setCurrentIndex(tab.form.role.findData(Role.CHIEF.value))
    _check(tab, {"Ban Chỉ huy quân sự"})
    tab.save_button.click()
    assert _cell(tab, "trucban", Column.DEPARTMENT) == "Ban Chỉ huy quân sự"
    assert tab.message.text() == "Đã lưu tài khoản trucban."
    _check(tab, set())
    tab.save_button.click()
    assert _cell(tab, "trucban", Column.DEPARTMENT) == "Mọi đơn vị"


def test_a_refused_save_shows_the_message_and_keeps_what_was_typed(
    tab: AccountsTab, asked: AskLog, type_ime: TypeText
) -> None:
    _select(tab, "trucban")
    tab.add_button.click()
    assert tab.form.full_name.text() == "" and not tab.form.username.isReadOnly()
    assert not tab.add_button.isEnabled()  # clicking it again would wipe what is being typed
    type_ime(tab.form.full_name, "Trần Thị Bình")
    tab.form.username.setText("trucban")  # already taken
    tab.save_button.click()
    assert asked.messages == [("error", "Không thực hiện được", "Tên đăng nhập «trucban» đã được dùng.")]
    assert tab.form.full_name.text() == "Trần Thị Bình" and tab.form.username.text() == "trucban"
    assert tab.message.text() == "Tên đăng nhập «trucban» đã được dùng."
    assert tab.model.rowCount() == 2


def test_the_last_administrator_cannot_be_demoted_from_the_screen(
    tab: AccountsTab, services: Services, asked: AskLog
) -> None:
    services.auth.add_user("cli:test", "quantri2", Role.ADMIN, "Quản trị hai")
    tab.reload()
    services.auth.disable("cli:test", "quantri2")
    tab.reload()
    _select(tab, "admin")
    tab.form.role.setCurrentIndex(tab.form.role.findData(Role.HANDLER.value))
    tab.save_button.click()
    assert asked.messages[-1][2].startswith("Không thể tự đổi vai trò")
    assert tab.form.role.currentData() == Role.HANDLER.value  # the form keeps the choice
    assert _cell(tab, "admin", Column.ROLE) == "Quản trị"


def test_reset_password_asks_then_shows_the_temporary_password(
    tab: AccountsTab, services: Services, asked: AskLog
) -> None:
    _select(tab, "trucban")
    asked.answers.append(False)
    tab.reset_button.click()
    assert asked.dialogs == [] and "Đặt lại mật khẩu cho tài khoản trucban" in asked.confirms[0][1]
    passwords: list[str] = []
    asked.answers.append(True)
    asked.dialog_handlers.append(_take_password(passwords))
    tab.reset_button.click()
    assert len(passwords) == 1 and services.auth.login("trucban", passwords[0]).must_change
    assert _cell(tab, "trucban", Column.STATE) == "Phải đổi mật khẩu"


def test_disable_and_enable_again(tab: AccountsTab, services: Services, asked: AskLog) -> None:
    temporary = services.auth.admin_reset("cli:test", "trucban")
    tab.reload()
    _select(tab, "trucban")
    assert tab.toggle_button.text() == "&Vô hiệu hóa"
    asked.answers.append(True)
    tab.toggle_button.click()
    assert _cell(tab, "trucban", Column.STATE) == "Vô hiệu hóa"
    assert tab.toggle_button.text() == "Kích &hoạt lại"
    with pytest.raises(AuthError, match="vô hiệu hóa"):
        services.auth.login("trucban", temporary)
    tab.toggle_button.click()  # enabling asks nothing
    assert _cell(tab, "trucban", Column.STATE) == "Phải đổi mật khẩu"
    assert services.auth.login("trucban", temporary).username == "trucban"


def test_a_locked_account_shows_until_when_and_can_be_unlocked(tab: AccountsTab, services: Services) -> None:
    temporary = services.auth.admin_reset("cli:test", "trucban")
    for _ in range(5):
        with pytest.raises(AuthError):
            services.auth.login("trucban", "sai-mat-khau")
    tab.reload()
    assert _cell(tab, "trucban", Column.STATE).startswith("Tạm khóa đến ")
    _select(tab, "trucban")
    assert tab.unlock_button.isEnabled() and "vì nhập sai mật khẩu" in tab.state.text()
    tab.unlock_button.click()
    assert not tab.unlock_button.isEnabled()
    assert _cell(tab, "trucban", Column.STATE) == "Phải đổi mật khẩu"
    assert services.auth.login("trucban", temporary).username == "trucban"


def test_a_chief_is_refused_with_a_vietnamese_message(qtbot: QtBot, services: Services, admin: Actor) -> None:
    services.auth.add_user(admin, "lan.pt", Role.CHIEF, "Phạm Thị Lan")
    services.auth.set_password("cli:test", "lan.pt", "Truong@2026")
    chief = services.auth.login("lan.pt", "Truong@2026")
    widget = AccountsTab(services.auth, services.catalog, chief)
    qtbot.addWidget(widget)
    assert widget.model.rowCount() == 0
    assert widget.message.text() == (
        "Chỉ quản trị viên được quản lý tài khoản; tài khoản «lan.pt» không có quyền này."
    )
    assert not widget.save_button.isEnabled() and not widget.form.isEnabled()


def test_keyboard_only_a_new_account_is_saved_with_ctrl_s(
    qtbot: QtBot, tab: AccountsTab, services: Services, asked: AskLog, type_ime: TypeText
) -> None:
    with qtbot.waitActive(tab):
        tab.show()
        tab.activateWindow()
    tab.start_new()
    assert tab.form.full_name.hasFocus()
    type_ime(tab.form.full_name, "Đỗ Văn Nam")
    tab.form.username.setFocus()
    tab.form.username.setText("nam.dv")
    asked.dialog_handlers.append(_take_password([]))
    qtbot.keyClick(tab.form.username, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert "nam.dv" in {a.username for a in services.auth.accounts()}
    assert tab.current_username == "nam.dv"
