"""Backup work off the UI thread: list, back up, check files, restore; progress comes back as signals."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal

from app.services.backup.backup_service import BackupInfo, BackupService
from app.services.core.errors import ServiceError
from app.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]
Listing = tuple[Path, tuple[BackupInfo, ...]]


def failure_text(error: BaseException) -> str:
    """The Vietnamese sentence for a failed job (the services' own message when they have one)."""
    if isinstance(error, ServiceError):
        return error.message
    log.error("backup job failed", exc_info=(type(error), error, error.__traceback__))
    return f"Lỗi không mong muốn: {error}. Dữ liệu hiện tại được giữ nguyên."


class BackupJob(QObject):
    """One backup or restore at a time (``busy``); listing and file checks may run beside it."""

    progressed = Signal(int, int)
    """Done and total (in thousandths) of the running backup or restore."""
    checked = Signal(int, object, str)
    """A file's check: the listing it belongs to, its path and the problem found ("" when intact)."""
    busy_changed = Signal(bool)

    def __init__(self, service: BackupService, tasks: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self._tasks = tasks
        self._busy = False
        self._shown = -1

    @property
    def busy(self) -> bool:
        return self._busy

    def list_folder(self, on_done: Done, on_error: Failed) -> None:
        """The folder in use and its backups, newest first: ``on_done((folder, backups))``."""
        service = self.service

        def work() -> Listing:
            folder = service.folder()
            return folder, service.list_backups(folder)

        self._submit(work, on_done, on_error, busy=False)

    def set_folder(self, folder: Path, on_done: Done, on_error: Failed) -> None:
        """Remember ``folder`` once a test file could be written there (a USB stick may be slow)."""
        self._submit(lambda: self.service.set_folder(folder), on_done, on_error, busy=False)

    def backup(self, passphrase: str | None, on_done: Done, on_error: Failed) -> None:
        """Back up now into the chosen folder; ``on_done(BackupResult)``."""
        self._submit(
            lambda: self.service.backup(progress=self._report, encrypt=passphrase),
            on_done,
            on_error,
            busy=True,
        )

    def inspect(self, path: Path, on_done: Done, on_error: Failed) -> None:
        """Read and check a backup's stamp (a file chosen outside the folder)."""
        self._submit(lambda: self.service.inspect(path), on_done, on_error, busy=False)

    def restore(
        self, path: Path, passphrase: str | None, force_office: bool, on_done: Done, on_error: Failed
    ) -> None:
        """Replace the database by the backup; ``on_done(RestoreResult)``."""
        self._submit(
            lambda: self.service.restore(
                path, force_office=force_office, progress=self._report, passphrase=passphrase
            ),
            on_done,
            on_error,
            busy=True,
        )

    def check(self, listing: int, paths: list[Path]) -> None:
        """Compare each file with its stamp (size, SHA-256), reporting one ``checked`` per file.

        ``listing`` comes back with each answer, so the screen can drop answers about an older listing.
        """

        def work() -> None:
            for path in paths:
                try:
                    self.service.inspect(path)
                    problem = ""
                except ServiceError as error:
                    problem = error.message
                if not shiboken6.isValid(self):
                    return
                self.checked.emit(listing, path, problem)

        self._submit(
            work, lambda _: None, lambda error: log.warning("backup check failed: %r", error), busy=False
        )

    # --- plumbing -----------------------------------------------------------------------
    def _submit(self, work: Callable[[], Any], on_done: Done, on_error: Failed, *, busy: bool) -> None:
        if busy:
            if self._busy:
                raise RuntimeError("a backup or restore is already running")
            self._shown = -1
            self._set_busy(True)

        def done(result: Any) -> None:
            if shiboken6.isValid(self):  # the screen may have closed meanwhile
                if busy:
                    self._set_busy(False)
                on_done(result)

        def failed(error: BaseException) -> None:
            if shiboken6.isValid(self):
                if busy:
                    self._set_busy(False)
                on_error(error)

        self._tasks.submit(work, done, failed)

    def _report(self, done: int, total: int) -> None:
        """Called on the worker thread: forward only whole-thousandth steps, never a flood of signals."""
        step = 1000 * done // max(total, 1)
        if step != self._shown and shiboken6.isValid(self):
            self._shown = step
            self.progressed.emit(step, 1000)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busy_changed.emit(busy)
