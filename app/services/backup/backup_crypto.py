"""Encrypted backups: AES-256-GCM in authenticated 1 MiB chunks.

The key comes from the office's backup key (format 2: HKDF with a fresh salt per file, so no two
files share a key) or from scrypt over a passphrase (format 1, the ``--encrypt`` of earlier
versions, still written on request and always read). Encryption is a stream: plain data goes in
through ``Encryptor.write`` and only ciphertext reaches the disk.
"""

from __future__ import annotations

import os
import struct
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from app.services.backup.backup_manifest import CORRUPT, BackupCorruptError, BackupError, BackupVersionError

Progress = Callable[[int, int], None]
"""``progress(bytes_done, bytes_total)``."""

MAGIC = b"HDBKENC\x00"
PASSPHRASE_FORMAT = 1
KEY_FORMAT = 2
VERSION = KEY_FORMAT
HEADER = struct.Struct(">8sBBBB16sI")
"""magic, format, log2(scrypt n), scrypt r, scrypt p (all 0 for the office key), salt, chunk size."""
HKDF_INFO = b"hotline-desk backup file key"
Secret = str | bytes
"""A passphrase (str) or the office's 32-byte backup key (bytes)."""
LOG2_N, R, P = 15, 8, 1
SALT_SIZE = 16
CHUNK_SIZE = 1 << 20
TAG_SIZE = 16
KEY_CHECK_NONCE = b"\xff" * 12
"""Never a chunk nonce (those start with four zero bytes): authenticates the key alone."""
MIN_PASSPHRASE = 8

WRONG_KEY = (
    "Khóa khôi phục không mở được bản sao lưu này (khóa của cơ quan khác hoặc đã thay khóa). "
    "Dữ liệu hiện tại được giữ nguyên."
)
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


def _file_key(secret: Secret, salt: bytes, log2_n: int = LOG2_N, r: int = R, p: int = P) -> bytes:
    if isinstance(secret, bytes):
        return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=HKDF_INFO).derive(secret)
    return derive_key(secret, salt, log2_n, r, p)


class Encryptor:
    """A write-only stream: plain bytes in, authenticated chunks out to ``dst``; ``finish`` seals it.

    zipfile writes through it (no ``tell``/``seek``: zip data descriptors), so a PostgreSQL export
    is encrypted as it is produced; the SQLite snapshot is written from memory the same way.
    """

    def __init__(self, dst: BinaryIO, secret: Secret, *, chunk_size: int = CHUNK_SIZE) -> None:
        salt = os.urandom(SALT_SIZE)
        if isinstance(secret, bytes):
            self._header = HEADER.pack(MAGIC, KEY_FORMAT, 0, 0, 0, salt, chunk_size)
        else:
            secret = check_passphrase(secret)
            self._header = HEADER.pack(MAGIC, PASSPHRASE_FORMAT, LOG2_N, R, P, salt, chunk_size)
        self._aead = AESGCM(_file_key(secret, salt))
        self._dst = dst
        self._chunk = chunk_size
        self._pending = bytearray()
        self._index = 0
        self.written = 0
        dst.write(self._header)
        dst.write(self._aead.encrypt(KEY_CHECK_NONCE, b"", self._header))

    def write(self, data: bytes | bytearray | memoryview) -> int:
        view = memoryview(data).cast("B")
        size = len(view)
        if self._pending and len(self._pending) + size > self._chunk:
            take = self._chunk - len(self._pending)
            self._pending += view[:take]
            view = view[take:]
            self._emit(bytes(self._pending), final=False)
            self._pending.clear()
        while len(view) > self._chunk:  # the last chunk always waits: only finish() knows it is last
            self._emit(view[: self._chunk], final=False)
            view = view[self._chunk :]
        self._pending += view
        return size

    def flush(self) -> None:
        self._dst.flush()

    def finish(self) -> None:
        """Seal the last chunk (marked final, so a cut file is caught) and flush."""
        self._emit(bytes(self._pending), final=True)
        self._pending.clear()
        self._dst.flush()

    def _emit(self, chunk: bytes | memoryview, *, final: bool) -> None:
        self._dst.write(
            self._aead.encrypt(_nonce(self._index), chunk, _aad(self._header, self._index, final))
        )
        self._index += 1
        self.written += len(chunk)


def encrypt_file(
    source: Path,
    target: Path,
    secret: Secret,
    progress: Progress | None = None,
    *,
    chunk_size: int = CHUNK_SIZE,
) -> None:
    """Write ``target`` as the encrypted ``source``, fsynced; the caller removes it on failure."""
    if isinstance(secret, str):
        secret = check_passphrase(secret)  # before any file is opened
    total = source.stat().st_size
    with source.open("rb") as src, target.open("wb") as dst:
        sink = Encryptor(dst, secret, chunk_size=chunk_size)
        while chunk := src.read(chunk_size):
            sink.write(chunk)
            if progress is not None:
                progress(sink.written, total)
        sink.finish()
        os.fsync(dst.fileno())


def _parse_header(header: bytes) -> tuple[int, int, int, int, bytes, int]:
    if len(header) < HEADER.size or not header.startswith(MAGIC):
        raise BackupCorruptError(CORRUPT.format(detail="không phải bản sao lưu mã hóa của chương trình"))
    _magic, version, log2_n, r, p, salt, chunk_size = HEADER.unpack(header)
    if version > VERSION:
        raise BackupVersionError(
            "Bản sao lưu được mã hóa bởi phiên bản chương trình mới hơn. Hãy cập nhật chương trình."
        )
    # Bounds keep a damaged header from asking for gigabytes of memory or time.
    scrypt_ok = version == KEY_FORMAT or (10 <= log2_n <= 20 and 1 <= r <= 32 and 1 <= p <= 16)
    if not (scrypt_ok and 4096 <= chunk_size <= 1 << 26):
        raise BackupCorruptError(CORRUPT.format(detail="phần đầu tệp mã hóa không hợp lệ"))
    return version, log2_n, r, p, salt, chunk_size


def key_format(path: Path) -> int | None:
    """1 (passphrase) or 2 (office key) for an encrypted backup, ``None`` for any other file."""
    try:
        with path.open("rb") as handle:
            return _parse_header(_read(handle, HEADER.size))[0]
    except (OSError, BackupError):
        return None


def decrypt_file(
    source: Path, target: Path | None, passphrase: Secret, progress: Progress | None = None
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
    src: BinaryIO, dst: BinaryIO | None, secret: Secret, total: int, progress: Progress | None
) -> None:
    header = _read(src, HEADER.size)
    version, log2_n, r, p, salt, chunk_size = _parse_header(header)
    if (version == KEY_FORMAT) != isinstance(secret, bytes):
        raise BackupPassphraseError(WRONG_KEY if version == KEY_FORMAT else WRONG_PASSPHRASE)
    aead = AESGCM(_file_key(secret, salt, log2_n, r, p))
    try:
        aead.decrypt(KEY_CHECK_NONCE, _read(src, TAG_SIZE), header)
    except InvalidTag as error:
        raise BackupPassphraseError(WRONG_KEY if version == KEY_FORMAT else WRONG_PASSPHRASE) from error
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
