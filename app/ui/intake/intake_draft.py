"""Debounced saving of the intake form to the draft store, so a crash loses nothing typed."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer

from app.services.cases.draft_store import DraftStore

log = logging.getLogger(__name__)

DRAFT_DELAY_MS = 500


class IntakeDraft(QObject):
    """Writes ``collect()`` to the store ~500 ms after the last change; ``None`` means discard."""

    def __init__(
        self,
        store: DraftStore,
        key: str,
        collect: Callable[[], dict[str, Any] | None],
        on_error: Callable[[str], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._key = key
        self._collect = collect
        self._on_error = on_error
        self._failed = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DRAFT_DELAY_MS)
        self._timer.timeout.connect(self.flush)

    @property
    def key(self) -> str:
        return self._key

    def is_pending(self) -> bool:
        return self._timer.isActive()

    def schedule(self) -> None:
        """Note a change; the write happens when typing pauses."""
        self._timer.start()

    def load(self) -> dict[str, Any] | None:
        return self._store.load(self._key)

    def flush(self) -> None:
        """Write (or discard) now."""
        self._timer.stop()
        fields = self._collect()
        try:
            if fields is None:
                self._store.discard(self._key)
            else:
                self._store.save(self._key, fields)
        except OSError as error:
            log.exception("draft %s not written", self._key)
            if not self._failed:
                self._on_error(
                    self.tr("Không ghi được bản nháp: {error}").format(error=error.strerror or error)
                )
            self._failed = True
        else:
            self._failed = False

    def discard(self) -> None:
        self._timer.stop()
        try:
            self._store.discard(self._key)
        except OSError:
            log.exception("draft %s not discarded", self._key)
