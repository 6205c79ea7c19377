"""Intake form driven as an officer does: IME typing, Ctrl+Enter, Esc, caller history, drafts."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import QMimeData, Qt
from PySide6.QtWidgets import QApplication, QListWidget, QWidget

from app.bootstrap import Services
from app.domain.enums import CaseKind, Channel
from app.services.cases.dto import CaseFilter, NewCase
from app.services.catalog.dto import UserItem
from app.services.core.errors import DatabaseError
from app.ui.app_events import AppEvents
from app.ui.intake.intake_form import IntakeForm
from app.ui.widgets.notice_bar import NoticeKind

Typer = Callable[[QWidget, str], None]

CONTENT = "Đèn chiếu sáng ngõ 12 phố Trần Hưng Đạo bị hỏng đã hai tuần, buổi tối rất tối và nguy hiểm."
NAME = "Nguyễn Thị Hương"


@pytest.fixture
def make_form(qtbot, services: Services, events: AppEvents, officer: UserItem) -> Callable[..., IntakeForm]:
    def make(user: UserItem = officer) -> IntakeForm:
        form = IntakeForm(services, events, user)
        qtbot.addWidget(form)
        form.resize(1100, 760)
        form.show()
        form.activateWindow()
        qtbot.waitUntil(form.isActiveWindow)
        form.focus_first()
        return form

    return make


@pytest.fixture
def form(make_form: Callable[..., IntakeForm]) -> IntakeForm:
    return make_form()


def ctrl_enter(qtbot) -> None:
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def all_cases(services: Services) -> list[int]:
    return [row.id for row in services.query.page(CaseFilter()).rows]


def draft_key(officer: UserItem) -> str:  # the form's DraftStore key
    return f"intake-{officer.id}"


def test_typed_case_is_saved_with_ctrl_enter_and_number_read_back(
    qtbot, form: IntakeForm, services: Services, events: AppEvents, officer: UserItem, type_ime, type_keys
) -> None:
    assert QApplication.focusWidget() is form.fields.phone
    type_keys(form.fields.phone, "0912 345 678")
    type_keys(form.fields.citizen_name, NAME)
    type_ime(form.fields.address, "Số 15 ngõ 12 Trần Hưng Đạo, phường Nhị Chiểu")
    type_ime(form.fields.content, CONTENT)
    type_ime(form.fields.request, "Đề nghị thay bóng đèn sớm.")

    with qtbot.waitSignal(events.cases_changed, timeout=2000) as changed:
        ctrl_enter(qtbot)

    detail = services.detail.get(changed.args[0])
    assert (detail.content, detail.citizen_name) == (CONTENT, NAME)
    assert detail.phone == "0912 345 678" and detail.phone_valid
    assert detail.request == "Đề nghị thay bóng đèn sớm."
    assert detail.channel is Channel.HOTLINE
    assert detail.due_date is not None
    shown = form.notice.text()
    assert form.notice.kind is NoticeKind.SUCCESS and form.notice.isVisible()
    assert f"Đã lưu vụ việc số {detail.number}" in shown
    assert f"hạn xử lý {detail.due_date:%d/%m/%Y}" in shown
    assert form.fields.content.toPlainText() == "" and form.fields.phone.text() == ""
    assert services.drafts.load(draft_key(officer)) is None
    assert QApplication.focusWidget() is form.fields.phone


def test_decomposed_input_is_stored_composed(
    qtbot, form: IntakeForm, services: Services, events: AppEvents, type_ime: Typer
) -> None:
    nfd_name = unicodedata.normalize("NFD", NAME)
    nfd_content = unicodedata.normalize("NFD", CONTENT)
    assert nfd_content != CONTENT
    type_ime(form.fields.citizen_name, nfd_name)
    type_ime(form.fields.content, nfd_content)

    with qtbot.waitSignal(events.cases_changed, timeout=2000) as changed:
        ctrl_enter(qtbot)

    detail = services.detail.get(changed.args[0])
    assert detail.content == CONTENT
    assert detail.citizen_name == NAME


def test_empty_content_is_refused_naming_the_field_and_nothing_is_lost(
    qtbot, form: IntakeForm, services: Services, events: AppEvents, type_ime: Typer
) -> None:
    type_ime(form.fields.phone, "0912 345 678")
    type_ime(form.fields.citizen_name, NAME)
    type_ime(form.fields.request, "Đề nghị kiểm tra")
    emitted: list[int] = []
    events.cases_changed.connect(emitted.append)

    ctrl_enter(qtbot)

    assert form.notice.kind is NoticeKind.ERROR
    assert "Nội dung" in form.notice.text()
    assert QApplication.focusWidget() is form.fields.content
    assert form.fields.content.property("invalid") is True
    assert form.fields.phone.text() == "0912 345 678"
    assert form.fields.citizen_name.text() == NAME
    assert form.fields.request.toPlainText() == "Đề nghị kiểm tra"
    assert all_cases(services) == [] and emitted == []


@pytest.mark.parametrize("save_anyway", [True, False])
def test_invalid_phone_asks_and_saves_only_if_the_officer_confirms(
    qtbot, form: IntakeForm, services: Services, type_ime: Typer, asked, save_anyway: bool
) -> None:
    type_ime(form.fields.phone, "12345")
    type_ime(form.fields.content, CONTENT)
    asked.answers.append(save_anyway)

    ctrl_enter(qtbot)

    _title, text, yes = asked.confirms[0]
    assert yes == "Vẫn lưu" and "12345" in text
    saved = all_cases(services)
    if save_anyway:
        detail = services.detail.get(saved[0])
        assert detail.phone_valid is False and detail.content == CONTENT
        assert form.fields.content.toPlainText() == ""
    else:
        assert saved == []
        assert QApplication.focusWidget() is form.fields.phone
        assert form.fields.content.toPlainText() == CONTENT


def test_caller_history_finds_a_number_typed_another_way(
    qtbot, form: IntakeForm, services: Services, events: AppEvents, officer: UserItem, type_keys: Typer
) -> None:
    earlier = services.cases.create_case(
        NewCase(
            content="Rác thải tồn đọng ở đầu ngõ 12.",
            phone="+84 912 345 678",
            citizen_name="Trần Văn Bình",
            address="Số 3 ngõ 12 Trần Hưng Đạo",
            received_at=datetime.now().replace(microsecond=0) - timedelta(days=5),
        ),
        officer.id,
    )
    type_keys(form.fields.phone, "0912.345.678")

    qtbot.waitUntil(lambda: form.history.case_count() == 1, timeout=1000)
    assert earlier.number in form.history.case_item(0).text()
    assert form.fields.citizen_name.text() == "Trần Văn Bình"
    assert form.fields.address.text() == "Số 3 ngõ 12 Trần Hưng Đạo"

    view = form.history.findChild(QListWidget, "callerCases")
    assert isinstance(view, QListWidget)
    center = view.visualItemRect(form.history.case_item(0)).center()
    with qtbot.waitSignal(events.case_open_requested, timeout=1000) as opened:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=center)  # a double-click is
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=center)  # press, then dbl-click
    assert opened.args == [earlier.id]


def test_name_typed_by_the_officer_is_never_overwritten_by_history(
    qtbot, form: IntakeForm, services: Services, officer: UserItem, type_ime: Typer, type_keys: Typer
) -> None:
    earlier = NewCase(content="Trước đây", phone="0912345678", citizen_name="Trần Văn Bình")
    services.cases.create_case(earlier, officer.id)
    type_ime(form.fields.citizen_name, NAME)
    type_keys(form.fields.phone, "0912345678")
    qtbot.waitUntil(lambda: form.history.case_count() == 1, timeout=1000)
    assert form.fields.citizen_name.text() == NAME


def test_draft_is_restored_when_the_form_is_created_again(
    qtbot, make_form, services: Services, officer: UserItem, type_ime: Typer
) -> None:
    first = make_form()
    type_ime(first.fields.citizen_name, NAME)
    type_ime(first.fields.content, CONTENT)
    first.fields.kind.setCurrentIndex(first.fields.kind.findData(CaseKind.PETITION.value))
    qtbot.waitUntil(lambda: (services.drafts.load(draft_key(officer)) or {}).get("kind") == "kien_nghi")
    first.close()

    second = make_form()

    assert second.fields.content.toPlainText() == CONTENT
    assert second.fields.citizen_name.text() == NAME
    assert second.fields.current_kind() is CaseKind.PETITION
    assert second.notice.kind is NoticeKind.INFO
    assert "Đã khôi phục bản nháp chưa lưu" in second.notice.text()


def test_legal_note_for_an_informal_complaint_does_not_block_saving(
    qtbot, make_form, officer: UserItem, services: Services, events: AppEvents, type_ime: Typer
) -> None:
    form = make_form(replace(officer, default_channel=Channel.FACEBOOK))
    assert form.fields.current_channel() is Channel.FACEBOOK  # preset from the officer
    note = form.fields.legal_note
    assert not note.isVisible()
    form.fields.kind.setCurrentIndex(form.fields.kind.findData(CaseKind.COMPLAINT.value))
    assert note.isVisible() and "Luật Khiếu nại" in note.text()
    form.fields.channel.setCurrentIndex(form.fields.channel.findData(Channel.WALK_IN.value))
    assert not note.isVisible()
    form.fields.channel.setCurrentIndex(form.fields.channel.findData(Channel.HOTLINE.value))
    assert note.isVisible()

    type_ime(form.fields.content, "Khiếu nại việc cấp phép xây dựng nhà số 17.")
    with qtbot.waitSignal(events.cases_changed, timeout=2000) as changed:
        ctrl_enter(qtbot)
    assert services.detail.get(changed.args[0]).kind is CaseKind.COMPLAINT


def test_escape_asks_then_discards_the_typed_case_and_its_draft(
    qtbot, form: IntakeForm, services: Services, officer: UserItem, type_ime: Typer, asked
) -> None:
    qtbot.keyClick(form.fields.phone, Qt.Key.Key_Escape)
    assert asked.confirms == []  # nothing typed: nothing to ask
    type_ime(form.fields.content, CONTENT)
    qtbot.waitUntil(lambda: services.drafts.load(draft_key(officer)) is not None)

    asked.answers.append(False)
    qtbot.keyClick(form.fields.content, Qt.Key.Key_Escape)
    assert form.fields.content.toPlainText() == CONTENT

    asked.answers.append(True)
    qtbot.keyClick(form.fields.content, Qt.Key.Key_Escape)
    assert len(asked.confirms) == 2
    assert form.fields.content.toPlainText() == ""
    assert services.drafts.load(draft_key(officer)) is None


def test_database_error_keeps_the_text_and_the_draft(
    qtbot, form: IntakeForm, services: Services, officer: UserItem, type_ime: Typer, monkeypatch
) -> None:
    def locked(*_args: object) -> None:
        raise DatabaseError("Cơ sở dữ liệu đang bận (máy khác đang ghi). Hãy thử lại sau ít giây.")

    monkeypatch.setattr(services.cases, "create_case", locked)
    type_ime(form.fields.content, CONTENT)

    ctrl_enter(qtbot)

    assert form.notice.kind is NoticeKind.ERROR and "đang bận" in form.notice.text()
    assert form.fields.content.toPlainText() == CONTENT
    draft = services.drafts.load(draft_key(officer))
    assert draft is not None and draft["content"] == CONTENT


def test_call_timer_starts_with_the_case_and_its_seconds_are_saved(
    qtbot, form: IntakeForm, services: Services, events: AppEvents, type_ime: Typer, asked
) -> None:
    assert not form.timer.is_running() and form.timer.text() == "00:00"
    type_ime(form.fields.phone, "0")
    assert form.timer.is_running()  # the first keystroke of a case starts the call
    asked.answers.append(True)
    qtbot.keyClick(form.fields.phone, Qt.Key.Key_Escape)
    assert not form.timer.is_running()

    form.start_new_case()  # Ctrl+N on an empty form: no question, the timer runs at once
    assert form.timer.is_running() and asked.confirms[1:] == []
    form.timer.start(offset_seconds=125)  # as if the call had lasted 2 min 5 s
    assert form.timer.text() == "02:05"
    type_ime(form.fields.content, CONTENT)
    with qtbot.waitSignal(events.cases_changed, timeout=2000) as changed:
        ctrl_enter(qtbot)

    assert services.detail.get(changed.args[0]).call_seconds in (125, 126)
    assert not form.timer.is_running()


def test_tab_order_follows_the_call_from_the_phone(qtbot, form: IntakeForm) -> None:
    order = "citizen_name id_number address kind urgency field_id department_id content request location"
    assert QApplication.focusWidget() is form.fields.phone
    for name in order.split():
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is getattr(form.fields, name), name


def test_pasted_rich_text_becomes_plain_text(form: IntakeForm) -> None:
    mime = QMimeData()
    mime.setHtml("<p><b>Nước thải</b> tràn ra <i>đường</i></p>")
    mime.setText("Nước thải tràn ra đường")
    form.fields.content.setFocus()
    form.fields.content.insertFromMimeData(mime)
    assert form.fields.content.toPlainText() == "Nước thải tràn ra đường"
