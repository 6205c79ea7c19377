"""A denouncer's identity at rest: encrypted backups, no plain leftovers, owner-only files, the key.

Tried as someone holding the office PC's disk or its USB stick would: real files, real processes,
real ``kill -9``.
"""

from __future__ import annotations

import dataclasses
import os
import random
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from app.bootstrap import Services
from app.domain.enums import CaseKind
from app.services.backup import backup_key
from app.services.backup.backup_key import BackupKeyError
from app.services.backup.backup_manifest import manifest_path
from app.services.backup.backup_service import BackupService
from app.services.cases.dto import NewCase
from app.services.demo.sample_office import SAMPLE_OFFICE
from app.settings import resolve
from tests.sample_office import SIGNED_INIT, command_line_services

DENOUNCER = "Trịnh Quốc Khải"
PHONE = "0987654321"
POSIX = os.name == "posix"


def _open(data: Path, office: str = "UBND phường Hải An") -> Services:
    return command_line_services(
        resolve(f"sqlite:///{data / 'hotline.db'}", data_dir=data),
        setup=dataclasses.replace(SAMPLE_OFFICE, name=office),
    )


def _denounce(services: Services) -> None:
    services.cases.create_case(
        NewCase(
            content="Tố cáo cán bộ địa chính nhận tiền của dân",
            kind=CaseKind.DENUNCIATION,
            citizen_name=DENOUNCER,
            phone=PHONE,
            address="Số 12 ngõ 3 Lê Lợi",
        ),
        None,
    )


def _strings(path: Path) -> str:
    """What ``strings`` shows of a file (every printable run of 4+ bytes)."""
    out = subprocess.run(["strings", "-n", "4", str(path)], capture_output=True, check=True)
    return out.stdout.decode("latin-1")


def _leaks(path: Path) -> bool:
    raw = path.read_bytes()
    return DENOUNCER.encode() in raw or PHONE.encode() in raw or b"SQLite format 3" in raw[:16]


def _plain_sqlite_files(*roots: Path, allowed: tuple[Path, ...] = ()) -> list[Path]:
    found = []
    for root in roots:
        for path in root.rglob("*") if root.is_dir() else ():
            if path.is_file() and path not in allowed:
                with path.open("rb") as handle:
                    if handle.read(16) == b"SQLite format 3\x00":
                        found.append(path)
    return found


def _cli(*args: str, data: Path, **kw: object) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HOTLINE_DATA_DIR": str(data), "PYTHONIOENCODING": "utf-8"}
    env.pop("HOTLINE_DB_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "app", *args], capture_output=True, text=True, env=env, timeout=180, **kw
    )


def test_every_backup_kind_is_encrypted_by_default_and_shows_no_identity(tmp_path: Path) -> None:
    services = _open(tmp_path)
    _denounce(services)
    backups = services.backups
    manual = backups.backup()
    auto = BackupService(
        services.engine, tmp_path, lambda: datetime.now() + timedelta(days=1), signed_in=services.signed_in
    ).backup_if_due()
    assert auto is not None
    for result in (manual, auto):
        assert result.path.suffix == ".enc" and result.manifest.encrypted
        assert result.manifest.key_fingerprint == backups.office_key().fingerprint
        assert not _leaks(result.path)
        shown = _strings(result.path)
        assert "Khải" not in shown and PHONE not in shown and "Lê Lợi" not in shown
        with pytest.raises(sqlite3.DatabaseError):
            sqlite3.connect(result.path).execute("select full_name from citizen").fetchall()
    plain = backups.backup(plain=True)
    assert plain.path.suffix == ".sqlite" and _leaks(plain.path), "the explicit --plain copy is plain"
    for result in (manual, auto, plain):  # owner-only even without the program's umask
        assert not POSIX or stat.S_IMODE(result.path.stat().st_mode) == 0o600
    services.close()


