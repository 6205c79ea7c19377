"""The audit chain held against anchors outside its database: the anchor file, backup manifests,
and the code printed at the foot of a signed report. Each tampering that rewrites ``audit_head``
too — and so passes the chain's own check — is caught against them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from app.bootstrap import Services
from app.domain.audit_chain import GENESIS, row_hash
from app.services.audit.audit_anchors import ANCHOR_FILE, Anchor, parse_typed, short_code
from app.settings import resolve
from tests.sample_office import command_line_services

_UNGUARD = {
    "sqlite": ("DROP TRIGGER audit_log_no_update", "DROP TRIGGER audit_log_no_delete"),
    "postgresql": ("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only",),
}


@pytest.fixture(params=["sqlite", "postgresql"])
def anchored(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Services]:
    """A register with 30 audit rows, a backup after row ~10 and a printed report after row ~20."""
    url = (
        f"sqlite:///{tmp_path / 'hotline.db'}"
        if request.param == "sqlite"
        else request.getfixturevalue("pg_url")
    )
    services = command_line_services(resolve(url, data_dir=tmp_path))
    _log(services, 10)
    services.backups.backup()
    _log(services, 10)
    services.audit.anchor("báo cáo quý IV")
    _log(services, 10)
    yield services
    services.close()


def _log(services: Services, n: int) -> None:
    for i in range(n):
        services.audit.record_standalone(
            "cli:test", "export", "report", f"bc-{i}", None, {"tệp": f"bc{i}.xlsx"}
        )


def _sql(services: Services, *statements: str) -> None:
    with services.engine.begin() as conn:
        for sql in (*_UNGUARD[services.engine.dialect.name], *statements):
            conn.execute(text(sql))


def _last(services: Services) -> int:
    with services.engine.connect() as conn:
        return int(conn.execute(text("SELECT max(id) FROM audit_log")).scalar() or 0)


def _rehead(services: Services) -> None:
    """What a careful attacker does after deleting rows: point audit_head at the new last row."""
    with services.engine.begin() as conn:
        last = conn.execute(text("SELECT id, row_hash FROM audit_log ORDER BY id DESC LIMIT 1")).first()
        if last is None:
            conn.execute(text("UPDATE audit_head SET last_id = 0, last_hash = :g"), {"g": GENESIS})
        else:
            conn.execute(
                text("UPDATE audit_head SET last_id = :i, last_hash = :h"), {"i": last[0], "h": last[1]}
            )


def _rewrite_whole_chain(services: Services) -> None:
    """Change one old row and rehash every row after it, and the head: the chain is consistent again."""
    with services.engine.begin() as conn:
        for sql in _UNGUARD[services.engine.dialect.name]:
            conn.execute(text(sql))
        rows = conn.execute(
            text(
                "SELECT id, at, user_id, username, action, object_type, object_id, before, after FROM audit_log ORDER BY id"
            )
        ).all()
        prev = GENESIS
        for r in rows:
            after = '{"tệp":"đã thay"}' if r.id == 3 else r.after
            at = r.at if not isinstance(r.at, str) else __import__("datetime").datetime.fromisoformat(r.at)
            digest = row_hash(
                r.id, at, r.user_id, r.username, r.action, r.object_type, r.object_id, r.before, after, prev
            )
            conn.execute(
                text("UPDATE audit_log SET after = :a, prev_hash = :p, row_hash = :h WHERE id = :i"),
                {"a": after, "p": prev, "h": digest, "i": r.id},
            )
            prev = digest
        conn.execute(
            text("UPDATE audit_head SET last_id = :i, last_hash = :h"), {"i": rows[-1].id, "h": prev}
        )


def test_an_untouched_log_holds_against_every_anchor(anchored: Services) -> None:
    report = anchored.audit.verify()
    assert report.ok, report.message()
    assert report.anchors == 2  # the backup (its manifest and its line in the anchor file) and the report
    assert "đối chiếu với" in report.message() and "mốc cuối còn khớp" in report.message()


def test_deleting_the_tail_and_rewriting_the_head_is_caught_by_the_anchors(anchored: Services) -> None:
    _sql(anchored, "DELETE FROM audit_log WHERE id > 15")
    _rehead(anchored)
    from app.services.audit.audit_service import verify

    assert verify(anchored.engine).ok, "the chain alone cannot tell: this is why anchors exist"
    report = anchored.audit.verify()
    assert not report.ok
    assert "chỉ còn 15 dòng" in report.problem and "đã bị xóa" in report.problem
    assert report.held.startswith("N=1") and "mốc cuối còn khớp" in report.message()


def test_wiping_the_log_and_its_head_is_caught(anchored: Services) -> None:
    _sql(anchored, "DELETE FROM audit_log")
    _rehead(anchored)
    report = anchored.audit.verify()
    assert not report.ok and "xóa sạch" in report.problem
    assert "không mốc nào còn khớp" in report.message()


def test_a_consistent_rewrite_of_the_whole_chain_no_longer_reaches_the_anchors(anchored: Services) -> None:
    _rewrite_whole_chain(anchored)
    from app.services.audit.audit_service import verify

    assert verify(anchored.engine).ok, "every hash recomputed: the chain alone holds"
    report = anchored.audit.verify()
    assert not report.ok and "viết lại" in report.problem


@pytest.mark.parametrize("how", ["edit", "delete_middle"])
def test_edits_and_middle_deletions_are_still_named_by_row(anchored: Services, how: str) -> None:
    sql = (
        "UPDATE audit_log SET after = 'sửa tay' WHERE id = 7"
        if how == "edit"
        else "DELETE FROM audit_log WHERE id = 7"
    )
    _sql(anchored, sql)
    report = anchored.audit.verify()
    assert not report.ok and report.broken_id == 7


def test_a_corrupt_anchor_file_is_said_and_the_rest_still_checked(anchored: Services, tmp_path: Path) -> None:
    with (tmp_path / ANCHOR_FILE).open("a", encoding="utf-8") as handle:
        handle.write("{ không phải json\n")
    report = anchored.audit.verify()
    assert report.ok and report.anchors >= 2
    assert any("bị hỏng" in note for note in report.notes)
    _sql(anchored, "DELETE FROM audit_log WHERE id > 12")
    _rehead(anchored)
    assert not anchored.audit.verify().ok


def test_a_copied_file_is_checked_against_a_typed_anchor_from_paper(tmp_path: Path) -> None:
    """The file is copied to another PC (no anchor file, no manifests); the chief types the
    code printed at the foot of last quarter's report."""
    source = tmp_path / "office"
    services = command_line_services(resolve(f"sqlite:///{source / 'hotline.db'}", data_dir=source))
    _log(services, 25)
    printed = services.audit.anchor("báo cáo")
    services.close()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(source / "hotline.db", elsewhere / "hotline.db")
    code = f"{printed.rows}:{printed.code}"
    assert parse_typed(f"N={printed.rows:,} · {printed.code}".replace(",", ".")).rows == printed.rows

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
        env.pop("HOTLINE_DB_URL", None)
        env.pop("HOTLINE_DATA_DIR", None)
        return subprocess.run(
            [sys.executable, "-m", "app", "audit", "verify", "--quiet", "--db", str(elsewhere / "hotline.db"), *args],
            capture_output=True, text=True, env=env, timeout=120,
        )  # fmt: skip

    good = cli("--anchor", code)
    assert good.returncode == 0 and "đối chiếu với 1 mốc" in good.stdout, good.stdout + good.stderr
    copy = command_line_services(resolve(f"sqlite:///{elsewhere / 'hotline.db'}"))
    _sql(copy, f"DELETE FROM audit_log WHERE id > {printed.rows - 5}")
    _rehead(copy)
    copy.close()
    assert cli().returncode == 0, "without the paper anchor the truncation is invisible"
    caught = cli("--anchor", code)
    assert caught.returncode == 4 and "đã bị xóa" in caught.stderr
    bad = cli("--anchor", "mười ba")
    assert bad.returncode == 2 and "không đúng dạng" in bad.stderr


