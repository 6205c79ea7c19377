"""Báo cáo: choose a period and signature, preview the PDF in the app, print, save Excel or PDF."""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QPushButton,
    QStackedWidget,
    QWidget,
)

from app.bootstrap import Services
from app.domain.periods import Period
from app.reports.register_types import ReceptionRegister
from app.reports.types import PeriodicReport
from app.services.consolidation.package_service import package_path
from app.services.core.errors import ServiceError
from app.services.reports.register_service import RegisterOptions
from app.services.reports.report_service import ReportOptions
from app.ui.app_events import AppEvents
from app.ui.reports import cross_checks, report_files, report_layout, report_printing
from app.ui.reports.form_labels import align_labels
from app.ui.reports.job_progress import JobProgress
from app.ui.reports.period_picker import PeriodPicker
from app.ui.reports.register_panel import RegisterPanel, suggested_name
from app.ui.reports.report_job import ReportJob, describe_failure
from app.ui.reports.report_options_form import ReportOptionsForm
from app.ui.reports.report_preview import ReportPreview
from app.ui.tasks import TaskRunner
from app.ui.widgets.notice_bar import NoticeBar, NoticeKind

log = logging.getLogger(__name__)

DISABLED_PRIMARY = (
    "QPushButton#primaryButton:disabled { background: #a9bccf; border-color: #a9bccf; color: #eef2f6; }"
)
STALE_OPTIONS = "Bản xem trước chưa theo các lựa chọn mới — bấm «Xem trước» để cập nhật."
DOCUMENTS = ("Báo cáo định kỳ", "Sổ tiếp công dân")
STALE_DATA = "Có vụ việc mới hoặc vừa thay đổi — bấm «Xem trước» để cập nhật số liệu."