def test_cli_backup_warns_what_a_plain_copy_exposes_and_refuses_both_flags(tmp_path: Path) -> None:
    assert _cli("init", "--office", "UBND xã An Lão", *SIGNED_INIT, data=tmp_path).returncode == 0
    default = _cli("backup", "--quiet", data=tmp_path)
    assert default.returncode == 0, default.stderr
    assert "đã mã hóa bằng khóa sao lưu của cơ quan" in default.stdout and "CẢNH BÁO" not in default.stderr
    plain = _cli("backup", "--quiet", "--plain", "--out", str(tmp_path), data=tmp_path)
    assert plain.returncode == 0 and "KHÔNG mã hóa" in plain.stderr and "người tố cáo" in plain.stderr
    both = _cli("backup", "--plain", "--encrypt", data=tmp_path)
    assert both.returncode == 2 and "--plain và --encrypt" in both.stderr


def test_restore_on_a_new_pc_needs_the_recovery_key_and_a_wrong_one_changes_nothing(tmp_path: Path) -> None:
    old_pc, new_pc = tmp_path / "old", tmp_path / "new"
    services = _open(old_pc)
    _denounce(services)
    made = services.backups.backup()
    sheet_key = services.backups.office_key().recovery_text()
    services.close()

    fresh = _open(new_pc)
    fresh.cases.create_case(NewCase(content="Vụ việc trên máy mới"), None)
    assert fresh.backups.secret_needed(made.manifest) == "recovery_key"
    with pytest.raises(BackupKeyError, match="khóa khôi phục"):
        fresh.backups.restore(made.path)
    wrong = backup_key.new_key().recovery_text()
    with pytest.raises(BackupKeyError, match="không phải khóa của bản sao lưu này"):
        fresh.backups.restore(made.path, passphrase=wrong)
    typo = sheet_key[:-1] + ("A" if sheet_key[-1] != "A" else "B")
    with pytest.raises(BackupKeyError, match="gõ chưa đúng"):
        fresh.backups.restore(made.path, passphrase=typo)
    with fresh.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT content FROM case_file").scalars().all() == [
            "Vụ việc trên máy mới"
        ]
    assert not (new_pc / "hotline.db.before-restore").exists(), "nothing touched by a refused key"

    typed = sheet_key.lower().replace(" ", "-").replace("O", "0")  # as a chief might type it
    fresh.backups.restore(made.path, passphrase=typed)
    fresh.close()
    again = _open(new_pc)
    try:
        assert again.catalog.office().name == "UBND phường Hải An"
        assert again.backups.office_key().fingerprint == made.manifest.key_fingerprint  # installed
        assert again.backups.secret_needed(made.manifest) == ""
    finally:
        again.close()


def test_missing_key_file_refuses_the_backup_and_writes_nothing(tmp_path: Path) -> None:
    services = _open(tmp_path)
    services.backups.backup()
    (tmp_path / backup_key.KEY_FILE).unlink()
    before = sorted(p.name for p in (tmp_path / "backups").iterdir())
    with pytest.raises(BackupKeyError, match="Không tìm thấy tệp khóa sao lưu"):
        services.backups.backup()
    (tmp_path / backup_key.KEY_FILE).write_text("rác", encoding="utf-8")
    with pytest.raises(BackupKeyError, match="Không đọc được tệp khóa sao lưu"):
        services.backups.backup()
    assert sorted(p.name for p in (tmp_path / "backups").iterdir()) == before
    services.close()


def test_a_leftover_of_a_dead_process_is_swept_before_the_next_backup_and_audited(tmp_path: Path) -> None:
    services = _open(tmp_path)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    leftover = tmp_path / f".hotline-20261207-010203-manual.p{dead.pid}.x1y2.plain"
    leftover.write_bytes(b"SQLite format 3\x00" + DENOUNCER.encode())
    mine = tmp_path / f".hotline-20261207-010204-manual.p{os.getpid()}.k.plain"
    mine.write_bytes(b"a running backup of this very process")
    services.backups.backup()
    assert not leftover.exists() and mine.exists(), "a running backup's file is not swept"
    with services.engine.connect() as conn:
        swept = (
            conn.exec_driver_sql("SELECT after FROM audit_log WHERE action = 'backup.sweep'").scalars().all()
        )
    assert len(swept) == 1 and leftover.name in swept[0]
    mine.unlink()
    services.close()


