"""Paste a Messenger conversation and turn it into the case's content, citizen and time received."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import Channel
from app.domain.messenger import PastedConversation, parse_messenger_paste
from app.ui import ask
from app.ui.intake.intake_fields import IntakeFields


class MessengerPasteDialog(QDialog):
    """A plain-text box for the copied conversation; "Chuyển thành nội dung" reads it."""

    def __init__(self, page_names: Iterable[str] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messengerPasteDialog")
        self.setWindowTitle(self.tr("Dán hội thoại Messenger"))
        self._page_names = tuple(page_names)
        self.conversation: PastedConversation | None = None
        hint = QLabel(
            self.tr(
                "Mở cuộc trò chuyện trên Messenger hoặc Meta Business Suite, chọn toàn bộ tin nhắn, "
                "sao chép (Ctrl+C) rồi dán vào ô dưới đây (Ctrl+V)."
            ),
            self,
        )
        hint.setWordWrap(True)
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("messengerText")
        self.text.setPlaceholderText(self.tr("Dán hội thoại vào đây…"))
        self.convert_button = QPushButton(self.tr("Chuyển thành nội dung"), self)
        self.convert_button.setObjectName("primaryButton")
        self.convert_button.setDefault(True)
        self.cancel_button = QPushButton(self.tr("Hủy"), self)
        self.convert_button.clicked.connect(self._on_convert_clicked)
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.convert_button)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.text, 1)
        layout.addLayout(buttons)
        self.resize(640, 480)

    def _on_convert_clicked(self) -> None:
        parsed = parse_messenger_paste(
            self.text.toPlainText(), now=datetime.now(), page_names=self._page_names
        )
        if not parsed.messages or not parsed.content.strip():
            ask.error(
                self,
                self.tr("Chưa đọc được hội thoại"),
                self.tr("Không tìm thấy tin nhắn nào trong nội dung đã dán."),
            )
            return
        self.conversation = parsed
        self.accept()


def apply_conversation(fields: IntakeFields, conversation: PastedConversation) -> None:
    """Fill the form: content (appended after any typed text), name if empty, Facebook, first time."""
    if conversation.received_at is not None:
        fields.set_received(conversation.received_at)
    index = fields.channel.findData(Channel.FACEBOOK.value)
    if index >= 0:
        fields.channel.setCurrentIndex(index)
    if conversation.citizen_name and not fields.citizen_name.text().strip():
        fields.citizen_name.setText(conversation.citizen_name)
    typed = fields.content.toPlainText().rstrip()
    fields.content.setPlainText(f"{typed}\n\n{conversation.content}" if typed else conversation.content)


def paste_messenger(fields: IntakeFields, page_names: Iterable[str] = ()) -> bool:
    """Open the paste dialog over the form; ``True`` when the form was filled."""
    dialog = MessengerPasteDialog(page_names, fields.window())
    try:
        ask.exec_dialog(dialog)
        conversation = dialog.conversation if dialog.result() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()
    if conversation is None:
        return False
    apply_conversation(fields, conversation)
    fields.content.setFocus()
    return True
