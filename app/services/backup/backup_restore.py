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
from app.services.backup.backup_manifest import CORRUPT, BackupCorruptError, BackupError, BackupManifest
from app.services.core.db_errors import translated

Progress = Callable[[int, int], None]
NEEDS_PASSPHRASE = "Bản sao lưu này được mã hóa: hãy nhập mật khẩu đã dùng khi sao lưu."


def scratch_file(where: Path, stem: str) -> Path:
    """A private temporary file beside the database, for plain data that must not reach the folder."""
    where.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=where, prefix=f".{stem}.", suffix=".plain")
    os.close(fd)
    return Path(name)


@contextmanager
def decrypted(
    file: Path, manifest: BackupManifest, passphrase: str | None, scratch_dir: Path
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


def restore_sqlite(engine: Engine, file: Path, manifest: BackupManifest) -> Path | None:
    """Copy and check the backup beside the live file, then swap; returns the kept old file."""
    live = Path(engine.url.database or "")
    fd, name = tempfile.mkstemp(dir=live.parent, prefix=live.name + ".", suffix=".restoring")
    os.close(fd)
    fresh = Path(name)
    try:
        try:
            counts = backup_sqlite.online_backup(file, fresh)
        except sqlite3.DatabaseError as error:
            raise BackupCorruptError(CORRUPT.format(detail=str(error))) from error
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
