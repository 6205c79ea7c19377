"""Engines for the embedded SQLite file and for PostgreSQL, with the pragmas durability needs."""

from __future__ import annotations

import sqlite3
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

BUSY_TIMEOUT_MS = 15000
"""How long a writer waits for another one (several processes on one PC queue, never fail)."""


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """Create an engine for ``url`` (``sqlite:///path`` or ``postgresql+psycopg://…``).

    SQLite gets WAL, ``synchronous=FULL`` (a commit the officer saw is on disk even after a
    power cut), foreign keys, a busy timeout, and ``BEGIN IMMEDIATE`` so that concurrent writers
    queue instead of failing halfway and DDL in migrations is transactional. Read-only work
    (lists, reports, exports) goes through :func:`reading` and takes a plain ``BEGIN``, so a long
    export never holds the write lock an officer saving a call is waiting for.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(
            url,
            echo=echo,
            connect_args={"check_same_thread": False},
        )
        _install_sqlite_hooks(engine)
        return engine
    return create_engine(url, echo=echo, pool_pre_ping=True, pool_size=5, max_overflow=5)


def _install_sqlite_hooks(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # Let SQLAlchemy (not pysqlite) issue BEGIN, so transactions and DDL are really atomic.
        dbapi_connection.isolation_level = None
        dbapi_connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        if connection.get_execution_options().get(READ_ONLY):
            connection.exec_driver_sql("BEGIN")
        else:
            connection.exec_driver_sql("BEGIN IMMEDIATE")


READ_ONLY = "hotline_read_only"


_READERS: weakref.WeakKeyDictionary[Engine, Engine] = weakref.WeakKeyDictionary()


def reading(engine: Engine) -> Engine:
    """The same engine (same pool) for read-only transactions: no write lock is taken.

    One read view per engine, so a session sees one bind (one connection, one snapshot).
    """
    if engine.get_execution_options().get(READ_ONLY):
        return engine
    reader = _READERS.get(engine)
    if reader is None:
        reader = _READERS[engine] = engine.execution_options(**{READ_ONLY: True})
    return reader


class AppSession(Session):
    """A session that reads without the write lock unless it was opened to write."""

    writing = False

    def get_bind(self, *args: Any, **kwargs: Any) -> Any:
        bind = super().get_bind(*args, **kwargs)
        return bind if self.writing or not isinstance(bind, Engine) else reading(bind)


class AppSessions(sessionmaker[Session]):
    """``sessions()`` reads; ``sessions.begin()`` is one write transaction (one user action)."""

    @contextmanager
    def begin(self) -> Iterator[Session]:
        with self() as session:
            if isinstance(session, AppSession):
                session.writing = True
            with session.begin():
                yield session


def make_sessions(engine: Engine) -> sessionmaker[Session]:
    """The session factory services use: one ``with sessions.begin()`` per user action."""
    return AppSessions(engine, class_=AppSession, expire_on_commit=False)
