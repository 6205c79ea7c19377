"""SQLite files: online backup in pages from one snapshot, verification, and the restore swap."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

from app.services.backup.backup_manifest import CORRUPT, BackupCorruptError, BackupError
from app.services.core.private_files import make_private

Progress = Callable[[int, int], None]
"""``progress(done, total)`` in pages (backup) or steps."""

IN_USE = (
    "Cơ sở dữ liệu đang được một chương trình khác sử dụng. Hãy đóng mọi cửa sổ Hotline Desk "
    "khác rồi khôi phục lại. Dữ liệu hiện tại được giữ nguyên."
)
STEPS = 50
"""Progress reports per backup; each step copies about 2 % of the pages."""


def connect_ro(path: Path) -> sqlite3.Connection:
    """A read-only connection that never creates the file."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
    conn.execute("PRAGMA busy_timeout=5000")
    return conn


def user_tables(conn: sqlite3.Connection) -> list[str]:
    """Ordinary tables (FTS5 shadow tables included, the virtual table itself not)."""
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
        "AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name"
    )
    return [r[0] for r in rows]


def row_counts(conn: sqlite3.Connection) -> dict[str, int]:
    return {t: int(conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]) for t in user_tables(conn)}


def online_backup(source: Path, target: Path, progress: Progress | None = None) -> dict[str, int]:
    """Copy the live database page by page from one read snapshot; returns its row counts.

    The read transaction stays open across steps, so officers keep saving (WAL) while the copy
    runs and the copy is the database exactly as it was when the backup started.
    """
    src = connect_ro(source)
    dst = sqlite3.connect(target, isolation_level=None)
    try:
        src.execute("BEGIN")
        counts = row_counts(src)  # also takes the snapshot the backup will copy
        total = int(src.execute("PRAGMA page_count").fetchone()[0])
        step = max(256, total // STEPS)

        def report(_status: int, remaining: int, pages: int) -> None:
            if progress is not None:
                progress(pages - remaining, pages)

        src.backup(dst, pages=step, progress=report, sleep=0)
        dst.execute("PRAGMA journal_mode=DELETE")
        src.execute("COMMIT")
    finally:
        dst.close()
        src.close()
    with target.open("rb+") as handle:
        os.fsync(handle.fileno())
    return counts


def read_snapshot(source: Path, limit: int) -> tuple[bytes, dict[str, int]] | None:
    """The live database as one checked image in memory (no plain copy on disk), with its counts.

    Integrity check, row counts and the image come from one read transaction, so they describe
    the same state while officers keep saving (WAL). ``None`` when the file is over ``limit``
    bytes: the caller then copies through a private scratch file instead.
    """
    src = connect_ro(source)
    try:
        src.execute("BEGIN")
        pages = int(src.execute("PRAGMA page_count").fetchone()[0])
        if pages * int(src.execute("PRAGMA page_size").fetchone()[0]) > limit:
            return None
        result = [r[0] for r in src.execute("PRAGMA integrity_check(5)")]
        if result != ["ok"]:
            raise BackupCorruptError("Cơ sở dữ liệu đang dùng bị hỏng: " + "; ".join(result)[:300])
        counts = row_counts(src)
        image = src.serialize()
        src.execute("COMMIT")
        return image, counts
    finally:
        src.close()


def verify(path: Path, expected: dict[str, int] | None = None) -> dict[str, int]:
    """``PRAGMA integrity_check`` and row counts; BackupCorruptError on any difference."""
    try:
        conn = connect_ro(path)
        try:
            result = [r[0] for r in conn.execute("PRAGMA integrity_check(5)")]
            counts = row_counts(conn)
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        raise BackupCorruptError(CORRUPT.format(detail=str(error))) from error
    if result != ["ok"]:
        raise BackupCorruptError(CORRUPT.format(detail="; ".join(result)[:300]))
    if expected is not None and counts != expected:
        diff = [f"{t}: {counts.get(t)} thay vì {n}" for t, n in expected.items() if counts.get(t) != n]
        raise BackupCorruptError(CORRUPT.format(detail="số dòng khác: " + ", ".join(diff)[:300]))
    return counts


def checkpoint(path: Path) -> None:
    """Fold the WAL into the main file, so the file alone is the whole database."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA busy_timeout=5000")
        busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
    finally:
        conn.close()
    if busy:
        raise BackupError(IN_USE)


def swap_in(new_file: Path, live: Path) -> Path | None:
    """Replace ``live`` by ``new_file`` atomically; the old file stays as ``.before-restore``."""
    keep: Path | None = None
    if live.exists():
        checkpoint(live)
        keep = live.with_name(live.name + ".before-restore")
        keep.unlink(missing_ok=True)
        try:
            os.link(live, keep)  # the old file keeps its name until the rename below
        except OSError:
            os.replace(live, keep)
        make_private(keep)
    make_private(new_file)
    os.replace(new_file, live)
    for suffix in ("-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            Path(f"{live}{suffix}").unlink()
    fsync_dir(live.parent)
    return keep


def fsync_dir(directory: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
