"""Writing one backup's data file: encrypted as it is produced, or plain when asked for by name.

SQLite: the checked snapshot is read into memory from one read transaction and encrypted from
there, so no plain copy touches the disk; a file over the memory limit goes through a private
scratch file beside the database (owner-only, removed at once, swept after a crash).
PostgreSQL: the zip export is written straight into the encrypting stream.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import IO, cast

from sqlalchemy import Engine

from app.services.backup import backup_pg, backup_sqlite
from app.services.backup.backup_crypto import Encryptor, Secret
from app.services.backup.backup_manifest import BackupManifest, fsync_file
from app.services.backup.backup_restore import scratch_file

Progress = Callable[[int, int], None]
MEMORY_LIMIT = 1 << 30
"""SQLite files up to this size are encrypted straight from memory where free memory is unknown."""
MEMINFO = Path("/proc/meminfo")


def available_memory_limit() -> int:
    """A third of the memory available now (Linux), else ``MEMORY_LIMIT``: the size up to which
    a snapshot is held in memory rather than in a private scratch file."""
    try:
        for line in MEMINFO.read_text(encoding="ascii").splitlines():
            if line.startswith("MemAvailable:"):
                return max(MEMORY_LIMIT // 4, int(line.split()[1]) * 1024 // 3)
    except (OSError, ValueError, IndexError):
        pass
    return MEMORY_LIMIT


SLICE = 8 << 20


def write_plain(
    engine: Engine, target: Path, stamp: BackupManifest, progress: Progress | None
) -> dict[str, int]:
    """The database as one consistent plain file, checked; returns its row counts."""
    if engine.dialect.name == "sqlite":
        counts = backup_sqlite.online_backup(_live(engine), target, progress)
        backup_sqlite.verify(target, counts)
        return counts
    counts = backup_pg.export_tables(engine, target, stamp, progress)
    fsync_file(target)
    return counts


def write_encrypted(
    engine: Engine,
    target: Path,
    stamp: BackupManifest,
    secret: Secret,
    progress: Progress | None,
    *,
    memory_limit: int | None = None,
    scratch_dir: Path,
) -> dict[str, int]:
    """Encrypt the checked snapshot into ``target`` (fsynced); returns its row counts."""
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        sink = Encryptor(handle, secret)
        if engine.dialect.name != "sqlite":
            counts = backup_pg.export_tables(engine, cast(IO[bytes], sink), stamp, progress)
        else:
            limit = memory_limit if memory_limit is not None else available_memory_limit()
            image = backup_sqlite.read_snapshot(_live(engine), limit)
            if image is None:
                counts = _through_scratch(engine, sink, scratch_dir, stamp.data_file, progress)
            else:
                data, counts = image
                _feed(sink, memoryview(data), progress)
                del data, image
        sink.finish()
        os.fsync(handle.fileno())
    return counts


def _feed(sink: Encryptor, data: memoryview, progress: Progress | None) -> None:
    for start in range(0, len(data), SLICE):
        sink.write(data[start : start + SLICE])
        if progress is not None:
            progress(min(start + SLICE, len(data)), len(data))


def _through_scratch(
    engine: Engine, sink: Encryptor, scratch_dir: Path, name: str, progress: Progress | None
) -> dict[str, int]:
    """A file too big for memory: a private checked copy, encrypted, removed before returning."""
    scratch = scratch_file(scratch_dir, Path(name).stem)
    try:
        counts = backup_sqlite.online_backup(_live(engine), scratch, None)
        backup_sqlite.verify(scratch, counts)
        total = scratch.stat().st_size
        with scratch.open("rb") as plain:
            while chunk := plain.read(SLICE):
                sink.write(chunk)
                if progress is not None:
                    progress(sink.written, total)
        return counts
    finally:
        scratch.unlink(missing_ok=True)


def _live(engine: Engine) -> Path:
    return Path(engine.url.database or "")


def phase(progress: Progress | None, index: int, count: int) -> Progress | None:
    """Report step ``index`` of ``count`` (copy, encrypt, check) as one bar from 0 to 1000 × count."""
    if progress is None or count == 1:
        return progress
    report = progress

    def scaled(done: int, total: int) -> None:
        report(index * 1000 + 1000 * done // max(total, 1), count * 1000)

    return scaled


def stamped(stamp: BackupManifest, *, sha256: str, size: int, counts: dict[str, int]) -> BackupManifest:
    fields = {name: getattr(stamp, name) for name in stamp.__dataclass_fields__}
    return BackupManifest(**{**fields, "sha256": sha256, "size": size, "row_counts": counts})
