"""Where the data lives and which database to open: --db, HOTLINE_DB_URL, or the user's data dir."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_dir

APP_NAME = "HotlineDesk"
ENV_DB_URL = "HOTLINE_DB_URL"
ENV_DATA_DIR = "HOTLINE_DATA_DIR"


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
        url = f"sqlite:///{directory / 'hotline.db'}"
    return Settings(directory, url)
