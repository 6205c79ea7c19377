"""Report options: document number, signing date, signature lines, recipients, what to include."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from app.domain.periods import Period
from app.services.catalog.dto import OfficeInfo
from app.services.reports.report_service import ReportOptions
from app.ui import ask

UNREDACTED_TEXT = "Bản không che thông tin người tố cáo"
UNREDACTED_WARNING = (
    "Bản không che sẽ in họ tên và số điện thoại của người tố cáo.\n\n"
    "Luật Tố cáo cấm tiết lộ họ tên, địa chỉ, bút tích và mọi thông tin làm lộ danh tính người "
    "tố cáo; cán bộ làm lộ thông tin có thể bị xử lý kỷ luật hoặc truy cứu trách nhiệm.\n\n"
    "Chỉ tạo bản này khi người có thẩm quyền yêu cầu, chỉ dùng trong nội bộ và không gửi ra ngoài. "
    "Vẫn tạo bản không che?"
)


def _defaults() -> dict[str, Any]:
    """The service's own defaults (TM. line, recipients), so the screen never restates them."""
    return {
        f.name: f.default for f in dataclasses.fields(ReportOptions) if f.default is not dataclasses.MISSING
    }


class ReportOptionsForm(QWidget):
    """Emits ``options_changed`` on any edit; ``options(period)`` gives what the service needs."""

    options_changed = Signal()

    def __init__(self, office: OfficeInfo | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        defaults = _defaults()
        self.number = QLineEdit(self)
        self.number.setPlaceholderText(self.tr("ví dụ 05/BC-UBND; để trống để điền tay"))
        self.issued_on = QDateEdit(QDate.currentDate(), self)
        self.issued_on.setCalendarPopup(True)
        self.issued_on.setDisplayFormat("dd/MM/yyyy")
        self.blank_date = QCheckBox(self.tr("Để trống, điền tay"), self)
        self.authority = QLineEdit(defaults["authority"], self)
        self.authority.setPlaceholderText(self.tr("ví dụ TM. ỦY BAN NHÂN DÂN"))
        self.delegation = QLineEdit(defaults["delegation"], self)
        self.delegation.setPlaceholderText(self.tr("ví dụ KT. CHỦ TỊCH; trống nếu Chủ tịch ký"))
        self.signer_title = QLineEdit(office.leader_title if office else "", self)
        self.signer_title.setPlaceholderText(self.tr("ví dụ PHÓ CHỦ TỊCH"))
        self.signer_name = QLineEdit(office.leader_name if office else "", self)
        self.signer_name.setPlaceholderText(self.tr("họ và tên người ký"))
        self.recipients = QPlainTextEdit("\n".join(defaults["recipients"]), self)
        self.recipients.setTabChangesFocus(True)
        self.recipients.setToolTip(self.tr("Mỗi dòng một nơi nhận; dòng «Lưu: VT» được thêm tự động."))
        lines = self.recipients.fontMetrics().lineSpacing()
        self.recipients.setFixedHeight(lines * 4 + 14)
        self.include_cases = QCheckBox(self.tr("Kèm danh sách vụ việc"), self)
        self.include_cases.setChecked(defaults["include_cases"])
        self.show_phones = QCheckBox(self.tr("Hiện đầy đủ số điện thoại"), self)
        self.show_phones.setChecked(defaults["show_phones"])
        self.unredacted = QCheckBox(self.tr(UNREDACTED_TEXT), self)
        self.unredacted.setObjectName("unredactedOption")
        self._build_layout()
        self.unredacted.clicked.connect(self._on_unredacted_clicked)
        self.blank_date.toggled.connect(self._on_blank_date_toggled)
        for edit in (self.number, self.authority, self.delegation, self.signer_title, self.signer_name):
            edit.textChanged.connect(self.options_changed)
        self.recipients.textChanged.connect(self.options_changed)
        self.issued_on.dateChanged.connect(self.options_changed)
        for box in (self.blank_date, self.include_cases, self.show_phones, self.unredacted):
            box.toggled.connect(self.options_changed)

    def _build_layout(self) -> None:
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("Số văn bản"), self.number)
        signed = QHBoxLayout()
        signed.addWidget(self.issued_on)
        signed.addWidget(self.blank_date)
        signed.addStretch(1)
        form.addRow(self.tr("Ngày ký"), signed)
        form.addRow(self.tr("TM."), self.authority)
        form.addRow(self.tr("KT."), self.delegation)
        form.addRow(self.tr("Chức vụ"), self.signer_title)
        form.addRow(self.tr("Người ký"), self.signer_name)
        form.addRow(self.tr("Nơi nhận"), self.recipients)
        form.addRow(self.include_cases)
        form.addRow(self.show_phones)
        form.addRow(self.unredacted)
        self.form_layout = form

    def options(self, period: Period) -> ReportOptions:
        """What the officer chose, for ``period``."""
        lines = tuple(line.strip() for line in self.recipients.toPlainText().splitlines() if line.strip())
        issued = self.issued_on.date()
        return ReportOptions(
            period=period,
            document_number=self.number.text().strip(),
            issued_on=None
            if self.blank_date.isChecked()
            else date(issued.year(), issued.month(), issued.day()),
            signer_name=self.signer_name.text().strip(),
            signer_title=self.signer_title.text().strip(),
            authority=self.authority.text().strip(),
            delegation=self.delegation.text().strip(),
            recipients=lines,
            include_cases=self.include_cases.isChecked(),
            show_phones=self.show_phones.isChecked(),
            unredacted=self.unredacted.isChecked(),
        )

    def _on_blank_date_toggled(self, blank: bool) -> None:
        self.issued_on.setEnabled(not blank)

    def _on_unredacted_clicked(self, checked: bool) -> None:
        if not checked:
            return
        agreed = ask.confirm(
            self,
            self.tr("Bản không che thông tin người tố cáo"),
            self.tr(UNREDACTED_WARNING),
            yes=self.tr("Vẫn tạo bản không che"),
            no=self.tr("Giữ bản che"),
        )
        if not agreed:
            self.unredacted.setChecked(False)
