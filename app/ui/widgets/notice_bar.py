"""A coloured one-message bar (success, info, warning, error) that stays until replaced."""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget


class NoticeKind(StrEnum):
    SUCCESS = "success"
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


# Dark text on a light tint: contrast ratio above 7:1 for every kind (WCAG AAA).
_STYLES: dict[NoticeKind, tuple[str, str, str]] = {
    NoticeKind.SUCCESS: ("#e7f5ec", "#0b4f28", "#6fbf8e"),
    NoticeKind.INFO: ("#e8f0fe", "#173a6b", "#8fb0e6"),
    NoticeKind.WARNING: ("#fff4d6", "#573a00", "#e8a317"),
    NoticeKind.ERROR: ("#fdecea", "#7f1710", "#e0796f"),
}


class NoticeBar(QLabel):
    """Shows one message at a time; hidden while there is nothing to say."""

    def __init__(self, parent: QWidget | None = None, *, large: bool = False) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._large = large
        self._kind: NoticeKind | None = None
        self.hide()

    @property
    def kind(self) -> NoticeKind | None:
        return self._kind

    def show_message(self, kind: NoticeKind, text: str) -> None:
        background, foreground, border = _STYLES[kind]
        size = "font-size: 13pt; font-weight: 600;" if self._large else "font-weight: 500;"
        self.setStyleSheet(
            f"QLabel {{ background: {background}; color: {foreground}; border: 1px solid {border};"
            f" border-left: 5px solid {border}; border-radius: 4px; padding: 8px 12px; {size} }}"
        )
        self._kind = kind
        self.setText(text)
        self.setAccessibleDescription(text)
        self.show()

    def clear_message(self) -> None:
        self._kind = None
        self.clear()
        self.hide()
