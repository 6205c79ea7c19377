"""Saving, numbering, validating and moving cases through the workflow, on a real SQLite file."""

from __future__ import annotations

import sqlite3
import unicodedata
from datetime import date, datetime

import pytest
from sqlalchemy import select

from app.bootstrap import Services
from app.domain.enums import CaseKind, CaseStatus, Channel, ReplyMethod
from app.models import Case, CaseEvent, Citizen
from app.services.cases.case_rules import legal_note
from app.services.cases.dto import NewCase
from app.services.core.errors import (
    ConflictError,
    PhoneWarning,
    TransitionError,
    ValidationError,
)


def _officer(services: Services) -> int:
    return next(u.id for u in services.catalog.users() if u.username == "trucban")


def test_saved_case_gets_the_next_number_of_its_year_and_a_working_day_due_date(
    services: Services,
) -> None:
    first = services.cases.create_case(NewCase(content="Cống thoát nước bị tắc"), None)
    second = services.cases.create_case(NewCase(content="Đèn đường hỏng"), None)
    older = services.cases.create_case(
        NewCase(content="Hồ sơ cũ", received_at=datetime(2025, 12, 30, 8, 0)), None
    )
    assert (first.number, second.number, older.number) == ("2026-00001", "2026-00002", "2025-00001")
    # Received Friday 20/11/2026: 10 working days skip two weekends and the 24/11 holiday.
    assert first.due_date == date(2026, 12, 7)
    assert "10 ngày làm việc" in first.due_rule


def test_text_is_stored_as_nfc_plain_text(services: Services) -> None:
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Hường phản ánh đường ngập")
    saved = services.cases.create_case(NewCase(content=nfd, citizen_name=nfd[:17]), None)
    detail = services.detail.get(saved.id)
    assert detail.content == "Nguyễn Thị Hường phản ánh đường ngập"
    assert unicodedata.is_normalized("NFC", detail.citizen_name)


def test_empty_content_is_refused_naming_the_field(services: Services) -> None:
    with pytest.raises(ValidationError) as info:
        services.cases.create_case(NewCase(content="   \n "), None)
    assert info.value.field == "content"
    assert "Nội dung" in info.value.message
    with services.sessions() as session:
        assert session.scalar(select(Case.id)) is None


def test_invalid_phone_warns_and_can_be_saved_anyway(services: Services) -> None:
    with pytest.raises(PhoneWarning) as info:
        services.cases.create_case(NewCase(content="Hỏi thủ tục", phone="12345"), None)
    assert "không đúng định dạng" in info.value.message
    saved = services.cases.create_case(
        NewCase(content="Hỏi thủ tục", phone="12345", accept_invalid_phone=True), None
    )
    detail = services.detail.get(saved.id)
    assert detail.phone == "12345" and not detail.phone_valid


def test_future_received_time_is_refused(services: Services) -> None:
    with pytest.raises(ValidationError) as info:
        services.cases.create_case(NewCase(content="x", received_at=datetime(2027, 1, 1, 8, 0)), None)
    assert info.value.field == "received_at"


def test_same_phone_in_another_format_reuses_the_citizen(services: Services) -> None:
    services.cases.create_case(
        NewCase(content="Lần 1", phone="+84 912 345 678", citizen_name="Trần Văn An"), None
    )
    services.cases.create_case(NewCase(content="Lần 2", phone="0912.345.678"), None)
    with services.sessions() as session:
        citizens = session.scalars(select(Citizen)).all()
    assert len(citizens) == 1 and citizens[0].phone == "+84912345678"


def test_full_workflow_keeps_who_when_why(services: Services) -> None:
    officer = _officer(services)
    dept = services.catalog.departments()[0].id
    saved = services.cases.create_case(NewCase(content="Rác tồn đọng"), None)
    with pytest.raises(TransitionError):
        services.cases.change_status(saved.id, CaseStatus.IN_PROGRESS, "", None)
    services.cases.assign(saved.id, dept, officer, "Giao phòng kinh tế", None)
    services.cases.change_status(saved.id, CaseStatus.IN_PROGRESS, "", officer)
    services.cases.change_status(saved.id, CaseStatus.RESOLVED, "Đã thu gom", officer)
    services.cases.add_reply(saved.id, ReplyMethod.PHONE, date(2026, 11, 20), "Đã gọi báo", officer)
    services.cases.change_status(saved.id, CaseStatus.CLOSED, "", officer)
    detail = services.detail.get(saved.id)
    assert detail.status is CaseStatus.CLOSED and detail.closed_at is not None
    assert detail.officer_id == officer
    actions = [e.action for e in detail.events]
    assert actions == ["created", "assigned", "status", "status", "reply", "status"]
    assert detail.events[1].note == "Giao phòng kinh tế"
    assert detail.replies[0].text == "Đã gọi báo"
    # Reopen needs a reason.
    with pytest.raises(ValidationError):
        services.cases.change_status(saved.id, CaseStatus.IN_PROGRESS, "", officer)
    services.cases.change_status(saved.id, CaseStatus.IN_PROGRESS, "Công dân báo lại", officer)
    assert services.detail.get(saved.id).events[-1].action == "reopened"