def test_the_backup_file_appears_only_once_its_stamp_is_written(tmp_path: Path, monkeypatch) -> None:
    """A kill between the two renames must not leave an unstamped backup (seen once in CI)."""
    services = _open(tmp_path)
    _denounce(services)
    import app.services.backup.backup_service as backup_service

    published: list[tuple[str, bool]] = []
    real_replace = os.replace

    def watch(source: str | Path, target: str | Path) -> None:
        target = Path(target)
        if target.suffix == ".enc":
            published.append((target.name, manifest_path(target).is_file()))
        real_replace(source, target)

    monkeypatch.setattr(backup_service.os, "replace", watch)
    made = services.backups.backup()
    assert published == [(made.path.name, True)], "the stamp is on disk before the data file is"
    services.close()


def test_a_stamp_left_by_a_killed_backup_is_swept_but_not_one_being_published(tmp_path: Path) -> None:
    services = _open(tmp_path)
    folder = tmp_path / "backups"
    folder.mkdir(exist_ok=True)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    orphan = folder / "hotline-20261207-010203-manual.json"  # killed after its stamp, before its data
    orphan.write_text("{}", encoding="utf-8")
    (folder / f"hotline-20261207-010203-manual.p{dead.pid}.partial").write_bytes(b"\x00" * 64)
    half = folder / f".tmp.p{dead.pid}.abc123.json"  # killed while writing a stamp
    half.write_text("{", encoding="utf-8")
    busy = folder / "hotline-20261207-010204-manual.json"  # this process is publishing it right now
    busy.write_text("{}", encoding="utf-8")
    (folder / f"hotline-20261207-010204-manual.p{os.getpid()}.partial").write_bytes(b"\x00" * 64)
    made = services.backups.backup()
    assert not orphan.exists() and not half.exists()
    assert busy.exists(), "a live process's stamp is not swept"
    assert manifest_path(made.path).is_file()
    assert [b.path for b in services.backups.list_backups()] == [made.path]
    with services.engine.connect() as conn:
        swept = conn.exec_driver_sql("SELECT after FROM audit_log WHERE action = 'backup.sweep'").scalar_one()
    assert orphan.name in swept and half.name in swept
    services.close()


def test_a_file_over_the_memory_limit_goes_through_a_private_scratch_file(tmp_path: Path) -> None:
    services = _open(tmp_path)
    _denounce(services)
    seen: list[int] = []
    real_online = __import__("app.services.backup.backup_sqlite", fromlist=["online_backup"]).online_backup

    def spy(source: Path, target: Path, progress: object = None) -> dict[str, int]:
        counts = real_online(source, target, None)
        seen.append(stat.S_IMODE(target.stat().st_mode))
        return counts

    import app.services.backup.backup_sqlite as backup_sqlite

    original = backup_sqlite.online_backup
    backup_sqlite.online_backup = spy
    try:
        made = BackupService(services.engine, tmp_path, signed_in=services.signed_in, memory_limit=0).backup()
    finally:
        backup_sqlite.online_backup = original
    assert seen and (not POSIX or seen[0] == 0o600)
    assert not _leaks(made.path) and not list(tmp_path.glob(".*.plain"))
    services.close()


