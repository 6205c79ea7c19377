"""The case screen's «Trả lời và duyệt» tab: first answer, draft → approval → sent, call-back reopening."""

from __future__ import annotations

import pytest
from helpers_cases import new_case, type_text, user_id

from app.bootstrap import Services
from app.domain.enums import CaseStatus
from app.domain.reply_loop import CallbackResult
from app.ui.app_events import AppEvents
from app.ui.cases.case_detail_dialog import CaseDetailDialog

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def dialog(qtbot, services: Services, events: AppEvents) -> CaseDetailDialog:
    case_id = new_case(services, "Cống thoát nước ngõ 6 Tô Hiệu bị tắc, nước tràn ra đường", days_ago=0)
    widget = CaseDetailDialog(services, events, case_id, user_id(services))
    qtbot.addWidget(widget)
    widget.side_tabs.setCurrentWidget(widget.reply_loop)
    return widget


def _status(services: Services, dialog: CaseDetailDialog) -> CaseStatus:
    return services.detail.get(dialog.case_id).status


def test_first_answer_then_reply_signed_and_sent_then_call_back(
    qtbot, dialog: CaseDetailDialog, services: Services
) -> None:
    panel = dialog.reply_loop
    assert panel.first_state.text().startswith("Chưa trả lời ban đầu — hạn ")
    type_text(panel.first_text, "Đã tiếp nhận, Phòng Kinh tế xử lý")
    panel.first_button.click()
    assert panel.first_state.text().startswith("Đã trả lời ngày") and "đúng hạn" in panel.first_state.text()
    assert not panel.first_button.isEnabled()

    panel.template_button.click()
    assert "Trần Thị Mai" in panel.draft_text.toPlainText()
    panel.send_button.click()  # nothing saved yet: refused, with words
    assert "chưa có dự thảo" in panel.message.text()
    panel.save_button.click()
    panel.send_button.click()
    assert panel.message.text() == "Chỉ ghi nhận đã gửi được trả lời đã được lãnh đạo duyệt."
    panel.submit_button.click()
    assert "Chờ lãnh đạo duyệt" in panel.draft_state.text()
    panel.return_button.click()
    assert panel.message.text() == "Cần ghi ý kiến khi trả lại dự thảo."
    type_text(panel.comment, "Ghi rõ ngày khơi thông cống")
    panel.return_button.click()
    assert "Ý kiến lãnh đạo: Ghi rõ ngày khơi thông cống" in panel.draft_state.text()
    panel.draft_text.setPlainText(panel.draft_text.toPlainText() + "\nNgày 20/11 đã khơi thông cống.")
    panel.save_button.click()
    panel.submit_button.click()
    panel.approve_button.click()
    assert "Đã duyệt" in panel.draft_state.text()
    dialog.resize(1366, 768)
    dialog.grab().save("/tmp/issue15-reply-tab.png")
    panel.send_button.click()
    assert _status(services, dialog) is CaseStatus.REPLIED

    panel.callback_result.setCurrentIndex(panel.callback_result.findData(CallbackResult.NOT_SATISFIED.value))
    type_text(panel.callback_note, "Cống lại tắc sau mưa")
    panel.callback_button.click()
    assert panel.message.text() == "Đã ghi kết quả gọi lại. Vụ việc được mở lại."
    assert _status(services, dialog) is CaseStatus.IN_PROGRESS
    assert "Mở lại" in [row[2] for row in dialog.history.texts(dialog.history.timeline)]


def test_deadline_tab_shows_the_first_answer_done(qtbot, dialog: CaseDetailDialog) -> None:
    assert "Trả lời ban đầu" in dialog.clock.legal.toPlainText()  # the notify step of the rule table
    assert "đã xong" not in dialog.clock.legal.toPlainText()
    panel = dialog.reply_loop
    type_text(panel.first_text, "Đã tiếp nhận")
    panel.first_button.click()
    dialog.clock.reload()
    assert "Trả lời ban đầu: đã xong" in dialog.clock.legal.toPlainText()


def test_reminder_names_first_answers_owed(qtbot, services: Services, events: AppEvents) -> None:
    from PySide6.QtWidgets import QWidget

    from app.ui.deadlines.reminder_dialog import ReminderScheduler

    late = new_case(services, "Rác thải tồn đọng đầu ngõ 12 Lê Lợi", days_ago=10)
    number = services.detail.get(late).number
    window = QWidget()
    qtbot.addWidget(window)
    scheduler = ReminderScheduler(services, events, user_id(services), window)
    assert scheduler.remind() is True and scheduler.dialog is not None
    text = scheduler.dialog.first_answers.text()
    assert "Quá hạn trả lời ban đầu: 1 vụ việc" in text and number in text


def test_dashboard_counts_replies_awaiting_the_chief_and_call_backs(
    qtbot, services: Services, events: AppEvents, dialog: CaseDetailDialog
) -> None:
    from app.ui.dashboard.dashboard_page import DashboardPage

    panel = dialog.reply_loop
    panel.draft_text.setPlainText("Đã khơi thông cống ngày 20/11.")
    panel.save_button.click()
    panel.submit_button.click()
    page = DashboardPage(services, events)
    qtbot.addWidget(page)
    assert page.approval_tile.value.text() == "1" and page.callback_tile.value.text() == "0"
    panel.approve_button.click()
    panel.send_button.click()
    page.refresh()
    assert page.approval_tile.value.text() == "0" and page.callback_tile.value.text() == "1"
    page.resize(1366, 768)
    page.show()
    page.grab().save("/tmp/issue15-dashboard.png")


