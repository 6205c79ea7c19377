"""Nhật ký hệ thống: filter and read the audit log, export it to Excel, check that it is intact."""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QItemSelection, QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.permissions import Action, Actor
from app.reports.audit_xlsx import write_audit_xlsx
from app.reports.errors import ReportError
from app.reports.text import fmt_int
from app.services.accounts.guard import Guard
from app.services.audit.audit_query import AuditEntryPage, AuditFilter, AuditQuery
from app.services.audit.audit_service import AuditService, VerifyReport
from app.services.core.errors import ServiceError
from app.ui import ask
from app.ui.audit.audit_filter_bar import AuditFilterBar
from app.ui.audit.audit_table_model import AuditTableModel, Column, EntryRole, detail_text
from app.ui.reports import report_files
from app.ui.tasks import TaskRunner
from app.ui.widgets.notice_bar import NoticeBar, NoticeKind

log = logging.getLogger(__name__)

TITLE = "Nhật ký hệ thống"
HINT = "Mọi thao tác quan trọng đều được ghi lại theo chuỗi mã băm: không ai sửa hay xóa được một dòng."
EMPTY_LOG = "Nhật ký chưa có dòng nào."
NO_MATCH = "Không có dòng nhật ký nào khớp điều kiện lọc. Hãy bỏ bớt điều kiện hoặc chọn khoảng ngày khác."
EXPORT_TITLE = "Xuất nhật ký ra Excel"
VERIFY_TITLE = "Kiểm tra toàn vẹn nhật ký"
WRITING = "Đang ghi tệp Excel…"
WIDTHS = {Column.AT: 150, Column.USERNAME: 130, Column.ACTION: 210, Column.OBJECT: 100, Column.REF: 130}


class _Progress(QObject):
    """Carries progress from the worker thread to the UI thread (queued signal)."""

    moved = Signal(int)


def failure_text(error: BaseException) -> str:
    """The Vietnamese sentence for a failed job (the service's or writer's own when it has one)."""
    if isinstance(error, ServiceError):
        return error.message
    if isinstance(error, ReportError):
        return str(error)
    log.error("audit job failed", exc_info=(type(error), error, error.__traceback__))
    return f"Lỗi không mong muốn: {error}"


