"""Catalogue screen: office details, departments, fields and officers, with catalog_changed."""

from __future__ import annotations

import pytest
from helpers_cases import type_text

from app.bootstrap import Services
from app.domain.enums import Role
from app.ui.app_events import AppEvents
from app.ui.settings.catalog_page import CatalogPage

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def page(qtbot, services: Services, events: AppEvents) -> CatalogPage:
    services.auth.set_password("cli:test", "admin", "Tr@cBan-2026")
    services.signed_in.sign_in(services.auth.login("admin", "Tr@cBan-2026"))
    widget = CatalogPage(services, events)
    qtbot.addWidget(widget)
    return widget


def test_office_details_are_saved(qtbot, page: CatalogPage, services: Services, events: AppEvents) -> None:
    leader = page.office.edits["leader_name"]
    leader.clear()
    type_text(leader, "Phạm Văn Hùng")
    with qtbot.waitSignal(events.catalog_changed, timeout=1000):
        page.office.save_button.click()
    assert services.catalog.office().leader_name == "Phạm Văn Hùng"
    assert page.office.message.text() == "Đã lưu thông tin cơ quan."


def test_office_without_name_is_refused_and_typing_kept(page: CatalogPage, services: Services) -> None:
    before = services.catalog.office().name
    page.office.edits["name"].clear()
    type_text(page.office.edits["hotline"], "0225 3842 123")
    page.office.save_button.click()
    assert page.office.message.text() == "Tên cơ quan không được để trống."
    assert page.office.edits["hotline"].text() == "0225 3842 123"
    assert services.catalog.office().name == before


def test_added_department_appears_in_list_and_other_screens_hear_of_it(
    qtbot, page: CatalogPage, services: Services, events: AppEvents
) -> None:
    tab = page.departments
    tab.start_new()
    type_text(tab.name, "Phòng Tư pháp")
    type_text(tab.code, "TP")
    with qtbot.waitSignal(events.catalog_changed, timeout=1000):
        tab.save_button.click()
    assert "Phòng Tư pháp" in tab.row_texts()
    assert "Phòng Tư pháp" in [d.name for d in services.catalog.departments()]
    assert tab.message.text() == "Đã lưu đơn vị."
    assert page.users.form.department.findText("Phòng Tư pháp") >= 0  # refreshed through catalog_changed


def _add_duplicate_department(page: CatalogPage) -> str:
    tab = page.departments
    existing = tab.row_texts()[0]
    tab.start_new()
    type_text(tab.name, existing)
    tab.save_button.click()
    return existing


def test_duplicate_department_is_refused_and_typing_kept(page: CatalogPage) -> None:
    existing = _add_duplicate_department(page)
    tab = page.departments
    assert tab.message.text() and tab.message.styleSheet() == "color: #a4161a;"
    assert tab.name.text() == existing
    assert tab.row_texts().count(existing) == 1


def test_duplicate_department_message_names_the_department(page: CatalogPage) -> None:
    existing = _add_duplicate_department(page)
    assert page.departments.message.text() == f"Đơn vị «{existing}» đã có trong danh mục."


def test_deactivate_and_reactivate_a_department(page: CatalogPage, services: Services) -> None:
    tab = page.departments
    tab.table.selectRow(0)
    name = tab.name.text()
    assert tab.toggle_button.text() == "Ngừng hoạt động"
    tab.toggle_button.click()
    assert name not in [d.name for d in services.catalog.departments()]
    assert tab.row_texts(2)[tab.row_texts().index(name)] == "Ngừng hoạt động"
    assert tab.toggle_button.text() == "Kích hoạt lại"
    tab.toggle_button.click()
    assert name in [d.name for d in services.catalog.departments()]


def test_edit_a_field_name(page: CatalogPage, services: Services) -> None:
    tab = page.fields
    row = tab.row_texts().index("Đất đai")
    tab.table.selectRow(row)
    assert tab.code.isReadOnly() and tab.code.text() == "dat_dai"
    tab.name.clear()
    type_text(tab.name, "Đất đai, địa chính")
    tab.save_button.click()
    assert "Đất đai, địa chính" in [f.name for f in services.catalog.fields()]
    assert tab.row_texts()[row] == "Đất đai, địa chính"


def test_the_accounts_tab_is_the_officer_catalogue(page: CatalogPage) -> None:
    tabs = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert "Tài khoản cán bộ" in tabs and "Cán bộ" not in tabs
    assert page.users.save_button.isEnabled()  # the administrator may manage accounts here


def test_a_non_administrator_is_refused_at_the_service_not_only_on_screen(services: Services) -> None:
    from app.domain.permissions import Actor
    from app.services.accounts.auth_service import PermissionDenied

    officer = next(u for u in services.catalog.users() if u.role == Role.RECEIVER.value)
    services.signed_in.sign_in(Actor(officer.id, officer.username, officer.full_name, officer.role))
    with pytest.raises(PermissionDenied, match="không có quyền quản lý danh mục"):
        services.catalog.save_department("Phòng Tư pháp", "TP")
    assert "Phòng Tư pháp" not in [d.name for d in services.catalog.departments()]
