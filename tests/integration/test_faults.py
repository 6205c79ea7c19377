"""Things that go wrong in an office: each gives a clear Vietnamese message and leaves the data as it was."""

from __future__ import annotations

import errno
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text

from app.bootstrap import Services
from app.db.engine import make_engine
from app.services.backup import backup_crypto, backup_folder, backup_sqlite
from app.services.backup.backup_manifest import BackupCorruptError, BackupFolderError, manifest_path
from app.services.backup.backup_service import BackupService
from app.services.cases.dto import NewCase
from app.services.core.db_errors import FULL, UNREACHABLE
from app.services.core.errors import DatabaseError, ServiceError
from app.services.maintenance.integrity_service import WRONG_LOGIN, connection_message, try_connection
from app.settings import resolve
from tests.sample_office import command_line_services


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Services]:
    svc = command_line_services(resolve(f"sqlite:///{tmp_path / 'hotline.db'}", data_dir=tmp_path))
    for i in range(20):
        svc.cases.create_case(NewCase(content=f"Phản ánh số {i}", citizen_name="Hoàng Thị Mai"), None)
    yield svc
    svc.close()


def _count(services: Services) -> int:
    with services.engine.connect() as conn:
        return int(conn.execute(text("SELECT count(*) FROM case_file")).scalar() or 0)


def test_unreachable_server_is_named_as_such() -> None:
    report = try_connection("postgresql+psycopg://postgres@127.0.0.1:1/test", timeout=2)
    assert not report.ok and report.message == UNREACHABLE
    with pytest.raises(DatabaseError) as info:
        command_line_services(
            resolve("postgresql+psycopg://postgres@127.0.0.1:1/test", data_dir=Path("/tmp"))
        )
    assert info.value.message == UNREACHABLE


@pytest.mark.postgres
def test_wrong_login_and_missing_database_are_named(pg_url: str) -> None:
    from sqlalchemy.engine import make_url

    url = make_url(pg_url)
    bad_user = try_connection(url.set(username="khong_co_ai", password="sai").render_as_string(False))
    assert not bad_user.ok and bad_user.message == WRONG_LOGIN
    no_db = try_connection(url.set(database="khong_co_csdl").render_as_string(False))
    assert not no_db.ok and "khong_co_csdl" in no_db.message
    good = try_connection(pg_url)
    assert good.ok and good.server_version.startswith("PostgreSQL") and good.schema_revision is None


def test_password_failure_text_maps_to_the_login_message() -> None:
    error = Exception('connection failed: FATAL:  password authentication failed for user "canbo"')
    assert connection_message(error) == WRONG_LOGIN


def test_full_database_refuses_the_save_and_keeps_earlier_cases(services: Services) -> None:
    with services.engine.connect() as conn:
        pages = int(conn.exec_driver_sql("PRAGMA page_count").scalar() or 0)

    @event.listens_for(services.engine, "connect")
    def _cap(dbapi: Any, _record: Any) -> None:
        dbapi.execute(f"PRAGMA max_page_count={pages + 2}")

    services.engine.dispose()
    with pytest.raises(DatabaseError) as info:
        for _ in range(200):
            services.cases.create_case(NewCase(content="Nội dung dài " * 400), None)
    assert info.value.message == FULL
    event.remove(services.engine, "connect", _cap)
    services.engine.dispose()
    assert _count(services) >= 20


def test_missing_backup_folder(services: Services, tmp_path: Path) -> None:
    with pytest.raises(BackupFolderError) as info:
        BackupService(services.engine, tmp_path, signed_in=services.signed_in).backup(tmp_path / "E" / "USB")
    assert "Không tìm thấy thư mục sao lưu" in info.value.message
    with pytest.raises(BackupFolderError):
        BackupService(services.engine, tmp_path, signed_in=services.signed_in).set_folder(
            tmp_path / "khong-co"
        )


def test_read_only_backup_folder(services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "readonly"
    folder.mkdir()
    folder.chmod(0o555)

    def refuse(*_a: object, **_k: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(backup_folder.tempfile, "mkstemp", refuse)  # root ignores chmod
    with pytest.raises(BackupFolderError) as info:
        BackupService(services.engine, tmp_path, signed_in=services.signed_in).backup(folder)
    assert "chỉ đọc" in info.value.message
    folder.chmod(0o755)
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize(
    "error",
    [OSError(errno.ENOSPC, "No space left on device"), sqlite3.OperationalError("database or disk is full")],
)
def test_backup_disk_full_midway_leaves_no_partial_file(
    services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: Exception
) -> None:
    folder = tmp_path / "full"
    folder.mkdir()

    def disk_full(source: Path, target: Path, progress: object = None) -> dict[str, int]:
        target.write_bytes(b"x" * 1000)
        raise error

    monkeypatch.setattr(backup_sqlite, "online_backup", disk_full)
    with pytest.raises(BackupFolderError) as info:
        BackupService(services.engine, tmp_path, signed_in=services.signed_in).backup(folder, plain=True)
    assert "hết dung lượng" in info.value.message
    assert list(folder.iterdir()) == []


def test_encrypted_backup_disk_full_midway_leaves_no_partial_file(
    services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "full"
    folder.mkdir()
    real_emit = backup_crypto.Encryptor._emit

    def fills_up(self: backup_crypto.Encryptor, chunk: bytes, *, final: bool) -> None:
        real_emit(self, chunk, final=final)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backup_crypto.Encryptor, "_emit", fills_up)
    with pytest.raises(BackupFolderError) as info:
        BackupService(services.engine, tmp_path, signed_in=services.signed_in).backup(folder)
    assert "hết dung lượng" in info.value.message
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("damage", ["truncate", "flip", "no_stamp", "garbage_stamp", "missing"])
def test_damaged_backup_is_refused_and_the_database_untouched(
    services: Services, tmp_path: Path, damage: str
) -> None:
    made = BackupService(services.engine, tmp_path, signed_in=services.signed_in).backup()
    services.cases.create_case(NewCase(content="Sau bản sao lưu"), None)
    data = made.path.read_bytes()
    if damage == "truncate":
        made.path.write_bytes(data[: len(data) // 2])
    elif damage == "flip":
        made.path.write_bytes(data[:5000] + bytes([data[5000] ^ 0xFF]) + data[5001:])
    elif damage == "no_stamp":
        manifest_path(made.path).unlink()
    elif damage == "garbage_stamp":
        manifest_path(made.path).write_text(json.dumps({"office": 1}), encoding="utf-8")
    else:
        made.path.unlink()
    with pytest.raises(BackupCorruptError) as info:
        BackupService(services.engine, tmp_path, signed_in=services.signed_in).restore(made.path)
    assert "giữ nguyên" in info.value.message or "Không tìm thấy tệp sao lưu" in info.value.message
    assert _count(services) == 21
    assert not (tmp_path / "hotline.db.before-restore").exists()


def test_corrupt_postgresql_export_is_refused(services: Services, tmp_path: Path) -> None:
    bogus = tmp_path / "hotline-x.zip"
    bogus.write_bytes(b"PK\x03\x04 not really a zip")
    engine = make_engine(f"sqlite:///{tmp_path / 'hotline.db'}")
    with pytest.raises(ServiceError) as info:
        BackupService(engine, tmp_path, signed_in=services.signed_in).restore(bogus)
    engine.dispose()
    assert "hỏng" in info.value.message
    assert _count(services) == 20
