"""The register's count and page starts on PostgreSQL: every page start reads the page that
reading the list in order gives (the case list addresses rows by position with them)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.services.cases.dto import CaseFilter
from app.settings import resolve
from tests.sample_office import command_line_services
from tests.unit.test_case_page_keys import SIZE, _demo, check_page_starts

pytestmark = pytest.mark.postgres


def test_every_page_start_reads_the_same_page_on_postgresql(pg_url: str, tmp_path: Path) -> None:
    services = command_line_services(resolve(pg_url, data_dir=tmp_path))
    try:
        _demo(services, 500)
        check_page_starts(services)
        assert services.query.count(CaseFilter()) == 500
        assert services.query.page_keys(CaseFilter(text="đường"), SIZE) is None
    finally:
        services.close()
