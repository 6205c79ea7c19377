"""The automatic backup: at start-up and checked hourly, off the UI thread; a failure never blocks anyone."""

from __future__ import annotations

import logging

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from app.services.backup.backup_service import BackupResult, BackupService
from app.ui.app_events import AppEvents
from app.ui.backup.backup_job import failure_text
from app.ui.backup.backup_texts import count
from app.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

HOUR_MS = 3_600_000
_BAR_STYLE = (
    "QFrame#autoBackupBar { background: #fff4d6; border: 1px solid #e8a317; border-left: 5px solid #e8a317; }"
    " QFrame#autoBackupBar QLabel { color: #573a00; }"
)


class AutoBackupBar(QFrame):
    """A warning above the pages when the automatic backup failed; the officer keeps working."""

    open_requested = Signal()

    def __init__(self, parent: QWidget | None = None, *, may_open: bool = True) -> None:
        super().__init__(parent)
        self._may_open = may_open
        self.setObjectName("autoBackupBar")
        self.setStyleSheet(_BAR_STYLE)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.open_button = QPushButton("Mở «Sao lưu && khôi phục»")  # && : a plain «&», not a mnemonic
        self.hide_button = QPushButton("Ẩn")
        self.hide_button.setToolTip("Ẩn thông báo này; chương trình sẽ thử sao lưu lại sau một giờ.")
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 6, 8, 6)
        row.addWidget(self.label, 1)
        row.addWidget(self.open_button)
        row.addWidget(self.hide_button)
        self.open_button.clicked.connect(self.open_requested)
        self.hide_button.clicked.connect(self.hide)
        self.open_button.setVisible(may_open)
        self.hide()

    def show_problem(self, text: str) -> None:
        """Show ``text``; an officer who may not open the backup page is told whom to ask."""
        self.label.setText(text if self._may_open else f"{text} Hãy báo quản trị viên của cơ quan.")
        self.show()


class AutoBackup(QObject):
    """Runs ``backup_if_due`` (at most one backup a day) now and then every hour."""

    def __init__(
        self,
        service: BackupService,
        tasks: TaskRunner,
        events: AppEvents,
        bar: AutoBackupBar,
        parent: QObject | None = None,
        *,
        interval_ms: int = HOUR_MS,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._tasks = tasks
        self._events = events
        self.bar = bar
        self._running = False
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.run_once)

    def start(self) -> None:
        self.run_once()
        self.timer.start()

    def run_once(self) -> None:
        """Back up if today has no backup yet (skipped while the previous attempt still runs)."""
        if self._running:
            return
        self._running = True
        self._tasks.submit(self._service.backup_if_due, self._on_done, self._on_failed)

    def _on_done(self, result: BackupResult | None) -> None:
        if not shiboken6.isValid(self):
            return
        self._running = False
        self.bar.hide()
        if result is None:
            return  # today's backup exists already
        cases = count(result.manifest.row_counts.get("case_file", 0))
        log.info("automatic backup %s (%.1f s)", result.path, result.seconds)
        self._events.status_message.emit(
            f"Đã tự động sao lưu {cases} vụ việc vào «{result.path.parent}» ({result.path.name})."
        )

    def _on_failed(self, error: BaseException) -> None:
        if not shiboken6.isValid(self):
            return
        self._running = False
        message = failure_text(error)
        log.warning("automatic backup failed: %s", message)
        self.bar.show_problem(
            f"Chưa sao lưu tự động được hôm nay. {message} "
            "Chương trình sẽ thử lại sau một giờ; bạn vẫn làm việc bình thường."
        )
