"""Intake asks before saving a likely duplicate: link as a repeat call, create anyway, or go back."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from PySide6.QtWidgets import QDialog, QWidget
from sqlalchemy import select

from app.bootstrap import Services
from app.models import CaseEvent
from app.services.cases.dto import CaseFilter, NewCase
from app.services.catalog.dto import UserItem
from app.ui.app_events import AppEvents
from app.ui.intake.duplicate_dialog import DuplicateDialog
from app.ui.intake.intake_form import IntakeForm
from app.ui.widgets.notice_bar import NoticeKind

Typer = Callable[[QWidget, str], None]
PHONE = "0912 345 678"
DRAIN = "Cống thoát nước ngõ 15 phố Lạch Tray bị tắc, nước tràn lên mặt đường khi mưa."


@pytest.fixture
def form(qtbot, services: Services, events: AppEvents, officer: UserItem) -> IntakeForm:
    widget = IntakeForm(services, events, officer)
    qtbot.addWidget(widget)
    widget.resize(1100, 760)
    widget.show()
    return widget


@pytest.fixture
def earlier(services: Services, officer: UserItem) -> int:
    first = NewCase(
        content=DRAIN,
        citizen_name="Trần Văn Bình",
        phone=PHONE,
        address="Ngõ 15 Lạch Tray, phường Lạch Tray",
        received_at=datetime.now().replace(microsecond=0) - timedelta(days=3),
    )
    return services.cases.create_case(first, officer.id).id


def type_second_call(form: IntakeForm, type_ime: Typer) -> None:
    type_ime(form.fields.phone, PHONE)
    type_ime(form.fields.citizen_name, "Trần Văn Bình")
    type_ime(form.fields.content, "Cống ngõ 15 Lạch Tray vẫn tắc, nước tràn lên đường, đề nghị xử lý gấp.")


def count_cases(services: Services) -> int:
    return len(services.query.page(CaseFilter()).rows)


def test_second_call_about_the_same_drain_is_linked_as_a_repeat(
    form: IntakeForm, services: Services, earlier: int, asked, type_ime: Typer
) -> None:
    seen: list[DuplicateDialog] = []

    def link(dialog: QDialog) -> None:
        assert isinstance(dialog, DuplicateDialog)
        seen.append(dialog)
        assert dialog.selected() is not None and dialog.selected().case_id == earlier
        assert dialog.matches[0].reasons  # the reasons are shown to the officer
        dialog.link_button.click()

    asked.dialog_handlers.append(link)
    type_second_call(form, type_ime)
    assert form.save() is False
    assert seen and count_cases(services) == 1
    number = services.merges.resolve(earlier).number
    assert form.notice.kind == NoticeKind.SUCCESS
    assert f"Đã ghi nhận phản ánh lại vào vụ việc số {number}" in form.notice.text()
    assert not form.fields.has_typed_text()
    with services.sessions() as session:
        events = session.scalars(select(CaseEvent).where(CaseEvent.action == "repeat_call")).all()
        assert [e.case_id for e in events] == [earlier]
        assert "vẫn tắc" in json.loads(events[0].data)["content"]


def test_create_anyway_saves_a_new_case_and_back_keeps_the_text(
    form: IntakeForm, services: Services, earlier: int, asked, type_ime: Typer
) -> None:
    asked.dialog_handlers.append(lambda d: d.back_button.click())  # type: ignore[attr-defined]
    type_second_call(form, type_ime)
    assert form.save() is False
    assert count_cases(services) == 1 and form.fields.has_typed_text()
    asked.dialog_handlers.append(lambda d: d.create_button.click())  # type: ignore[attr-defined]
    assert form.save() is True
    assert count_cases(services) == 2


def test_look_of_the_duplicate_dialog(qtbot, services: Services, earlier: int, tmp_path) -> None:
    new = NewCase(
        content="Cống ngõ 15 Lạch Tray vẫn tắc, nước tràn.", phone=PHONE, citizen_name="Trần Văn Bình"
    )
    dialog = DuplicateDialog(services.duplicates.check(new))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.table.rowCount() >= 1
    dialog.grab().save(str(tmp_path.parent / "duplicate_dialog.png"))
