"""The loop back to the citizen on the case screen: first answer, the reply the chief signs, call-back.

Each button is one service call; the panel then reads the case again and tells the other
screens. Whether a button may be used is decided by the services (a refusal shows its words).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.bootstrap import Services
from app.domain.enums import ReplyMethod
from app.domain.reply_loop import CallbackResult, DraftStatus, FirstAnswerMethod, NoticeKind
from app.reports.errors import ReportError
from app.services.core.errors import ServiceError
from app.services.replies.dto import DraftView, FirstAnswerView
from app.ui.app_events import AppEvents
from app.ui.cases import form_printing, notice_printing

_ERROR_STYLE = "background: #fbe0de; color: #7d1014; padding: 6px 10px; border-radius: 4px;"
_OK_STYLE = "background: #e3efe0; color: #25562a; padding: 6px 10px; border-radius: 4px;"


def _combo(items: list[tuple[str, str]]) -> QComboBox:
    box = QComboBox()
    for value, label in items:
        box.addItem(label, value)
    return box


def _today_edit() -> QDateEdit:
    edit = QDateEdit(QDate.currentDate())
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd/MM/yyyy")
    return edit


class ReplyLoopPanel(QWidget):
    """Trả lời ban đầu, dự thảo trả lời (soạn, trình, duyệt, trả lại, gửi) and gọi lại hỏi ý kiến."""

    template_button: QPushButton
    save_button: QPushButton
    submit_button: QPushButton
    approve_button: QPushButton
    return_button: QPushButton
    send_button: QPushButton
    letter_button: QPushButton
    notice_button: QPushButton

    def __init__(
        self, services: Services, events: AppEvents, case_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._events = events
        self._case_id = case_id
        self.draft: DraftView | None = None
        self.first: FirstAnswerView | None = None
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()
        box = QVBoxLayout(self)
        box.addWidget(self._first_group())
        box.addWidget(self._draft_group(), 1)
        box.addWidget(self._callback_group())
        box.addWidget(self.message)
        self.reload()

    # --- building -----------------------------------------------------------------------
    def _first_group(self) -> QGroupBox:
        group = QGroupBox("Trả lời ban đầu (báo đã tiếp nhận, đơn vị xử lý)")
        self.first_state = QLabel()
        self.first_state.setWordWrap(True)
        self.first_method = _combo([(m.value, m.label) for m in FirstAnswerMethod])
        self.first_date = _today_edit()
        self.first_text = QLineEdit()
        self.first_text.setPlaceholderText("Đã báo công dân những gì")
        self.first_button = QPushButton("Ghi trả lời ban đầu")
        self.first_button.clicked.connect(self._on_first_clicked)
        grid = QGridLayout(group)
        grid.addWidget(self.first_state, 0, 0, 1, 4)
        grid.addWidget(self.first_method, 1, 0)
        grid.addWidget(self.first_date, 1, 1)
        grid.addWidget(self.first_text, 1, 2)
        grid.addWidget(self.first_button, 1, 3)
        grid.setColumnStretch(2, 1)
        return group

    def _draft_group(self) -> QGroupBox:
        group = QGroupBox("Dự thảo trả lời công dân (lãnh đạo duyệt trước khi gửi)")
        self.draft_state = QLabel()
        self.draft_state.setWordWrap(True)
        self.draft_text = QPlainTextEdit()
        self.draft_text.setPlaceholderText(
            "Nội dung trả lời công dân; «Điền từ mẫu» lấy mẫu theo loại vụ việc"
        )
        self.comment = QLineEdit()
        self.comment.setPlaceholderText("Ý kiến của lãnh đạo khi trả lại")
        self.send_method = _combo([(m.value, m.label) for m in ReplyMethod])
        self.send_method.setCurrentIndex(list(ReplyMethod).index(ReplyMethod.DOCUMENT))
        buttons = [
            ("template_button", "Điền từ mẫu", self._on_template_clicked),
            ("save_button", "Lưu dự thảo", self._on_save_clicked),
            ("submit_button", "Trình duyệt", self._on_submit_clicked),
            ("approve_button", "Duyệt", self._on_approve_clicked),
            ("return_button", "Trả lại", self._on_return_clicked),
            ("send_button", "Ghi nhận đã gửi", self._on_send_clicked),
            ("letter_button", "In văn bản trả lời…", self._on_letter_clicked),
        ]
        row, row2 = QHBoxLayout(), QHBoxLayout()
        for name, label, slot in buttons:
            button = QPushButton(label)
            button.clicked.connect(slot)
            setattr(self, name, button)
        for name in ("template_button", "save_button", "submit_button"):
            row.addWidget(getattr(self, name))
        row.addStretch(1)
        row.addWidget(self.send_method)
        row.addWidget(self.send_button)
        row2.addWidget(self.letter_button)
        self.notice_button = notice_printing.notice_button(self, self._on_notice_chosen)
        row2.addWidget(self.notice_button)
        row2.addWidget(self.comment, 1)
        row2.addWidget(self.return_button)
        row2.addWidget(self.approve_button)
        box = QVBoxLayout(group)
        box.addWidget(self.draft_state)
        box.addWidget(self.draft_text, 1)
        box.addLayout(row)
        box.addLayout(row2)
        return group

    def _callback_group(self) -> QGroupBox:
        group = QGroupBox("Gọi lại hỏi ý kiến công dân (sau khi đã trả lời)")
        self.callback_result = _combo([(r.value, r.label) for r in CallbackResult])
        self.callback_note = QLineEdit()
        self.callback_note.setPlaceholderText("Ghi chú (bắt buộc khi chưa hài lòng)")
        self.callback_button = QPushButton("Ghi kết quả gọi lại")
        self.callback_button.clicked.connect(self._on_callback_clicked)
        row = QHBoxLayout(group)
        row.addWidget(self.callback_result)
        row.addWidget(self.callback_note, 1)
        row.addWidget(self.callback_button)
        return group

    # --- reading ------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the first answer and the current draft again (typed text is replaced)."""
        try:
            self.first = self._services.first_answers.view(self._case_id)
            self.draft = self._services.reply_drafts.current(self._case_id)
        except ServiceError as error:
            self._show(error.message, ok=False)
            return
        self._show_first(self.first)
        self._show_draft(self.draft)
        self.notice_button.setVisible(self._services.notices.offered(self._case_id))

    def _show_first(self, first: FirstAnswerView) -> None:
        due = f"hạn {first.due:%d/%m/%Y}" if first.due else "loại vụ việc này không có bước trả lời ban đầu"
        if first.answered_on is not None:
            when = "đúng hạn" if first.on_time else "quá hạn"
            text = f"Đã trả lời ngày {first.answered_on:%d/%m/%Y} ({first.method_label}, {when}; {due}): {first.text}"
        else:
            text = f"Chưa trả lời ban đầu — {due}."
        self.first_state.setText(text)
        for widget in (self.first_method, self.first_date, self.first_text, self.first_button):
            widget.setEnabled(first.answered_on is None and first.due is not None)

    def _show_draft(self, draft: DraftView | None) -> None:
        if draft is None or draft.status == DraftStatus.SENT.value:
            sent = " Trả lời đã duyệt đã được gửi." if draft else ""
            self.draft_state.setText(f"Chưa có dự thảo đang soạn.{sent}")
            self.draft_text.setPlainText("")
            return
        text = f"<b>{draft.status_label}</b> (lần sửa {draft.version})"
        if draft.changed_since_submitted:
            text += " — <span style='color:#a4161a'>đã sửa sau khi trình duyệt</span>"
        if draft.comment:
            text += f"<br>Ý kiến lãnh đạo: {draft.comment}"
        self.draft_state.setText(text)
        self.draft_text.setPlainText(draft.text)

    # --- actions ------------------------------------------------------------------------
    def _run(self, call: Callable[[], object], done: str) -> bool:
        try:
            call()
        except ServiceError as error:
            self._show(error.message, ok=False)
            return False
        self.reload()
        self._show(done, ok=True)
        self._events.cases_changed.emit(self._case_id)
        self._events.status_message.emit(done)
        return True

    def _on_first_clicked(self) -> None:
        method = FirstAnswerMethod(self.first_method.currentData())
        day: date = self.first_date.date().toPython()  # type: ignore[assignment]
        text = self.first_text.text()
        if self._run(lambda: self._services.first_answers.record(self._case_id, method, day, text),
                     "Đã ghi trả lời ban đầu."):  # fmt: skip
            self.first_text.clear()

    def _on_template_clicked(self) -> None:
        try:
            _code, text = self._services.reply_templates.fill_for_case(self._case_id)
        except ServiceError as error:
            self._show(error.message, ok=False)
            return
        self.draft_text.setPlainText(text)

    def _on_save_clicked(self) -> None:
        version = self.draft.version if self.draft and self.draft.status != DraftStatus.SENT.value else None
        text = self.draft_text.toPlainText()
        self._run(lambda: self._services.reply_drafts.save(self._case_id, text, expected_version=version),
                  "Đã lưu dự thảo trả lời.")  # fmt: skip

    def _on_submit_clicked(self) -> None:
        self._run(lambda: self._services.reply_drafts.submit(self._case_id), "Đã trình lãnh đạo duyệt.")

    def _on_approve_clicked(self) -> None:
        version = self.draft.version if self.draft else None
        self._run(lambda: self._services.reply_drafts.approve(self._case_id, expected_version=version),
                  "Đã duyệt dự thảo trả lời.")  # fmt: skip

    def _on_return_clicked(self) -> None:
        comment = self.comment.text()
        if self._run(lambda: self._services.reply_drafts.return_draft(self._case_id, comment),
                     "Đã trả lại dự thảo kèm ý kiến."):  # fmt: skip
            self.comment.clear()

    def _on_send_clicked(self) -> None:
        method = ReplyMethod(self.send_method.currentData())
        today = self._services.today()
        self._run(lambda: self._services.reply_drafts.send(self._case_id, method, today),
                  "Đã ghi nhận gửi trả lời; vụ việc chuyển «Đã trả lời công dân».")  # fmt: skip

    def _on_letter_clicked(self) -> None:
        """Save the approved reply as a letter ready to sign (PDF), then offer it to the PDF reader."""
        number = self.draft.number if self.draft else "van-ban"
        path = form_printing.choose_pdf_path(
            self, "Lưu văn bản trả lời", self._services.settings.data_dir / f"tra-loi-{number}.pdf"
        )
        if path is None:
            return
        try:
            self._services.reply_letters.export(self._case_id, path)
        except (ServiceError, ReportError) as error:
            self._show(getattr(error, "message", str(error)), ok=False)
            return
        self._show(f"Đã lưu văn bản trả lời: {path}", ok=True)
        self._events.cases_changed.emit(self._case_id)
        form_printing.open_file(path)

    def _on_notice_chosen(self, kind: NoticeKind) -> None:
        """Thông báo thụ lý / không thụ lý / kết quả: the dialog says any refusal, then the PDF."""
        number = self.first.number if self.first else str(self._case_id)
        path = notice_printing.print_notice(self, self._services, self._events, (self._case_id, number), kind)
        if path is not None:
            self._show(f"Đã lưu {kind.label.lower()}: {path}", ok=True)

    def _on_callback_clicked(self) -> None:
        result = CallbackResult(self.callback_result.currentData())
        note = self.callback_note.text()
        done = "Đã ghi kết quả gọi lại." + (
            " Vụ việc được mở lại." if result is CallbackResult.NOT_SATISFIED else ""
        )
        if self._run(lambda: self._services.callbacks.record(self._case_id, result, note), done):
            self.callback_note.clear()

    def _show(self, text: str, *, ok: bool) -> None:
        self.message.setStyleSheet(_OK_STYLE if ok else _ERROR_STYLE)
        self.message.setText(text)
        self.message.show()
