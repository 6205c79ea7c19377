"""Backups as the office uses them: verified and stamped copies, rotation, restore, pre-upgrade safety."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from app import __version__
from app.bootstrap import Services, open_database
from app.db import migrate
from app.services.backup.backup_manifest import BackupOfficeError, BackupVersionError, manifest_path
from app.services.backup.backup_service import BackupService
from app.services.cases.dto import CaseFilter, NewCase
from app.services.core.errors import DatabaseError
from app.services.demo.demo_service import DemoService
from app.services.demo.sample_office import SAMPLE_OFFICE
from app.settings import resolve
from tests.sample_office import SIGNED_INIT, command_line_services


def _open(tmp_path: Path, name: str = "hotline.db", office: str = "UBND phường Nhị Chiểu") -> Services:
    return command_line_services(
        resolve(f"sqlite:///{tmp_path / name}", data_dir=tmp_path),
        setup=dataclasses.replace(SAMPLE_OFFICE, name=office),
    )


def _cases(services: Services) -> int:
    with services.engine.connect() as conn:
        return int(conn.execute(text("SELECT count(*) FROM case_file")).scalar() or 0)


def test_backup_is_a_consistent_verified_stamped_copy_while_officers_save(tmp_path: Path) -> None:
    services = _open(tmp_path)
    DemoService(
        services.engine,
        services.sessions,
        services.office_id,
        services.due_policy,
        signed_in=services.signed_in,
    ).generate(4000)
    for i in range(20):
        services.cases.create_case(NewCase(content=f"Phản ánh đường ngập số {i}"), None)
    stop = threading.Event()

    def keep_saving() -> None:
        while not stop.is_set():
            services.cases.create_case(NewCase(content="Lưu trong lúc sao lưu"), None)

    writer = threading.Thread(target=keep_saving)
    writer.start()
    steps: list[tuple[int, int]] = []
    try:
        result = BackupService(services.engine, tmp_path, signed_in=services.signed_in).backup(
            progress=lambda d, t: steps.append((d, t))
        )
    finally:
        stop.set()
        writer.join()
    m = result.manifest
    assert (m.app_version, m.office_name, m.database, m.kind) == (
        __version__,
        "UBND phường Nhị Chiểu",
        "sqlite",
        "manual",
    )
    assert m.schema_revision == migrate.head_revision(services.engine)
    assert m.row_counts["case_file"] >= 4020 and m.row_counts["case_fts_docsize"] == m.row_counts["case_file"]
    done = [d for d, _ in steps]
    assert len(steps) > 5 and done == sorted(done) and done[-1] == steps[-1][1]  # never restarted
    assert json.loads(manifest_path(result.path).read_text(encoding="utf-8"))["sha256"] == m.sha256
    assert result.path.parent == tmp_path / "backups"

    # Restore: the cases saved after the backup are gone, the old file is kept beside.
    saved_after = _cases(services) - m.row_counts["case_file"]
    assert saved_after > 0
    restored = BackupService(services.engine, tmp_path, signed_in=services.signed_in).restore(result.path)
    assert restored.kept == tmp_path / "hotline.db.before-restore" and restored.kept.is_file()
    services.close()
    again = _open(tmp_path)
    assert _cases(again) == m.row_counts["case_file"]
    assert again.query.page(CaseFilter(text="duong ngap so 7")).rows
    again.close()


def test_chosen_folder_is_remembered_and_auto_backup_runs_once_a_day(tmp_path: Path) -> None:
    services = _open(tmp_path)
    folder = tmp_path / "USB"
    folder.mkdir()
    clock = [datetime(2026, 11, 20, 8, 0)]
    backups = BackupService(services.engine, tmp_path, clock=lambda: clock[0], signed_in=services.signed_in)
    backups.set_folder(folder)
    assert backups.folder() == folder.resolve()
    first = backups.backup_if_due()
    assert first is not None and first.path.parent == folder.resolve() and first.manifest.kind == "auto"
    clock[0] += timedelta(hours=3)
    assert backups.backup_if_due() is None
    clock[0] += timedelta(days=1)
    assert backups.backup_if_due() is not None
    services.close()


def test_rotation_keeps_seven_daily_four_weekly_twelve_monthly(tmp_path: Path) -> None:
    services = _open(tmp_path)
    clock = [datetime(2025, 1, 1, 18, 0)]
    backups = BackupService(services.engine, tmp_path, clock=lambda: clock[0], signed_in=services.signed_in)
    for step in [9] * 40 + [1] * 10:  # a year of backups every 9 days, then ten daily ones
        backups.backup(kind="auto")
        clock[0] += timedelta(days=step)
    kept = [b.manifest.created_at.date() for b in backups.list_backups()]
    newest = clock[0].date() - timedelta(days=1)
    assert kept[:7] == [newest - timedelta(days=i) for i in range(7)]
    months = {(d.year, d.month) for d in kept}
    assert len(months) == 12 and len(kept) <= 7 + 4 + 12
    assert len(list((tmp_path / "backups").iterdir())) == 2 * len(kept)  # data file + stamp, nothing else
    services.close()


def test_restore_refuses_a_newer_schema_and_another_office_unless_forced(tmp_path: Path) -> None:
    other = _open(tmp_path / "other", office="UBND xã Cẩm Giàng")
    other.cases.create_case(NewCase(content="Vụ việc của xã khác"), None)
    made = BackupService(other.engine, tmp_path / "other", signed_in=other.signed_in).backup(plain=True)
    other.close()
    services = _open(tmp_path)
    services.cases.create_case(NewCase(content="Vụ việc của phường"), None)
    backups = BackupService(services.engine, tmp_path, signed_in=services.signed_in)
    with pytest.raises(BackupOfficeError) as info:
        backups.restore(made.path)
    assert "UBND xã Cẩm Giàng" in info.value.message and "--force-office" in info.value.message

    newer = tmp_path / "newer.sqlite"
    shutil.copy(made.path, newer)
    stamp = json.loads(manifest_path(made.path).read_text(encoding="utf-8"))
    manifest_path(newer).write_text(json.dumps({**stamp, "schema_revision": "9999"}), encoding="utf-8")
    with pytest.raises(BackupVersionError) as newer_info:
        backups.restore(newer, force_office=True)
    assert "mới hơn" in newer_info.value.message
    assert _cases(services) == 1 and not (tmp_path / "hotline.db.before-restore").exists()

    backups.restore(made.path, force_office=True)
    services.close()
    forced = command_line_services(resolve(f"sqlite:///{tmp_path / 'hotline.db'}", data_dir=tmp_path))
    assert forced.catalog.office().name == "UBND xã Cẩm Giàng"
    forced.close()


def _failing_migrations(tmp_path: Path, head: str) -> Path:
    copy = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "versions" / "9000_broken.py").write_text(
        f'revision = "9000"\ndown_revision = "{head}"\nbranch_labels = None\ndepends_on = None\n'
        "from alembic import op\n\n\ndef upgrade():\n"
        '    op.execute("ALTER TABLE case_file ADD COLUMN half_done TEXT")\n'
        "    op.execute(\"UPDATE case_file SET content = 'mất'\")\n"
        '    raise RuntimeError("migration bug")\n\n\ndef downgrade():\n    pass\n',
        encoding="utf-8",
    )
    return copy


def test_upgrade_backs_up_first_and_a_failed_migration_leaves_the_file_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = _open(tmp_path)
    services.cases.create_case(NewCase(content="Dữ liệu trước khi nâng cấp"), None)
    head = migrate.head_revision(services.engine)
    assert head is not None
    services.close()
    db = tmp_path / "hotline.db"
    before = _dump(db)
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", _failing_migrations(tmp_path, head))
    migrate.known_revisions.cache_clear()  # the revision graph is read once per process
    try:
        with pytest.raises(DatabaseError) as info:
            open_database(resolve(f"sqlite:///{db}", data_dir=tmp_path))
    finally:
        monkeypatch.undo()
        migrate.known_revisions.cache_clear()
    assert "dữ liệu vẫn như trước" in info.value.message
    assert _dump(db) == before
    saved = [p for p in (tmp_path / "backups").glob("*-pre-upgrade.enc")]
    assert len(saved) == 1 and saved[0].stat().st_size > 0


def _dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [line for line in conn.iterdump() if "case_fts" not in line]
    finally:
        conn.close()


@pytest.mark.postgres
def test_postgresql_export_restores_into_an_empty_database(pg_url: str, tmp_path: Path) -> None:
    services = command_line_services(
        resolve(pg_url, data_dir=tmp_path),
        setup=dataclasses.replace(SAMPLE_OFFICE, name="UBND phường Hải An"),
    )
    numbers = [services.cases.create_case(NewCase(content=f"Cây đổ số {i}", phone="0912345678"), None).number
               for i in range(30)]  # fmt: skip
    result = BackupService(services.engine, tmp_path, signed_in=services.signed_in).backup()
    assert result.path.suffix == ".enc" and result.manifest.row_counts["case_file"] == 30
    assert b"Hai An" not in result.path.read_bytes() and "Hải An".encode() not in result.path.read_bytes()
    with services.engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    BackupService(services.engine, tmp_path, signed_in=services.signed_in).restore(result.path)
    services.close()
    again = command_line_services(resolve(pg_url, data_dir=tmp_path))
    try:
        assert again.catalog.office().name == "UBND phường Hải An"
        assert {r.number for r in again.query.page(CaseFilter(text="0912345678"), limit=100).rows} == set(
            numbers
        )
        nxt = again.cases.create_case(NewCase(content="Sau khi khôi phục"), None)  # sequences moved on
        assert int(nxt.number.split("-")[1]) == 31
        with pytest.raises(Exception, match="trống"):
            BackupService(again.engine, tmp_path, signed_in=again.signed_in).restore(result.path)
    finally:
        again.close()


def _cli(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HOTLINE_DATA_DIR": str(data_dir), "PYTHONIOENCODING": "utf-8"}
    env.pop("HOTLINE_DB_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "app", *args], capture_output=True, text=True, env=env, timeout=120
    )


def test_command_line_backup_restore_check(tmp_path: Path) -> None:
    assert _cli("init", "--office", "UBND xã Cẩm Giàng", *SIGNED_INIT, data_dir=tmp_path).returncode == 0
    assert _cli("demo", "--cases", "300", "--quiet", data_dir=tmp_path).returncode == 0
    out = tmp_path / "USB"
    out.mkdir()
    made = _cli("backup", "--out", str(out), "--quiet", data_dir=tmp_path)
    assert made.returncode == 0, made.stderr
    assert "Đã sao lưu 300 vụ việc" in made.stdout
    backup = next(out.glob("*.enc"))
    restored = _cli("restore", str(backup), data_dir=tmp_path)
    assert restored.returncode == 0, restored.stderr
    assert "UBND xã Cẩm Giàng" in restored.stdout and (tmp_path / "hotline.db.before-restore").is_file()
    check = _cli("check", data_dir=tmp_path)
    assert check.returncode == 0 and "Cơ sở dữ liệu tốt." in check.stdout
    with sqlite3.connect(tmp_path / "hotline.db") as conn:  # who restored, written into the restored data
        trail = conn.execute("SELECT username, action FROM audit_log WHERE action LIKE 'backup.%'").fetchall()
    assert [action for _, action in trail] == ["backup.key_create", "backup.restore"]
    assert trail[1][0].startswith("cli:")
    with sqlite3.connect(tmp_path / "hotline.db.before-restore") as conn:  # the backup itself, before
        made_by = conn.execute("SELECT username FROM audit_log WHERE action = 'backup.create'").fetchall()
    assert len(made_by) == 1 and made_by[0][0].startswith("cli:")

    missing = _cli("backup", "--out", str(tmp_path / "khong-co"), data_dir=tmp_path)
    assert missing.returncode == 2 and "Không tìm thấy thư mục sao lưu" in missing.stderr
    with sqlite3.connect(tmp_path / "hotline.db") as conn:  # a search index out of step with the register
        conn.execute("DELETE FROM case_fts_docsize WHERE id <= 5")
    broken = _cli("check", data_dir=tmp_path)
    assert broken.returncode == 1
    assert "Chỉ mục tìm kiếm lệch với sổ: 5 vụ việc" in broken.stderr
