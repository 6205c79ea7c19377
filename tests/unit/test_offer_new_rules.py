"""An office's existing rule table gets the new xử lý đơn rules once; a deletion afterwards sticks."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import delete, select

from app.models import DeadlineRuleRow, Setting
from app.services.deadlines.deadline_store import OFFERED_KEY
from app.settings import resolve
from tests.sample_office import command_line_services

TT05 = {"tt05.process.khieu_nai", "tt05.process.to_cao", "tt05.process.kien_nghi", "tt05.process.phan_anh"}


def _codes(db: Path, tmp_path: Path, *, forget: bool = False, drop: set[str] | None = None) -> set[str]:
    services = command_line_services(resolve(f"sqlite:///{db}", data_dir=tmp_path))
    try:
        with services.sessions.begin() as session:
            if drop:
                session.execute(delete(DeadlineRuleRow).where(DeadlineRuleRow.code.in_(drop)))
            if forget:
                session.execute(delete(Setting).where(Setting.key == OFFERED_KEY))
        with services.sessions() as session:
            return set(session.scalars(select(DeadlineRuleRow.code)))
    finally:
        services.close()


def test_old_tables_get_the_new_rules_once(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    assert _codes(db, tmp_path) >= TT05  # a fresh table has them
    # an office upgrading from the version before: its table lacks them and nothing was offered
    assert not TT05 & _codes(db, tmp_path, drop=TT05, forget=True)
    assert _codes(db, tmp_path) >= TT05  # the next start copies them in
    # the office deletes one on purpose: it is not brought back
    assert "tt05.process.phan_anh" not in _codes(db, tmp_path, drop={"tt05.process.phan_anh"})
    assert "tt05.process.phan_anh" not in _codes(db, tmp_path)
