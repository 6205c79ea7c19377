"""The call timer (mm:ss) beside the intake form; its seconds are saved as the call length."""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, Qt, QTimer
from PySide6.QtWidgets import QLabel, QWidget


def format_seconds(seconds: int) -> str:
    """``125`` → ``"02:05"``; minutes keep counting past an hour (``"75:00"``)."""
    minutes, secs = divmod(max(0, seconds), 60)
    return f"{minutes:02d}:{secs:02d}"


class CallTimer(QLabel):
    """Counts from the moment a new case starts; ``seconds()`` is the call length so far."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("callTimer")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("000:00") + 24)
        self._clock = QElapsedTimer()
        self._offset = 0
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._refresh)
        self.setToolTip(self.tr("Thời lượng cuộc gọi, tính từ khi bắt đầu vụ việc mới"))
        self._refresh()

    def is_running(self) -> bool:
        return self._clock.isValid()

    def start(self, offset_seconds: int = 0) -> None:
        """Start counting from ``offset_seconds`` (a restored draft keeps its elapsed time)."""
        self._offset = max(0, offset_seconds)
        self._clock.start()
        self._tick.start()
        self._refresh()

    def reset(self) -> None:
        """Stop and show 00:00, waiting for the next case to start."""
        self._tick.stop()
        self._clock.invalidate()
        self._offset = 0
        self._refresh()

    def seconds(self) -> int:
        if not self._clock.isValid():
            return self._offset
        return self._offset + int(self._clock.elapsed() // 1000)

    def _refresh(self) -> None:
        self.setText(format_seconds(self.seconds()))
        self.setProperty("running", self.is_running())
        self.style().unpolish(self)
        self.style().polish(self)
