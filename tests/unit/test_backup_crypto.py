"""Encrypted backups: round trip, wrong passphrase, cut or changed files refused, nothing restored."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import unicodedata
from pathlib import Path

import pytest
from sqlalchemy import text

from app.__main__ import main
from app.bootstrap import Services
from app.services.backup import backup_crypto
from app.services.backup.backup_crypto import (
    HEADER,
    TAG_SIZE,
    BackupPassphraseError,
    decrypt_file,
    encrypt_file,
)
from app.services.backup.backup_manifest import BackupCorruptError, manifest_path, sha256_of
from app.services.backup.backup_service import BackupService
from app.services.cases.dto import NewCase

PASS = "Mật khẩu Nhị Chiểu 2026"
CHUNK = 4096
HEAD = HEADER.size + TAG_SIZE


def _data(size: int) -> bytes:
    return os.urandom(size)


def _encrypted(tmp_path: Path, data: bytes, chunk: int = CHUNK) -> Path:
    plain = tmp_path / "plain.bin"
    plain.write_bytes(data)
    target = tmp_path / "data.enc"
    encrypt_file(plain, target, PASS, chunk_size=chunk)
    return target


@pytest.mark.parametrize("size", [0, 1, CHUNK - 1, CHUNK, 3 * CHUNK, 3 * CHUNK + 17])
def test_round_trip_of_any_length(tmp_path: Path, size: int) -> None:
    data = _data(size)
    enc = _encrypted(tmp_path, data)
    if size >= 16:  # a short random string may occur in any file by chance
        assert data[:64] not in enc.read_bytes()
    out = tmp_path / "out.bin"
    seen: list[tuple[int, int]] = []
    decrypt_file(enc, out, PASS, progress=lambda d, t: seen.append((d, t)))
    assert out.read_bytes() == data
    assert seen[-1][0] == seen[-1][1] == enc.stat().st_size


def test_passphrase_typed_decomposed_opens_a_backup_made_composed(tmp_path: Path) -> None:
    """Unikey sends NFC, some input methods NFD: the same words must open the same backup."""
    enc = _encrypted(tmp_path, b"so tiep cong dan")
    out = tmp_path / "out.bin"
    decrypt_file(enc, out, unicodedata.normalize("NFD", PASS))
    assert out.read_bytes() == b"so tiep cong dan"


def test_the_same_data_encrypts_differently_each_time(tmp_path: Path) -> None:
    data = _data(2 * CHUNK)
    first = _encrypted(tmp_path, data).read_bytes()
    second = _encrypted(tmp_path, data).read_bytes()
    assert first != second  # a fresh salt, so a fresh key


def test_wrong_passphrase_is_named_and_leaves_no_output(tmp_path: Path) -> None:
    enc = _encrypted(tmp_path, _data(2 * CHUNK))
    out = tmp_path / "out.bin"
    with pytest.raises(BackupPassphraseError, match="Sai mật khẩu"):
        decrypt_file(enc, out, "Mat khau Nhi Chieu 2026")
    assert not out.exists()


@pytest.mark.parametrize(
    "keep",
    [
        HEAD + CHUNK + TAG_SIZE,  # cut exactly after a whole chunk: the final flag is missing
        HEAD + CHUNK + TAG_SIZE + 100,  # cut inside a chunk
        HEAD + 5,  # nothing but the header
        HEAD,
    ],
)
def test_truncated_file_is_refused(tmp_path: Path, keep: int) -> None:
    enc = _encrypted(tmp_path, _data(3 * CHUNK + 10))
    enc.write_bytes(enc.read_bytes()[:keep])
    out = tmp_path / "out.bin"
    with pytest.raises(BackupCorruptError, match="cắt cụt"):
        decrypt_file(enc, out, PASS)
    assert not out.exists()


@pytest.mark.parametrize("where", [HEAD + 10, HEAD + CHUNK + TAG_SIZE + 3, -1])
def test_flipped_byte_is_refused(tmp_path: Path, where: int) -> None:
    enc = _encrypted(tmp_path, _data(2 * CHUNK + 99))
    raw = bytearray(enc.read_bytes())
    raw[where] ^= 0x01
    enc.write_bytes(bytes(raw))
    with pytest.raises(BackupCorruptError, match="không khớp mã xác thực"):
        decrypt_file(enc, None, PASS)


def test_flipped_byte_in_the_header_reads_as_a_wrong_passphrase(tmp_path: Path) -> None:
    enc = _encrypted(tmp_path, _data(100))
    raw = bytearray(enc.read_bytes())
    raw[HEADER.size - 6] ^= 0x01  # inside the salt
    enc.write_bytes(bytes(raw))
    with pytest.raises(BackupPassphraseError):
        decrypt_file(enc, None, PASS)


def test_swapped_chunks_and_appended_data_are_refused(tmp_path: Path) -> None:
    enc = _encrypted(tmp_path, _data(3 * CHUNK))
    raw = enc.read_bytes()
    block = CHUNK + TAG_SIZE
    head, c0, c1, rest = (
        raw[:HEAD],
        raw[HEAD : HEAD + block],
        raw[HEAD + block : HEAD + 2 * block],
        raw[HEAD + 2 * block :],
    )
    enc.write_bytes(head + c1 + c0 + rest)
    with pytest.raises(BackupCorruptError):
        decrypt_file(enc, None, PASS)
    enc.write_bytes(raw + raw[-block:])
    with pytest.raises(BackupCorruptError):
        decrypt_file(enc, None, PASS)


def test_not_an_encrypted_backup(tmp_path: Path) -> None:
    plain = tmp_path / "x.sqlite"
    plain.write_bytes(b"SQLite format 3\x00" + bytes(200))
    assert not backup_crypto.is_encrypted(plain)
    with pytest.raises(BackupCorruptError, match="không phải bản sao lưu mã hóa"):
        decrypt_file(plain, None, PASS)


def test_short_passphrase_is_refused_before_any_work(tmp_path: Path) -> None:
    plain = tmp_path / "plain.bin"
    plain.write_bytes(b"x")
    with pytest.raises(BackupPassphraseError, match="ít nhất 8 ký tự"):
        encrypt_file(plain, tmp_path / "out.enc", "1234567")
    assert not (tmp_path / "out.enc").exists()


# --- through BackupService ----------------------------------------------------------------------


def _count(services: Services) -> int:
    with services.engine.connect() as conn:
        return int(conn.execute(text("SELECT count(*) FROM case_file")).scalar() or 0)


def _add(services: Services, n: int) -> None:
    for i in range(n):
        services.cases.create_case(NewCase(content=f"Đèn đường hỏng số {i}"), None)


def test_encrypted_backup_restores_with_its_passphrase(services: Services, tmp_path: Path) -> None:
    _add(services, 5)
    usb = tmp_path / "usb"
    usb.mkdir()
    backups = BackupService(services.engine, tmp_path, signed_in=services.signed_in)
    steps: list[tuple[int, int]] = []
    result = backups.backup(usb, encrypt=PASS, progress=lambda d, t: steps.append((d, t)))
    assert result.path.suffix == ".enc" and result.manifest.encrypted
    assert json.loads(manifest_path(result.path).read_text("utf-8"))["encrypted"] is True
    assert backup_crypto.is_encrypted(result.path)
    assert sorted(p.name for p in usb.iterdir()) == sorted(
        [result.path.name, manifest_path(result.path).name]
    )
    assert not list(tmp_path.glob(".*.plain")), "no plain copy is left behind"
    assert steps[-1][0] == steps[-1][1] and [d for d, _ in steps] == sorted(d for d, _ in steps)
    listed = backups.list_backups(usb)
    assert [b.path for b in listed] == [result.path] and listed[0].manifest.encrypted

    _add(services, 3)
    assert _count(services) == 8
    with pytest.raises(BackupPassphraseError, match="mã hóa"):
        backups.restore(result.path)
    with pytest.raises(BackupPassphraseError, match="Sai mật khẩu"):
        backups.restore(result.path, passphrase="mật khẩu khác hẳn")
    assert _count(services) == 8, "nothing restored after a refused passphrase"
    restored = backups.restore(result.path, passphrase=PASS)
    assert restored.kept is not None and restored.kept.name.endswith(".before-restore")
    assert _count(services) == 5
    assert not list(tmp_path.glob(".*.plain"))


def test_plain_backup_manifest_has_no_encrypted_key(services: Services, tmp_path: Path) -> None:
    result = BackupService(services.engine, tmp_path, signed_in=services.signed_in).backup(plain=True)
    assert result.path.suffix == ".sqlite" and not result.manifest.encrypted
    assert "encrypted" not in json.loads(manifest_path(result.path).read_text("utf-8"))


def test_tampered_encrypted_backup_restores_nothing(services: Services, tmp_path: Path) -> None:
    _add(services, 4)
    backups = BackupService(services.engine, tmp_path, signed_in=services.signed_in)
    result = backups.backup(encrypt=PASS)
    _add(services, 2)
    raw = bytearray(result.path.read_bytes())
    raw[len(raw) // 2] ^= 0x40
    result.path.write_bytes(bytes(raw))
    with pytest.raises(BackupCorruptError, match="SHA-256"):
        backups.restore(result.path, passphrase=PASS)
    # Someone who also rewrites the stamp's checksum still meets the authentication tags.
    stamp = json.loads(manifest_path(result.path).read_text("utf-8"))
    stamp["sha256"] = sha256_of(result.path)
    manifest_path(result.path).write_text(json.dumps(stamp), "utf-8")
    with pytest.raises(BackupCorruptError, match="không khớp mã xác thực"):
        backups.restore(result.path, passphrase=PASS)
    assert _count(services) == 6
    assert not (Path(services.engine.url.database or "").with_suffix(".db.before-restore")).exists()


def test_command_line_encrypts_and_restores_with_a_passphrase_file(
    services: Services, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _add(services, 3)
    db = f"sqlite:///{services.engine.url.database}"
    secret = tmp_path / "secret.txt"
    secret.write_text(PASS + "\n", "utf-8")
    usb = tmp_path / "usb"
    usb.mkdir()
    code = main(
        ["backup", "--db", db, "--out", str(usb), "--quiet", "--encrypt", "--passphrase-file", str(secret)]
    )
    assert code == 0
    assert "đã mã hóa" in capsys.readouterr().out
    made = next(usb.glob("*.enc"))
    _add(services, 2)
    services.engine.dispose()

    wrong = tmp_path / "wrong.txt"
    wrong.write_text("không phải mật khẩu", "utf-8")
    assert main(["restore", "--db", db, str(made), "--passphrase-file", str(wrong)]) == 2
    assert "Sai mật khẩu" in capsys.readouterr().err
    assert _count(services) == 5
    services.engine.dispose()  # a pooled connection would still see the replaced file
    assert main(["restore", "--db", db, str(made), "--passphrase-file", str(secret)]) == 0
    services.engine.dispose()
    assert _count(services) == 3


def test_command_line_without_a_keyboard_asks_for_a_passphrase_file(
    services: Services, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO())  # as under the Task Scheduler: no terminal
    db = f"sqlite:///{services.engine.url.database}"
    assert main(["backup", "--db", db, "--out", str(tmp_path), "--encrypt"]) == 2
    assert "--passphrase-file" in capsys.readouterr().err
    assert not list(tmp_path.glob("hotline-*"))


def test_sqlite_file_is_not_readable_without_decryption(services: Services, tmp_path: Path) -> None:
    _add(services, 1)
    result = BackupService(services.engine, tmp_path, signed_in=services.signed_in).backup(encrypt=PASS)
    with pytest.raises(sqlite3.DatabaseError):
        conn = sqlite3.connect(result.path)
        try:
            conn.execute("SELECT count(*) FROM case_file").fetchone()
        finally:
            conn.close()
