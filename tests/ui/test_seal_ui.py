"""Denunciation cases: the denouncer's identity sealed on the case screen, unsealed with a reason, granted."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from helpers_cases import type_text, user_id
from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QListWidget, QPlainTextEdit, QTableWidget, QTextEdit
from sqlalchemy import select

from app.bootstrap import Services
from app.domain.enums import CaseKind, Role
from app.domain.permissions import Actor
from app.models import AuditLog
from app.services.cases.dto import NewCase
from app.ui.app_events import AppEvents
from app.ui.cases import seal_dialogs
from app.ui.cases.case_detail_dialog import CaseDetailDialog
from app.ui.cases.seal_dialogs import GrantDialog, IdentityDialog, ReasonDialog

NAME = "Lê Văn Tố"
PHONE = "0912345678"
ID_NUMBER = "001088012345"
ADDRESS = "Số 12 ngõ 34 phố Hàng Bông"
LETTER = "đơn tố cáo viết tay.txt"
SECRETS = (NAME, "0912", ID_NUMBER, ADDRESS, "Hàng Bông", LETTER)


@pytest.fixture
def people(services: Services) -> dict[str, Actor]:
    dept = services.catalog.departments()[0].id
    chief = services.catalog.save_user("lanhdao", "Phạm Thị Lãnh Đạo", Role.CHIEF, dept)
    handler = services.catalog.save_user("xuly", "Nguyễn Văn Xử", Role.HANDLER, dept)
    return {
        "chief": Actor(chief, "lanhdao", "Phạm Thị Lãnh Đạo", "chief", dept),
        "handler": Actor(handler, "xuly", "Nguyễn Văn Xử", "handler", dept),
    }


@pytest.fixture
def case_id(services: Services, officer, people: dict[str, Actor], tmp_path: Path) -> int:
    saved = services.cases.create_case(
        NewCase(
            content="Tố cáo cán bộ địa chính nhận tiền khi làm thủ tục cấp sổ đỏ",
            kind=CaseKind.DENUNCIATION,
            received_at=datetime.now().replace(microsecond=0) - timedelta(hours=2),
            citizen_name=NAME,
            phone=PHONE,
            id_number=ID_NUMBER,
            address=ADDRESS,
            department_id=people["handler"].department_id,
        ),
        officer.id,
    )
    letter = tmp_path / LETTER
    letter.write_text("Tôi xin tố cáo…", encoding="utf-8")
    services.attachments.attach(saved.id, letter, officer.id)
    return saved.id


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every file the UI tried to open with the system viewer."""
    calls: list[str] = []

    def fake_open(url: QUrl) -> bool:
        calls.append(url.toLocalFile())
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(fake_open))
    return calls


def _dialog(
    qtbot, services: Services, events: AppEvents, case_id: int, actor: Actor | None
) -> CaseDetailDialog:
    if actor is not None:
        services.signed_in.sign_in(actor)
    widget = CaseDetailDialog(services, events, case_id, actor.user_id if actor else user_id(services))
    qtbot.addWidget(widget)
    return widget


def _all_texts(root: QDialog) -> str:
    texts = [root.windowTitle()]
    for label in root.findChildren(QLabel):
        texts += [label.text(), label.toolTip()]
    for edit in root.findChildren(QLineEdit):
        texts.append(edit.text())
    for area in root.findChildren(QTextEdit):
        texts.append(area.toPlainText())
    for plain in root.findChildren(QPlainTextEdit):
        texts.append(plain.toPlainText())
    for table in root.findChildren(QTableWidget):
        for r in range(table.rowCount()):
            for c in range(table.columnCount()):
                if (item := table.item(r, c)) is not None:
                    texts += [item.text(), item.toolTip(), str(item.data(Qt.ItemDataRole.UserRole))]
    for listing in root.findChildren(QListWidget):
        texts += [listing.item(r).text() for r in range(listing.count())]
    return "\n".join(texts)


def _give_reason(reason: str) -> Callable[[QDialog], None]:
    def answer(dialog: QDialog) -> None:
        assert isinstance(dialog, ReasonDialog)
        assert not dialog.ok_button.isEnabled()
        type_text(dialog.reason, reason)
        assert dialog.ok_button.isEnabled()
        dialog.ok_button.click()

    return answer


