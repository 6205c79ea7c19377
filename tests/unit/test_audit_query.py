"""The audit viewer's reads: who may look, each filter, keyset pages, labels, readable changes."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from app.bootstrap import Services
from app.domain.audit_actions import ACTION_LABELS, action_label, describe_change
from app.domain.permissions import Actor
from app.services.accounts.auth_service import PermissionDenied
from app.services.audit.audit_query import HIDDEN, AuditFilter, AuditQuery
from app.services.audit.audit_service import AuditService
from app.services.cases.dto import NewCase

CHIEF = Actor(1, "truong.phong", "Trưởng phòng", "chief")
ADMIN = Actor(2, "quantri", "Quản trị", "admin")
HANDLER = Actor(3, "canbo", "Cán bộ", "handler")


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 1, 8, 0)

    def __call__(self) -> datetime:
        self.now += timedelta(hours=6)
        return self.now


@pytest.fixture
def audit(services: Services) -> AuditService:
    return AuditService(services.engine, services.sessions, Clock())


@pytest.fixture
def query(services: Services) -> AuditQuery:
    return AuditQuery(services.sessions, signed_in=services.signed_in)


def _fill(audit: AuditService) -> None:
    """40 rows from 01/11/2026 14:00, four a day: logins, exports and a failed login."""
    for i in range(40):
        who = ("nguyen.van.an", "nguyen.thi.binh", "tran.cuong", "admin")[i % 4]
        action = ("login", "report.export", "login.failed", "logout")[i % 4]
        audit.record_standalone(
            who, action, "user", who, None, {"lý do": "Sai mật khẩu"} if i % 4 == 2 else None
        )


def _ids(page: object) -> list[int]:
    return [r.id for r in page.rows]  # type: ignore[attr-defined]


def test_only_chief_and_admin_may_read_the_log(query: AuditQuery, audit: AuditService) -> None:
    _fill(audit)
    with pytest.raises(PermissionDenied) as refused:
        query.page(HANDLER, AuditFilter())
    assert "không có quyền xem nhật ký hệ thống" in refused.value.message
    with pytest.raises(PermissionDenied):
        query.export_rows(HANDLER, AuditFilter())  # refused at the call, before any row is read
    with pytest.raises(PermissionDenied):
        query.count(HANDLER, AuditFilter())
    assert query.page(CHIEF, AuditFilter()).rows
    assert query.page(ADMIN, AuditFilter()).rows


def test_pages_are_newest_first_and_chain_by_id(query: AuditQuery, audit: AuditService) -> None:
    _fill(audit)
    total = query.count(CHIEF, AuditFilter())
    first = query.page(CHIEF, AuditFilter(), limit=15)
    assert _ids(first) == sorted(_ids(first), reverse=True)
    seen = _ids(first)
    after = first.next_after_id
    while after is not None:
        page = query.page(CHIEF, AuditFilter(), after_id=after, limit=15)
        seen += _ids(page)
        after = page.next_after_id
    assert len(seen) == len(set(seen)) == total
    assert seen == sorted(seen, reverse=True)


def test_date_range_includes_both_whole_days(query: AuditQuery, audit: AuditService) -> None:
    _fill(audit)  # rows at 14:00, 20:00, 02:00, 08:00 …
    rows = query.page(CHIEF, AuditFilter(date_from=date(2026, 11, 3), date_to=date(2026, 11, 4))).rows
    assert rows
    assert {r.at.date() for r in rows} == {date(2026, 11, 3), date(2026, 11, 4)}
    assert len(rows) == 8  # four a day, midnight to midnight
    later = query.page(CHIEF, AuditFilter(date_from=date(2026, 11, 10))).rows
    assert all(r.at >= datetime(2026, 11, 10) for r in later) and later


def test_username_filter_takes_a_prefix_or_the_whole_name(query: AuditQuery, audit: AuditService) -> None:
    _fill(audit)
    prefix = query.page(CHIEF, AuditFilter(username="nguyen")).rows
    assert {r.username for r in prefix} == {"nguyen.van.an", "nguyen.thi.binh"}
    exact = query.page(CHIEF, AuditFilter(username="Tran.Cuong ")).rows
    assert {r.username for r in exact} == {"tran.cuong"}
    assert not query.page(CHIEF, AuditFilter(username="nguyen_")).rows  # "_" is no wildcard


def test_action_filter_is_a_code_or_a_prefix(query: AuditQuery, audit: AuditService) -> None:
    _fill(audit)
    exact = query.page(CHIEF, AuditFilter(action="login")).rows
    assert {r.action for r in exact} == {"login"}
    assert {r.action for r in query.page(CHIEF, AuditFilter(action="login.")).rows} == {"login.failed"}
    assert exact[0].action_label == "Đăng nhập"


def test_free_text_searches_snapshots_names_and_labels(query: AuditQuery, audit: AuditService) -> None:
    _fill(audit)
    by_reason = query.page(CHIEF, AuditFilter(text="sai mật")).rows
    assert {r.action for r in by_reason} == {"login.failed"}
    assert by_reason[0].after == "lý do: Sai mật khẩu"
    by_label = query.page(CHIEF, AuditFilter(text="xuat bao cao")).rows  # no diacritics
    assert {r.action for r in by_label} == {"report.export"}
    assert not query.page(CHIEF, AuditFilter(text="100%")).rows  # "%" is no wildcard


def test_case_rows_show_the_number_and_a_readable_change(services: Services, query: AuditQuery) -> None:
    saved = services.cases.create_case(NewCase(content="Cống thoát nước bị tắc"), None)
    officer = next(u for u in services.catalog.users() if u.username == "trucban")
    services.cases.assign(saved.id, None, officer.id, "Giao anh Bình", None)
    by_number = query.page(CHIEF, AuditFilter(object_type="case", object_id=saved.number)).rows
    by_id = query.page(CHIEF, AuditFilter(object_type="case", object_id=str(saved.id))).rows
    assert [r.id for r in by_number] == [r.id for r in by_id]
    assert [r.action for r in by_number] == ["case.assigned", "case.created"]
    assigned = by_number[0]
    assert assigned.object_ref == saved.number
    assert assigned.action_label == "Giao xử lý"
    assert "trạng thái: Mới tiếp nhận → Đã giao xử lý" in assigned.change
    assert f"cán bộ xử lý: (trống) → {officer.full_name}" in assigned.change
    assert "event_id" not in assigned.change
    assert not query.page(CHIEF, AuditFilter(object_type="case", object_id="HP-1999-999999")).rows


def test_citizen_data_in_snapshots_is_hidden_from_the_administrator(
    query: AuditQuery, audit: AuditService
) -> None:
    audit.record_standalone("system", "case.repeat_call", "case", "1", None, {"citizen_name": "Lê Thị Hoa"})
    assert "Lê Thị Hoa" in query.page(CHIEF, AuditFilter()).rows[0].after
    assert query.page(ADMIN, AuditFilter()).rows[0].after == f"người phản ánh: {HIDDEN}"
    # nor can a search tell the administrator what the hidden value is
    assert [r.action for r in query.page(CHIEF, AuditFilter(text="Lê Thị Hoa")).rows] == ["case.repeat_call"]
    assert query.page(ADMIN, AuditFilter(text="Lê Thị Hoa")).rows == ()
    assert query.count(ADMIN, AuditFilter(text="Hoa")) == 0


def test_export_streams_every_matching_row(query: AuditQuery, audit: AuditService) -> None:
    _fill(audit)
    rows = list(query.export_rows(ADMIN, AuditFilter(action="login.failed")))
    assert len(rows) == 10 == query.count(ADMIN, AuditFilter(action="login.failed"))
    assert rows[0].id > rows[-1].id


def test_labels_and_describe_change() -> None:
    assert action_label("case.unseal") == "Xem danh tính người tố cáo"
    assert action_label("something.new") == "something.new"
    assert describe_change({"status": "received"}, {"status": "assigned", "x_key": True}) == (
        "trạng thái: Mới tiếp nhận → Đã giao xử lý; x_key: Có"
    )
    assert describe_change({}, {"due_date": "2026-12-01"}) == "hạn xử lý: 01/12/2026"


def test_every_audited_code_in_the_source_has_a_label() -> None:
    """Codes passed to record()/record_standalone() and the case history events all have a word."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "app" / "services"
    source = "\n".join(p.read_text(encoding="utf-8") for p in root.rglob("*.py"))
    direct = set(
        re.findall(r"(?:record|record_standalone|_record_change)\([^\"]*?\"([a-z_]+(?:\.[a-z_]+)+)\"", source)
    )
    events = set(re.findall(r"_event\([^\"]*?\"([a-z_]+)\"", source))
    events |= set(re.findall(r"action=\"([a-z_]+)\"", source))
    assert {"case.unseal", "login.failed", "user.add"} <= direct
    assert {"created", "merged", "repeat_call"} <= events
    missing = sorted(c for c in direct | {f"case.{e}" for e in events} if c not in ACTION_LABELS)
    assert missing == []
