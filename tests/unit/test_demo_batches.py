"""The demo builds its rows in batches on a thread of its own while the previous batch is written:
the register it leaves is the same whatever the batch size, and a failure on either side stops both."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

import app.services.demo.demo_service as demo_service
from app.services.demo.built_ahead import built_ahead
from app.services.demo.demo_service import DemoService
from app.settings import resolve
from tests.sample_office import command_line_services

CASES = 120


def _register(folder: Path) -> list[tuple[object, ...]]:
    services = command_line_services(resolve(f"sqlite:///{folder}/t.db", data_dir=folder))
    demo = DemoService(services.engine, services.sessions, services.office_id, services.due_policy,
                       signed_in=services.signed_in)  # fmt: skip
    assert demo.generate(CASES, seed=3) == CASES
    services.close()
    with sqlite3.connect(folder / "t.db") as conn:
        cases = conn.execute(
            "SELECT number, received_at, status, department_id, due_date, closed_at, content FROM case_file"
            " ORDER BY id"
        ).fetchall()
        events = conn.execute("SELECT case_id, at, action, to_status FROM case_event ORDER BY id").fetchall()
        replies = conn.execute("SELECT case_id, replied_on FROM reply ORDER BY id").fetchall()
        found = conn.execute("SELECT rowid FROM case_fts WHERE case_fts MATCH 'folded:nuoc'").fetchall()
        counters = conn.execute("SELECT year, last_seq FROM case_counter ORDER BY year").fetchall()
    return [*cases, *events, *replies, len(found), *counters]


def test_the_register_is_the_same_whatever_the_batch_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "one").mkdir()
    (tmp_path / "many").mkdir()
    whole = _register(tmp_path / "one")
    monkeypatch.setattr(demo_service, "BATCH", 7)  # 18 batches, the last one short
    batched = _register(tmp_path / "many")
    assert len(whole) > 2 * CASES
    assert batched == whole


def test_batches_come_in_order_made_by_another_thread() -> None:
    makers: list[threading.Thread] = []

    def batches() -> Iterator[int]:
        for n in range(50):
            makers.append(threading.current_thread())
            yield n

    assert list(built_ahead(batches(), depth=3)) == list(range(50))
    assert all(t is not threading.main_thread() for t in makers)


def test_an_error_while_building_reaches_the_writer() -> None:
    def batches() -> Iterator[int]:
        yield 1
        raise ValueError("hỏng dữ liệu mẫu")

    got: list[int] = []
    with pytest.raises(ValueError, match="hỏng dữ liệu mẫu"):
        for n in built_ahead(batches()):
            got.append(n)
    assert got == [1]


def test_a_writer_that_fails_stops_the_builder() -> None:
    made: list[int] = []

    def batches() -> Iterator[int]:
        for n in range(10_000):
            made.append(n)
            yield n

    with pytest.raises(OSError):
        for n in built_ahead(batches(), depth=2):
            if n == 3:
                raise OSError("database or disk is full")
    assert len(made) <= 3 + 1 + 2 + 1, "the builder stopped a few batches ahead, not at the end"
    assert not any(t.name == "demo-rows" for t in threading.enumerate())
