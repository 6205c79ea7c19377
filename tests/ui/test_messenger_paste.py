"""Pasting a Messenger conversation fills content with time stamps, citizen, channel and time received."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtWidgets import QApplication, QDialog, QPushButton

from app.bootstrap import Services
from app.domain.enums import Channel
from app.services.catalog.dto import UserItem
from app.ui.app_events import AppEvents
from app.ui.intake.intake_form import IntakeForm
from app.ui.intake.messenger_paste_dialog import MessengerPasteDialog

YEAR = datetime.now().year - 1
PASTED = f"""Lê Thị Mai
12/03/{YEAR} 08:47
Chào anh chị, em ở tổ 5 phường Cát Dài.
Đèn đường trước nhà số 21 phố Hàng Kênh bị hỏng cả tuần nay rồi ạ
Đã xem
Bạn đã gửi
12/03/{YEAR} 09:05
Cảm ơn chị đã phản ánh, chị cho xin số điện thoại để liên hệ ạ.
Lê Thị Mai
12/03/{YEAR} 09:12
0912 345 678
Enter
"""


@pytest.fixture
def form(qtbot, services: Services, events: AppEvents, officer: UserItem) -> IntakeForm:
    widget = IntakeForm(services, events, officer)
    qtbot.addWidget(widget)
    widget.resize(1100, 760)
    widget.show()
    return widget


def paste(dialog: QDialog) -> None:
    assert isinstance(dialog, MessengerPasteDialog)
    QApplication.clipboard().setText(PASTED)
    dialog.text.paste()
    dialog.grab().save("/tmp/messenger_paste.png")
    dialog.convert_button.click()


def test_pasted_conversation_fills_the_form(form: IntakeForm, asked) -> None:
    asked.dialog_handlers.append(paste)
    button = form.findChild(QPushButton, "messengerPasteButton")
    assert button is not None and button.text() == "Dán hội thoại Messenger…"
    button.click()
    content = form.fields.content.toPlainText()
    assert "Hàng Kênh" in content and "08:47" in content and "09:12" in content
    assert form.fields.citizen_name.text() == "Lê Thị Mai"
    assert form.fields.current_channel() is Channel.FACEBOOK
    assert form.fields.received() == datetime(YEAR, 3, 12, 8, 47)
    assert form.timer.is_running()  # the pasted text counts as typing: draft and timer go on


def test_typed_name_is_kept_and_empty_paste_is_refused(form: IntakeForm, asked, type_ime) -> None:
    type_ime(form.fields.citizen_name, "Chị Mai")
    asked.dialog_handlers.append(lambda d: d.convert_button.click())  # type: ignore[attr-defined]
    form.findChild(QPushButton, "messengerPasteButton").click()
    assert asked.messages and asked.messages[0][0] == "error"
    assert form.fields.content.toPlainText() == ""
    asked.dialog_handlers.append(paste)
    form.findChild(QPushButton, "messengerPasteButton").click()
    assert form.fields.citizen_name.text() == "Chị Mai"
    assert "Cát Dài" in form.fields.content.toPlainText()
