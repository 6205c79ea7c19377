"""The audit chain checked on every core names the same break, in the same words, as the walk
in one process — for every kind of tampering, wherever it falls against the range edges."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import text

from app.services.audit import audit_parallel
from app.services.audit.audit_service import VerifyReport, verify
from app.settings import resolve
from tests.sample_office import command_line_services

ROWS = 240
_UNGUARD = ("DROP TRIGGER audit_log_no_update", "DROP TRIGGER audit_log_no_delete")
_TAMPER = {
    "none": [],
    "edit": ["UPDATE audit_log SET after = 'sửa tay' WHERE id = 77"],
    "delete_middle": ["DELETE FROM audit_log WHERE id = 77"],
    "delete_at_a_range_edge": ["DELETE FROM audit_log WHERE id BETWEEN 28 AND 33"],
    "delete_a_whole_range": ["DELETE FROM audit_log WHERE id BETWEEN 31 AND 95"],
    "delete_tail_and_rewrite_head": [
        "DELETE FROM audit_log WHERE id > 200",
        "UPDATE audit_head SET last_id = 200, last_hash = (SELECT row_hash FROM audit_log WHERE id = 200)",
    ],
    "insert_after_head": [
        "INSERT INTO audit_log SELECT id + 1000, at, user_id, username, action, object_type, object_id,"
        " before, after, prev_hash, row_hash FROM audit_log WHERE id = 10"
    ],
    "wipe": ["DELETE FROM audit_log"],
}


@pytest.fixture(scope="module")
def chain(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("chain")
    services = command_line_services(resolve(f"sqlite:///{folder / 'hotline.db'}", data_dir=folder))
    for i in range(ROWS):
        services.audit.record_standalone("cli:test", "export", "report", f"bc-{i}", None, {"tệp": f"{i}.pdf"})
    services.close()
    return folder / "hotline.db"


def _both(
    db: Path, monkeypatch: pytest.MonkeyPatch, anchors: dict[int, str]
) -> tuple[VerifyReport, VerifyReport]:
    services = command_line_services(resolve(f"sqlite:///{db}", data_dir=db.parent))
    try:
        monkeypatch.setattr(audit_parallel, "PARALLEL_FROM", 10**9)
        alone = verify(services.engine, anchors=anchors)
        monkeypatch.setattr(audit_parallel, "PARALLEL_FROM", 50)
        monkeypatch.setattr(audit_parallel, "worker_count", lambda: 2)  # 8 ranges of 31 rows
        spread = verify(services.engine, anchors=anchors)
    finally:
        services.close()
    return alone, spread


@pytest.mark.parametrize("how", list(_TAMPER))
def test_parallel_check_names_what_the_single_walk_names(
    chain: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    db = tmp_path / "hotline.db"
    shutil.copy(chain, db)
    services = command_line_services(resolve(f"sqlite:///{db}", data_dir=tmp_path))
    with services.engine.connect() as conn:
        anchors = {
            n: h
            for n, h in conn.execute(text("SELECT id, row_hash FROM audit_log WHERE id IN (40, 150, 230)"))
        }
    with services.engine.begin() as conn:
        for sql in (*_UNGUARD, *_TAMPER[how]):
            conn.execute(text(sql))
    services.close()
    alone, spread = _both(db, monkeypatch, anchors)
    assert (spread.ok, spread.broken_id, spread.problem, spread.held) == (
        alone.ok,
        alone.broken_id,
        alone.problem,
        alone.held,
    )
    assert spread.checked == alone.checked
    assert alone.ok == (how == "none")
