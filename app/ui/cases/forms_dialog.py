"""In biểu mẫu: the few things the officer types before a form of the case is saved as PDF."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from app.reports.forms_types import ReceiptItem
from app.services.catalog.dto import OfficeInfo
from app.services.reports.forms_service import FormKind, FormOptions
from app.ui.cases.print_options_dialog import print_frame

Submit = Callable[[FormOptions], str | None]
"""Save the form; returns an error to show, "" to stay silently (save cancelled), ``None`` when done."""

RECIPIENT_LABELS = {FormKind.TRANSFER: "Chuyển đến", FormKind.GUIDANCE: "Hướng dẫn đến"}
RECIPIENT_HINTS = {
    FormKind.TRANSFER: "để trống: phòng, ban được giao xử lý vụ việc",
    FormKind.GUIDANCE: "cơ quan có thẩm quyền giải quyết (bắt buộc)",
}
DOCUMENTS_HINT = "Mỗi dòng một giấy tờ: tên; số lượng; ghi chú\nví dụ: Đơn kiến nghị; 01 bản; bản chính"
INTROS = {
    FormKind.TRANSFER: "Phiếu chuyển đơn đến cơ quan, đơn vị có thẩm quyền xử lý.",
    FormKind.GUIDANCE: "Phiếu hướng dẫn công dân đến cơ quan có thẩm quyền giải quyết.",
    FormKind.RECEIPT: "Giấy biên nhận các giấy tờ, tài liệu công dân nộp.",
    FormKind.SHEET: "Thông tin, diễn biến và các lần trả lời của vụ việc trên một phiếu.",
}
SEALED_NOTE = "Họ tên, địa chỉ của người tố cáo không in trên biểu mẫu (Điều 9 Luật Tố cáo)."


def receipt_items(text: str) -> tuple[ReceiptItem, ...]:
    """One :class:`ReceiptItem` per non-empty line "tên; số lượng; ghi chú"."""
    items = []
    for line in text.splitlines():
        name, quantity, note = [*(part.strip() for part in line.split(";", 2)), "", ""][:3]
        if name:
            items.append(ReceiptItem(name, quantity, note))
    return tuple(items)


class FormsDialog(QDialog):
    """Options of one form; «Lưu PDF…» hands them to ``submit`` and closes only when it succeeded."""

    def __init__(
        self, kind: FormKind, office: OfficeInfo | None, submit: Submit, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.kind = kind
        self._submit = submit
        self.recipient = QLineEdit(self)
        self.recipient.setPlaceholderText(self.tr(RECIPIENT_HINTS.get(kind, "")))
        self.number = QLineEdit(self)
        self.number.setPlaceholderText(self.tr("ví dụ 12; để trống để điền tay"))
        self.guidance = QPlainTextEdit(self)
        self.guidance.setPlaceholderText(self.tr("Nội dung hướng dẫn công dân (không bắt buộc)"))
        self.documents = QPlainTextEdit(self)
        self.documents.setPlaceholderText(self.tr(DOCUMENTS_HINT))
        self.signer_title = QLineEdit(office.leader_title if office else "", self)
        self.signer_name = QLineEdit(office.leader_name if office else "", self)
        self._build_layout()

    def _build_layout(self) -> None:
        form = QFormLayout()
        kind = self.kind
        if kind in RECIPIENT_LABELS:
            form.addRow(self.tr(RECIPIENT_LABELS[kind]), self.recipient)
        if kind is not FormKind.SHEET:
            form.addRow(self.tr("Số văn bản"), self.number)
        if kind is FormKind.GUIDANCE:
            form.addRow(self.tr("Nội dung hướng dẫn"), self.guidance)
        if kind is FormKind.RECEIPT:
            form.addRow(self.tr("Giấy tờ nhận"), self.documents)
        if kind in (FormKind.TRANSFER, FormKind.GUIDANCE):
            form.addRow(self.tr("Chức vụ người ký"), self.signer_title)
            form.addRow(self.tr("Người ký"), self.signer_name)
        for widget in (self.recipient, self.number, self.guidance, self.documents):
            widget.setVisible(form.indexOf(widget) >= 0)
        for widget in (self.signer_title, self.signer_name):
            widget.setVisible(form.indexOf(widget) >= 0)
        self._print = print_frame(
            self, self.tr("In biểu mẫu — {name}").format(name=kind.label),
            self.tr(INTROS[kind]) + "\n" + self.tr(SEALED_NOTE), form, self._on_buttons_accepted,
        )  # fmt: skip
        self.intro, self.error = self._print.intro, self._print.error
        self.buttons, self.save_button = self._print.buttons, self._print.save_button

    def options(self) -> FormOptions:
        """What the officer typed."""
        return FormOptions(
            recipient=self.recipient.text().strip(),
            document_number=self.number.text().strip(),
            guidance=self.guidance.toPlainText().strip(),
            documents=receipt_items(self.documents.toPlainText()),
            signer_name=self.signer_name.text().strip(),
            signer_title=self.signer_title.text().strip(),
        )

    def show_error(self, text: str) -> None:
        self._print.show_error(text)

    def _on_buttons_accepted(self) -> None:
        problem = self._submit(self.options())
        if problem is None:
            self.accept()
        else:
            self.show_error(problem)
