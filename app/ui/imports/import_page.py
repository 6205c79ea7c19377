"""Import screen: choose a file and its source, fix the column mapping, dry-run or import, read the result."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.bootstrap import Services
from app.services.channels.import_types import ImportCancelled, ImportPreview, ImportReport
from app.services.core.errors import ServiceError
from app.ui.app_events import AppEvents
from app.ui.imports.import_job import ImportJob
from app.ui.imports.mapping_view import MappingView
from app.ui.imports.reentry_panel import ReentryPanel
from app.ui.tasks import TaskRunner
from app.ui.widgets import file_dialogs
from app.ui.widgets.notice_bar import NoticeBar, NoticeKind

FILTERS = "Bảng tính, CSV, Facebook (*.xlsx *.xlsm *.xls *.csv *.json *.zip *.html);;Tất cả (*)"
MAX_REASONS = 200


class ImportPage(QWidget):
    """Nothing is written until «Nhập»; «Kiểm tra (không ghi)» shows what would happen."""

    def __init__(
        self,
        services: Services,
        events: AppEvents,
        user_id: int,
        parent: QWidget | None = None,
        *,
        tasks: TaskRunner | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("importPage")
        self._imports = services.imports
        self._events = events
        self._user_id = user_id
        self.path: Path | None = None
        self.preview: ImportPreview | None = None
        self.report: ImportReport | None = None
        self.job = ImportJob(services.imports, tasks or TaskRunner(), self)
        self.file_label = QLabel(self.tr("Chưa chọn tệp"), self)
        self.file_label.setObjectName("importFile")
        self.choose_button = QPushButton(self.tr("Chọn tệp…"), self)
        self.source = QComboBox(self)
        for code, label in self._imports.sources():
            self.source.addItem(label, code)
        self.source.setCurrentIndex(max(self.source.findData("generic"), 0))
        self.sheet = QComboBox(self)
        self.sheet.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.mapping = MappingView(self)
        self.dry_button = QPushButton(self.tr("Kiểm tra (không ghi)"), self)
        self.run_button = QPushButton(self.tr("Nhập"), self)
        self.run_button.setObjectName("primaryButton")
        self.cancel_button = QPushButton(self.tr("Dừng"), self)
        self.progress = QProgressBar(self)
        self.notice = NoticeBar(self)
        self.result = QPlainTextEdit(self)
        self.result.setObjectName("importResult")
        self.result.setReadOnly(True)
        self.save_rejects_button = QPushButton(self.tr("Lưu các dòng bị từ chối…"), self)
        self.reentry = ReentryPanel(services.reentry, f"user:{user_id}", self)
        self._build_layout()
        self._connect()
        self._update_actions()

    def _build_layout(self) -> None:
        title = QLabel(self.tr("Nhập dữ liệu từ hệ thống khác"), self)
        title.setObjectName("pageTitle")
        top = QHBoxLayout()
        top.addWidget(self.choose_button)
        top.addWidget(self.file_label, 1)
        for text, combo in ((self.tr("Nguồn"), self.source), (self.tr("Trang tính"), self.sheet)):
            top.addWidget(QLabel(text, self))
            top.addWidget(combo)
        actions = QHBoxLayout()
        actions.addWidget(self.dry_button)
        actions.addWidget(self.run_button)
        actions.addWidget(self.progress, 1)
        actions.addWidget(self.cancel_button)
        after = QHBoxLayout()
        after.addStretch(1)
        after.addWidget(self.save_rejects_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(title)
        layout.addLayout(top)
        layout.addWidget(self.mapping, 3)
        layout.addLayout(actions)
        layout.addWidget(self.notice)
        layout.addWidget(self.result, 1)
        layout.addLayout(after)
        layout.addWidget(self.reentry)

    def _connect(self) -> None:
        self.choose_button.clicked.connect(self.choose_file)
        self.source.currentIndexChanged.connect(lambda _i: self.load_preview())
        self.sheet.activated.connect(lambda _i: self.load_preview(self.sheet.currentText()))
        self.mapping.mapping_changed.connect(self._update_actions)
        self.dry_button.clicked.connect(lambda: self.start(dry_run=True))
        self.run_button.clicked.connect(lambda: self.start(dry_run=False))
        self.cancel_button.clicked.connect(self.job.cancel)
        self.save_rejects_button.clicked.connect(self.save_rejects)
        self.job.progressed.connect(self._on_job_progressed)
        self.job.finished.connect(self._on_job_finished)
        self.job.failed.connect(self._on_job_failed)
        self._events.cases_changed.connect(lambda _id: self.reentry.refresh())

    # --- choosing and previewing -----------------------------------------------------------
    def choose_file(self) -> None:
        path = file_dialogs.choose_file(self, self.tr("Chọn tệp cần nhập"), Path.home(), FILTERS)
        if path is not None:
            self.path = path
            self.file_label.setText(path.name)
            self.load_preview()

    def load_preview(self, sheet: str | None = None) -> None:
        """Ask the service what it recognises in the file (header row, columns, a few rows)."""
        if self.path is None:
            return
        self.report = None
        self.result.clear()
        try:
            self.preview = self._imports.preview(self.path, self.source.currentData(), sheet=sheet or None)
        except ServiceError as error:
            self.preview = None
            self.notice.show_message(NoticeKind.ERROR, error.message)
        else:
            self.notice.clear_message()
            self.mapping.show_preview(self.preview)
            self.sheet.clear()
            self.sheet.addItems(list(self.preview.sheets))
            self.sheet.setCurrentText(self.preview.sheet)
            if self.preview.note:
                self.notice.show_message(NoticeKind.INFO, self.preview.note)
        self._update_actions()

    # --- running ---------------------------------------------------------------------------
    def start(self, *, dry_run: bool) -> None:
        if self.path is None or self.preview is None or self.job.running:
            return
        self.progress.setRange(0, 0)
        self.notice.show_message(NoticeKind.INFO, self.tr("Đang đọc tệp…"))
        self.job.start(
            self.path,
            self.preview.source,
            self.mapping.mapping,
            self.preview.sheet or None,
            dry_run=dry_run,
            user_id=self._user_id,
        )
        self._update_actions()

    def _on_job_progressed(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 0))
        self.progress.setValue(min(done, total) if total else 0)

    def _on_job_finished(self, report: ImportReport) -> None:
        self.report = report
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        lines = [report.summary()]
        if report.rejected:
            lines.append("")
            lines += [f"Dòng {r.row}: {r.reason}" for r in report.rejected[:MAX_REASONS]]
        if report.warnings:
            lines.append("")
            lines += [
                f"Dòng {w.row} (cảnh báo): {'; '.join(w.messages)}" for w in report.warnings[:MAX_REASONS]
            ]
        self.result.setPlainText("\n".join(lines))
        kind = NoticeKind.WARNING if report.rejected else NoticeKind.SUCCESS
        self.notice.show_message(kind, report.summary().split("\n")[0])
        if not report.dry_run and report.imported:
            self._events.cases_changed.emit(0)
        self._update_actions()

    def _on_job_failed(self, error: BaseException) -> None:
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        if isinstance(error, ImportCancelled):
            self.notice.show_message(NoticeKind.INFO, error.message)
        elif isinstance(error, ServiceError):
            self.notice.show_message(NoticeKind.ERROR, error.message)
        else:
            self.notice.show_message(NoticeKind.ERROR, self.tr("Lỗi khi nhập: {e}").format(e=error))
        self._update_actions()

    def save_rejects(self) -> Path | None:
        """Write the rejected rows (with their reasons) to fix in Excel and import again."""
        if self.report is None or not self.report.rejected:
            return None
        path = file_dialogs.choose_new_or_existing_file(
            self, self.tr("Lưu các dòng bị từ chối"), Path.home() / "dong-bi-tu-choi.xlsx", "Excel (*.xlsx)"
        )
        if path is None:
            return None
        path = path if path.suffix.lower() == ".xlsx" else path.with_name(f"{path.name}.xlsx")
        try:
            saved = self._imports.save_rejects(self.report, path)
        except ServiceError as error:
            self.notice.show_message(NoticeKind.ERROR, error.message)
            return None
        self.notice.show_message(NoticeKind.SUCCESS, self.tr("Đã lưu vào «{name}».").format(name=saved.name))
        return saved

    def _update_actions(self) -> None:
        mapping = self.mapping.mapping
        ready = self.preview is not None and (
            self.preview.facebook or (mapping is not None and mapping.usable)
        )
        busy = self.job.running
        self.dry_button.setEnabled(ready and not busy)
        self.run_button.setEnabled(ready and not busy)
        self.cancel_button.setEnabled(busy)
        self.choose_button.setEnabled(not busy)
        self.save_rejects_button.setEnabled(bool(self.report and self.report.rejected) and not busy)

    def refresh(self) -> None:
        """F5: re-count what is waiting for re-entry export."""
        self.reentry.refresh()
