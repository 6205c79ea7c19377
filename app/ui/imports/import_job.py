"""Runs one import (dry run or real) off the UI thread, with progress and a cancel flag."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from app.domain.imports.columns import ColumnMapping
from app.services.channels.import_service import ImportService
from app.services.channels.import_types import ImportReport
from app.ui.tasks import TaskRunner


class ImportJob(QObject):
    """``progressed(done, total)`` arrives on the UI thread; ``finished``/``failed`` end every run."""

    progressed = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, imports: ImportService, tasks: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._imports = imports
        self._tasks = tasks
        self._cancel = threading.Event()
        self.running = False

    def start(
        self,
        path: Path,
        source: str,
        mapping: ColumnMapping | None,
        sheet: str | None,
        *,
        dry_run: bool,
        user_id: int | None,
    ) -> None:
        """Start the run; the service writes nothing until the whole file has been read."""
        self._cancel.clear()
        self.running = True

        def work() -> ImportReport:
            return self._imports.run(
                path,
                source,
                mapping=mapping,
                sheet=sheet,
                dry_run=dry_run,
                user_id=user_id,
                progress=self.progressed.emit,
                cancel=self._cancel.is_set,
            )

        self._tasks.submit(work, self._on_done, self._on_error)

    def cancel(self) -> None:
        """Ask the running import to stop at its next check (nothing is written)."""
        self._cancel.set()

    def _on_done(self, report: object) -> None:
        self.running = False
        self.finished.emit(report)

    def _on_error(self, error: BaseException) -> None:
        self.running = False
        self.failed.emit(error)
