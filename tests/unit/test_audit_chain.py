"""The audit hash chain: appends in the caller's transaction, case events audited, breaks named."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select, text

from app.bootstrap import Services
from app.domain.audit_chain import GENESIS, AuditRow, ChainChecker, row_hash
from app.models import AuditLog
from app.services.cases.dto import NewCase


def _chain(n: int) -> list[AuditRow]:
    rows, prev = [], GENESIS
    for i in range(1, n + 1):
        at = datetime(2026, 11, 20, 9, 30, i % 60, 123456)
        digest = row_hash(i, at, 1, "an", "login", "user", "an", None, '{"x":"Đ"}', prev)
        rows.append(AuditRow(i, at, 1, "an", "login", "user", "an", None, '{"x":"Đ"}', prev, digest))
        prev = digest
    return rows


def test_an_intact_chain_passes_and_the_head_must_match() -> None:
    rows = _chain(5)
    checker = ChainChecker()
    assert checker.feed(rows) is None
    assert checker.finish(5, rows[-1].row_hash) is None
    broken = ChainChecker()
    broken.feed(rows[:3])
    found = broken.finish(5, rows[-1].row_hash)
    assert found is not None and found.row_id == 4 and "đã bị xóa" in found.problem


@given(st.integers(min_value=0, max_value=7), st.sampled_from(["edit", "delete", "swap"]))
def test_any_edit_delete_or_reorder_names_the_first_broken_row(index: int, how: str) -> None:
    rows = _chain(8)
    if how == "edit":
        rows[index] = replace(rows[index], action="logout")
        expected = index + 1
    elif how == "delete":
        del rows[index]
        expected = index + 1
    else:
        other = (index + 1) % 8
        rows[index], rows[other] = rows[other], rows[index]
        expected = min(index, other) + 1
    checker = ChainChecker()
    found = checker.feed(rows) or checker.finish(8, _chain(8)[-1].row_hash)
    assert found is not None and found.row_id == expected


def _log(services: Services) -> list[tuple[int, str, str, str]]:
    with services.sessions() as session:
        rows = session.execute(
            select(AuditLog.id, AuditLog.action, AuditLog.username, AuditLog.object_id).order_by(AuditLog.id)
        )
        return [tuple(r) for r in rows]  # type: ignore[misc]


def test_case_actions_are_audited_in_the_same_transaction(services: Services) -> None:
    receiver = next(u for u in services.catalog.users() if u.role == "receiver")
    case = services.cases.create_case(NewCase(content="Đèn đường hỏng", citizen_name="Lê Văn A"), receiver.id)
    log = _log(services)
    assert (
        log and log[0][1] == "case.created" and log[0][2] == receiver.username and log[0][3] == str(case.id)
    )
    report = services.audit.verify()
    assert report.ok and report.checked == len(log)


def test_a_rolled_back_action_leaves_no_audit_row(services: Services) -> None:
    try:
        with services.sessions.begin() as session:
            services.audit.record(session, "cli:test", "setting.change", "setting", "x", {"a": 1}, {"a": 2})
            raise RuntimeError
    except RuntimeError:
        pass
    assert _log(services) == []
    services.audit.record_standalone("cli:test", "export", "report", "2026-Q4")
    assert [r[0] for r in _log(services)] == [1]
    assert services.audit.quick_check().ok


def test_the_log_refuses_update_and_delete(services: Services) -> None:
    services.audit.record_standalone("cli:test", "export", "report", "2026-Q4")
    with services.engine.connect() as conn:
        for sql in ("UPDATE audit_log SET action = 'x'", "DELETE FROM audit_log"):
            try:
                conn.execute(text(sql))
            except Exception as error:
                assert "append-only" in str(error)
            else:
                raise AssertionError(sql)
            conn.rollback()
        assert conn.execute(select(func.count()).select_from(AuditLog)).scalar() == 1


def test_the_fast_canonical_text_is_exactly_what_json_dumps_writes() -> None:
    """Rows written by every earlier version must still verify: the hashed text may not change."""
    import hashlib
    import json
    import random
    from datetime import datetime

    from app.domain.audit_chain import row_hash, stamp

    rng = random.Random(5)
    alphabet = 'aăâđêôơư AĂ"\\/\n\r\t\b\f\x00\x1f\x7f\u2028\u2029😀𠀀{}[]:,é́'
    for _ in range(3000):

        def text() -> str:
            return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))

        fields = [rng.randint(1, 10**12), datetime(2026, 1, 1, 8, 0, 0, rng.randint(0, 999999)),
                  rng.choice([None, rng.randint(0, 99)]), text(), text(), text(), text(),
                  rng.choice([None, text()]), rng.choice([None, text()]), text()]  # fmt: skip
        reference = json.dumps(
            [fields[0], stamp(fields[1]), *fields[2:]], ensure_ascii=False, separators=(",", ":")
        )
        assert row_hash(*fields) == hashlib.sha256(reference.encode("utf-8")).hexdigest()
