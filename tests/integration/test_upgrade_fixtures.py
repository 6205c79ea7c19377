"""Databases written by every released schema upgrade to head with their cases intact."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import ModuleType

import pytest
from sqlalchemy import text

from app.db import migrate
from app.services.cases.dto import CaseFilter, NewCase
from app.services.maintenance.integrity_service import check_database
from app.settings import resolve
from tests.module_file import load_module
from tests.sample_office import command_line_services

HERE = Path(__file__).parents[1] / "fixtures" / "db"
FIXTURES = sorted(HERE.glob("schema_*.sqlite"))


def load_fixture_maker() -> ModuleType:
    """``tests/fixtures/db/make_fixtures.py`` (tests is not a package on pytest's path)."""
    return load_module("make_fixtures", HERE / "make_fixtures.py")


MAKER = load_fixture_maker()
CASES, OFFICE = MAKER.CASES, MAKER.OFFICE


def test_there_is_a_fixture_for_the_first_release() -> None:
    assert [p.name for p in FIXTURES][:1] == ["schema_0001.sqlite"]


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_fixture_upgrades_to_head_with_data_preserved(fixture: Path, tmp_path: Path) -> None:
    db = tmp_path / "hotline.db"
    shutil.copy(fixture, db)
    services = command_line_services(resolve(f"sqlite:///{db}", data_dir=tmp_path))
    head = migrate.head_revision(services.engine)
    try:
        assert migrate.current_revision(services.engine) == head
        assert services.catalog.office().name == OFFICE
        with services.engine.connect() as conn:
            rows = conn.execute(text("SELECT number, content FROM case_file ORDER BY id")).all()
        assert [r.content for r in rows] == [c["content"] for c in CASES]
        assert rows[0].number == "2025-00001"
        detail = services.detail.get(2)
        assert (detail.citizen_name, detail.phone.replace(" ", "")) == ("Nguyễn Văn An", "0987000111")
        found = services.query.page(CaseFilter(text="cam giang")).rows
        assert [r.number for r in found] == ["2026-00001"]
        assert services.query.page(CaseFilter(text="Phạm Văn Bí")).rows == ()  # still sealed
        history = services.query.caller_history("0912345678")
        assert history is not None and len(history.cases) == 2
        nxt = services.cases.create_case(NewCase(content="Vụ việc đầu tiên sau nâng cấp"), None)
        assert nxt.number.endswith(
            f"{len([c for c in CASES if str(c['at']).startswith(nxt.number[:4])]) + 1:05d}"
        )
        assert check_database(services.engine).ok
    finally:
        services.close()
    if fixture.stem != f"schema_{head}":
        saved = list((tmp_path / "backups").glob("*-pre-upgrade.enc"))  # the old file was saved first,
        assert saved and b"SQLite format 3" not in saved[0].read_bytes()  # sealed like every backup
    assert fixture.read_bytes() != b""  # the committed fixture itself is never opened in place
