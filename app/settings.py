"""Where the data lives and which database to open: --db, HOTLINE_DB_URL, or the user's data dir."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_dir

APP_NAME = "HotlineDesk"
ENV_DB_URL = "HOTLINE_DB_URL"
ENV_DATA_DIR = "HOTLINE_DATA_DIR"
SETTINGS_FILE = "settings.json"


@dataclass(frozen=True, slots=True)
class Settings:
    """Resolved start-up settings."""

    data_dir: Path
    db_url: str

    @property
    def attachments_dir(self) -> Path:
        return self.data_dir / "attachments"

    @property
    def drafts_dir(self) -> Path:
        return self.data_dir / "drafts"

    @property
    def log_file(self) -> Path:
        return self.data_dir / "hotline-desk.log"

    def private_files(self) -> tuple[Path, ...]:
        """What only the office's account may read: the data folder and the database's files."""
        db = self.sqlite_path
        files = (db, Path(f"{db}-wal"), Path(f"{db}-shm"), Path(f"{db}.before-restore")) if db else ()
        return (self.data_dir, *files)

    @property
    def sqlite_path(self) -> Path | None:
        if self.db_url.startswith("sqlite:///"):
            return Path(self.db_url.removeprefix("sqlite:///"))
        return None


def default_data_dir() -> Path:
    override = os.environ.get(ENV_DATA_DIR)
    return Path(override) if override else Path(user_data_dir(APP_NAME, appauthor=False))


def normalize_db_url(value: str) -> str:
    """Accept a bare file path as well as a SQLAlchemy URL."""
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


def resolve(db: str | None = None, data_dir: Path | None = None) -> Settings:
    """Settings from the command line, then the environment, then per-user defaults."""
    directory = data_dir or default_data_dir()
    url = db or os.environ.get(ENV_DB_URL)
    if url:
        url = normalize_db_url(url)
        sqlite_file = url.removeprefix("sqlite:///") if url.startswith("sqlite:///") else None
        if sqlite_file and data_dir is None and os.environ.get(ENV_DATA_DIR) is None:
            directory = Path(sqlite_file).parent / (Path(sqlite_file).stem + "-data")
    else:
        url = saved_db_url(directory) or f"sqlite:///{directory / 'hotline.db'}"
    return Settings(directory, url)


def saved_db_url(data_dir: Path | None = None) -> str | None:
    """The database chosen in «Kết nối cơ sở dữ liệu…», used when neither --db nor the variable is set."""
    try:
        data = json.loads(((data_dir or default_data_dir()) / SETTINGS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    value = data.get("db_url") if isinstance(data, dict) else None
    return value if isinstance(value, str) and value else None


def save_db_url(url: str, data_dir: Path | None = None) -> Path:
    """Remember ``url`` for the next start, in a file only this user can read (it may hold a password)."""
    directory = data_dir or default_data_dir()
    directory.mkdir(parents=True, exist_ok=True)
    path, tmp = directory / SETTINGS_FILE, directory / (SETTINGS_FILE + ".tmp")
    tmp.unlink(missing_ok=True)  # a leftover would keep its old, wider permissions
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump({"db_url": url}, handle, ensure_ascii=False)
    os.replace(tmp, path)
    return path