def _double_click_attachment(qtbot, dialog: CaseDetailDialog) -> None:
    table = dialog.history.attachments
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.side_tabs.setCurrentWidget(dialog.history)
    dialog.history.setCurrentWidget(table)
    item = table.item(0, 0)
    assert item is not None
    centre: QPoint = table.visualItemRect(item).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=centre)


def test_handler_sees_no_identity_and_cannot_open_the_letter(
    qtbot, services: Services, events: AppEvents, case_id: int, people: dict[str, Actor], opened: list[str]
) -> None:
    dialog = _dialog(qtbot, services, events, case_id, people["handler"])
    assert dialog.detail is not None and dialog.detail.sealed
    shown = _all_texts(dialog)
    for secret in SECRETS:
        assert secret not in shown
    assert dialog.fields.values["citizen"].text() == "(được bảo mật)"
    assert not dialog.fields.sealed_note.isHidden()
    assert "Điều 9 Luật Tố cáo" in dialog.fields.sealed_note.text()
    assert not dialog.fields.unseal_button.isHidden()
    assert dialog.fields.grant_button.isHidden()  # only a chief grants
    assert dialog.history.texts(dialog.history.attachments)[0][0] == "(được bảo mật)"
    _double_click_attachment(qtbot, dialog)
    assert opened == []


def test_an_ordinary_attachment_still_opens(
    qtbot, services: Services, events: AppEvents, officer, tmp_path: Path, opened: list[str]
) -> None:
    """The control for the test above: the same double-click opens an unsealed file."""
    saved = services.cases.create_case(
        NewCase(content="Đèn đường hỏng ở tổ 5", citizen_name=NAME, received_at=datetime.now()), officer.id
    )
    photo = tmp_path / "ảnh hiện trường.txt"
    photo.write_text("ảnh", encoding="utf-8")
    services.attachments.attach(saved.id, photo, officer.id)
    dialog = _dialog(qtbot, services, events, saved.id, None)
    assert dialog.fields.sealed_note.isHidden() and dialog.fields.unseal_button.isHidden()
    assert dialog.fields.values["citizen"].text() == NAME
    _double_click_attachment(qtbot, dialog)
    assert len(opened) == 1 and opened[0].endswith(".txt")


def test_nobody_signed_in_sees_no_seal_buttons(
    qtbot, services: Services, events: AppEvents, case_id: int
) -> None:
    dialog = _dialog(qtbot, services, events, case_id, None)
    assert not dialog.fields.sealed_note.isHidden()
    assert dialog.fields.unseal_button.isHidden() and dialog.fields.grant_button.isHidden()


def test_chief_unseals_with_a_reason_and_it_is_audited(
    qtbot,
    services: Services,
    events: AppEvents,
    case_id: int,
    people: dict[str, Actor],
    asked,
    opened: list[str],
) -> None:
    dialog = _dialog(qtbot, services, events, case_id, people["chief"])
    assert not dialog.fields.grant_button.isHidden()
    seen: dict[str, str] = {}

    def read_identity(shown: QDialog) -> None:
        assert isinstance(shown, IdentityDialog)
        seen.update({key: edit.text() for key, edit in shown.fields.items()})
        assert all(edit.isReadOnly() for edit in shown.fields.values())
        assert "nhật ký" in shown.warning.text() and "kỷ luật" in shown.warning.text()
        assert [shown.letters.item(r).text() for r in range(shown.letters.count())] == [LETTER]
        shown.open_button.click()
        shown.reject()

    asked.dialog_handlers += [_give_reason("Xác minh nội dung tố cáo theo chỉ đạo"), read_identity]
    dialog.fields.unseal_button.click()
    assert seen["full_name"] == NAME and seen["id_number"] == ID_NUMBER and seen["address"] == ADDRESS
    assert seen["phone"].replace(" ", "").endswith("912345678")
    assert len(opened) == 1 and Path(opened[0]).read_text(encoding="utf-8") == "Tôi xin tố cáo…"
    with services.sessions() as session:
        rows = session.scalars(select(AuditLog).where(AuditLog.action == "case.unseal")).all()
    assert len(rows) == 1 and rows[0].object_id == str(case_id)
    assert rows[0].user_id == people["chief"].user_id and "Xác minh" in (rows[0].after or "")
    for secret in SECRETS:  # back on the case screen the identity is sealed again
        assert secret not in _all_texts(dialog)


