"""The list and its search box: accent-insensitive, exact marks first, phones in any format."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from app.bootstrap import Services
from app.domain.enums import CaseKind, CaseStatus, Channel
from app.services.cases.dto import CaseFilter, NewCase
from app.services.demo.demo_service import DemoService


def _add(services: Services, content: str, **kw: object) -> int:
    return services.cases.create_case(NewCase(content=content, **kw), None).id  # type: ignore[arg-type]


def test_search_without_diacritics_finds_vietnamese_text(services: Services) -> None:
    hit = _add(services, "Tranh chấp Đất đai tại tổ dân phố 3")
    _add(services, "Đèn đường hỏng")
    rows = services.query.page(CaseFilter(text="dat dai")).rows
    assert [r.id for r in rows] == [hit]
    assert [r.id for r in services.query.page(CaseFilter(text="ĐẤT ĐAI")).rows] == [hit]


def test_exact_diacritic_matches_rank_first(services: Services) -> None:
    giang = _add(services, "Ngập nước ở xã Cẩm Giang")
    giang_2 = _add(services, "Rác ở xã Cẩm Giang")
    giang_accent = _add(services, "Ngập nước ở xã Cẩm Giàng")
    rows = services.query.page(CaseFilter(text="Cẩm Giàng")).rows
    assert rows[0].id == giang_accent
    assert {r.id for r in rows[1:]} == {giang, giang_2}
    folded = services.query.page(CaseFilter(text="cam giang")).rows
    assert {r.id for r in folded} == {giang, giang_2, giang_accent}


def test_phone_in_any_format_and_name_and_number_find_the_case(services: Services) -> None:
    case_id = _add(services, "Hỏi thủ tục", phone="+84 912 345 678", citizen_name="Lê Thị Hạnh")
    number = services.detail.get(case_id).number
    for query in ("0912345678", "0912 345 678", "84912345678", "le thi hanh", number, "0912"):
        assert [r.id for r in services.query.page(CaseFilter(text=query)).rows] == [case_id], query


def test_sealed_denouncer_name_is_not_searchable_nor_shown(services: Services) -> None:
    _add(
        services,
        "Tố cáo cán bộ nhận tiền",
        kind=CaseKind.DENUNCIATION,
        citizen_name="Phạm Văn Bí",
        phone="0987654321",
        channel=Channel.WALK_IN,
    )
    assert services.query.page(CaseFilter(text="Phạm Văn Bí")).rows == ()
    assert services.query.page(CaseFilter(text="0987654321")).rows == ()
    row = services.query.page(CaseFilter(text="nhan tien")).rows[0]
    assert row.citizen_name == "(được bảo mật)" and row.phone == "(được bảo mật)"
    assert services.query.caller_history("0987654321").cases == ()  # type: ignore[union-attr]


def test_keyset_pages_cover_everything_once(services: Services) -> None:
    DemoService(
        services.engine,
        services.sessions,
        services.office_id,
        services.due_policy,
        signed_in=services.signed_in,
    ).generate(730, seed=3, end=date(2026, 11, 20))
    seen: list[int] = []
    page = services.query.page(CaseFilter(), limit=100)
    seen.extend(r.id for r in page.rows)
    while page.next_key is not None:
        page = services.query.page(CaseFilter(), after=page.next_key, limit=100)
        seen.extend(r.id for r in page.rows)
    assert len(seen) == len(set(seen)) == 730
    received = [services.detail.get(i).received_at for i in seen[:50]]
    assert received == sorted(received, reverse=True)


def test_search_pages_do_not_repeat_across_phases(services: Services) -> None:
    for i in range(7):
        _add(services, f"Cống {'Cẩm Giàng' if i % 2 else 'Cẩm Giang'} số {i}")
    ids: list[int] = []
    page = services.query.page(CaseFilter(text="Cẩm Giàng"), limit=2)
    ids.extend(r.id for r in page.rows)
    while page.next_key:
        page = services.query.page(CaseFilter(text="Cẩm Giàng"), after=page.next_key, limit=2)
        ids.extend(r.id for r in page.rows)
    assert len(ids) == len(set(ids)) == 7


def test_overdue_and_due_soon_filters(services: Services, today: date) -> None:
    old = _add(services, "Vụ cũ", received_at=datetime(2026, 10, 1, 8, 0))
    soon = _add(services, "Vụ sắp hạn", received_at=datetime(2026, 11, 9, 8, 0))
    fresh = _add(services, "Vụ mới")
    overdue_ids = [r.id for r in services.query.page(CaseFilter(overdue=True)).rows]
    soon_ids = [r.id for r in services.query.page(CaseFilter(due_soon=True)).rows]
    assert overdue_ids == [old] and soon_ids == [soon]
    rows = {r.id: r for r in services.query.page(CaseFilter()).rows}
    assert rows[old].overdue and rows[soon].due_soon and not rows[fresh].overdue
    services.cases.change_status(old, CaseStatus.FILED, "Trùng đơn", None)
    assert services.query.page(CaseFilter(overdue=True)).rows == ()
    assert today - timedelta(days=1) < today


def test_filters_combine(services: Services) -> None:
    fb = _add(services, "Qua Facebook", channel=Channel.FACEBOOK, kind=CaseKind.PETITION)
    _add(services, "Qua điện thoại", channel=Channel.HOTLINE)
    rows = services.query.page(CaseFilter(channel=Channel.FACEBOOK, kind=CaseKind.PETITION)).rows
    assert [r.id for r in rows] == [fb]
    assert services.query.page(CaseFilter(channel=Channel.FACEBOOK, kind=CaseKind.COMPLAINT)).rows == ()


def test_caller_history_finds_earlier_calls_newest_first(services: Services) -> None:
    first = _add(
        services,
        "Lần đầu",
        phone="0912345678",
        citizen_name="Vũ Thị Lan",
        received_at=datetime(2026, 11, 2, 8, 0),
    )
    second = _add(services, "Lần hai", phone="+84912345678", received_at=datetime(2026, 11, 10, 8, 0))
    history = services.query.caller_history("0912.345.678")
    assert history is not None
    assert [c.id for c in history.cases] == [second, first]
    assert history.citizen_name == "Vũ Thị Lan"
    assert services.query.caller_history("0900000000").cases == ()  # type: ignore[union-attr]
    assert services.query.caller_history("12") is None


def test_dashboard_counts_match_a_direct_count(services: Services) -> None:
    _add(services, "Vụ cũ", received_at=datetime(2026, 10, 1, 8, 0))
    _add(services, "Vụ sắp hạn", received_at=datetime(2026, 11, 9, 8, 0))
    _add(services, "Hôm nay")
    data = services.dashboard.load()
    assert (data.today_received, data.open, data.due_soon, data.overdue) == (1, 3, 1, 1)
    assert sum(d.open for d in data.by_department) == 3


def test_dashboard_lists_most_urgent_first(services: Services) -> None:
    later = _add(services, "Quá hạn ít", received_at=datetime(2026, 10, 20, 8, 0))
    earlier = _add(services, "Quá hạn lâu", received_at=datetime(2026, 9, 1, 8, 0))
    assert [c.id for c in services.dashboard.load().overdue_cases] == [earlier, later]