class AuditPage(QWidget):
    """Reads through :class:`AuditQuery` (which refuses officers without the right) off the UI thread."""

    def __init__(
        self,
        query: AuditQuery,
        audit: AuditService,
        actor: Actor,
        tasks: TaskRunner,
        parent: QWidget | None = None,
        *,
        office_name: str = "",
    ) -> None:
        super().__init__(parent)
        self._query = query
        self._audit = audit
        self._actor = actor
        self._tasks = tasks
        self._office = office_name
        self._busy = False
        self._refused = False
        self.notice = NoticeBar(self)
        self.filters = AuditFilterBar(self)
        self.model = AuditTableModel(self._fetch, tasks, self)
        self.table = self._make_table()
        self.empty = QLabel(EMPTY_LOG)
        self.empty.setObjectName("hint")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        self.detail = QPlainTextEdit()
        self.detail.setReadOnly(True)
        self.detail.setPlaceholderText("Chọn một dòng để xem đầy đủ giá trị trước và sau.")
        self.detail.setMaximumHeight(96)
        self.count_label = QLabel()
        self.verify_button = QPushButton("Kiểm tra toàn &vẹn")
        self.verify_button.setToolTip("Đọc lại toàn bộ nhật ký và kiểm tra chuỗi mã băm")
        self.export_button = QPushButton("Xuất &Excel…")
        self.export_button.setObjectName("primaryButton")
        self._layout()
        self._connect()
        self.model.reload()

    # --- construction -------------------------------------------------------------------
    def _make_table(self) -> QTableView:
        table = QTableView()
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for column, width in WIDTHS.items():
            table.setColumnWidth(column, width)
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        return table

    def _layout(self) -> None:
        title = QLabel(TITLE)
        title.setObjectName("pageTitle")
        hint = QLabel(HINT)
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.count_label, 1)
        buttons.addWidget(self.verify_button)
        buttons.addWidget(self.export_button)
        box = QVBoxLayout(self)
        box.addWidget(title)
        box.addWidget(hint)
        box.addWidget(self.notice)
        box.addWidget(self.filters)
        box.addWidget(self.stack, 1)
        box.addWidget(self.detail)
        box.addLayout(buttons)

    def _connect(self) -> None:
        self.filters.filter_changed.connect(self._on_filters_filter_changed)
        self.model.loaded.connect(self._on_model_loaded)
        self.model.load_failed.connect(self._on_model_load_failed)
        self.model.modelReset.connect(self._on_model_reset)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.export_button.clicked.connect(self.export)
        self.verify_button.clicked.connect(self.verify)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self, self.model.reload)

    # --- list ---------------------------------------------------------------------------
    def _fetch(self, flt: AuditFilter, after_id: int | None, limit: int) -> AuditEntryPage:
        return self._query.page(self._actor, flt, after_id, limit)

    def _on_filters_filter_changed(self, flt: AuditFilter) -> None:
        if not self._refused:
            self.model.set_filter(flt)

    def _on_model_reset(self) -> None:
        self.detail.clear()
        self.count_label.setText("Đang đọc nhật ký…")

    def _on_model_loaded(self) -> None:
        rows = self.model.rowCount()
        if rows == 0:
            self.empty.setText(NO_MATCH if self.model.audit_filter != AuditFilter() else EMPTY_LOG)
        self.stack.setCurrentWidget(self.table if rows else self.empty)
        more = "" if self.model.exhausted else " — cuộn xuống để xem tiếp"
        self.count_label.setText(f"Đang hiển thị {fmt_int(rows)} dòng{more}." if rows else "")
        self._update_buttons()

    def _on_model_load_failed(self, message: str) -> None:
        self.notice.show_message(NoticeKind.ERROR, message)
        self.count_label.setText("")
        if not self._refused and not self._allowed():
            self._refused = True
            self.empty.setText(message)
            self.stack.setCurrentWidget(self.empty)
            self.filters.setEnabled(False)
        self._update_buttons()

    def _on_selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        entry = self.model.data(indexes[0], EntryRole) if indexes else None
        self.detail.setPlainText(detail_text(entry) if entry is not None else "")

    def _allowed(self) -> bool:
        try:
            Guard.check(self._actor, Action.VIEW_AUDIT)
        except ServiceError:
            return False
        return True

    def _update_buttons(self) -> None:
        usable = not self._busy and not self._refused
        self.verify_button.setEnabled(usable)
        self.export_button.setEnabled(usable and self.model.rowCount() > 0)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._update_buttons()

    # --- export -------------------------------------------------------------------------
    def export(self) -> None:
        """«Xuất Excel…»: the rows of the current filter, written off the UI thread, then audited."""
        flt = self.model.audit_filter
        suggested = Path.home() / f"Nhật ký hệ thống {datetime.now():%d.%m.%Y}.xlsx"
        path = report_files.choose_save_path(self, EXPORT_TITLE, suggested, "xlsx")
        if path is None:
            return
        self._set_busy(True)
        self.notice.show_message(NoticeKind.INFO, WRITING)
        progress = _Progress(self)
        progress.moved.connect(self._on_export_progress)
        self._tasks.submit(
            lambda: self._write(flt, path, progress),
            lambda n: self._on_exported(path, n),
            self._on_job_failed,
        )

    def _write(self, flt: AuditFilter, path: Path, progress: _Progress) -> int:
        """Worker thread: write the file, then record the export; no unrecorded file is left."""
        scope = flt.describe()
        rows = self._query.export_rows(self._actor, flt)
        count = write_audit_xlsx(
            path, rows, self._office, scope, progress=lambda done, _total: progress.moved.emit(done)
        )
        after = {"rows": count, "filter": scope or "toàn bộ nhật ký", "file": path.name}
        try:
            self._audit.record_standalone(self._actor, "audit.export", "audit_log", "", None, after)
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        return count

    def _on_export_progress(self, done: int) -> None:
        if self._busy:
            self.notice.show_message(NoticeKind.INFO, f"{WRITING} đã ghi {fmt_int(done)} dòng.")

    def _on_exported(self, path: Path, count: int) -> None:
        self._set_busy(False)
        self.notice.show_message(
            NoticeKind.SUCCESS, f"Đã xuất {fmt_int(count)} dòng nhật ký ra tệp «{path}»."
        )
        self.model.reload()  # the export itself is now the newest row

    def _on_job_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        text = failure_text(error)
        self.notice.show_message(NoticeKind.ERROR, text)
        ask.error(self, TITLE, text)

    # --- integrity ----------------------------------------------------------------------
    def verify(self) -> None:
        """«Kiểm tra toàn vẹn»: walk the whole hash chain off the UI thread."""
        self._set_busy(True)
        self.notice.show_message(NoticeKind.INFO, "Đang kiểm tra toàn vẹn nhật ký…")
        progress = _Progress(self)
        progress.moved.connect(self._on_verify_progress)
        self._tasks.submit(lambda: self._check(progress), self._on_verified, self._on_job_failed)

    def _check(self, progress: _Progress) -> VerifyReport:
        Guard.check(self._actor, Action.VIEW_AUDIT)
        return self._audit.verify(progress.moved.emit)

    def _on_verify_progress(self, done: int) -> None:
        if self._busy:
            self.notice.show_message(
                NoticeKind.INFO, f"Đang kiểm tra toàn vẹn nhật ký… đã kiểm tra {fmt_int(done)} dòng."
            )

    def _on_verified(self, report: VerifyReport) -> None:
        self._set_busy(False)
        if report.ok:
            self.notice.show_message(NoticeKind.SUCCESS, report.message())
            ask.inform(self, VERIFY_TITLE, report.message())
        else:
            self.notice.show_message(NoticeKind.ERROR, report.message())
            ask.error(self, VERIFY_TITLE, report.message())
