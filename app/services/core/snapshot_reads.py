"""Read-only work that runs several queries on one connection, so it sees one snapshot."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session, sessionmaker

from app.db.engine import reading


@contextmanager
def snapshot(sessions: sessionmaker[Session]) -> Iterator[Session]:
    """A read session pinned to one pooled connection (plain ``BEGIN`` on SQLite, no write lock).

    ``sessions()`` picks its bind per statement; a dry run or a duplicate check issues dozens of
    queries and must neither take a connection for each nor see rows change between them.
    """
    with reading(sessions.kw["bind"]).connect() as conn, Session(bind=conn) as session:
        yield session
