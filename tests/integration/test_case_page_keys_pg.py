"""The register's count and page starts on PostgreSQL: every page start reads the page that
reading the list in order gives (the case list addresses rows by position with them)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.domain.enums import CaseStatus
from app.services.cases.dto import CaseFilter
from app.settings import resolve
from tests.sample_office import command_line_services
from tests.unit.test_case_page_keys import SIZE, _demo, _read_in_order

pytestmark = pytest.mark.postgres


def test_every_page_start_reads_the_same_page_on_postgresql(pg_url: str, tmp_path: Path) -> None:
    services = command_line_services(resolve(pg_url, data_dir=tmp_path))
    try:
        _demo(services, 500)
        for flt in (CaseFilter(), CaseFilter(statuses=(CaseStatus.RECEIVED,))):
            in_order = [p for p in _read_in_order(services, flt) if p]
            keys = services.query.page_keys(flt, SIZE)
            assert keys is not None
            assert keys.total == services.query.count(flt) == sum(len(p) for p in in_order)
            assert len(keys.keys) == keys.total // SIZE
            for number, key in enumerate(keys.keys[: len(in_order) - 1], start=1):
                assert [c.id for c in services.query.page(flt, key, SIZE).rows] == in_order[number]
        assert services.query.count(CaseFilter()) == 500
        assert services.query.page_keys(CaseFilter(text="đường"), SIZE) is None
    finally:
        services.close()