def test_letter_of_the_approved_reply_is_saved_and_opened(
    qtbot, dialog: CaseDetailDialog, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import subprocess

    from app.ui.cases import form_printing

    target = tmp_path / "tra-loi.pdf"
    opened: list[object] = []
    monkeypatch.setattr(form_printing, "choose_pdf_path", lambda *_a: target)
    monkeypatch.setattr(form_printing, "open_file", lambda path: opened.append(path) or True)
    panel = dialog.reply_loop
    panel.draft_text.setPlainText("Ngày 20/11/2026 đã khơi thông cống ngõ 6 Tô Hiệu.")
    panel.save_button.click()
    panel.letter_button.click()
    assert (
        panel.message.text() == "Chỉ in được văn bản trả lời đã được lãnh đạo duyệt." and not target.exists()
    )
    panel.submit_button.click()
    panel.approve_button.click()
    panel.letter_button.click()
    assert opened == [target]
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True, check=True).stdout
    assert "đã khơi thông cống ngõ 6 Tô Hiệu" in " ".join(text.split())


def test_reminder_names_cases_reopened_by_a_call_back(qtbot, events: AppEvents) -> None:
    from app.ui.deadlines.reminder_dialog import ReminderDialog

    reminder = ReminderDialog(events)
    qtbot.addWidget(reminder)
    reminder.show_reopened([(7, "2026-00007", "Cống lại tắc <sau mưa>")])
    assert not reminder.reopened.isHidden()
    assert "Mở lại do công dân chưa hài lòng: 1 vụ việc" in reminder.reopened.text()
    assert "2026-00007 (Cống lại tắc &lt;sau mưa&gt;)" in reminder.reopened.text()


def test_notices_of_a_complaint_from_the_reply_tab(
    qtbot, services: Services, events: AppEvents, asked, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import subprocess
    from datetime import date

    from PySide6.QtWidgets import QDialog

    from app.domain.enums import CaseKind, Channel
    from app.domain.reply_loop import NoticeKind
    from app.ui.cases import form_printing
    from app.ui.cases.notice_printing import NoticeDialog

    target = tmp_path / "thong-bao.pdf"
    opened: list[object] = []
    monkeypatch.setattr(form_printing, "choose_pdf_path", lambda *_a: target)
    monkeypatch.setattr(form_printing, "open_file", lambda path: opened.append(path) or True)
    case_id = new_case(
        services, "Khiếu nại Quyết định số 45/QĐ-UBND về thu hồi đất tại tổ dân phố số 3",
        kind=CaseKind.COMPLAINT, channel=Channel.WALK_IN,
    )  # fmt: skip
    dialog = CaseDetailDialog(services, events, case_id, user_id(services))
    qtbot.addWidget(dialog)
    dialog.side_tabs.setCurrentWidget(dialog.reply_loop)
    panel = dialog.reply_loop
    assert not panel.notice_button.isHidden()

    def choose(kind: NoticeKind) -> None:
        next(a for a in panel.notice_button.menu().actions() if a.data() == kind.value).trigger()

    shown: list[str] = []

    def refused_then_cancel(form: QDialog) -> None:
        assert isinstance(form, NoticeDialog) and form.reason.isHidden()
        form.save_button.click()
        shown.append(form.error.text())
        form.resize(700, 300)
        form.grab().save("/tmp/issue15-notice-dialog.png")
        form.reject()

    asked.dialog_handlers.append(refused_then_cancel)
    choose(NoticeKind.ACCEPTED)
    assert shown == [
        f"Vụ việc {panel.first.number} chưa được thụ lý: hãy ghi ngày và số quyết định thụ lý ở phần "  # type: ignore[union-attr]
        "Thời hạn trước khi in thông báo thụ lý."
    ]
    assert not target.exists() and opened == []

    def fill_reason(form: QDialog) -> None:
        assert isinstance(form, NoticeDialog) and not form.reason.isHidden()
        type_text(form.number, "07")
        form.save_button.click()
        assert "Hãy ghi lý do không thụ lý" in form.error.text()
        type_text(form.reason, "Quyết định bị khiếu nại đã được Tòa án thụ lý giải quyết")
        form.save_button.click()

    asked.dialog_handlers.append(fill_reason)
    asked.answers.append(True)  # «Mở tệp»
    choose(NoticeKind.NOT_ACCEPTED)
    assert opened == [target] and panel.message.text().startswith("Đã lưu thông báo không thụ lý")
    text = " ".join(
        subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True).stdout.split()
    )
    assert "Số: 07/TB-" in text and "Về việc không thụ lý giải quyết khiếu nại" in text
    assert "Thông báo (Về việc không thụ lý giải quyết khiếu nại) số 07/TB-" in " ".join(
        " ".join(row) for row in dialog.history.texts(dialog.history.timeline)
    )
    services.case_clock.record_acceptance(case_id, date.today(), "12/TB-UBND", None)
    dialog.resize(1366, 768)
    dialog.show()
    dialog.grab().save("/tmp/issue15-reply-tab-notices.png")


def test_no_notice_button_for_a_feedback(qtbot, dialog: CaseDetailDialog) -> None:
    assert dialog.reply_loop.notice_button.isHidden() and not dialog.reply_loop.letter_button.isHidden()
