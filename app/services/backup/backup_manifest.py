"""What a backup is: its manifest (who, when, which schema, how many rows) and its errors."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from app.services.core.errors import ServiceError

FORMAT = 1
MANIFEST_SUFFIX = ".json"
CORRUPT = "Tệp sao lưu bị hỏng hoặc không đầy đủ ({detail}). Dữ liệu hiện tại được giữ nguyên."


class BackupError(ServiceError):
    """A backup or restore was refused or failed; the data in use was left as it was."""


class BackupFolderError(BackupError):
    """The backup folder is missing, not a folder, read-only or full."""


class BackupCorruptError(BackupError):
    """The backup file is truncated, damaged, or not a backup of this program."""


class BackupOfficeError(BackupError):
    """The backup belongs to another office."""


class BackupVersionError(BackupError):
    """The backup was made by a newer program (unknown schema revision)."""


@dataclass(frozen=True, slots=True)
class BackupManifest:
    """Stamp written beside (and for PostgreSQL also inside) every backup."""

    app_version: str
    schema_revision: str | None
    office_name: str
    created_at: datetime
    database: str
    kind: str
    data_file: str
    sha256: str
    size: int
    row_counts: dict[str, int] = field(default_factory=dict)
    format: int = FORMAT
    encrypted: bool = False
    """The data file is AES-256-GCM encrypted (backup_crypto)."""
    key_fingerprint: str = ""
    """Encrypted with the office key of this fingerprint ("" with a passphrase, or plain)."""
    database_id: str = ""
    """The register's identity (survives copies and restores), to which the audit anchor belongs."""
    audit_rows: int = 0
    audit_hash: str = ""
    """The audit chain's end when the backup was taken: an anchor outside the database."""

    def to_json(self) -> str:
        data = asdict(self)
        data["created_at"] = self.created_at.isoformat(timespec="seconds")
        for name in ("encrypted", "key_fingerprint", "database_id", "audit_rows", "audit_hash"):
            if not data[name]:
                del data[name]  # a plain backup stays readable by earlier versions of the program
        return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)

    @classmethod
    def from_json(cls, raw: str | bytes) -> BackupManifest:
        try:
            data: dict[str, Any] = json.loads(raw)
            data["created_at"] = datetime.fromisoformat(data["created_at"])
            data["row_counts"] = {str(k): int(v) for k, v in data.get("row_counts", {}).items()}
            data["encrypted"] = data.get("encrypted", False) is True
            data["audit_rows"] = int(data.get("audit_rows", 0))
            known = cls.__dataclass_fields__
            manifest = cls(**{k: v for k, v in data.items() if k in known})
        except (ValueError, TypeError, KeyError, AttributeError) as error:
            raise BackupCorruptError(CORRUPT.format(detail="tệp mô tả không đọc được")) from error
        if manifest.format > FORMAT:
            raise BackupVersionError(
                "Bản sao lưu được tạo bởi phiên bản chương trình mới hơn. Hãy cập nhật chương trình."
            )
        return manifest


def manifest_path(data_file: Path) -> Path:
    return data_file.with_suffix(MANIFEST_SUFFIX)


def read_manifest(data_file: Path) -> BackupManifest:
    """The manifest beside ``data_file``; BackupCorruptError if it is missing or unreadable."""
    try:
        raw = manifest_path(data_file).read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise BackupCorruptError(CORRUPT.format(detail="thiếu tệp mô tả .json đi kèm")) from error
    except OSError as error:
        raise BackupCorruptError(CORRUPT.format(detail=error.strerror or "không đọc được")) from error
    return BackupManifest.from_json(raw)


def atomic_write(path: Path, data: bytes) -> None:
    """Write through a temporary file, fsync, then rename: never a half-written file.

    The temporary file names this process, so what a kill leaves is swept (``backup_folder``).
    """
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".tmp.p{os.getpid()}.", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(4 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def fsync_file(path: Path) -> None:
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


def check_file(data_file: Path, manifest: BackupManifest) -> None:
    """Size and checksum as stamped: catches a truncated copy or a flipped byte on a USB stick."""
    try:
        size = data_file.stat().st_size
    except FileNotFoundError as error:
        raise BackupCorruptError(CORRUPT.format(detail="không thấy tệp dữ liệu")) from error
    if size != manifest.size:
        raise BackupCorruptError(CORRUPT.format(detail=f"kích thước {size:,} thay vì {manifest.size:,} byte"))
    if sha256_of(data_file) != manifest.sha256:
        raise BackupCorruptError(CORRUPT.format(detail="mã kiểm tra SHA-256 không khớp"))