def test_cancelled_reason_unseals_nothing(
    qtbot, services: Services, events: AppEvents, case_id: int, people: dict[str, Actor], asked
) -> None:
    dialog = _dialog(qtbot, services, events, case_id, people["chief"])
    asked.dialog_handlers.append(lambda reason: reason.reject())
    dialog.fields.unseal_button.click()
    assert len(asked.dialogs) == 1 and asked.messages == []
    with services.sessions() as session:
        assert session.scalars(select(AuditLog).where(AuditLog.action == "case.unseal")).all() == []


def test_reason_needs_five_real_characters(qtbot) -> None:
    dialog = ReasonDialog("2026/000123")
    qtbot.addWidget(dialog)
    type_text(dialog.reason, "  a  b  c  ")
    assert not dialog.ok_button.isEnabled()
    type_text(dialog.reason, "dđ")
    assert dialog.ok_button.isEnabled()


def test_handler_is_refused_until_the_chief_grants_him(
    qtbot, services: Services, events: AppEvents, case_id: int, people: dict[str, Actor], asked
) -> None:
    handler_view = _dialog(qtbot, services, events, case_id, people["handler"])
    asked.dialog_handlers.append(_give_reason("Cần liên hệ người tố cáo để xác minh"))
    handler_view.fields.unseal_button.click()
    assert len(asked.messages) == 1
    kind, title, text = asked.messages[0]
    assert kind == "error" and "danh tính" in title
    assert text and "không" in text.lower()  # the service's Vietnamese refusal

    chief_view = _dialog(qtbot, services, events, case_id, people["chief"])

    def pick_handler(picker: QDialog) -> None:
        assert isinstance(picker, GrantDialog)
        listed = [picker.officers.item(r).text() for r in range(picker.officers.count())]
        assert not any(text.startswith("Phạm Thị Lãnh Đạo") for text in listed)  # not the chief himself
        type_text(picker.search, "nguyen van xu")  # accent-free typing finds "Nguyễn Văn Xử"
        assert picker.selected_user_id() == people["handler"].user_id
        picker.ok_button.click()

    asked.dialog_handlers.append(pick_handler)
    chief_view.fields.grant_button.click()
    assert chief_view.message.text() == "Đã cấp quyền xem danh tính người tố cáo cho Nguyễn Văn Xử."
    with services.sessions() as session:
        assert session.scalars(select(AuditLog).where(AuditLog.action == "case.grant")).all()

    handler_view = _dialog(qtbot, services, events, case_id, people["handler"])
    seen: list[str] = []

    def read_name(shown: QDialog) -> None:
        assert isinstance(shown, IdentityDialog)
        seen.append(shown.fields["full_name"].text())
        shown.reject()

    asked.dialog_handlers += [_give_reason("Xác minh theo phân công của lãnh đạo"), read_name]
    handler_view.fields.unseal_button.click()
    assert seen == [NAME]
    assert len(asked.messages) == 1  # no new refusal


def test_screenshots(
    qtbot, services: Services, events: AppEvents, case_id: int, people: dict[str, Actor], tmp_path: Path
) -> None:
    """Offscreen pictures of the sealed case and the dialogs; ``SHOTS_DIR=/tmp/shots`` keeps them to look at."""
    shots = Path(os.environ.get("SHOTS_DIR") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    dialog = _dialog(qtbot, services, events, case_id, people["chief"])
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.grab().save(str(shots / "seal_case.png"))
    dialog.history.setCurrentWidget(dialog.history.attachments)
    dialog.history.grab().save(str(shots / "seal_case_files.png"))
    identity = services.seal.unseal(people["chief"], case_id, "Chụp màn hình kiểm tra")
    shown = IdentityDialog(dialog.detail.number if dialog.detail else "", identity)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    shown.grab().save(str(shots / "seal_identity.png"))
    reason = ReasonDialog("2026/000123")
    qtbot.addWidget(reason)
    reason.show()
    reason.grab().save(str(shots / "seal_reason.png"))
    picker = GrantDialog("2026/000123", services.catalog.users(), services.catalog.departments())
    qtbot.addWidget(picker)
    picker.show()
    picker.grab().save(str(shots / "seal_grant.png"))
    assert seal_dialogs.LOGGED_WARNING in shown.warning.text()
    assert (shots / "seal_case.png").stat().st_size > 0
