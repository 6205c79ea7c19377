"""The backup folder: can a backup be written there, and what to tell the officer when not."""

from __future__ import annotations

import errno
import glob
import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path

from app.services.backup.backup_manifest import BackupFolderError


def check_folder(folder: Path, *, create: bool) -> None:
    """Raise BackupFolderError unless a file can be created in ``folder``."""
    if create:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise BackupFolderError(folder_message(folder, error)) from error
    if not folder.is_dir():
        raise BackupFolderError(
            f"Không tìm thấy thư mục sao lưu «{folder}» (ổ USB hoặc ổ mạng đã rút ra?). "
            "Hãy cắm lại hoặc chọn thư mục khác."
        )
    try:
        fd, probe = tempfile.mkstemp(dir=folder, prefix=".probe-")
        os.close(fd)
        os.unlink(probe)
    except OSError as error:
        raise BackupFolderError(folder_message(folder, error)) from error


def folder_message(folder: Path, error: OSError) -> str:
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"Thư mục sao lưu «{folder}» đã hết dung lượng. Hãy xóa bớt tệp hoặc chọn ổ khác."
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"Không có quyền ghi vào thư mục sao lưu «{folder}» (thư mục chỉ đọc). Hãy chọn thư mục khác."
    if error.errno in (errno.ENOENT, errno.ENOTDIR):
        return f"Không tìm thấy thư mục sao lưu «{folder}». Hãy chọn thư mục khác."
    return f"Không ghi được vào thư mục sao lưu «{folder}»: {error.strerror or error}."


_OWNER = re.compile(r"\.p(\d+)\.")
LEFTOVERS = (".hotline-*.plain", "*.restoring", "hotline-*.partial", ".tmp.p*")
"""A scratch copy, a restore in progress, an unfinished backup, a half-written stamp: each names the
process it belongs to."""
DATA_SUFFIXES = (".enc", ".sqlite", ".zip")


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name != "posix":
        return False  # one program per office PC: a leftover there is always stale
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep(folders: Iterable[Path]) -> list[Path]:
    """Remove what a killed backup or restore left behind (not a running one's files)."""
    removed: list[Path] = []
    for folder in folders:
        if not folder.is_dir():
            continue
        for pattern in LEFTOVERS:
            for path in folder.glob(pattern):
                owner = _OWNER.search(path.name)
                if owner and _alive(int(owner.group(1))):
                    continue
                try:
                    path.unlink()
                except OSError:
                    continue
                removed.append(path)
        removed.extend(_orphan_stamps(folder))
    return removed


def _orphan_stamps(folder: Path) -> list[Path]:
    """Stamps whose backup was killed between writing the stamp and publishing its data file.

    A backup writes its stamp, then renames its partial file to the data file. So a stamp is
    still being published while a live process's partial file of the same stem exists; that is
    checked first, and only then whether the data file is there (the rename is atomic).
    """
    try:  # one listing of the folder; only a stamp without its data file is looked at again
        names = {p.name for p in folder.iterdir()}
    except OSError:
        return []
    unpublished = [
        folder / n
        for n in names
        if n.startswith("hotline-")
        and n.endswith(".json")
        and not any(n[:-5] + x in names for x in DATA_SUFFIXES)
    ]
    removed = []
    for stamp in unpublished:
        writers = (_OWNER.search(p.name) for p in folder.glob(f"{glob.escape(stamp.stem)}.p*.partial"))
        if any(owner and _alive(int(owner.group(1))) for owner in writers):
            continue
        if any(stamp.with_suffix(suffix).exists() for suffix in DATA_SUFFIXES):
            continue
        try:
            stamp.unlink()
        except OSError:
            continue
        removed.append(stamp)
    return removed


def free_stem(folder: Path, base: str) -> str:
    """``base``, or ``base-2``… when a backup of the same second is already there (never overwrite)."""
    stem, n = base, 1
    while any((folder / (stem + suffix)).exists() for suffix in (".json", *DATA_SUFFIXES)):
        n += 1
        stem = f"{base}-{n}"
    return stem
