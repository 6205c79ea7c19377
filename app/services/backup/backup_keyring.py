"""Which secret opens a backup (this PC's office key, the key typed from the sheet, a passphrase),
and the two settings rows the backups keep (the office's folder, the key's fingerprint)."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import Engine, exc, insert, select, update

from app.models import Setting
from app.services.backup import backup_key
from app.services.backup.backup_crypto import BackupPassphraseError, Secret
from app.services.backup.backup_key import BackupKeyError, OfficeKey
from app.services.backup.backup_manifest import BackupManifest
from app.services.backup.backup_restore import NEEDS_PASSPHRASE
from app.services.core.db_errors import translated

NEEDS_KEY = (
    "Bản sao lưu này được mã hóa bằng khóa sao lưu của cơ quan (dấu vân tay {fingerprint}) mà máy "
    "này không có. Hãy nhập khóa khôi phục in trên phiếu khóa khôi phục cất trong tủ hồ sơ."
)
OTHER_KEY = (
    "Khóa khôi phục vừa nhập (dấu vân tay {typed}) không phải khóa của bản sao lưu này (cần {fingerprint}). "
    "Dữ liệu hiện tại được giữ nguyên."
)


def secret_needed(data_dir: Path, manifest: BackupManifest) -> str:
    """ "" (nothing to ask), "passphrase", or "recovery_key" (this PC lacks the backup's key)."""
    if not manifest.encrypted:
        return ""
    if not manifest.key_fingerprint:
        return "passphrase"
    try:
        key = backup_key.load_key(data_dir)
    except BackupKeyError:
        key = None
    return "" if key is not None and key.fingerprint == manifest.key_fingerprint else "recovery_key"


def restore_secret(
    data_dir: Path, manifest: BackupManifest, typed: str | None
) -> tuple[Secret | None, OfficeKey | None]:
    """The secret that opens the backup, and the office key when it was typed from the sheet."""
    needed = secret_needed(data_dir, manifest)
    if not manifest.encrypted:
        return None, None
    if needed == "passphrase":
        if not typed:
            raise BackupPassphraseError(NEEDS_PASSPHRASE)
        return typed, None
    if needed == "":
        key = backup_key.load_key(data_dir)
        assert key is not None
        return key.secret, None
    if not typed:
        raise BackupKeyError(NEEDS_KEY.format(fingerprint=manifest.key_fingerprint))
    key = backup_key.parse_recovery_text(typed)
    if key.fingerprint != manifest.key_fingerprint:
        raise BackupKeyError(OTHER_KEY.format(typed=key.fingerprint, fingerprint=manifest.key_fingerprint))
    return key.secret, key


def install_key(data_dir: Path, typed: str) -> OfficeKey:
    """Save the key typed from the sheet as this PC's office key (refused if another is there)."""
    key = backup_key.parse_recovery_text(typed)
    present = backup_key.load_key(data_dir)
    if present is not None and present.fingerprint != key.fingerprint:
        raise BackupKeyError(
            f"Máy này đã có khóa sao lưu khác (dấu vân tay {present.fingerprint}); không thay."
        )
    backup_key.save_key(data_dir, key)
    return key


def read_setting(engine: Engine, key: str) -> str:
    with translated(), engine.connect() as conn:
        raw = conn.execute(select(Setting.value).where(Setting.key == key)).scalar()
    return str(json.loads(raw)) if raw else ""


def write_setting(engine: Engine, key: str, value: str) -> None:
    with translated(), engine.begin() as conn:
        encoded = json.dumps(value, ensure_ascii=False)
        if not conn.execute(update(Setting).where(Setting.key == key).values(value=encoded)).rowcount:
            conn.execute(insert(Setting).values(key=key, value=encoded))


def backup_folders(engine: Engine, data_dir: Path) -> tuple[Path, ...]:
    """The office's backup folder and the default one (where manifests and their anchors are)."""
    default = data_dir / "backups"
    try:
        with engine.connect() as conn:
            raw = conn.execute(select(Setting.value).where(Setting.key == "backup.folder")).scalar()
    except exc.SQLAlchemyError:
        raw = None
    chosen = Path(json.loads(raw)) if raw else default
    return tuple(dict.fromkeys((chosen, default)))
