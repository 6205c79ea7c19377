"""«Cuộc gọi chưa ghi nhận» driven as the duty officer does: Enter makes a case, Del dismisses (issue 16)."""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from sqlalchemy import func, select

from app.bootstrap import Services
from app.domain.enums import CaseKind, Channel
from app.models import AuditLog, PhoneLogEntry
from app.services.calls.phone_events import WITHHELD
from app.services.cases.dto import NewCase
from app.services.catalog.dto import UserItem
from app.ui import ask
from app.ui.app_events import AppEvents
from app.ui.calls.callback_bar import CallbackBar
from app.ui.calls.dismiss_dialog import DismissDialog
from app.ui.calls.unmatched_page import UnmatchedCallsPage
from app.ui.calls.unmatched_table_model import Column
from app.ui.dashboard.dashboard_page import DashboardPage
from app.ui.main_window import MainWindow
from app.ui.tasks import InlineTaskRunner

CALLS = Path(__file__).parents[1] / "fixtures" / "calls"
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def loaded(services: Services) -> Services:
    for when, phone, kind in (("2026-02-09 09:20", "0912000001", CaseKind.FEEDBACK),
                              ("2026-01-05 10:00", "0912000009", CaseKind.DENUNCIATION)):  # fmt: skip
        services.cases.create_case(
            NewCase(content="Phản ánh cũ", received_at=datetime.fromisoformat(when), phone=phone, kind=kind,
                    citizen_name="Nguyễn Văn Tố", channel=Channel.WALK_IN),
            None,
        )  # fmt: skip
    services.calls.import_file(CALLS / "calls-20260301080000.xml")
    services.calls.import_file(CALLS / "sms-20260301080000.xml")
    return services


@pytest.fixture
def window(qtbot, loaded: Services, events: AppEvents, officer: UserItem) -> MainWindow:
    win = MainWindow(loaded, events, InlineTaskRunner(), officer)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    return win


def _page(window: MainWindow) -> UnmatchedCallsPage:
    page = window.show_page("calls")
    assert isinstance(page, UnmatchedCallsPage)
    while page.load_more():  # the page reads 100 rows, then 200 more each time it is scrolled to the bottom
        pass
    return page


def _select(page: UnmatchedCallsPage, match) -> int:  # type: ignore[no-untyped-def]
    row = page.model.find_row(match)
    assert row >= 0
    page.table.setFocus()
    page.table.selectRow(row)
    return row


def _texts(page: UnmatchedCallsPage, column: Column) -> list[str]:
    return [page.model.display_text(r, column) for r in range(page.model.rowCount())]


def test_page_lists_unmatched_calls_and_enter_makes_a_prefilled_case(
    qtbot, window: MainWindow, loaded: Services
) -> None:
    page = _page(window)
    phones = _texts(page, Column.PHONE)
    assert "0912 000 002" in phones and "0912 000 001" not in phones and WITHHELD in phones
    window.grab().save("/tmp/issue16-unmatched.png")
    _select(page, lambda r: r.phone == "+84912000002")
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert window.current_key() == "intake"
    fields = window.intake.fields
    assert "912000002" in fields.phone.text().replace(" ", "")
    assert fields.received() == datetime(2026, 2, 9, 10, 0)
    assert fields.current_channel() is Channel.HOTLINE
    fields.content.setPlainText("Hỏi thủ tục cấp đổi giấy phép xây dựng")
    window.grab().save("/tmp/issue16-intake-from-call.png")
    assert window.intake.save()
    with loaded.sessions() as session:
        entry = session.scalars(select(PhoneLogEntry).where(PhoneLogEntry.phone == "+84912000002")).one()
        assert entry.state == "logged" and entry.case_id is not None
        assert session.scalar(select(func.count()).where(AuditLog.action == "calls.case_made")) == 1
    page = _page(window)
    assert "0912 000 002" not in _texts(page, Column.PHONE)


def test_sms_thread_becomes_the_content_and_channel_sms(qtbot, window: MainWindow) -> None:
    page = _page(window)
    _select(page, lambda r: r.phone == "+84987000111" and r.at == datetime(2026, 2, 21, 19, 2, 10))
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    fields = window.intake.fields
    assert fields.current_channel() is Channel.SMS
    text = fields.content.toPlainText()
    assert "Lạch Tray tắt cả tuần nay 😟" in text and "🙏" in text and "𠀋" in text
    assert window.intake.save()
    assert "0987 000 111" not in _texts(_page(window), Column.PHONE)


