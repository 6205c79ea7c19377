"""«In thông báo…» on the case's reply tab: the notice's few typed fields, then the PDF to sign."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from app.bootstrap import Services
from app.domain.reply_loop import NoticeKind
from app.services.replies.notices import NoticeOptions
from app.ui import ask
from app.ui.app_events import AppEvents
from app.ui.cases import form_printing
from app.ui.cases.forms_dialog import SEALED_NOTE
from app.ui.cases.print_options_dialog import print_frame

INTROS = {
    NoticeKind.ACCEPTED: "Thông báo cho người khiếu nại, người tố cáo việc đơn đã được thụ lý giải quyết "
    "(ngày và số thụ lý lấy từ phần Thời hạn).",
    NoticeKind.NOT_ACCEPTED: "Thông báo việc không thụ lý, nêu rõ lý do.",
    NoticeKind.RESULT: "Thông báo kết quả giải quyết khi vụ việc đã giải quyết xong.",
}
Submit = Callable[[NoticeOptions], str | None]
"""Save the notice; returns an error to show, "" to stay silently (save cancelled), ``None`` when done."""


class NoticeDialog(QDialog):
    """Options of one notice; «Lưu PDF…» hands them to ``submit`` and closes only when it succeeded."""

    def __init__(self, kind: NoticeKind, submit: Submit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self._submit = submit
        self.number = QLineEdit(self)
        self.number.setPlaceholderText(self.tr("ví dụ 12; để trống để điền tay"))
        self.reason = QPlainTextEdit(self)
        self.reason.setPlaceholderText(self.tr("Lý do không thụ lý (bắt buộc, in trong thông báo)"))
        self.result_text = QPlainTextEdit(self)
        self.result_text.setPlaceholderText(self.tr("Để trống: lấy văn bản trả lời đã được lãnh đạo duyệt"))
        self.result_document = QLineEdit(self)
        self.result_document.setPlaceholderText(self.tr("ví dụ: số 15/QĐ-UBND ngày 01/12/2026"))
        form = QFormLayout()
        form.addRow(self.tr("Số văn bản"), self.number)
        if kind is NoticeKind.NOT_ACCEPTED:
            form.addRow(self.tr("Lý do không thụ lý"), self.reason)
        if kind is NoticeKind.RESULT:
            form.addRow(self.tr("Kết quả giải quyết"), self.result_text)
            form.addRow(self.tr("Quyết định / kết luận"), self.result_document)
        for widget in (self.reason, self.result_text, self.result_document):
            widget.setVisible(form.indexOf(widget) >= 0)
        self._print = print_frame(
            self, self.tr("In thông báo — {name}").format(name=kind.label),
            self.tr(INTROS[kind]) + "\n" + self.tr(SEALED_NOTE), form, self._on_buttons_accepted,
        )  # fmt: skip
        self.intro, self.error = self._print.intro, self._print.error
        self.buttons, self.save_button = self._print.buttons, self._print.save_button

    def options(self) -> NoticeOptions:
        """What the officer typed."""
        return NoticeOptions(
            document_number=self.number.text().strip(),
            reason=self.reason.toPlainText().strip(),
            result=self.result_text.toPlainText().strip(),
            result_document=self.result_document.text().strip(),
        )

    def show_error(self, text: str) -> None:
        self._print.show_error(text)

    def _on_buttons_accepted(self) -> None:
        problem = self._submit(self.options())
        if problem is None:
            self.accept()
        else:
            self.show_error(problem)


def notice_button(parent: QWidget, chosen: Callable[[NoticeKind], None]) -> QPushButton:
    """«In thông báo…» with one menu entry per notice (``chosen(kind)`` when one is picked)."""
    button = QPushButton(parent.tr("In thông báo…"), parent)
    button.setToolTip(
        parent.tr("Thông báo thụ lý, không thụ lý, kết quả giải quyết khiếu nại, tố cáo (PDF để ký)")
    )
    menu = QMenu(button)
    for kind in NoticeKind:
        action = menu.addAction(parent.tr(kind.label))
        action.setData(kind.value)
        action.triggered.connect(lambda _=False, k=kind: chosen(k))
    button.setMenu(menu)
    return button


def print_notice(
    parent: QWidget, services: Services, events: AppEvents, case: tuple[int, str], kind: NoticeKind
) -> Path | None:
    """Ask the notice's fields, save the PDF (refusals shown in the dialog), offer to open it."""
    case_id, number = case
    notices = services.notices
    saved: list[Path] = []
    start = services.settings.data_dir / f"{kind.label} {number}.pdf"

    def check(typed: NoticeOptions) -> None:  # refusals are said before the file dialog
        notices.build(case_id, kind, typed)

    def export(typed: NoticeOptions, path: Path) -> None:
        notices.export(case_id, kind, path, typed)

    title = parent.tr("Lưu {name}").format(name=kind.label)
    submit = form_printing.saving_submit(parent, title, start, check, export, saved)
    ask.exec_dialog(NoticeDialog(kind, submit, parent))
    return form_printing.offer_saved(parent, events, case_id, saved, kind.label)