def test_manifest_carries_the_anchor_and_the_register_identity(tmp_path: Path) -> None:
    services = command_line_services(resolve(f"sqlite:///{tmp_path / 'hotline.db'}", data_dir=tmp_path))
    _log(services, 3)
    made = services.backups.backup()
    stamp = json.loads(made.path.with_suffix(".json").read_text(encoding="utf-8"))
    assert stamp["audit_rows"] >= 3 and len(stamp["audit_hash"]) == 64 and len(stamp["database_id"]) == 32
    lines = [json.loads(line) for line in (tmp_path / ANCHOR_FILE).read_text(encoding="utf-8").splitlines()]
    assert any(line["rows"] == stamp["audit_rows"] and line["hash"] == stamp["audit_hash"] for line in lines)
    assert Anchor(stamp["audit_rows"], stamp["audit_hash"]).code == short_code(stamp["audit_hash"])
    services.close()


def test_the_signed_report_and_register_carry_the_anchor_that_verify_accepts(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from app.domain.periods import parse_period
    from app.services.reports.register_service import RegisterOptions, write_register
    from app.services.reports.report_service import ReportOptions, write_report

    services = command_line_services(resolve(f"sqlite:///{tmp_path / 'hotline.db'}", data_dir=tmp_path))
    _log(services, 7)
    report = services.reports.build(ReportOptions(parse_period("2026-Q3")))
    register = services.registers.build(RegisterOptions(parse_period("2026-Q3")))
    assert report.audit_anchor.startswith("Mốc nhật ký: ") and register.audit_anchor.startswith(
        "Mốc nhật ký: "
    )
    typed = report.audit_anchor.removeprefix("Mốc nhật ký: ")
    pdf = write_report(report, "pdf", tmp_path / "bc.pdf")
    shown = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True).stdout.decode()
    assert report.audit_anchor in shown
    book = load_workbook(write_register(register, "xlsx", tmp_path / "so.xlsx"))
    assert register.audit_anchor in book.active.oddFooter.left.text
    _sql(services, f"DELETE FROM audit_log WHERE id >= {int(typed.split(':')[0])}")
    _rehead(services)
    (tmp_path / ANCHOR_FILE).unlink()  # the attacker removes the anchor file too; the paper stays
    report_after = services.audit.verify(typed=[parse_typed(typed)])
    assert not report_after.ok and "đã bị xóa" in report_after.problem
    services.close()
