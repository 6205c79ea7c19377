"""Intake drafts kept on disk as the officer types, so a crash or power cut loses nothing."""

from __future__ import annotations

import json
import os
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any


class DraftStore:
    """One JSON file per officer and form; written atomically and fsynced.

    Drafts live beside the database, not in it, so they survive a locked or damaged database.
    """

    def __init__(self, directory: Path) -> None:
        self._dir = directory

    def _path(self, key: str) -> Path:
        safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in key)
        return self._dir / f"{safe}.json"

    def save(self, key: str, fields: dict[str, Any]) -> None:
        """Replace the draft atomically (write temp, fsync, rename, fsync the folder)."""
        self._dir.mkdir(parents=True, exist_ok=True)
        payload = {"saved_at": datetime.now().isoformat(timespec="seconds"), "fields": fields}
        fd, tmp = tempfile.mkstemp(dir=self._dir, prefix=".draft-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(payload, handle, ensure_ascii=False)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self._path(key))
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        _fsync_dir(self._dir)

    def load(self, key: str) -> dict[str, Any] | None:
        """The saved fields, or ``None`` when there is no (readable) draft."""
        path = self._path(key)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        fields = data.get("fields") if isinstance(data, dict) else None
        return fields if isinstance(fields, dict) else None

    def discard(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)
        _fsync_dir(self._dir)


def _fsync_dir(directory: Path) -> None:
    if os.name != "posix" or not directory.exists():
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