def test_exits_need_a_reason_and_stop_the_clock(services: Services) -> None:
    saved = services.cases.create_case(NewCase(content="Hỏi về đất"), None)
    with pytest.raises(ValidationError):
        services.cases.change_status(saved.id, CaseStatus.GUIDED, "", None)
    services.cases.change_status(saved.id, CaseStatus.GUIDED, "Hướng dẫn gửi đơn tới UBND xã", None)
    detail = services.detail.get(saved.id)
    assert detail.status is CaseStatus.GUIDED and not detail.overdue


def test_stale_version_is_a_conflict_not_a_silent_overwrite(services: Services) -> None:
    officer = _officer(services)
    saved = services.cases.create_case(NewCase(content="Ổ gà"), None)
    opened = services.detail.get(saved.id)
    services.cases.assign(saved.id, None, officer, "", None, expected_version=opened.version)
    with pytest.raises(ConflictError):
        services.cases.assign(saved.id, None, officer, "", None, expected_version=opened.version)


def test_legal_note_only_for_informal_complaints() -> None:
    assert "Luật Khiếu nại" in legal_note(CaseKind.COMPLAINT, Channel.HOTLINE)
    assert legal_note(CaseKind.COMPLAINT, Channel.WALK_IN) == ""
    assert legal_note(CaseKind.FEEDBACK, Channel.FACEBOOK) == ""


def test_attachment_is_copied_with_checksum(services: Services, tmp_path) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "đơn thư.pdf"
    source.write_bytes(b"%PDF-1.4 test")
    saved = services.cases.create_case(NewCase(content="Đơn kèm"), None)
    services.attachments.attach(saved.id, source, None)
    source.unlink()
    attachment = services.detail.get(saved.id).attachments[0]
    assert attachment.file_name == "đơn thư.pdf"
    assert services.attachments.verify(attachment.path.split("attachments/")[1], attachment.sha256)


def test_locked_database_gives_a_vietnamese_message_and_keeps_nothing_half_saved(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    import app.db.engine as engine_module
    from app.services.core.errors import DatabaseError

    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 200)
    services.engine.dispose()  # new connections pick up the short busy timeout
    path = services.settings.sqlite_path
    assert path is not None
    blocker = sqlite3.connect(path, timeout=0, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(DatabaseError) as info:
            services.cases.create_case(NewCase(content="Trong lúc khóa"), None)
        assert "khóa" in info.value.message
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    with services.sessions() as session:
        assert session.scalar(select(CaseEvent.id)) is None
    assert services.cases.create_case(NewCase(content="Sau khi mở khóa"), None).number == "2026-00001"


def test_a_case_closed_without_officer_can_be_reopened_for_assignment(services: Services) -> None:
    saved = services.cases.create_case(NewCase(content="Hỏi thủ tục đất đai"), None)
    services.cases.change_status(saved.id, CaseStatus.GUIDED, "Hướng dẫn lên xã", None)
    with pytest.raises(TransitionError):
        services.cases.change_status(saved.id, CaseStatus.IN_PROGRESS, "Công dân quay lại", None)
    services.cases.change_status(saved.id, CaseStatus.RECEIVED, "Công dân quay lại", None)
    services.cases.assign(saved.id, None, _officer(services), "", None)
    assert services.detail.get(saved.id).status is CaseStatus.ASSIGNED


def test_reply_with_a_stale_version_is_a_conflict(services: Services) -> None:
    saved = services.cases.create_case(NewCase(content="Đèn hỏng"), None)
    opened = services.detail.get(saved.id).version
    services.cases.assign(saved.id, None, _officer(services), "", None)
    with pytest.raises(ConflictError):
        services.cases.add_reply(
            saved.id, ReplyMethod.PHONE, date(2026, 11, 20), "Đã sửa", None, expected_version=opened
        )
