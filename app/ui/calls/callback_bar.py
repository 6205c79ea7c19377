"""At start-up and until they are called back: «N cuộc gọi nhỡ cần gọi lại» above every page."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from app.services.calls.call_service import CallLogService
from app.services.core.errors import ServiceError
from app.ui.app_events import AppEvents

_STYLE = (
    "QFrame#callbackBar { background: #fff0c2; border-bottom: 1px solid #e0b84a; }"
    "QLabel { color: #5a3600; font-weight: 600; }"
)


class CallbackBar(QFrame):
    """Shows itself while missed calls wait for a call-back; hides when none is left."""

    open_requested = Signal()

    def __init__(self, calls: CallLogService, events: AppEvents, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._calls = calls
        self.setObjectName("callbackBar")
        self.setStyleSheet(_STYLE)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.open_button = QPushButton("Mở «Cuộc gọi chưa ghi nhận»  (Ctrl+M)", self)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 6, 8, 6)
        row.addWidget(self.label, 1)
        row.addWidget(self.open_button)
        self.open_button.clicked.connect(self.open_requested)
        events.calls_changed.connect(self.refresh)
        self.hide()

    def refresh(self) -> None:
        try:
            waiting, overdue = self._calls.callback_counts()
        except ServiceError:
            self.hide()
            return
        if not waiting:
            self.hide()
            return
        late = f", trong đó {overdue} cuộc đã quá một ngày làm việc" if overdue else ""
        self.label.setText(f"Có {waiting} cuộc gọi nhỡ chưa gọi lại{late}.")
        self.show()
