"""``Direct`` stores exactly what SQLAlchemy's own execution stores (types, defaults, literals)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any, cast

import pytest
from sqlalchemy import Table, insert, select, text

from app.bootstrap import Services
from app.db.direct import Direct
from app.models import AuditHead, Case
from app.settings import resolve
from tests.sample_office import command_line_services

CASES = cast(Table, Case.__table__)
INSERT = insert(CASES).returning(CASES.c.id)
HEAD = select(AuditHead.last_id).where(AuditHead.id == 1)


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Services]:
    built = command_line_services(resolve(f"sqlite:///{tmp_path}/t.db", data_dir=tmp_path))
    yield built
    built.close()


def _values(seq: int) -> dict[str, Any]:
    return {
        "office_id": 1, "year": 2026, "seq": seq, "number": f"2026-9{seq:04d}",
        "received_at": datetime(2026, 11, 22, 8, 5, 9), "channel": "hotline", "kind": "phan_anh",
        "content": "Đèn đường ngõ 12 hỏng", "due_date": date(2026, 12, 4), "created_at": datetime(2026, 11, 22, 8, 5),
        "updated_at": datetime(2026, 11, 22, 8, 5), "call_seconds": 95,
    }  # fmt: skip


def test_a_row_written_directly_equals_one_written_by_sqlalchemy(services: Services) -> None:
    with services.sessions.begin() as session:
        conn = session.connection()
        by_core = conn.execute(INSERT, _values(1)).scalar_one()
        by_direct = Direct(conn).scalar(INSERT, _values(2))
    with services.engine.connect() as conn:
        raw = {
            r[0]: r[1:]
            for r in conn.execute(
                text("SELECT id, * FROM case_file WHERE id IN (:a, :b)"), {"a": by_core, "b": by_direct}
            )
        }
        typed = {r.id: r for r in conn.execute(select(CASES).where(CASES.c.id.in_([by_core, by_direct])))}
    skip = {"id", "seq", "number"}
    names = [c.key for c in CASES.columns]
    core_row, direct_row = typed[by_core], typed[by_direct]
    assert {n: getattr(direct_row, n) for n in names if n not in skip} == {
        n: getattr(core_row, n) for n in names if n not in skip
    }
    # and byte for byte in the file: the same text for datetimes, the same 0/1 for flags, defaults filled
    stored_core, stored_direct = raw[by_core], raw[by_direct]
    for i, name in enumerate(names):  # ``SELECT *`` lists the columns in the table's order
        if name not in skip:
            assert stored_direct[i] == stored_core[i], name
    assert direct_row.urgency == "normal" and direct_row.complex is False and direct_row.version == 1


def test_a_literal_in_the_statement_is_used(services: Services) -> None:
    with services.sessions.begin() as session:
        conn = session.connection()
        assert Direct(conn).scalar(HEAD, {}) == conn.execute(HEAD).scalar()
