"""The register's count and page starts: what lets the case list address any row by position."""

from __future__ import annotations

from datetime import datetime

from app.bootstrap import Services
from app.domain.enums import CaseStatus
from app.services.cases.dto import CaseFilter, PageKey
from app.services.demo.demo_service import DemoService

SIZE = 40


def _demo(services: Services, count: int) -> None:
    DemoService(
        services.engine,
        services.sessions,
        services.office_id,
        services.due_policy,
        signed_in=services.signed_in,
    ).generate(count, seed=3)


def _read_in_order(services: Services, flt: CaseFilter) -> tuple[list[list[int]], list[PageKey]]:
    pages, starts, after = [], [], None
    while True:
        page = services.query.page(flt, after, SIZE)
        pages.append([c.id for c in page.rows])
        if page.next_key is None:
            return pages, starts
        after = page.next_key
        starts.append(after)


def test_every_page_start_reads_the_same_page_as_reading_in_order(services: Services) -> None:
    _demo(services, 500)
    check_page_starts(services)


def check_page_starts(services: Services) -> None:
    """Every page start reads the page that reading in order gives (also run on PostgreSQL)."""
    for flt in (CaseFilter(), CaseFilter(statuses=(CaseStatus.RECEIVED,))):
        pages, starts = _read_in_order(services, flt)
        in_order = [p for p in pages if p]
        keys = services.query.page_keys(flt, SIZE)
        assert keys is not None
        assert keys.total == services.query.count(flt) == sum(len(p) for p in in_order)
        assert len(keys.keys) == keys.total // SIZE
        assert keys.keys == tuple(starts[: len(keys.keys)])  # the same times (to the microsecond) and ids
        assert all(isinstance(k.received_at, datetime) for k in keys.keys)
        for number, key in enumerate(keys.keys[: len(in_order) - 1], start=1):
            assert [c.id for c in services.query.page(flt, key, SIZE).rows] == in_order[number]


def test_a_search_has_no_count_and_is_read_in_order(services: Services) -> None:
    _demo(services, 50)
    assert services.query.page_keys(CaseFilter(text="đường"), SIZE) is None
    assert services.query.count(CaseFilter(text="đường")) is None


def test_page_starts_keep_microseconds_and_ties(services: Services) -> None:
    """Cases logged within the same second (a CSV import, two officers at once): each start exact."""
    from sqlalchemy import update

    from app.models import Case

    _demo(services, 300)
    with services.engine.begin() as conn:
        conn.execute(
            update(Case).where(Case.id % 7 == 0).values(received_at=datetime(2026, 1, 5, 9, 0, 0, 123456))
        )
        conn.execute(
            update(Case).where(Case.id % 11 == 0).values(received_at=datetime(2026, 1, 5, 9, 0, 0, 999))
        )
    check_page_starts(services)


def test_a_list_shorter_than_a_page_has_no_page_starts(services: Services) -> None:
    _demo(services, 30)
    keys = services.query.page_keys(CaseFilter(), SIZE)
    assert keys is not None and keys.total == 30 and keys.keys == ()
