"""Writing the demo rows: a raw bulk load for SQLite (indexes dropped and rebuilt), plain bulk
inserts through SQLAlchemy for PostgreSQL."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, insert, text

from app.models import Case, CaseCounter, CaseEvent, Citizen, Reply
from app.services.demo.built_ahead import built_ahead
from app.services.demo.demo_rows import CASE_COLUMNS, EVENT_COLUMNS, REPLY_COLUMNS, DemoRows, Row

Progress = Callable[[int, int], None]
BATCH = 20_000
_INDEXED_TABLES = ("case_file", "case_event", "citizen", "reply")


@dataclass(frozen=True)
class DemoLoad:
    """One generate call's rows, the citizens they point to and the case numbers they used."""

    office_id: int
    cases: int
    """How many cases ``batches`` holds."""
    batches: Iterable[DemoRows]
    """The rows, built as they are written (the counters are final once every batch is written)."""
    citizens: list[Any]
    citizen_base: int
    counters: dict[int, int]
    """Last sequence number per year after this load."""
    existing_years: frozenset[int]
    """Years that already had a counter row before it."""


def write_sqlite(engine: Engine, load: DemoLoad, progress: Progress | None) -> int:
    """A private connection outside the pool: a bulk load needs neither WAL's double write nor
    the indexes kept up to date row by row; one transaction, indexes rebuilt before it commits."""
    engine.dispose()
    raw = sqlite3.connect(engine.url.database or "", isolation_level=None)
    try:
        cur = raw.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA journal_mode=DELETE")
        cur.execute("PRAGMA synchronous=OFF")
        index_sql = _index_sql(cur)
        cur.execute("BEGIN IMMEDIATE")
        for sql in index_sql:
            cur.execute("DROP INDEX " + sql.split(" ON ")[0].split()[-1])
        _insert_sqlite(cur, load, progress)
        for sql in index_sql:
            cur.execute(sql)
        _sqlite_counters(cur, load)
        cur.execute("COMMIT")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("ANALYZE")
    except BaseException:
        if raw.in_transaction:
            raw.execute("ROLLBACK")
        raise
    finally:
        raw.execute("PRAGMA journal_mode=WAL")
        raw.close()
    return load.cases


def _index_sql(cur: sqlite3.Cursor) -> list[str]:
    marks = ",".join("?" * len(_INDEXED_TABLES))
    query = f"SELECT sql FROM sqlite_master WHERE type='index' AND sql IS NOT NULL AND tbl_name IN ({marks})"
    return [r[0] for r in cur.execute(query, _INDEXED_TABLES)]


def _insert_sqlite(cur: sqlite3.Cursor, load: DemoLoad, progress: Progress | None) -> None:
    now = _sa(datetime.now().replace(microsecond=0))
    cur.executemany(
        "INSERT INTO citizen(id, full_name, phone, phone_valid, id_number, address, created_at)"
        " VALUES (?,?,?,1,NULL,?,?)",
        [(load.citizen_base + i, c.full_name, c.phone, c.address, now) for i, c in enumerate(load.citizens)],
    )
    written = 0
    for rows in built_ahead(_sqlite_rows(batch) for batch in load.batches):
        cur.executemany(f"INSERT INTO case_file({CASE_COLUMNS}) VALUES ({_qs(25)})", rows.cases)
        cur.executemany("INSERT INTO case_fts(rowid, exact, folded) VALUES (?,?,?)", rows.search)
        cur.executemany(f"INSERT INTO case_event({', '.join(EVENT_COLUMNS)}) VALUES ({_qs(8)})", rows.events)
        cur.executemany(f"INSERT INTO reply({', '.join(REPLY_COLUMNS)}) VALUES ({_qs(7)})", rows.replies)
        written += len(rows.cases)
        if progress:
            progress(written, load.cases)


def _sqlite_rows(rows: DemoRows) -> DemoRows:
    """Times as SQLAlchemy's SQLite DateTime stores them, so keyset comparisons hold."""
    return DemoRows(
        cases=[(*r[:5], _sa(r[5]), *r[6:21], _sa(r[21]), _sa(r[22]), _sa(r[23]), r[24]) for r in rows.cases],
        search=rows.search,
        events=[(e[0], _sa(e[1]), *e[2:]) for e in rows.events],
        replies=[(*r[:6], _sa(r[6])) for r in rows.replies],
    )


def _sqlite_counters(cur: sqlite3.Cursor, load: DemoLoad) -> None:
    for year, last in load.counters.items():
        if year in load.existing_years:
            cur.execute(
                "UPDATE case_counter SET last_seq=? WHERE office_id=? AND year=?",
                (last, load.office_id, year),
            )
        else:
            cur.execute(
                "INSERT INTO case_counter(office_id, year, last_seq) VALUES (?,?,?)",
                (load.office_id, year, last),
            )


def write_generic(engine: Engine, load: DemoLoad, progress: Progress | None) -> int:
    """Bulk inserts in one transaction (PostgreSQL: sequences moved on, search rows filled)."""
    now = datetime.now().replace(microsecond=0)
    cols = tuple(c.strip() for c in CASE_COLUMNS.split(","))
    with engine.begin() as conn:
        citizens = [
            {"id": load.citizen_base + i, "full_name": c.full_name, "phone": c.phone, "phone_valid": True,
             "address": c.address, "created_at": now}
            for i, c in enumerate(load.citizens)
        ]  # fmt: skip
        conn.execute(insert(Citizen), citizens)
        written = 0
        for rows in built_ahead(load.batches):
            conn.execute(insert(Case), _dicts(cols, rows.cases))
            conn.execute(insert(CaseEvent), _dicts(EVENT_COLUMNS, rows.events))
            if rows.replies:
                conn.execute(insert(Reply), _dicts(REPLY_COLUMNS, rows.replies))
            written += len(rows.cases)
            if progress:
                progress(written, load.cases)
        _generic_counters(conn, load)
        if conn.dialect.name == "postgresql":
            _postgres_after_load(conn)
    return load.cases


def _generic_counters(conn: Connection, load: DemoLoad) -> None:
    for year, last in load.counters.items():
        if year in load.existing_years:
            conn.execute(
                text("UPDATE case_counter SET last_seq=:l WHERE office_id=:o AND year=:y"),
                {"l": last, "o": load.office_id, "y": year},
            )
        else:
            conn.execute(insert(CaseCounter).values(office_id=load.office_id, year=year, last_seq=last))


def _postgres_after_load(conn: Connection) -> None:
    for table in ("case_file", "citizen"):
        conn.execute(
            text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))")
        )
    from app.services.cases.pg_search import backfill_missing

    backfill_missing(conn)
    conn.execute(text("ANALYZE case_search"))  # the frequencies of the search lexemes, for the planner


def _dicts(columns: tuple[str, ...], rows: list[Row]) -> list[dict[str, Any]]:
    return [dict(zip(columns, r, strict=True)) for r in rows]


def _sa(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat(" ", "microseconds")


def _qs(n: int) -> str:
    return ",".join("?" * n)