def test_delete_dismisses_with_a_reason_and_ctrl_g_marks_called_back(
    qtbot, window: MainWindow, loaded: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = _page(window)

    def answer(dialog: QDialog) -> int:
        assert isinstance(dialog, DismissDialog)
        dialog.reason.setCurrentIndex(dialog.reason.findData("wrong_number"))
        dialog.note.setText("Gọi nhầm số taxi")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ask, "exec_dialog", answer)
    withheld = _select(page, lambda r: r.phone is None)
    before = page.model.rowCount()
    dismissed_id = page.model.row(withheld).id
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    while page.load_more():
        pass
    assert page.model.rowCount() == before - 1
    assert page.model.find_row(lambda r: r.id == dismissed_id) == -1
    _select(page, lambda r: r.phone == "+84912000005")
    qtbot.keyClick(page.table, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    while page.load_more():
        pass
    row = page.model.find_row(lambda r: r.phone == "+84912000005")
    assert page.model.display_text(row, Column.CALLBACK).startswith("Đã gọi lại")
    with loaded.sessions() as session:
        actions = session.scalars(select(AuditLog.action).where(AuditLog.action.like("calls.%"))).all()
    assert "calls.dismiss" in actions and "calls.called_back" in actions


def test_a_denouncers_number_shows_no_name_to_a_receiver(qtbot, window: MainWindow) -> None:
    page = _page(window)
    row = page.model.find_row(lambda r: r.phone == "+84912000009")
    assert row >= 0 and page.model.display_text(row, Column.NAME) == ""
    assert "Nguyễn Văn Tố" not in " ".join(_texts(page, Column.NAME))
    _select(page, lambda r: r.phone == "+84912000009")
    assert page.earlier.item(0).text() == "Chưa có vụ việc nào."  # the sealed case is not listed


def test_first_paint_is_fast_and_the_bar_and_tile_count(qtbot, loaded: Services, events: AppEvents) -> None:
    started = time.perf_counter()
    page = UnmatchedCallsPage(loaded, events, None, InlineTaskRunner())
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    qtbot.waitExposed(page)
    assert time.perf_counter() - started < 1.0  # measured in bench/bench_calls.py on 50,000 calls
    assert page.model.rowCount() == 100 < loaded.calls.unmatched_count()
    page.table.scrollToBottom()
    assert page.model.rowCount() == min(300, loaded.calls.unmatched_count())
    while page.load_more():
        pass
    assert page.model.rowCount() == loaded.calls.unmatched_count()
    assert len({r.id for r in page.model.rows}) == page.model.rowCount()
    bar = CallbackBar(loaded.calls, events)
    qtbot.addWidget(bar)
    bar.refresh()
    waiting, overdue = loaded.calls.callback_counts()
    assert not bar.isHidden() and f"Có {waiting} cuộc gọi nhỡ" in bar.label.text() and overdue > 0
    dashboard = DashboardPage(loaded, events)
    qtbot.addWidget(dashboard)
    assert int(dashboard.calls_tile.value.text().replace(".", "")) == loaded.calls.unmatched_count()
    assert f"{waiting} nhỡ chưa gọi lại ({overdue} quá hạn)" == dashboard.calls_tile.hint.text()
    dashboard.resize(1366, 768)
    dashboard.grab().save("/tmp/issue16-dashboard.png")


def test_the_chiefs_escalation_list_shows_missed_calls_not_called_back(
    qtbot, loaded: Services, events: AppEvents, officer: UserItem
) -> None:
    from app.domain.permissions import Actor
    from app.ui.deadlines.escalation_page import EscalationPage

    loaded.signed_in.sign_in(Actor(officer.id, officer.username, officer.full_name, "chief"))
    page = EscalationPage(loaded, events, officer.id)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitExposed(page)
    _waiting, overdue = loaded.calls.callback_counts()
    assert overdue > 0 and page.callbacks.isVisible()
    assert page.callbacks.title.text().endswith(f": {overdue}")
    texts = [page.callbacks.list.item(i).text() for i in range(page.callbacks.list.count())]
    assert any("0912 000 005" in t for t in texts) and not any("0912 000 004" in t for t in texts)
    qtbot.wait(50)
    page.grab().save("/tmp/issue16-escalation.png")


def test_import_from_the_page_reports_counts_and_a_bad_file(
    qtbot, services: Services, events: AppEvents
) -> None:
    page = UnmatchedCallsPage(services, events, None, InlineTaskRunner())
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    assert page.model.rowCount() == 0
    page.import_file(CALLS / "sms-20260301080000.xml")
    assert "Đã nhập «sms-20260301080000.xml»" in page.message.text() and page.model.rowCount() == 3
    page.import_file(CALLS / "bomb.xml")
    assert "bom XML" in page.message.text() and page.import_button.isEnabled()
    assert page.model.rowCount() == 3
