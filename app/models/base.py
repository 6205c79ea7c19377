"""Declarative base with a constraint naming convention (Alembic batch mode needs names)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime, MetaData
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class LocalDateTime(TypeDecorator[datetime]):
    """A wall-clock time in the office's time zone (Asia/Ho_Chi_Minh), stored naive.

    The office works in one time zone; storing naive local times keeps the register readable in
    any SQL client and makes "received on 05/01" mean the same thing everywhere.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(_office_tz()).replace(tzinfo=None)
        return value


def _office_tz():  # type: ignore[no-untyped-def]
    from zoneinfo import ZoneInfo

    try:
        return ZoneInfo("Asia/Ho_Chi_Minh")
    except Exception:  # pragma: no cover - no tz database on a bare Windows
        from datetime import timedelta, timezone

        return timezone(timedelta(hours=7))


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """Base of every table."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
