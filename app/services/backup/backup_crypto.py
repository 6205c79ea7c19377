"""Encrypted backups: AES-256-GCM in authenticated 1 MiB chunks, the key from scrypt over a passphrase."""

from __future__ import annotations

import os
import struct
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from app.services.backup.backup_manifest import CORRUPT, BackupCorruptError, BackupError, BackupVersionError

Progress = Callable[[int, int], None]
"""``progress(bytes_done, bytes_total)``."""

MAGIC = b"HDBKENC\x00"
VERSION = 1
HEADER = struct.Struct(">8sBBBB16sI")
"""magic, format version, log2(scrypt n), scrypt r, scrypt p, salt, plaintext chunk size."""
LOG2_N, R, P = 15, 8, 1
SALT_SIZE = 16
CHUNK_SIZE = 1 << 20
TAG_SIZE = 16
KEY_CHECK_NONCE = b"\xff" * 12
"""Never a chunk nonce (those start with four zero bytes): authenticates the key alone."""
MIN_PASSPHRASE = 8

WRONG_PASSPHRASE = (
    "Sai mật khẩu của bản sao lưu mã hóa. Hãy nhập đúng mật khẩu đã dùng khi sao lưu. "
    "Dữ liệu hiện tại được giữ nguyên."
)
SHORT_PASSPHRASE = f"Mật khẩu mã hóa bản sao lưu cần ít nhất {MIN_PASSPHRASE} ký tự."
TAMPERED = "phần dữ liệu thứ {index} không khớp mã xác thực: tệp đã bị sửa, cắt cụt hoặc hỏng"


class BackupPassphraseError(BackupError):
    """The passphrase is missing, too short or does not open this backup."""


def check_passphrase(passphrase: str) -> str:
    """The passphrase as it will be used (NFC, so Unikey and EVKey typing give the same key)."""
    normal = unicodedata.normalize("NFC", passphrase)
    if len(normal) < MIN_PASSPHRASE:
        raise BackupPassphraseError(SHORT_PASSPHRASE)
    return normal


def derive_key(passphrase: str, salt: bytes, log2_n: int = LOG2_N, r: int = R, p: int = P) -> bytes:
    """A 256-bit key from scrypt over the NFC passphrase (about 32 MiB of memory, a tenth of a second)."""
    secret = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    return Scrypt(salt=salt, length=32, n=1 << log2_n, r=r, p=p).derive(secret)


def is_encrypted(path: Path) -> bool:
    """Whether the file starts like an encrypted backup."""
    try:
        with path.open("rb") as handle:
            return handle.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


def _nonce(index: int) -> bytes:
    return b"\x00\x00\x00\x00" + index.to_bytes(8, "big")


def _aad(header: bytes, index: int, final: bool) -> bytes:
    """The header, the chunk's position and whether it is the last: reordering or cutting fails."""
    return header + struct.pack(">QB", index, final)


def _read(handle: BinaryIO, size: int) -> bytes:
    """Exactly ``size`` bytes unless the file ends first."""
    parts, wanted = [], size
    while wanted:
        part = handle.read(wanted)
        if not part:
            break
        parts.append(part)
        wanted -= len(part)
    return b"".join(parts)


def encrypt_file(
    source: Path,
    target: Path,
    passphrase: str,
    progress: Progress | None = None,
    *,
    chunk_size: int = CHUNK_SIZE,
) -> None:
    """Write ``target`` as the encrypted ``source``, fsynced; the caller removes it on failure."""
    salt = os.urandom(SALT_SIZE)
    header = HEADER.pack(MAGIC, VERSION, LOG2_N, R, P, salt, chunk_size)
    aead = AESGCM(derive_key(check_passphrase(passphrase), salt))
    total = source.stat().st_size
    with source.open("rb") as src, target.open("wb") as dst:
        dst.write(header)
        dst.write(aead.encrypt(KEY_CHECK_NONCE, b"", header))
        index, done = 0, 0
        chunk = _read(src, chunk_size)
        while True:
            following = _read(src, chunk_size) if len(chunk) == chunk_size else b""
            final = not following
            dst.write(aead.encrypt(_nonce(index), chunk, _aad(header, index, final)))
            done += len(chunk)
            if progress is not None:
                progress(done, total)
            if final:
                break
            chunk, index = following, index + 1
        dst.flush()
        os.fsync(dst.fileno())


def _parse_header(header: bytes) -> tuple[int, int, int, bytes, int]:
    if len(header) < HEADER.size or not header.startswith(MAGIC):
        raise BackupCorruptError(CORRUPT.format(detail="không phải bản sao lưu mã hóa của chương trình"))
    _magic, version, log2_n, r, p, salt, chunk_size = HEADER.unpack(header)
    if version > VERSION:
        raise BackupVersionError(
            "Bản sao lưu được mã hóa bởi phiên bản chương trình mới hơn. Hãy cập nhật chương trình."
        )
    # Bounds keep a damaged header from asking for gigabytes of memory or time.
    if not (10 <= log2_n <= 20 and 1 <= r <= 32 and 1 <= p <= 16 and 4096 <= chunk_size <= 1 << 26):
        raise BackupCorruptError(CORRUPT.format(detail="phần đầu tệp mã hóa không hợp lệ"))
    return log2_n, r, p, salt, chunk_size


def decrypt_file(
    source: Path, target: Path | None, passphrase: str, progress: Progress | None = None
) -> None:
    """Check every chunk and write the plaintext to ``target`` (``None``: only check).

    Raises BackupPassphraseError for a wrong passphrase and BackupCorruptError for a changed,
    reordered or cut file; ``target`` is removed then, so nothing half-decrypted is left.
    """
    try:
        with source.open("rb") as src:
            if target is None:
                _decrypt_stream(src, None, passphrase, source.stat().st_size, progress)
            else:
                with target.open("wb") as dst:
                    _decrypt_stream(src, dst, passphrase, source.stat().st_size, progress)
                    dst.flush()
                    os.fsync(dst.fileno())
    except BaseException:
        if target is not None:
            target.unlink(missing_ok=True)
        raise


def _decrypt_stream(
    src: BinaryIO, dst: BinaryIO | None, passphrase: str, total: int, progress: Progress | None
) -> None:
    header = _read(src, HEADER.size)
    log2_n, r, p, salt, chunk_size = _parse_header(header)
    aead = AESGCM(derive_key(passphrase, salt, log2_n, r, p))
    try:
        aead.decrypt(KEY_CHECK_NONCE, _read(src, TAG_SIZE), header)
    except InvalidTag as error:
        raise BackupPassphraseError(WRONG_PASSPHRASE) from error
    block = chunk_size + TAG_SIZE
    index = 0
    current = _read(src, block)
    while True:
        following = _read(src, block) if len(current) == block else b""
        final = not following
        try:
            plain = aead.decrypt(_nonce(index), current, _aad(header, index, final))
        except InvalidTag as error:
            raise BackupCorruptError(CORRUPT.format(detail=TAMPERED.format(index=index + 1))) from error
        if dst is not None:
            dst.write(plain)
        if progress is not None:
            progress(min(src.tell(), total), total)
        if final:
            return
        current, index = following, index + 1
