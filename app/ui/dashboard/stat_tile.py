"""A big-number tile of the dashboard: the count, what it counts, and a colour for urgency."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

TONES: dict[str, tuple[str, str]] = {
    "blue": ("#e8f0fb", "#0b3d91"),
    "neutral": ("#f1f1f1", "#1f1f1f"),
    "amber": ("#fff0c2", "#7a4a00"),
    "red": ("#fbe0de", "#a4161a"),
}


class StatTile(QFrame):
    """Caption above a large number; ``set_value`` updates it."""

    def __init__(self, caption: str, tone: str, hint: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        bg, fg = TONES[tone]
        self.setObjectName("tile")
        self.setStyleSheet(
            f"QFrame#tile {{ background: {bg}; border: 1px solid {fg}33; border-radius: 8px; }}"
            f"QLabel {{ color: {fg}; background: transparent; }}"
        )
        self.caption = QLabel(caption)
        self.caption.setStyleSheet("font-size: 14px; font-weight: 600;")
        self.value = QLabel("–")
        self.value.setStyleSheet("font-size: 40px; font-weight: 700;")
        self.value.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.hint = QLabel(hint)
        self.hint.setStyleSheet("font-size: 12px;")
        self.hint.setWordWrap(True)
        box = QVBoxLayout(self)
        box.setContentsMargins(16, 12, 16, 12)
        box.setSpacing(2)
        box.addWidget(self.caption)
        box.addWidget(self.value)
        box.addWidget(self.hint)
        self.setMinimumHeight(120)

    def set_value(self, count: int) -> None:
        self.value.setText(f"{count:,}".replace(",", "."))
