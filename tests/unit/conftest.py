"""Fixtures for Qt-free service tests: a real migrated SQLite file per test."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest

from app.bootstrap import Services
from app.settings import resolve
from tests.sample_office import command_line_services

NOW = datetime(2026, 11, 20, 9, 30)
"""A fixed clock: Friday 20/11/2026, before the 24/11 holiday."""


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Services]:
    svc = command_line_services(
        resolve(f"sqlite:///{tmp_path / 'hotline.db'}", data_dir=tmp_path),
        clock=lambda: NOW,
        today=lambda: NOW.date(),
    )
    yield svc
    svc.close()


@pytest.fixture
def today() -> date:
    return NOW.date()