class ReportPage(QWidget):
    """The chief's periodic report; the numbers come from ReportService, the files from its writers."""

    def __init__(
        self,
        services: Services,
        events: AppEvents,
        parent: QWidget | None = None,
        *,
        tasks: TaskRunner | None = None,
    ) -> None:
        super().__init__(parent)
        self._events = events
        self._outputs = services.outputs
        self._temp = tempfile.TemporaryDirectory(prefix="hotline-report-", ignore_cleanup_errors=True)
        self.destroyed.connect(self._temp.cleanup)
        self._previews = 0
        self._preview: tuple[ReportOptions, PeriodicReport] | None = None
        self._register_preview: RegisterOptions | None = None
        self._data_changed = False
        self._last_dir = Path.home()
        self.saved_path: Path | None = None
        self.job = ReportJob(
            services.reports, tasks or TaskRunner(), self, packager=services.consolidation.write_package
        )
        try:
            office = services.catalog.office()
        except ServiceError as error:
            log.warning("office unavailable for the signature lines: %s", error.message)
            office = None
        self.picker = PeriodPicker(services.today, self)
        self.form = ReportOptionsForm(office, self)
        self.document_choice = QComboBox(self)
        self.document_choice.addItems([self.tr(text) for text in DOCUMENTS])
        self.choice_stack = QStackedWidget(self)
        self.register = RegisterPanel(services.registers, self)
        self.preview = ReportPreview(self)
        self.preview_button = self._button("Xem trước", "primaryButton")
        # The theme styles the primary button but not its disabled state: it looked clickable.
        self.preview_button.setStyleSheet(DISABLED_PRIMARY)
        self.print_button = self._button("In…")
        self.excel_button = self._button("Lưu Excel…")
        self.pdf_button = self._button("Lưu PDF…")
        self.notice = NoticeBar(self)
        self.checks = NoticeBar(self)
        self.open_folder_button = self._button("Mở thư mục")
        self.progress = JobProgress(self.job, self)
        self._build_layout()
        align_labels(self.picker.form_layout, self.form.form_layout)
        self._connect()
        self._update_actions()

    def _build_layout(self) -> None:
        title = QLabel(self.tr("Báo cáo"), self)
        title.setObjectName("pageTitle")
        top = (title, self.document_choice, report_layout.section(self.tr("Kỳ báo cáo")), self.picker)
        choices = (
            (self.tr("Văn bản và người ký"), self.form),
            (self.tr("Sổ tiếp công dân"), self.register),
        )
        form = report_layout.form_column(self, self.choice_stack, top, choices)
        actions = (self.preview_button, self.print_button, self.excel_button, self.pdf_button)
        footer = report_layout.action_footer(actions, self.progress, self.notice, self.open_folder_button)
        report_layout.split_page(self, form, footer, (self.checks, self.preview))
        self.open_folder_button.hide()

    def _button(self, text: str, name: str = "") -> QPushButton:
        button = QPushButton(self.tr(text), self)
        button.setObjectName(name)
        return button

    def _connect(self) -> None:
        self.picker.period_changed.connect(self._on_choice_changed)
        self.form.options_changed.connect(self._on_choice_changed)
        self.register.options_changed.connect(self._on_choice_changed)
        self.document_choice.currentIndexChanged.connect(self._on_document_choice_changed)
        self.preview_button.clicked.connect(self.build_preview)
        self.print_button.clicked.connect(self.print_preview)
        self.excel_button.clicked.connect(lambda: self.save("xlsx"))
        self.pdf_button.clicked.connect(lambda: self.save("pdf"))
        self.open_folder_button.clicked.connect(self._on_open_folder_button_clicked)
        self.job.busy_changed.connect(self._on_job_busy_changed)
        self._events.cases_changed.connect(self._on_events_cases_changed)

    # --- state --------------------------------------------------------------------------
    def options(self) -> ReportOptions | None:
        """What the officer chose, or ``None`` while the period cannot be reported on."""
        period = self.picker.period()
        return None if period is None else self.form.options(period)

    def _fresh_preview(self) -> PeriodicReport | None:
        """The previewed report if it still matches the choices and the data."""
        if self._preview is None or self._data_changed or self._preview[0] != self.options():
            return None
        return self._preview[1]

    @property
    def is_register(self) -> bool:
        """Whether the officer chose «Sổ tiếp công dân» rather than the periodic report."""
        return self.document_choice.currentIndex() == 1

    def _register_options(self) -> RegisterOptions | None:
        period = self.picker.period()
        return None if period is None else self.register.options(period)

    def _preview_fresh(self) -> bool:
        """Whether the shown preview is of the chosen document, choices and data."""
        if not self.is_register:
            return self._fresh_preview() is not None
        current = self._register_options()
        return not self._data_changed and current is not None and self._register_preview == current

    def _update_actions(self) -> None:
        ready = self.options() is not None and not self.job.busy
        for button in (self.preview_button, self.excel_button, self.pdf_button):
            button.setEnabled(ready)
        self.print_button.setEnabled(ready and self._preview_fresh())

    def _on_choice_changed(self) -> None:
        if self.is_register:
            self.register.update_count(self.picker.period())
        self.preview.set_stale(not self._preview_fresh(), self.tr(STALE_OPTIONS))
        self._update_actions()

    def _on_document_choice_changed(self, index: int) -> None:
        self.choice_stack.setCurrentIndex(index)
        self.checks.setVisible(index == 0)
        self._on_choice_changed()

    def _on_events_cases_changed(self, _case_id: int) -> None:
        if self.is_register:
            self.register.update_count(self.picker.period())
        if self._preview is not None or self._register_preview is not None:
            self._data_changed = True
            self.preview.set_stale(True, self.tr(STALE_DATA))
            self._update_actions()

    def _on_job_busy_changed(self, busy: bool) -> None:
        if busy:
            self.notice.clear_message()
            self.open_folder_button.hide()
        self._update_actions()

    # --- preview and print --------------------------------------------------------------
    def build_preview(self) -> None:
        """Build the report and render it to a temporary PDF off the UI thread, then show it."""
        options = self.options()
        if options is None or self.job.busy:
            return
        self._previews += 1
        path = Path(self._temp.name) / f"xem-truoc-{self._previews}.pdf"
        if self.is_register:
            self._preview_register(options.period, path)
            return

        def shown(report: PeriodicReport, written: Path | None) -> None:
            self._preview, self._data_changed = (options, report), False
            cross_checks.show_failures(self.checks, report)
            self.preview.show_pdf(written or path, report)
            self._on_choice_changed()  # the officer may have edited while it was being built

        self.job.run(options, None, ("pdf", path), shown, self._on_job_failed)

    def _preview_register(self, period: Period, path: Path) -> None:
        chosen = self.register.options(period)

        def shown(register: ReceptionRegister, written: Path) -> None:
            self._register_preview, self._preview, self._data_changed = chosen, None, False
            self.preview.show_file(
                written, f"{register.header.title} — {register.period_label}", register.scope
            )
            self._on_choice_changed()

        self.register.write(self.job, period, ("pdf", path), shown, self._on_job_failed)

    def refresh(self) -> None:
        """F5: build the shown preview again with the latest numbers."""
        if self._preview is not None or self._register_preview is not None:
            self.build_preview()

    def print_preview(self) -> None:
        """Print the previewed PDF on A4 (inside the app with QtPdf, else through the PDF reader)."""
        if not self._preview_fresh() or self.preview.path is None:
            return
        if not self.preview.available:
            report_files.open_file(self.preview.path)
            self.notice.show_message(
                NoticeKind.INFO, self.tr("Đã mở báo cáo bằng trình đọc PDF: hãy in từ đó (Ctrl+P).")
            )
            return
        printer = report_printing.choose_printer(self, self.tr("Báo cáo"), self.preview.page_count())
        if printer is None:
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            pages = report_printing.print_document(self.preview.document, printer)
        except report_printing.PrintError as error:
            self.notice.show_message(NoticeKind.ERROR, str(error))
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self._events.status_message.emit(self.tr("Đã gửi {n} trang báo cáo tới máy in.").format(n=pages))
        self._log_output(lambda what, period: self._outputs.printed(what, period, pages))

    # --- export -------------------------------------------------------------------------
    def save(self, fmt: str) -> None:
        """Ask for a file, then write the report as ``fmt`` ("xlsx" or "pdf") off the UI thread."""
        options = self.options()
        if options is None or self.job.busy:
            return
        report = None if self.is_register else self._fresh_preview()
        if report is not None and not cross_checks.confirm_export(self, self.checks, report):
            return
        name = (suggested_name if self.is_register else report_files.suggested_name)(options.period, fmt)
        title = self.tr("Lưu tệp Excel") if fmt == "xlsx" else self.tr("Lưu tệp PDF")
        path = report_files.choose_save_path(self, title, self._last_dir / name, fmt)
        if path is None:
            return
        self._last_dir = path.parent
        if self.is_register:
            self.register.write(self.job, options.period, (fmt, path), self._on_saved, self._on_job_failed)
            return
        if report is not None:
            self.job.run(options, report, (fmt, path), self._on_saved, self._on_job_failed, package=True)
            return

        def built(fresh: PeriodicReport, _: Path | None) -> None:
            if cross_checks.confirm_export(self, self.checks, fresh):
                self.job.run(options, fresh, (fmt, path), self._on_saved, self._on_job_failed, package=True)

        self.job.run(options, None, None, built, self._on_job_failed)

    def _on_saved(self, _report: object, path: Path | None) -> None:
        if path is None:
            return
        self.saved_path = path
        self._log_output(lambda what, period: self._outputs.exported(what, period, path))
        message = self.tr("Đã lưu báo cáo: {path}").format(path=path)
        if not self.is_register:
            message += self.tr(" — kèm gói số liệu gửi cấp trên «{name}».").format(
                name=package_path(path).name
            )
        self.notice.show_message(NoticeKind.SUCCESS, message)
        self.open_folder_button.show()
        self._events.status_message.emit(self.tr("Đã lưu tệp {name}").format(name=path.name))

    def _log_output(self, record: Callable[[str, str], None]) -> None:
        """Write the export or print to the audit log; a failure to log is said, not hidden."""
        options = self.options()
        period = options.period.label if options is not None else ""
        try:
            record("register" if self.is_register else "report", period)
        except ServiceError as error:
            self.notice.show_message(
                NoticeKind.ERROR, self.tr("Chưa ghi được nhật ký xuất/in: {e}").format(e=error.message)
            )

    def _on_open_folder_button_clicked(self) -> None:
        if self.saved_path is not None:
            report_files.open_folder(self.saved_path)

    def _on_job_failed(self, error: BaseException) -> None:
        self.notice.show_message(*describe_failure(error))
