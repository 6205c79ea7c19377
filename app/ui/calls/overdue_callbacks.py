"""The chief's escalation list, calls part: missed calls not called back within one working day."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from app.domain.phone import format_phone
from app.services.calls.call_service import CallLogService
from app.services.core.errors import ServiceError
from app.ui.app_events import AppEvents


class OverdueCallbacks(QWidget):
    """Hidden while none is overdue; refreshes itself when the call log changes."""

    def __init__(self, calls: CallLogService, events: AppEvents, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._calls = calls
        self.title = QLabel(self)
        self.title.setObjectName("sectionTitle")
        self.title.setStyleSheet("font-weight: 600; color: #a4161a;")
        self.list = QListWidget(self)
        self.list.setMaximumHeight(140)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 4, 0, 0)
        box.addWidget(self.title)
        box.addWidget(self.list)
        events.calls_changed.connect(self.refresh)
        self.hide()

    def refresh(self) -> None:
        try:
            late = self._calls.callback_tasks(overdue_only=True, limit=200)
            _waiting, overdue = self._calls.callback_counts()
        except ServiceError:
            self.hide()
            return
        self.list.clear()
        for task in late:
            name = f" — {task.name}" if task.name else ""
            item = QListWidgetItem(
                f"{task.at:%d/%m/%Y %H:%M}  {format_phone(task.phone)}  {task.kind.label}, hạn gọi lại "
                f"{task.due:%d/%m %H:%M}{name}"
            )
            item.setForeground(Qt.GlobalColor.darkRed)
            self.list.addItem(item)
        self.title.setText(f"Cuộc gọi nhỡ chưa gọi lại quá một ngày làm việc: {overdue}")
        self.setVisible(overdue > 0)
