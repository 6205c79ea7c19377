"""Run a few hot Core statements straight on the driver cursor of the current transaction.

SQLAlchemy's per-statement machinery (execution context, result wrapping, events) costs about
0.1 ms a statement on the machines we measured (bench/bench_register.py); the officer's save runs
nine of them, and the issue's target for the whole save is 2 ms. ``Direct`` compiles each statement once per dialect and then
only converts the parameters with the very bind processors SQLAlchemy would apply (and fills in
literals and the columns' Python-side defaults), so the stored row is the one ``conn.execute``
would store (tests/unit/test_direct.py compares them byte for byte). For module-level statements.
It runs inside the caller's transaction: same DBAPI connection, same lock, same commit.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Dialect, Insert
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler


@dataclass(frozen=True, slots=True)
class _Prepared:
    statement: ClauseElement  # kept alive, so the ``id`` in the cache key is never reused
    sql: str
    names: tuple[str, ...]
    positional: bool
    convert: dict[str, Callable[[Any], Any]]
    defaults: dict[str, Any]


_CACHE: dict[tuple[int, str, tuple[str, ...]], _Prepared] = {}


def _prepare(statement: ClauseElement, dialect: Dialect, keys: tuple[str, ...]) -> _Prepared:
    compiled = statement.compile(dialect=dialect, column_keys=list(keys))
    assert isinstance(compiled, SQLCompiler)
    names = tuple(compiled.positiontup or ()) if compiled.positional else tuple(compiled.binds)
    convert: dict[str, Callable[[Any], Any]] = {}
    defaults: dict[str, Any] = {}
    for name in names:
        bind = compiled.binds.get(name)
        if bind is None:
            continue
        processor = bind.type.dialect_impl(dialect).bind_processor(dialect)  # as SQLAlchemy runs it
        if processor is not None:
            convert[name] = processor
        if not bind.required:  # a literal in the statement, e.g. ``AuditHead.id == 1``
            defaults[name] = bind.effective_value
    if isinstance(statement, Insert):
        for column in statement.table.columns:
            default = column.default
            if column.key in keys or default is None:
                continue
            if not getattr(default, "is_scalar", False):  # a callable default needs SQLAlchemy's context
                raise ValueError(f"{column.key}: give a value, its default is computed at execution")
            defaults[column.key] = getattr(default, "arg", None)
    return _Prepared(statement, compiled.string, names, compiled.positional, convert, defaults)


class Direct:
    """``first``/``scalar`` for module-level statements on ``conn``'s driver cursor."""

    def __init__(self, conn: Connection) -> None:
        self._dialect = conn.dialect
        self._cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]

    def first(self, statement: ClauseElement, params: Mapping[str, Any]) -> tuple[Any, ...] | None:
        """The first row of ``statement`` run with ``params`` (``None`` when there is none)."""
        keys = tuple(sorted(params))
        cache_key = (id(statement), self._dialect.name, keys)
        prepared = _CACHE.get(cache_key)
        if prepared is None:
            prepared = _CACHE[cache_key] = _prepare(statement, self._dialect, keys)
        values = {**prepared.defaults, **params}
        for name, convert in prepared.convert.items():
            value = values.get(name)
            if value is not None:
                values[name] = convert(value)
        if prepared.positional:
            self._cursor.execute(prepared.sql, tuple(values.get(n) for n in prepared.names))
        else:
            self._cursor.execute(prepared.sql, {n: values.get(n) for n in prepared.names})
        if self._cursor.description is None:
            return None
        rows = self._cursor.fetchall()  # stepped to the end: a RETURNING statement is complete
        return tuple(rows[0]) if rows else None

    def scalar(self, statement: ClauseElement, params: Mapping[str, Any]) -> Any:
        """The first column of the first row, or ``None``."""
        row = self.first(statement, params)
        return row[0] if row is not None else None
