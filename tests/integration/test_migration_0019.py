"""Migration 0019: PostgreSQL computes the search words quicker, and exactly the same words as 0018
(the stored ``terms`` are not recomputed, so any difference would be a case the search misses)."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest
from alembic import command
from sqlalchemy import Connection, text

from app.db import migrate
from app.domain.text import fold
from app.services.cases.dto import CaseFilter, NewCase
from app.settings import resolve
from tests.module_file import load_module
from tests.sample_office import command_line_services

pytestmark = pytest.mark.postgres

VERSIONS = Path(__file__).resolve().parents[2] / "app" / "db" / "migrations" / "versions"

WORDS = [
    "", " ", "a", "ở", "đ", "ab", "  ab  cd ", "Đèn ở ngõ", "Phạm Kim", "Nguyễn Văn An", "xx ở ở",
    "abcdefghijklmnopqrstuvwxyzabc",  # longer than 24 letters, plain
    "abcdefghijklmnopqrstuvwđ",  # its first marked letter is the 24th
    "abcdefghijklmnopqrstuvwxđ",  # the 25th: no marked prefix of 24 letters or fewer
    "北京 市", "ab-cđ 12/3", "ÔNG BÀ", "e\u0301", "khiếu nại, tố cáo (lần 2)",
]  # fmt: skip


def _migration() -> ModuleType:
    return load_module("m0019", VERSIONS / "0019_pg_search_words_quicker.py")


def _lexemes(conn: Connection, function: str, exact: str) -> list[str]:
    sql = f"SELECT tsvector_to_array({function}(:folded, :exact))"
    return list(conn.execute(text(sql), {"folded": fold(exact), "exact": exact}).scalar_one())


def test_the_quicker_function_makes_the_very_words_of_0018(pg_url: str, tmp_path: Path) -> None:
    old = _migration().PREFIX_FUNCTION_0018.replace(" search_prefixes(", " pg_temp.prefixes_0018(")
    services = command_line_services(resolve(pg_url, data_dir=tmp_path))
    try:
        with services.engine.begin() as conn:
            conn.execute(text(old))
            for words in WORDS:
                assert _lexemes(conn, "search_prefixes", words) == _lexemes(
                    conn, "pg_temp.prefixes_0018", words
                )
            assert {"đè", "đèn", "ở", "ngõ"} <= set(_lexemes(conn, "search_prefixes", "đèn ở ngõ"))
            assert _lexemes(conn, "search_prefixes", "abcdefghijklmnopqrstuvwxđ") == _lexemes(
                conn, "search_prefixes", "abcdefghijklmnopqrstuvwxd"
            )
    finally:
        services.close()


def test_down_and_up_keeps_the_words_already_stored(pg_url: str, tmp_path: Path) -> None:
    services = command_line_services(resolve(pg_url, data_dir=tmp_path))
    try:
        engine = services.engine
        command.downgrade(migrate.alembic_config(engine), "0018")
        services.cases.create_case(NewCase(content="Đèn đường hỏng trên phố Lạch Tray"), None)
        migrate.upgrade(engine)
        services.cases.create_case(NewCase(content="Cống thoát nước bị tắc ở phố Lạch Tray"), None)
        with engine.connect() as conn:
            body = conn.execute(
                text("SELECT prosrc FROM pg_proc WHERE proname = 'search_prefixes'")
            ).scalar_one()
            stale = conn.execute(
                text("SELECT count(*) FROM case_search WHERE terms <> search_prefixes(folded, exact)")
            ).scalar_one()
        assert "UNION ALL" in body
        assert stale == 0, "the words stored under 0018 are what 0019 computes"
        found = [c.excerpt for c in services.query.page(CaseFilter(text="Lạch Tr")).rows]
        assert found == ["Cống thoát nước bị tắc ở phố Lạch Tray", "Đèn đường hỏng trên phố Lạch Tray"]
    finally:
        services.close()
