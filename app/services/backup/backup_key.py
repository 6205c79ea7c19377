"""The office's backup key: 256 random bits in an owner-only file, its fingerprint, its recovery text.

Automatic backups are encrypted with this key, so nobody is asked for a passphrase at 2 a.m. The
chief prints the key once (the recovery sheet) and keeps it in the safe; a new PC restores with
the key typed from the sheet. The typed form is base32 in groups of four with a checksum, so a
mistyped character is caught before anything is decrypted.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from dataclasses import dataclass
from pathlib import Path

from app.services.backup.backup_manifest import BackupError
from app.services.core.private_files import write_private

KEY_FILE = "backup.key"
KEY_SIZE = 32
CHECK_SIZE = 3
"""Bytes of SHA-256 appended to the key in its typed form (35 bytes = 56 base32 characters)."""
FILE_PREFIX = "HOTLINE-DESK-BACKUP-KEY-1 "
GROUP = 4
_TYPO = str.maketrans({"0": "O", "1": "I", "8": "B", "9": "G"})
"""Digits not in the base32 alphabet, read as the letters they are mistaken for."""

MISTYPED = (
    "Khóa khôi phục gõ chưa đúng (sai hoặc thiếu ký tự, mã kiểm tra không khớp). "
    "Hãy gõ lại đúng 56 ký tự trên phiếu khóa khôi phục. Dữ liệu hiện tại được giữ nguyên."
)
UNREADABLE = (
    "Không đọc được tệp khóa sao lưu «{path}» ({detail}). Chưa sao lưu: bản sao lưu không bao giờ "
    "được ghi ra mà không mã hóa. Hãy khôi phục khóa từ phiếu khóa khôi phục "
    "(hotline-desk backup-key install) hoặc báo quản trị viên."
)
MISSING = (
    "Không tìm thấy tệp khóa sao lưu «{path}» mà cơ quan đã dùng (dấu vân tay {fingerprint}). "
    "Chưa sao lưu. Hãy cài lại khóa từ phiếu khóa khôi phục (hotline-desk backup-key install)."
)


class BackupKeyError(BackupError):
    """The office key is missing, unreadable, mistyped, or not the one a backup needs."""


@dataclass(frozen=True, slots=True)
class OfficeKey:
    """The key and what identifies it without revealing it."""

    secret: bytes

    @property
    def fingerprint(self) -> str:
        """12 hex digits of SHA-256 over the key, as ``1A2B-3C4D-5E6F``: printed, stamped, compared."""
        digest = hashlib.sha256(b"hotline-desk key id" + self.secret).hexdigest()[:12].upper()
        return "-".join(digest[i : i + 4] for i in range(0, 12, 4))

    def recovery_text(self) -> str:
        """The key as 14 groups of four characters (checksum included), for the recovery sheet."""
        check = hashlib.sha256(self.secret).digest()[:CHECK_SIZE]
        letters = base64.b32encode(self.secret + check).decode("ascii")
        return " ".join(letters[i : i + GROUP] for i in range(0, len(letters), GROUP))


def parse_recovery_text(typed: str) -> OfficeKey:
    """The key from what the chief typed off the sheet (spaces, dashes and case do not matter)."""
    letters = "".join(ch for ch in typed.upper() if ch.isalnum()).translate(_TYPO)
    try:
        raw = base64.b32decode(letters)
    except (ValueError, TypeError) as error:
        raise BackupKeyError(MISTYPED) from error
    secret, check = raw[:KEY_SIZE], raw[KEY_SIZE:]
    if len(raw) != KEY_SIZE + CHECK_SIZE or not hmac.compare_digest(
        hashlib.sha256(secret).digest()[:CHECK_SIZE], check
    ):
        raise BackupKeyError(MISTYPED)
    return OfficeKey(secret)


def key_path(data_dir: Path) -> Path:
    return data_dir / KEY_FILE


def load_key(data_dir: Path) -> OfficeKey | None:
    """The key in the data folder; ``None`` when there is none; BackupKeyError when unreadable."""
    path = key_path(data_dir)
    try:
        text = path.read_text(encoding="ascii")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeError) as error:
        detail = getattr(error, "strerror", None) or str(error)
        raise BackupKeyError(UNREADABLE.format(path=path, detail=detail)) from error
    if not text.startswith(FILE_PREFIX):
        raise BackupKeyError(UNREADABLE.format(path=path, detail="nội dung không phải khóa sao lưu"))
    try:
        return parse_recovery_text(text[len(FILE_PREFIX) :])
    except BackupKeyError as error:
        raise BackupKeyError(UNREADABLE.format(path=path, detail="tệp khóa bị hỏng")) from error


def save_key(data_dir: Path, key: OfficeKey) -> Path:
    """Write the key owner-only (0600 in a 0700 folder on POSIX), atomically."""
    path = key_path(data_dir)
    write_private(path, (FILE_PREFIX + key.recovery_text() + "\n").encode("ascii"))
    return path


def new_key() -> OfficeKey:
    return OfficeKey(os.urandom(KEY_SIZE))
