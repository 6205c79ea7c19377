"""Files the program writes are its owner's alone: 0600 files in 0700 folders on POSIX.

On Windows the per-user LocalAppData folder is already private and modes mean little, so the
checks below report nothing there.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700
PRIVATE_UMASK = 0o077
POSIX = os.name == "posix"


def owner_only_umask() -> None:
    """Every file and folder this process creates from now on is owner-only (SQLite's WAL too)."""
    if POSIX:
        os.umask(PRIVATE_UMASK)


def private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) if needed and make it 0700."""
    path.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    if POSIX:
        os.chmod(path, DIR_MODE)
    return path


def make_private(path: Path) -> None:
    """Tighten one existing file to 0600 (a folder to 0700); a missing file is fine."""
    if not POSIX:
        return
    with contextlib.suppress(FileNotFoundError):
        os.chmod(path, DIR_MODE if path.is_dir() else FILE_MODE)


def write_private(path: Path, data: bytes) -> None:
    """Write ``path`` atomically as a 0600 file (the temporary file is 0600 from its creation)."""
    private_dir(path.parent)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@dataclass(frozen=True, slots=True)
class LooseMode:
    """A file or folder others can read or write."""

    path: Path
    mode: int

    def describe(self) -> str:
        kind = "Thư mục" if stat.S_ISDIR(self.mode) else "Tệp"
        return f"{kind} «{self.path}» có quyền {stat.filemode(self.mode)} (người khác đọc được)"


def loose_modes(roots: Iterable[Path]) -> list[LooseMode]:
    """Every file and folder under ``roots`` (the roots included) with group or other bits set."""
    if not POSIX:
        return []
    found: list[LooseMode] = []
    for root in roots:
        if not root.exists():
            continue
        for path in [root, *(root.rglob("*") if root.is_dir() else ())]:
            try:
                mode = path.lstat().st_mode
            except FileNotFoundError:
                continue
            if stat.S_ISLNK(mode):
                continue
            if mode & 0o077:
                found.append(LooseMode(path, mode))
    return found


def repair(loose: Iterable[LooseMode]) -> int:
    """Make each one owner-only; returns how many were changed."""
    changed = 0
    for item in loose:
        with contextlib.suppress(FileNotFoundError, PermissionError):
            os.chmod(item.path, DIR_MODE if stat.S_ISDIR(item.mode) else FILE_MODE)
            changed += 1
    return changed
