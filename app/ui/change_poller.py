"""Every 10 s while the program is in front, ask whether another officer changed the register."""

from __future__ import annotations

import logging
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication

from app.services.core.change_watch import ChangeMarker, ChangeWatch
from app.services.core.errors import ServiceError
from app.ui.app_events import AppEvents
from app.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

INTERVAL_MS = 10_000


def app_is_active() -> bool:
    """One of the program's windows (main window or an open case) has the focus."""
    return QGuiApplication.applicationState() == Qt.ApplicationState.ApplicationActive


class ChangePoller(QObject):
    """Emits ``cases_changed(-1)`` when the marker moved; the read runs off the UI thread.

    Polling (not PostgreSQL LISTEN/NOTIFY) works the same on both databases and needs no extra
    connection held open; a change shows up at the latest 10 s later, or when the officer
    comes back to the program.
    """

    def __init__(
        self,
        watch: ChangeWatch,
        tasks: TaskRunner,
        events: AppEvents,
        parent: QObject | None = None,
        *,
        active: Callable[[], bool] = app_is_active,
        interval_ms: int = INTERVAL_MS,
    ) -> None:
        super().__init__(parent)
        self._watch = watch
        self._tasks = tasks
        self._events = events
        self._active = active
        self._marker: ChangeMarker | None = None
        self._busy = False
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._on_timer_timeout)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.applicationStateChanged.connect(self._on_app_state_changed)

    def start(self) -> None:
        """Take the first marker now, then poll on the timer."""
        self.poll()
        self.timer.start()

    def poll(self) -> None:
        """Read the marker once (skipped while the previous read is still running)."""
        if self._busy:
            return
        self._busy = True
        self._tasks.submit(self._watch.marker, self._on_marker, self._on_failed)

    def _on_timer_timeout(self) -> None:
        if self._active():
            self.poll()

    def _on_app_state_changed(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationActive:
            self.poll()  # back at the desk: catch up at once instead of within 10 s

    def _on_marker(self, marker: object) -> None:
        if not shiboken6.isValid(self):
            return  # the window closed while the read ran
        self._busy = False
        if not isinstance(marker, ChangeMarker):
            return
        previous, self._marker = self._marker, marker
        if previous is not None and marker != previous:
            self._events.cases_changed.emit(-1)

    def _on_failed(self, error: BaseException) -> None:
        if not shiboken6.isValid(self):
            return
        self._busy = False
        detail = error.message if isinstance(error, ServiceError) else repr(error)
        log.warning("change poll failed (will retry): %s", detail)
