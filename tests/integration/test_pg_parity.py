"""Search on PostgreSQL finds the same cases in the same order as SQLite's FTS5 search."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path
from types import ModuleType

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text

from app.bootstrap import Services
from app.db import migrate
from app.db.engine import make_engine
from app.domain.enums import CaseKind, Channel
from app.services.cases.dto import CaseFilter, NewCase
from app.settings import resolve
from tests.module_file import load_module
from tests.sample_office import command_line_services

pytestmark = pytest.mark.postgres
FIXTURES = Path(__file__).parents[1] / "fixtures" / "db"


def _fixture_maker() -> ModuleType:
    return load_module("make_fixtures", FIXTURES / "make_fixtures.py")


MAKER = _fixture_maker()

NOW = datetime(2026, 11, 20, 9, 30)
CASES: list[dict[str, object]] = [
    {"content": "Tranh chấp Đất đai tại tổ dân phố 3", "citizen_name": "Lê Thị Hạnh", "phone": "0912345678"},
    {"content": "Ngập nước ở xã Cẩm Giang", "location": "Thôn Đông"},
    {"content": "Rác ở xã Cẩm Giang", "citizen_name": "Nguyễn Văn An", "phone": "0987000111"},
    {"content": "Ngập nước ở xã Cẩm Giàng", "request": "Nạo vét cống thoát nước"},
    {"content": "Đèn đường hỏng trên phố Trần Hưng Đạo", "external_ref": "SMART-HP-2026-771"},
    {"content": "Cống thoát nước bị tắc_ngẽn 50% lòng cống", "citizen_name": "Đặng Đức Đông"},
    {
        "content": "Tố cáo cán bộ nhận tiền",
        "kind": CaseKind.DENUNCIATION,
        "citizen_name": "Phạm Văn Bí",
        "phone": "0987654321",
        "channel": Channel.WALK_IN,
    },
    {"content": "Hỏi thủ tục chứng thực bản sao", "citizen_name": "Lê Thị Hạnh", "phone": "+84 912 345 678"},
    {"content": "Mất kìm điện ở chợ Ô Mễ", "citizen_name": "Phạm Kim"},
    {"content": "Kim khâu bán ở phố a", "citizen_name": "Phạm Kim", "channel": Channel.WALK_IN},
    {"content": "Trang thongtindientuphuongnhichieuhaiphong2026 báo lỗi 中文"},
]
QUERIES = ["dat dai", "ĐẤT ĐAI", "Cẩm Giàng", "cam giang", "cam gia", "Giàng", "0912345678", "0912",
           "le thi hanh", "Lê Thị", "Phạm Văn Bí", "nhan tien", "smart hp", "2026-00003", "2026",
           "tắc_ngẽn", "50%", "dang duc dong", "Đông", "khong co gi", "!!!", "c", "trần hưng đạo",
           "Phạm kim", "Phạm Kìm", "kim", "kìm", "ô mễ", "o", "ô", "phố a", "中文", "Kìm k",
           "thongtindientuphuongnhic", "thongtindientuphuongnhichieuhaiphong",
           "thongtindientuphuongnhichieuhaiphong2027", "thongtindientuphuơng"]  # fmt: skip


def _fill(services: Services) -> None:
    for item in CASES:
        services.cases.create_case(NewCase(**item), None)  # type: ignore[arg-type]


def _results(
    services: Services, query: str, limit: int = 3, channel: Channel | None = None
) -> list[list[str]]:
    """Every page of the search, as case numbers, so order and paging are compared too."""
    pages: list[list[str]] = []
    flt = CaseFilter(text=query, channel=channel)
    page = services.query.page(flt, limit=limit)
    pages.append([r.number for r in page.rows])
    while page.next_key is not None:
        page = services.query.page(flt, after=page.next_key, limit=limit)
        pages.append([r.number for r in page.rows])
    return pages


def _before_search(engine: Engine) -> str:
    script = ScriptDirectory.from_config(migrate.alembic_config(engine))
    down = script.get_revision("0003").down_revision
    assert isinstance(down, str)
    return down


def _open(url: str, tmp_path: Path) -> Services:
    return command_line_services(resolve(url, data_dir=tmp_path), clock=lambda: NOW, today=lambda: NOW.date())


def test_search_results_are_identical_on_sqlite_and_postgresql(pg_url: str, tmp_path: Path) -> None:
    lite = _open(f"sqlite:///{tmp_path / 'h.db'}", tmp_path)
    pg = _open(pg_url, tmp_path)
    try:
        _fill(lite)
        _fill(pg)
        for query in QUERIES:
            assert _results(pg, query) == _results(lite, query), query
        giang = _results(pg, "Cẩm Giàng", limit=10)[0]
        assert giang[0] == "2026-00004" and set(giang[1:]) == {"2026-00002", "2026-00003"}
        assert _results(pg, "Phạm Văn Bí") == [[]]
        with_filter = pg.query.page(CaseFilter(text="cam giang", channel=Channel.WALK_IN)).rows
        assert with_filter == ()
        # the new words: the exact name first, a plain word in a marked query checked whole,
        # a one-letter word, a word longer than the longest indexed prefix
        assert _results(pg, "Phạm kim", limit=10) == [["2026-00010", "2026-00009"]]
        assert _results(pg, "kìm", limit=10) == [["2026-00009", "2026-00010"]]  # the marked one first
        assert _results(pg, "Phạm Kìm", limit=10) == [["2026-00009", "2026-00010"]]
        assert _results(pg, "phố a", limit=10) == [["2026-00010"]]
        assert _results(pg, "thongtindientuphuongnhichieuhaiphong") == [["2026-00011"]]
        assert _results(pg, "thongtindientuphuongnhichieuhaiphong2027") == [[]]
    finally:
        lite.close()
        pg.close()


def test_a_reclassified_case_stays_findable_with_the_same_text(pg_url: str, tmp_path: Path) -> None:
    pg = _open(pg_url, tmp_path)
    try:
        saved = pg.cases.create_case(
            NewCase(content="Ô nhiễm tiếng ồn karaoke", citizen_name="Bùi Thu"), None
        )
        pg.cases.reclassify(saved.id, kind=CaseKind.DENUNCIATION, field_id=None, note="", user_id=None)
        assert _results(pg, "karaoke") == [[saved.number]]
        assert _results(pg, "bui thu") == [[]]  # now sealed: the name no longer finds it
    finally:
        pg.close()


def test_upgrade_backfills_search_rows_for_existing_cases(pg_url: str, tmp_path: Path) -> None:
    """Cases written before revision 0003 are found on PostgreSQL exactly as on SQLite."""
    engine = make_engine(pg_url)
    migrate.upgrade(engine, _before_search(engine))
    with engine.begin() as conn:
        MAKER.fill_0001(conn)
    engine.dispose()
    shutil.copy(FIXTURES / "schema_0001.sqlite", tmp_path / "h.db")
    lite = _open(f"sqlite:///{tmp_path / 'h.db'}", tmp_path)
    pg = _open(pg_url, tmp_path)
    try:
        with pg.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM case_search")).scalar() == len(MAKER.CASES)
        queries = ["cam giang", "Cẩm Giàng", "pham van bi", "to cao", "le thi hanh", "0912", "2026-00003",
                   "hang kenh", "Đông"]  # fmt: skip
        for query in queries:
            assert _results(pg, query) == _results(lite, query), query
        assert _results(pg, "pham van bi") == [[]]
    finally:
        pg.close()
        lite.close()


@pytest.mark.parametrize(
    "window,dense,few",
    [(1, 120_000, (0, 0)), (2, 120_000, (0, 0)), (5, 120_000, (0, 0)), (2, 3, (0, 0)), (1, 1, (0, 0)),
     (5, 0, (0, 0)), (20_000, 120_000, (20, 1000)), (2, 3, (1, 2)), (1, 1, (0, 3)), (5, 0, (2, 1))],
)  # fmt: skip
def test_searching_the_newest_cases_first_changes_neither_the_results_nor_their_order(
    pg_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    window: int,
    dense: int,
    few: tuple[int, int],
) -> None:
    """A common word fills its page from the most recent ids, then from the ids just before them
    (a span the recent window's share of matches sizes, at most ``dense``); a rare one typed with
    marks is ordered from all its matches at once (``few``: at most so many in the recent window,
    so many in all); the page boundaries, the exact-first phases and a word found only in older
    cases come out as from the whole register at once."""
    from app.services.cases import pg_search_page

    lite = _open(f"sqlite:///{tmp_path / 'h.db'}", tmp_path)
    pg = _open(pg_url, tmp_path)
    try:
        _fill(lite)
        _fill(pg)
        monkeypatch.setattr(pg_search_page, "RECENT_WINDOW", window)
        monkeypatch.setattr(pg_search_page, "DENSE_SPAN", dense)
        monkeypatch.setattr(pg_search_page, "FEW_RECENT", few[0])
        monkeypatch.setattr(pg_search_page, "FEW_ALL", few[1])
        for query in QUERIES:
            for limit in (1, 2, 3):
                assert _results(pg, query, limit) == _results(lite, query, limit), (query, limit)
            walk_in = _results(pg, query, 1, Channel.WALK_IN)  # the filter drops the other matches
            assert walk_in == _results(lite, query, 1, Channel.WALK_IN), query
    finally:
        lite.close()
        pg.close()
