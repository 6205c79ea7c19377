"""Export cases that came in by phone/Facebook so they can be entered into another system."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QComboBox, QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.services.channels.reentry_export import ReentryExportService
from app.services.core.errors import ServiceError
from app.ui.widgets import file_dialogs
from app.ui.widgets.notice_bar import NoticeBar, NoticeKind


class ReentryPanel(QGroupBox):
    """Profile, how many cases are waiting, and export to .xlsx or .csv."""

    def __init__(self, reentry: ReentryExportService, actor: object, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Xuất để nhập lại hệ thống khác"))
        self._reentry = reentry
        self._actor = actor
        self.profile = QComboBox(self)
        for key, label in reentry.profiles():
            self.profile.addItem(label, key)
        self.pending = QLabel(self)
        self.pending.setObjectName("reentryPending")
        self.excel_button = QPushButton(self.tr("Xuất Excel…"), self)
        self.csv_button = QPushButton(self.tr("Xuất CSV…"), self)
        self.notice = NoticeBar(self)
        self.excel_button.clicked.connect(lambda: self.export("xlsx"))
        self.csv_button.clicked.connect(lambda: self.export("csv"))
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Mẫu"), self))
        row.addWidget(self.profile, 1)
        row.addWidget(self.pending)
        row.addStretch(1)
        row.addWidget(self.excel_button)
        row.addWidget(self.csv_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.notice)
        self.refresh()

    def refresh(self) -> None:
        """Re-count the cases waiting to be exported."""
        try:
            count = self._reentry.pending_count()
        except ServiceError as error:
            self.pending.setText(error.message)
            return
        self.pending.setText(self.tr("Đang chờ xuất: {n} vụ việc").format(n=count))
        for button in (self.excel_button, self.csv_button):
            button.setEnabled(count > 0)

    def export(self, fmt: str) -> Path | None:
        """Ask for a file name, write it, and say how many cases left for the other system."""
        filters = "Bảng tính Excel (*.xlsx)" if fmt == "xlsx" else "Tệp CSV (*.csv)"
        path = file_dialogs.choose_new_or_existing_file(
            self, self.tr("Lưu tệp xuất"), Path.home() / f"nhap-lai.{fmt}", filters
        )
        if path is None:
            return None
        if path.suffix.lower() != f".{fmt}":
            path = path.with_name(f"{path.name}.{fmt}")
        try:
            result = self._reentry.export(path, self.profile.currentData(), actor=self._actor)
        except ServiceError as error:
            self.notice.show_message(NoticeKind.ERROR, error.message)
            return None
        if result.count == 0:
            self.notice.show_message(NoticeKind.INFO, self.tr("Không có vụ việc nào đang chờ xuất."))
        else:
            text = self.tr("Đã xuất {n} vụ việc vào tệp «{name}».").format(n=result.count, name=path.name)
            self.notice.show_message(NoticeKind.SUCCESS, text)
        self.refresh()
        return path
