"""Looks the caller up ~150 ms after the phone number stops changing and fills in what is known."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer

from app.services.cases.case_query import CaseQuery
from app.services.cases.dto import CallerHistory
from app.services.core.errors import ServiceError
from app.ui.intake.caller_history_panel import CallerHistoryPanel
from app.ui.intake.intake_fields import IntakeFields

log = logging.getLogger(__name__)

HISTORY_DELAY_MS = 150
AUTOFILLED = ("citizen_name", "address")


class CallerLookup(QObject):
    """Debounced ``caller_history``; never overwrites a name or address the officer typed."""

    def __init__(
        self, query: CaseQuery, fields: IntakeFields, panel: CallerHistoryPanel, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._query = query
        self._fields = fields
        self._panel = panel
        self._filled: dict[str, str] = {}
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(HISTORY_DELAY_MS)
        self._timer.timeout.connect(self.lookup_now)
        fields.phone_changed.connect(self._timer.start)

    def reset(self) -> None:
        """A new case: nothing looked up, nothing filled in."""
        self._timer.stop()
        self._filled.clear()
        self._panel.show_history(None)

    def stop(self) -> None:
        self._timer.stop()

    def lookup_now(self) -> None:
        self._timer.stop()
        phone = self._fields.phone.text()
        history: CallerHistory | None = None
        if phone.strip():
            try:
                history = self._query.caller_history(phone)
            except ServiceError as error:
                log.warning("caller history failed: %s", error.message)
        self._panel.show_history(history)
        self._fill(history)

    def _fill(self, history: CallerHistory | None) -> None:
        for name in AUTOFILLED:
            known = getattr(history, name, "") if history and history.cases else ""
            editor = getattr(self._fields, name)
            current = editor.text()
            mine = not current.strip() or current == self._filled.get(name)
            if mine and current != known:
                editor.setText(known)
                editor.setCursorPosition(0)  # show the start of a long address
                self._filled[name] = known
