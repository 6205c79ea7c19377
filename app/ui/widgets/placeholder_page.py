"""Stand-in page for a screen whose module is not part of this build yet."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class PlaceholderPage(QWidget):
    """Says plainly that the screen is still being built."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("placeholderPage")
        layout = QVBoxLayout(self)
        heading = QLabel(title, self)
        heading.setObjectName("pageTitle")
        note = QLabel(self.tr("Đang xây dựng — màn hình này sẽ có trong bản cập nhật tới."), self)
        note.setWordWrap(True)
        layout.addWidget(heading)
        layout.addWidget(note)
        layout.addStretch(1)
        for label in (heading, note):
            label.setAlignment(Qt.AlignmentFlag.AlignLeft)
