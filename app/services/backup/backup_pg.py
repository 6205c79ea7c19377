"""PostgreSQL backup as an application-level export: every table as JSON lines in one zip."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable, Iterator
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Column, Connection, Date, DateTime, Engine, MetaData, Table, Time, func, select, text

from app.services.backup.backup_manifest import CORRUPT, BackupCorruptError, BackupError, BackupManifest

Progress = Callable[[int, int], None]
MANIFEST_NAME = "manifest.json"
BATCH = 5000
SKIP = {"alembic_version"}
NOT_EMPTY = (
    "Cơ sở dữ liệu PostgreSQL đích đã có dữ liệu. Chỉ khôi phục vào một cơ sở dữ liệu trống "
    "(tạo mới bằng CREATE DATABASE) để không ghi đè dữ liệu đang dùng."
)


SEEDED = frozenset({"audit_head"})
"""Tables a fresh migration already fills (the audit chain's starting row)."""


def _tables(conn: Connection) -> list[Table]:
    meta = MetaData()
    meta.reflect(conn)
    return [t for t in meta.sorted_tables if t.name not in SKIP]


def _stored(table: Table) -> list[Column[Any]]:
    """The columns a backup carries: not those the database computes (``case_search.terms``)."""
    return [c for c in table.columns if c.computed is None]


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def export_tables(
    engine: Engine, target: Path | IO[bytes], manifest: BackupManifest, progress: Progress | None
) -> dict[str, int]:
    """Write ``target`` (zip: manifest.json + tables/<name>.jsonl) from one REPEATABLE READ snapshot."""
    counts: dict[str, int] = {}
    with (
        engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn,
        conn.begin(),
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive,
    ):
        tables = _tables(conn)
        for done, table in enumerate(tables, start=1):
            with archive.open(f"tables/{table.name}.jsonl", "w", force_zip64=True) as member:
                count = 0
                order = list(table.primary_key.columns) or _stored(table)
                result = conn.execution_options(stream_results=True, yield_per=BATCH).execute(
                    select(*_stored(table)).order_by(*order)
                )
                for row in result:
                    line = json.dumps([_plain(v) for v in row], ensure_ascii=False, separators=(",", ":"))
                    member.write(line.encode("utf-8") + b"\n")
                    count += 1
            counts[table.name] = count
            if progress is not None:
                progress(done, len(tables))
        stamped = BackupManifest(**{**_fields(manifest), "row_counts": counts})
        archive.writestr(MANIFEST_NAME, stamped.to_json())
    return counts


def _fields(manifest: BackupManifest) -> dict[str, Any]:
    return {name: getattr(manifest, name) for name in manifest.__dataclass_fields__}


def read_zip_manifest(path: Path) -> BackupManifest:
    try:
        with zipfile.ZipFile(path) as archive:
            return BackupManifest.from_json(archive.read(MANIFEST_NAME))
    except (zipfile.BadZipFile, KeyError, OSError, EOFError) as error:
        raise BackupCorruptError(CORRUPT.format(detail="tệp nén không đọc được")) from error


def _lines(archive: zipfile.ZipFile, name: str) -> Iterator[list[Any]]:
    with archive.open(f"tables/{name}.jsonl") as member:
        for raw in member:
            yield json.loads(raw)


def _converters(table: Table) -> list[Callable[[Any], Any]]:
    def conv(col_type: Any) -> Callable[[Any], Any]:
        if isinstance(col_type, DateTime):
            return lambda v: None if v is None else datetime.fromisoformat(v)
        if isinstance(col_type, Date):
            return lambda v: None if v is None else date.fromisoformat(v)
        if isinstance(col_type, Time):
            return lambda v: None if v is None else time.fromisoformat(v)
        return lambda v: v

    return [conv(c.type) for c in _stored(table)]


def import_tables(
    conn: Connection, source: Path, manifest: BackupManifest, progress: Progress | None
) -> None:
    """Load every table of the export into the (migrated, empty) database on ``conn``."""
    tables = _tables(conn)
    if any(
        conn.execute(select(func.count()).select_from(t)).scalar() for t in tables if t.name not in SEEDED
    ):
        raise BackupError(NOT_EMPTY)
    try:
        with zipfile.ZipFile(source) as archive:
            names = {n.removeprefix("tables/").removesuffix(".jsonl") for n in archive.namelist()}
            for done, table in enumerate(tables, start=1):
                if table.name in names:
                    if table.name in SEEDED:  # the migration's starting row gives way to the saved one
                        conn.execute(table.delete())
                    _load(conn, archive, table)
                if progress is not None:
                    progress(done, len(tables))
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
        raise BackupCorruptError(CORRUPT.format(detail=str(error)[:200])) from error
    _reset_sequences(conn, tables)
    got = {t.name: int(conn.execute(select(func.count()).select_from(t)).scalar() or 0) for t in tables}
    wrong = [f"{t}: {got.get(t)} thay vì {n}" for t, n in manifest.row_counts.items() if got.get(t) != n]
    if wrong:
        raise BackupCorruptError(CORRUPT.format(detail="số dòng khác: " + ", ".join(wrong)[:300]))


def _load(conn: Connection, archive: zipfile.ZipFile, table: Table) -> None:
    keys = [c.key for c in _stored(table)]
    convert = _converters(table)
    batch: list[dict[str, Any]] = []
    for values in _lines(archive, table.name):
        if len(values) != len(keys):
            raise ValueError(f"bảng {table.name}: số cột không khớp")
        batch.append({k: f(v) for k, f, v in zip(keys, convert, values, strict=True)})
        if len(batch) >= BATCH:
            conn.execute(table.insert(), batch)
            batch = []
    if batch:
        conn.execute(table.insert(), batch)


def _reset_sequences(conn: Connection, tables: list[Table]) -> None:
    """Point each serial id's sequence past the restored rows."""
    for table in tables:
        if "id" not in table.columns:
            continue
        seq = conn.execute(text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": table.name}).scalar()
        if seq:
            conn.execute(
                text(f'SELECT setval(:s, COALESCE((SELECT max(id) FROM "{table.name}"), 0) + 1, false)'),
                {"s": seq},
            )
