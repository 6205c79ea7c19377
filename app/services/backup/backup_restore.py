"""Restoring a checked backup: decrypt it privately, then swap it in (SQLite) or load it (PostgreSQL)."""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine

from app.db import migrate
from app.services.backup import backup_crypto, backup_pg, backup_sqlite
from app.services.backup.backup_crypto import Secret
from app.services.backup.backup_manifest import (
    CORRUPT,
    BackupCorruptError,
    BackupError,
    BackupManifest,
    BackupVersionError,
    check_file,
    manifest_path,
    read_manifest,
)
from app.services.core.db_errors import translated

Progress = Callable[[int, int], None]
SCRATCH_SUFFIX = ".plain"
RESTORING_SUFFIX = ".restoring"
NEEDS_PASSPHRASE = "Bản sao lưu này được mã hóa: hãy nhập mật khẩu đã dùng khi sao lưu."


def scratch_file(where: Path, stem: str) -> Path:
    """A private temporary file beside the database, for plain data that must not reach the folder."""
    where.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=where, prefix=f".{stem}.p{os.getpid()}.", suffix=SCRATCH_SUFFIX)
    os.close(fd)
    return Path(name)


@contextmanager
def decrypted(
    file: Path, manifest: BackupManifest, passphrase: Secret | None, scratch_dir: Path
) -> Iterator[Path]:
    """The backup as a plain file: itself, or a checked decryption removed afterwards."""
    if not manifest.encrypted:
        yield file
        return
    if not passphrase:
        raise backup_crypto.BackupPassphraseError(NEEDS_PASSPHRASE)
    plain = scratch_file(scratch_dir, file.stem)
    try:
        try:
            backup_crypto.decrypt_file(file, plain, passphrase)
        except OSError as error:
            raise BackupCorruptError(CORRUPT.format(detail=error.strerror or str(error))) from error
        yield plain
    finally:
        plain.unlink(missing_ok=True)


def restore_sqlite(
    engine: Engine, file: Path, manifest: BackupManifest, secret: Secret | None
) -> Path | None:
    """Copy (or decrypt) and check the backup beside the live file, then swap; returns the kept file.

    An encrypted backup is decrypted straight into the file that becomes the database (owner-only),
    so no other plain copy is made.
    """
    live = Path(engine.url.database or "")
    fd, name = tempfile.mkstemp(
        dir=live.parent, prefix=f"{live.name}.p{os.getpid()}.", suffix=RESTORING_SUFFIX
    )
    os.close(fd)
    fresh = Path(name)
    try:
        try:
            if secret is None:
                counts: dict[str, int] | None = backup_sqlite.online_backup(file, fresh)
            else:
                backup_crypto.decrypt_file(file, fresh, secret)
                counts = None
        except sqlite3.DatabaseError as error:
            raise BackupCorruptError(CORRUPT.format(detail=str(error))) from error
        except OSError as error:
            raise BackupCorruptError(CORRUPT.format(detail=error.strerror or str(error))) from error
        backup_sqlite.verify(fresh, manifest.row_counts or counts)
        engine.dispose()
        return backup_sqlite.swap_in(fresh, live)
    finally:
        fresh.unlink(missing_ok=True)


def restore_pg(
    engine: Engine,
    file: Path,
    manifest: BackupManifest,
    progress: Progress | None,
    office_name: Callable[[], str | None],
) -> None:
    """Into an empty database only: schema as in the backup, rows, then up to head."""
    current = migrate.current_revision(engine)
    if current is not None and (current != manifest.schema_revision or office_name() is not None):
        raise BackupError(backup_pg.NOT_EMPTY)
    with translated():
        migrate.upgrade(engine, manifest.schema_revision or "head")
        with engine.begin() as conn:
            backup_pg.import_tables(conn, file, manifest, progress)
        migrate.upgrade(engine)


def inspect_file(engine: Engine, file: Path) -> BackupManifest:
    """Read and check a backup's stamp and checksum without touching the database."""
    if not file.is_file():
        raise BackupCorruptError(f"Không tìm thấy tệp sao lưu «{file}».")
    if file.suffix == ".zip" and not manifest_path(file).exists():
        manifest = backup_pg.read_zip_manifest(file)  # the zip alone, e.g. copied from a USB stick
    else:
        manifest = read_manifest(file)
        check_file(file, manifest)
    if not migrate.is_known_revision(engine, manifest.schema_revision):
        raise BackupVersionError(
            "Bản sao lưu có cấu trúc dữ liệu mới hơn chương trình này. Hãy cập nhật chương trình."
        )
    return manifest
