"""One small task runner for slow work off the UI thread; tests swap in an inline runner."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], signals: _Signals) -> None:
        super().__init__()
        self._fn = fn
        self._signals = signals

    def run(self) -> None:
        try:
            result = self._fn()
        except BaseException as error:  # reported to the UI, never lost in a thread
            self._signals.failed.emit(error)
        else:
            self._signals.done.emit(result)


class TaskRunner:
    """Runs ``fn`` in the global thread pool; callbacks come back on the UI thread."""

    def __init__(self) -> None:
        self._pool = QThreadPool.globalInstance()
        self._alive: set[_Signals] = set()

    def submit(
        self, fn: Callable[[], Any], on_done: Callable[[Any], None], on_error: Callable[[BaseException], None]
    ) -> None:
        signals = _Signals()
        self._alive.add(signals)

        def finish(_: object) -> None:
            self._alive.discard(signals)

        signals.done.connect(on_done)
        signals.failed.connect(on_error)
        signals.done.connect(finish)
        signals.failed.connect(finish)
        self._pool.start(_Job(fn, signals))


class InlineTaskRunner(TaskRunner):
    """Runs tasks at once on the calling thread (for tests)."""

    def __init__(self) -> None:
        self._alive = set()

    def submit(
        self, fn: Callable[[], Any], on_done: Callable[[Any], None], on_error: Callable[[BaseException], None]
    ) -> None:
        try:
            result = fn()
        except BaseException as error:
            on_error(error)
        else:
            on_done(result)