@pytest.mark.skipif(not POSIX, reason="kill -9 and file modes are POSIX")
def test_backup_killed_at_random_moments_leaves_no_plain_copy_and_check_passes(tmp_path: Path) -> None:
    assert _cli("init", "--office", "UBND xã Tiên Lãng", *SIGNED_INIT, data=tmp_path).returncode == 0
    assert _cli("demo", "--cases", "6000", "--quiet", data=tmp_path).returncode == 0
    usb = tmp_path / "USB"
    usb.mkdir()
    timed = time.perf_counter()
    full = _cli("backup", "--out", str(usb), "--quiet", data=tmp_path)
    assert full.returncode == 0, full.stderr
    span = time.perf_counter() - timed
    rng = random.Random(20261207)
    live = (tmp_path / "hotline.db",)
    env = {**os.environ, "HOTLINE_DATA_DIR": str(tmp_path), "PYTHONIOENCODING": "utf-8"}
    cut_midway = 0
    for attempt in range(10):
        proc = subprocess.Popen(
            [sys.executable, "-m", "app", "backup", "--out", str(usb), "--quiet"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        if attempt % 2:  # any moment, start-up included
            time.sleep(rng.uniform(0.1, span))
        else:  # while the backup file is being written and checked
            deadline = time.perf_counter() + 2 * span
            while not list(usb.glob("*.partial")) and time.perf_counter() < deadline and proc.poll() is None:
                time.sleep(0.002)
            time.sleep(rng.uniform(0, 0.15))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert _plain_sqlite_files(tmp_path, usb, allowed=live) == []
        for path in usb.iterdir():
            assert not _leaks(path)
        cut_midway += bool(list(usb.glob("*.partial")))
    print(f"kills that left an encrypted partial file: {cut_midway} of 10 (backup took {span:.2f} s)")
    assert cut_midway >= 3, "the kills must also hit the backup while it writes"
    check = _cli("check", data=tmp_path)
    assert check.returncode == 0, check.stdout + check.stderr
    after = _cli("backup", "--out", str(usb), "--quiet", data=tmp_path)
    assert after.returncode == 0, after.stderr
    assert not list(usb.glob("*.partial")), "a killed backup's encrypted partial file is swept"
    for path in usb.glob("*.enc"):
        assert not _leaks(path) and manifest_path(path).is_file()


@pytest.mark.skipif(not POSIX, reason="file modes are POSIX")
def test_files_are_the_owners_alone_and_check_repairs_looser_modes(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert _cli("init", "--office", "UBND xã Kiến Thụy", *SIGNED_INIT, data=data).returncode == 0
    assert _cli("backup", "--quiet", data=data).returncode == 0
    backup = next((data / "backups").glob("*.enc"))
    restored = _cli("restore", str(backup), data=data)
    assert restored.returncode == 0, restored.stderr
    mode = lambda p: stat.S_IMODE(p.stat().st_mode)  # noqa: E731
    assert mode(data) == 0o700 and mode(data / "backups") == 0o700
    for path in (
        data / "hotline.db",
        data / "hotline.db.before-restore",
        data / backup_key.KEY_FILE,
        data / "audit-anchors.jsonl",
        backup,
        manifest_path(backup),
    ):
        assert mode(path) == 0o600, f"{path.name}: {oct(mode(path))}"

    os.chmod(data / "hotline.db", 0o644)
    os.chmod(data / "hotline.db.before-restore", 0o644)
    os.chmod(data, 0o755)
    check = _cli("check", data=data)
    assert check.returncode == 0
    assert "hotline.db" in check.stdout and "đã sửa thành chỉ chủ sở hữu" in check.stdout
    assert mode(data / "hotline.db") == 0o600 and mode(data) == 0o700
    assert mode(data / "hotline.db.before-restore") == 0o600
    again = _cli("check", data=data)
    assert "chỉ tài khoản của cơ quan đọc được" in again.stdout


def test_recovery_sheet_prints_the_key_and_fingerprint_in_vietnamese(tmp_path: Path) -> None:
    services = _open(tmp_path)
    out = services.backups.recovery_sheet(tmp_path / "phieu.pdf")
    key = services.backups.office_key()
    text = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], capture_output=True, check=True
    ).stdout.decode()
    assert "PHIẾU KHÓA KHÔI PHỤC BẢN SAO LƯU" in text and "UBND PHƯỜNG HẢI AN" in text
    assert key.fingerprint in text
    for group in key.recovery_text().split():
        assert group in text
    assert backup_key.parse_recovery_text(key.recovery_text()).secret == key.secret
    with services.engine.connect() as conn:
        sheet = (
            conn.exec_driver_sql("SELECT object_id FROM audit_log WHERE action = 'backup.key_sheet'")
            .scalars()
            .all()
        )
    assert sheet == [key.fingerprint]
    services.close()


def test_two_backups_in_the_same_second_both_stay(tmp_path: Path) -> None:
    services = _open(tmp_path)
    moment = datetime(2026, 12, 7, 2, 0, 0)
    backups = BackupService(services.engine, tmp_path, lambda: moment, signed_in=services.signed_in)
    first, second, third = backups.backup(), backups.backup(plain=True), backups.backup()
    assert len({first.path, second.path, third.path}) == 3
    assert {b.path for b in backups.list_backups()} == {first.path, second.path, third.path}
    assert all(manifest_path(b.path).is_file() for b in (first, second, third))
    services.close()
