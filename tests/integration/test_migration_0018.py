"""Migration 0018: PostgreSQL's search finds a word prefix through the lexemes of ``terms``,
filled by the database for the cases already there; downgrade gives back the trigram index."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, text

from app.db import migrate
from app.services.cases.dto import CaseFilter, NewCase
from app.settings import resolve
from tests.sample_office import command_line_services

pytestmark = pytest.mark.postgres


def _search_indexes(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        sql = "SELECT indexname FROM pg_indexes WHERE tablename = 'case_search'"
        return set(conn.execute(text(sql)).scalars())


def _lexemes(engine: Engine, case_id: int) -> set[str]:
    with engine.connect() as conn:
        sql = "SELECT unnest(tsvector_to_array(terms)) FROM case_search WHERE case_id = :id"
        return set(conn.execute(text(sql), {"id": case_id}).scalars())


def test_terms_are_the_word_prefixes_and_the_marked_exact_ones(pg_url: str, tmp_path: Path) -> None:
    services = command_line_services(resolve(pg_url, data_dir=tmp_path))
    try:
        case = services.cases.create_case(NewCase(content="Đèn ở ngõ", citizen_name="Phạm Kim"), None)
        lexemes = _lexemes(services.engine, case.id)
        # folded words: every prefix of two letters or more, a one-letter word as itself
        assert {"de", "den", "o", "ng", "ngo", "ph", "pha", "pham", "ki", "kim"} <= lexemes
        # exact words: only the prefixes holding a marked letter
        assert {"đè", "đèn", "ở", "ngõ", "phạ", "phạm"} <= lexemes
        assert not {"đ", "d", "n", "p", "k", "pham kim"} & lexemes  # no single letter of a longer word
        assert "ix_case_search_terms" in _search_indexes(services.engine)
        assert "ix_case_search_folded_trgm" not in _search_indexes(services.engine)
    finally:
        services.close()


def test_up_and_down_with_cases_already_there(pg_url: str, tmp_path: Path) -> None:
    services = command_line_services(resolve(pg_url, data_dir=tmp_path))
    try:
        engine = services.engine
        command.downgrade(migrate.alembic_config(engine), "0017")
        with engine.connect() as conn:
            trigram = conn.execute(text("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")).first()
        assert ("ix_case_search_folded_trgm" in _search_indexes(engine)) == (trigram is not None)
        assert "ix_case_search_terms" not in _search_indexes(engine)
        services.cases.create_case(NewCase(content="Cống thoát nước bị tắc ở phố Lạch Tray"), None)
        services.cases.create_case(NewCase(content="Đèn đường hỏng trên phố Lạch Tray"), None)
        migrate.upgrade(engine)
        assert "ix_case_search_terms" in _search_indexes(engine)
        found = services.query.page(CaseFilter(text="lach tr")).rows
        assert [c.excerpt for c in found] == [
            "Đèn đường hỏng trên phố Lạch Tray",
            "Cống thoát nước bị tắc ở phố Lạch Tray",
        ]
        assert [c.excerpt for c in services.query.page(CaseFilter(text="Cống tắc")).rows] == [
            "Cống thoát nước bị tắc ở phố Lạch Tray"
        ]
    finally:
        services.close()


def test_check_names_a_missing_search_index(pg_url: str, tmp_path: Path) -> None:
    from app.services.maintenance.integrity_service import check_database

    services = command_line_services(resolve(pg_url, data_dir=tmp_path))
    try:
        assert check_database(services.engine).ok
        with services.engine.begin() as conn:
            conn.execute(text("DROP INDEX ix_case_search_terms"))
        report = check_database(services.engine)
        assert not report.ok
        assert any("ix_case_search_terms" in p and "chậm" in p for p in report.problems)
    finally:
        services.close()
