"""Two officers edit one case: the second save is refused and told exactly what changed."""

from __future__ import annotations

import pytest

from app.bootstrap import Services
from app.domain.enums import CaseStatus, ReplyMethod
from app.services.cases.conflict_service import ConflictService
from app.services.cases.dto import NewCase
from app.services.core.errors import ConflictError


def test_second_officer_sees_the_field_by_field_changes_and_can_reapply(services: Services) -> None:
    saved = services.cases.create_case(
        NewCase(content="Cống thoát nước tắc", citizen_name="Trần Văn Ba"), None
    )
    users = {u.username: u for u in services.catalog.users()}
    department = services.catalog.departments()[0]
    mine = services.detail.get(saved.id)  # officer A opens the case
    theirs = services.detail.get(saved.id)  # officer B opens it too

    services.cases.assign(
        saved.id, department.id, users["trucban"].id, "Giao xử lý gấp", users["admin"].id, theirs.version
    )
    with pytest.raises(ConflictError):
        services.cases.assign(saved.id, None, users["admin"].id, "", users["trucban"].id, mine.version)

    changes = ConflictService(services.detail).changes_since(mine)
    assert changes.changed and changes.current_version == mine.version + 1
    by_field = {c.field: c for c in changes.fields}
    assert set(by_field) == {"status", "officer_name", "department_name"}
    assert by_field["status"].opened == CaseStatus.RECEIVED.label
    assert by_field["status"].current == CaseStatus.ASSIGNED.label
    assert by_field["officer_name"].current == users["trucban"].full_name
    assert [e.note for e in changes.events] == ["Giao xử lý gấp"]
    assert changes.overlapping({"officer_name"}) == (by_field["officer_name"],)
    assert changes.overlapping({"content"}) == ()
    assert "Đơn vị xử lý" in changes.summary() and department.name in changes.summary()

    # Re-apply on top of the current version: accepted, and nothing is pending any more.
    services.cases.change_status(
        saved.id, CaseStatus.IN_PROGRESS, "", users["trucban"].id, changes.current_version
    )
    again = ConflictService(services.detail).changes_since(services.detail.get(saved.id))
    assert not again.changed and again.fields == () and again.events == ()


def test_a_reply_by_someone_else_is_listed(services: Services) -> None:
    saved = services.cases.create_case(NewCase(content="Hỏi thủ tục"), None)
    opened = services.detail.get(saved.id)
    services.cases.add_reply(saved.id, ReplyMethod.PHONE, opened.received_at.date(), "Đã hướng dẫn", None)
    changes = ConflictService(services.detail).changes_since(opened)
    assert changes.new_replies == 1 and changes.fields == ()
    assert "Thêm 1 lần trả lời" in changes.summary()
