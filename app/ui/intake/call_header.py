"""Top line of the intake screen: title, channel, time received and the call timer."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from app.ui.intake.call_timer import CallTimer
from app.ui.intake.intake_fields import IntakeFields


class CallHeader(QWidget):
    """Holds the preset editors (channel, time) so the form body starts with the caller."""

    def __init__(self, fields: IntakeFields, timer: CallTimer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        title = QLabel(self.tr("Tiếp nhận vụ việc"), self)
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        layout.addSpacing(12)
        self.paste_button = QPushButton(self.tr("Dán hội thoại Messenger…"), self)
        self.paste_button.setObjectName("messengerPasteButton")
        self.paste_button.clicked.connect(lambda: _paste_messenger(fields))
        layout.addWidget(self.paste_button)
        layout.addStretch(1)
        for text, editor in (
            (self.tr("Kênh"), fields.channel),
            (self.tr("Thời gian tiếp nhận"), fields.received_at),
        ):
            label = QLabel(text, self)
            label.setBuddy(editor)
            editor.setAccessibleName(text)
            layout.addWidget(label)
            layout.addWidget(editor)
            layout.addSpacing(12)
        layout.addWidget(QLabel(self.tr("Cuộc gọi"), self))
        layout.addWidget(timer)


def _paste_messenger(fields: IntakeFields) -> None:
    """Open the paste box; imported on first use (the parser is not needed to start the app)."""
    from app.ui.intake.messenger_paste_dialog import paste_messenger

    paste_messenger(fields)
