"""Nhật ký hệ thống: chief and administrator filter, read, export and verify; others are refused."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import select, text

from app.bootstrap import Services
from app.domain.permissions import Actor
from app.models import AuditLog
from app.reports.audit_xlsx import SHEET_NAME
from app.services.audit.audit_query import AuditFilter, AuditQuery
from app.services.cases.dto import NewCase
from app.ui.audit.audit_page import EMPTY_LOG, NO_MATCH, AuditPage
from app.ui.audit.audit_table_model import AuditTableModel, Column
from app.ui.reports import report_files
from app.ui.tasks import InlineTaskRunner, TaskRunner
from app.ui.widgets import theme
from app.ui.widgets.notice_bar import NoticeKind

CHIEF = Actor(1, "truong.phong", "Trưởng phòng", "chief")
ADMIN = Actor(2, "quantri", "Quản trị viên", "admin")
HANDLER = Actor(3, "canbo", "Cán bộ xử lý", "handler")
Typer = Callable[[QWidget, str], None]


def _seed(services: Services) -> str:
    """A few logins, a failed one with a Vietnamese reason, and a case created then moved."""
    audit = services.audit
    for who in ("nguyen.van.an", "tran.thi.binh", "nguyen.van.an"):
        audit.record_standalone(who, "login", "user", who)
    audit.record_standalone("?khach", "login.failed", "user", "khach", None, {"reason": "Sai mật khẩu"})
    saved = services.cases.create_case(NewCase(content="Đèn đường hỏng ở ngõ 12"), None)
    return saved.number


def _page(qtbot, services: Services, actor: Actor) -> AuditPage:
    widget = AuditPage(
        AuditQuery(services.sessions, signed_in=services.signed_in),
        services.audit,
        actor,
        InlineTaskRunner(),
        office_name="UBND Phường An Biên",
    )
    qtbot.addWidget(widget)
    widget.resize(1280, 720)
    return widget


def _cell(page: AuditPage, row: int, column: Column) -> str:
    return str(page.model.data(page.model.index(row, column)))


def _column(page: AuditPage, column: Column) -> list[str]:
    return [_cell(page, r, column) for r in range(page.model.rowCount())]


def test_chief_reads_the_log_newest_first_in_vietnamese(qtbot, services: Services) -> None:
    number = _seed(services)
    page = _page(qtbot, services, CHIEF)
    actions = _column(page, Column.ACTION)
    assert actions[0] == "Tiếp nhận vụ việc"
    assert "Đăng nhập không thành công" in actions
    assert actions.count("Đăng nhập") == 3
    assert _cell(page, 0, Column.REF) == number  # the case number, not the row id
    assert _cell(page, 0, Column.CHANGE) == "trạng thái: Mới tiếp nhận"
    failed = actions.index("Đăng nhập không thành công")
    assert _cell(page, failed, Column.CHANGE) == "lý do: Sai mật khẩu"
    assert page.stack.currentWidget() is page.table
    assert page.export_button.isEnabled() and page.verify_button.isEnabled()
    assert "Đang hiển thị 5 dòng" in page.count_label.text()


def test_selecting_a_row_shows_before_and_after(qtbot, services: Services) -> None:
    _seed(services)
    page = _page(qtbot, services, ADMIN)
    page.table.selectRow(0)
    assert "Tiếp nhận vụ việc" in page.detail.toPlainText()
    assert "Sau: trạng thái: Mới tiếp nhận" in page.detail.toPlainText()


def test_enter_in_the_account_field_applies_the_filter(qtbot, services: Services, type_ime: Typer) -> None:
    _seed(services)
    page = _page(qtbot, services, CHIEF)
    type_ime(page.filters.username, "nguyen")
    assert page.model.rowCount() == 5  # nothing happens before Enter
    QTest.keyClick(page.filters.username, Qt.Key.Key_Return)
    assert _column(page, Column.USERNAME) == ["nguyen.van.an", "nguyen.van.an"]


def test_action_combo_filters_at_once(qtbot, services: Services) -> None:
    _seed(services)
    page = _page(qtbot, services, CHIEF)
    combo = page.filters.action
    combo.setCurrentIndex(combo.findText("Đăng nhập không thành công"))
    assert _column(page, Column.ACTION) == ["Đăng nhập không thành công"]
    combo.setCurrentIndex(combo.findText("Mọi thao tác trên vụ việc"))
    assert _column(page, Column.ACTION) == ["Tiếp nhận vụ việc"]


def test_nothing_matching_shows_the_empty_state(qtbot, services: Services, type_ime: Typer) -> None:
    _seed(services)
    page = _page(qtbot, services, CHIEF)
    type_ime(page.filters.text, "không hề có chữ này")
    QTest.keyClick(page.filters.text, Qt.Key.Key_Return)
    assert page.model.rowCount() == 0
    assert page.stack.currentWidget() is page.empty
    assert page.empty.text() == NO_MATCH
    assert not page.export_button.isEnabled()
    page.filters.clear_button.click()
    assert page.model.rowCount() == 5
    assert page.stack.currentWidget() is page.table


def test_an_empty_log_says_so(qtbot, services: Services) -> None:
    with services.engine.begin() as conn:  # a fresh database already logged its set-up; start empty
        count = conn.execute(text("SELECT count(*) FROM audit_log")).scalar()
    page = _page(qtbot, services, CHIEF)
    if count:
        pytest.skip("the fresh database already has audit rows")
    assert page.empty.text() == EMPTY_LOG


def test_a_handler_is_refused_with_the_message_and_nothing_crashes(qtbot, services: Services, asked) -> None:
    _seed(services)
    page = _page(qtbot, services, HANDLER)
    assert page.model.rowCount() == 0
    assert page.notice.kind is NoticeKind.ERROR
    assert "không có quyền xem nhật ký hệ thống" in page.notice.text()
    assert page.stack.currentWidget() is page.empty
    assert "không có quyền" in page.empty.text()
    assert not page.export_button.isEnabled() and not page.verify_button.isEnabled()
    assert not page.filters.isEnabled()


def test_export_writes_the_filtered_rows_and_is_itself_audited(
    qtbot, services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _seed(services)
    page = _page(qtbot, services, CHIEF)
    page.filters.action.setCurrentIndex(page.filters.action.findText("Đăng nhập"))
    target = tmp_path / "nhật ký.xlsx"
    monkeypatch.setattr(report_files, "choose_save_path", lambda *_args: target)
    page.export_button.click()
    ws = load_workbook(target)[SHEET_NAME]
    assert [ws.cell(r, 3).value for r in range(5, ws.max_row + 1)] == ["Đăng nhập"] * 3
    assert isinstance(ws["A5"].value, datetime)
    assert ws["A1"].value == "UBND PHƯỜNG AN BIÊN"
    assert "hành động «Đăng nhập»" in ws["A3"].value
    with services.sessions() as session:
        last = session.execute(select(AuditLog).order_by(AuditLog.id.desc()).limit(1)).scalar_one()
    assert (last.action, last.username, last.object_type) == ("audit.export", CHIEF.username, "audit_log")
    assert '"rows":3' in (last.after or "")
    assert page.notice.kind is NoticeKind.SUCCESS and "Đã xuất 3 dòng" in page.notice.text()
    page.filters.clear_button.click()
    assert _cell(page, 0, Column.ACTION) == "Xuất nhật ký"


def test_cancelled_file_dialog_writes_nothing(qtbot, services: Services, monkeypatch) -> None:
    _seed(services)
    page = _page(qtbot, services, CHIEF)
    before = AuditQuery(services.sessions, signed_in=services.signed_in).count(CHIEF, AuditFilter())
    monkeypatch.setattr(report_files, "choose_save_path", lambda *_args: None)
    page.export_button.click()
    assert AuditQuery(services.sessions, signed_in=services.signed_in).count(CHIEF, AuditFilter()) == before
    assert page.export_button.isEnabled()


def test_integrity_check_reports_in_vietnamese(qtbot, services: Services, asked) -> None:
    _seed(services)
    page = _page(qtbot, services, ADMIN)
    page.verify_button.click()
    kind, title, message = asked.messages[-1]
    assert (kind, title) == ("inform", "Kiểm tra toàn vẹn nhật ký")
    assert message.startswith("Nhật ký toàn vẹn: đã kiểm tra")
    assert page.notice.kind is NoticeKind.SUCCESS
    with services.engine.begin() as conn:
        conn.execute(text("DROP TRIGGER audit_log_no_update"))
        conn.execute(
            text(
                "UPDATE audit_log SET after = '{\"reason\":\"Đúng mật khẩu\"}' WHERE action = 'login.failed'"
            )
        )
    page.verify_button.click()
    kind, _title, message = asked.messages[-1]
    assert kind == "error"
    assert message.startswith("Nhật ký đã bị can thiệp")
    assert page.notice.kind is NoticeKind.ERROR


def test_model_pages_lazily_and_passes_the_qt_model_tester(qtmodeltester, services: Services) -> None:
    for i in range(12):
        services.audit.record_standalone("cli:test", "report.export", "report", f"bc{i}")
    query = AuditQuery(services.sessions, signed_in=services.signed_in)
    model = AuditTableModel(
        lambda f, after, n: query.page(CHIEF, f, after, n), InlineTaskRunner(), page_size=5
    )
    model.reload()
    assert model.rowCount() == 5 and model.canFetchMore()
    model.fetchMore()
    model.fetchMore()
    total = query.count(CHIEF, AuditFilter())
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == total
    assert len({model.entry(r).id for r in range(total)}) == total
    qtmodeltester.check(model)


def test_screenshot(qtbot, services: Services) -> None:
    """Not an assertion of looks: leaves /tmp/shots/audit_page.png for a person to look at."""
    _seed(services)
    services.audit.record_standalone(
        "quantri", "user.disable", "user", "tran.thi.binh", {"active": True}, {"active": False}
    )
    page = _page(qtbot, services, CHIEF)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    font, style = app.font(), app.styleSheet()
    theme.apply_theme(app)  # as the app looks; undone below for the tests that follow
    try:
        page.show()
        page.table.selectRow(0)
        shots = Path("/tmp/shots")
        if shots.is_dir():
            page.grab().save(str(shots / "audit_page.png"))
    finally:
        app.setStyleSheet(style)
        app.setFont(font)
    assert page.model.rowCount() == 6


def test_reads_and_checks_with_the_real_thread_pool(qtbot, services: Services, asked) -> None:
    _seed(services)
    widget = AuditPage(
        AuditQuery(services.sessions, signed_in=services.signed_in), services.audit, CHIEF, TaskRunner()
    )
    qtbot.addWidget(widget)
    assert widget.model.rowCount() == 0  # the first page is read in a worker
    qtbot.waitUntil(lambda: widget.model.rowCount() == 5, timeout=5000)
    widget.verify_button.click()
    assert not widget.verify_button.isEnabled()
    qtbot.waitUntil(lambda: bool(asked.messages), timeout=5000)
    assert asked.messages[-1][0] == "inform"
    assert widget.verify_button.isEnabled()
