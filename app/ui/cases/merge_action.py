"""«Gộp vào vụ việc khác…»: ask for the surviving number, confirm, and merge with the versions seen."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.bootstrap import Services
from app.services.cases.dto import CaseDetail
from app.services.cases.merge_service import MergeResult
from app.services.core.errors import ServiceError
from app.ui import ask


class MergeDialog(QDialog):
    """The surviving case's number and an optional reason."""

    def __init__(self, number: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mergeDialog")
        self.setWindowTitle(self.tr("Gộp vào vụ việc khác"))
        intro = QLabel(
            self.tr(
                "Vụ việc {number} sẽ được gộp vào vụ việc dưới đây: nội dung, diễn biến và tệp đính kèm "
                "chuyển sang vụ việc đó; số {number} vẫn mở được và dẫn tới vụ việc đó."
            ).format(number=number),
            self,
        )
        intro.setWordWrap(True)
        self.number = QLineEdit(self)
        self.number.setPlaceholderText(self.tr("Ví dụ: 2026-00012"))
        self.note = QLineEdit(self)
        self.note.setPlaceholderText(self.tr("Ví dụ: cùng một sự việc, công dân gọi lại"))
        form = QFormLayout()
        form.addRow(self.tr("Số vụ việc giữ lại"), self.number)
        form.addRow(self.tr("Lý do gộp"), self.note)
        buttons = QDialogButtonBox(self)
        self.ok_button = buttons.addButton(self.tr("Tiếp tục"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(560, 200)


def merge_into_other(
    parent: QWidget, services: Services, detail: CaseDetail, user_id: int | None
) -> MergeResult | None:
    """Run the whole conversation; ``None`` when the officer stops or the service refuses."""
    dialog = MergeDialog(detail.number, parent)
    try:
        accepted = ask.exec_dialog(dialog) == QDialog.DialogCode.Accepted
        number, note = dialog.number.text().strip(), dialog.note.text()
    finally:
        dialog.deleteLater()
    if not accepted or not number:
        return None
    title = "Chưa gộp được"
    try:
        ref = services.merges.resolve_number(number)
        if ref is None:
            ask.error(parent, title, f"Không tìm thấy vụ việc số {number}.")
            return None
        survivor = services.detail.get(ref.id)
        text = (
            f"Gộp vụ việc {detail.number} vào vụ việc {survivor.number}"
            f"{f' (số {number} đã được gộp vào {survivor.number})' if ref.via else ''}?\n"
            f"Vụ việc {survivor.number}: {survivor.content[:200]}"
        )
        if not ask.confirm(parent, "Gộp vụ việc?", text, "Gộp", "Hủy", default_no=True):
            return None
        return services.merges.merge(
            survivor.id, detail.id, note, user_id, expected_versions=(survivor.version, detail.version)
        )
    except ServiceError as error:
        ask.error(parent, title, error.message)
        return None
