"""Report work off the UI thread: build the report, write a file, report progress, honour "Hủy"."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Signal

from app.reports.errors import ReportCancelled, ReportError
from app.reports.types import PeriodicReport
from app.services.core.errors import ServiceError
from app.services.reports.report_service import ReportOptions, ReportService, write_report
from app.ui.tasks import TaskRunner
from app.ui.widgets.notice_bar import NoticeKind

log = logging.getLogger(__name__)

Done = Callable[[PeriodicReport, Path | None], None]
Packager = Callable[[ReportOptions, PeriodicReport, Path, str], Path]
"""Writes the report package (.hdbc) beside a saved export: options, report, export path, format."""
Failed = Callable[[BaseException], None]
Cancel = Callable[[], bool]
T = TypeVar("T")

BUILDING = "Đang tổng hợp số liệu…"
WRITING = {"pdf": "Đang dựng tệp PDF…", "xlsx": "Đang ghi tệp Excel…"}
PACKAGING = "Đang ghi gói số liệu gửi cấp trên…"


class ReportJob(QObject):
    """One job at a time; signals may be emitted from the worker and arrive on the UI thread."""

    stage_changed = Signal(str)
    progressed = Signal(int, int)
    """Rows written and the total (0 when unknown)."""
    busy_changed = Signal(bool)

    def __init__(
        self,
        service: ReportService,
        tasks: TaskRunner,
        parent: QObject | None = None,
        *,
        packager: Packager | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._packager = packager
        self._tasks = tasks
        self._cancel = threading.Event()
        self._busy = False
        running = self._running = [self._cancel]

        def stop_running(*_: object) -> None:
            # Closing the window stops the worker at its next check instead of finishing unseen.
            for flag in running:
                flag.set()

        self.destroyed.connect(stop_running)

    @property
    def busy(self) -> bool:
        return self._busy

    def cancel(self) -> None:
        """Ask the running job to stop at its next check; the writers leave no file behind."""
        self._cancel.set()

    def cancel_requested(self) -> bool:
        return self._cancel.is_set()

    def run(
        self,
        options: ReportOptions,
        report: PeriodicReport | None,
        target: tuple[str, Path] | None,
        on_done: Done,
        on_error: Failed,
        *,
        package: bool = False,
    ) -> None:
        """Build the report (unless ``report`` is given), then write ``target`` = (format, path).

        ``package`` also writes the report package beside the saved file (a saved export, not a
        preview)."""

        def work(cancel: Cancel) -> tuple[PeriodicReport, Path | None]:
            built = report
            if built is None:
                self.stage_changed.emit(BUILDING)
                built = self._service.build(options)
            if cancel():
                raise ReportCancelled()
            if target is None:
                return built, None
            fmt, path = target
            self.stage_changed.emit(WRITING[fmt])
            written = write_report(built, fmt, path, progress=self.progress, cancel=cancel)
            if package and self._packager is not None:
                self.stage_changed.emit(PACKAGING)
                self._packager(options, built, written, fmt)
            return built, written

        self.run_task(work, lambda result: on_done(*result), on_error)

    def run_task(self, work: Callable[[Cancel], T], on_done: Callable[[T], None], on_error: Failed) -> None:
        """Run ``work(cancel)`` off the UI thread (it may emit the stage and ``progress``)."""
        if self._busy:
            raise RuntimeError("a report job is already running")
        self._cancel = threading.Event()
        cancel = self._cancel
        self._running[:] = [cancel]
        self._set_busy(True)

        def done(result: T) -> None:
            if shiboken6.isValid(self):  # the screen may have closed meanwhile
                self._set_busy(False)
                on_done(result)

        def failed(error: BaseException) -> None:
            if shiboken6.isValid(self):
                self._set_busy(False)
                on_error(error)

        self._tasks.submit(lambda: work(cancel.is_set), done, failed)

    def progress(self, done: int, total: int | None) -> None:
        """Writer progress callback: rows written and the total (``None`` when unknown)."""
        self.progressed.emit(done, total or 0)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busy_changed.emit(busy)


def describe_failure(error: BaseException) -> tuple[NoticeKind, str]:
    """How the screen words a failed job: cancel is news, a locked file or a refusal is an error."""
    if isinstance(error, ReportCancelled):
        return NoticeKind.INFO, _tr("Đã hủy. Không có tệp nào được ghi.")
    if isinstance(error, ReportError):
        return NoticeKind.ERROR, str(error)
    if isinstance(error, ServiceError):
        return NoticeKind.ERROR, error.message
    log.error("report failed", exc_info=(type(error), error, error.__traceback__))
    return NoticeKind.ERROR, _tr("Không lập được báo cáo do lỗi không mong muốn: {e}").format(e=error)


def _tr(text: str) -> str:
    return QCoreApplication.translate("ReportJob", text)
