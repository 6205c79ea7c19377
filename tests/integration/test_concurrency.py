"""Eight officers saving at once: every case gets a unique, gap-free number and nobody sees an error."""

from __future__ import annotations

import multiprocessing
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from app.services.cases.dto import NewCase
from app.settings import resolve
from tests.sample_office import command_line_services

WORKERS = 8
PER_WORKER = 500


def _save_many(url: str, data_dir: str, worker: int, count: int, start_at: float) -> list[str]:
    """One officer's process: the real services, ``count`` saves as fast as it can."""
    services = command_line_services(resolve(url, data_dir=Path(data_dir)))
    try:
        time.sleep(max(0.0, start_at - time.time()))  # start together, after the imports
        numbers = []
        for i in range(count):
            saved = services.cases.create_case(
                NewCase(
                    content=f"Phản ánh số {i} của cán bộ {worker}", citizen_name=f"Công dân {worker}-{i}"
                ),
                None,
            )
            numbers.append(saved.number)
        return numbers
    finally:
        services.close()


def _run_officers(url: str, data_dir: Path) -> list[str]:
    command_line_services(resolve(url, data_dir=data_dir)).close()  # migrate and seed once, like `init`
    ctx = multiprocessing.get_context("spawn")
    start_at = time.time() + 3.0
    with ctx.Pool(WORKERS) as pool:
        args = [(url, str(data_dir), w, PER_WORKER, start_at) for w in range(WORKERS)]
        results = pool.starmap(_save_many, args)
    return [n for numbers in results for n in numbers]


def _check(url: str, data_dir: Path, numbers: list[str]) -> None:
    total = WORKERS * PER_WORKER
    assert len(numbers) == len(set(numbers)) == total
    seqs = sorted(int(n.split("-")[1]) for n in numbers)
    assert seqs == list(range(1, total + 1))  # unique and gap-free
    services = command_line_services(resolve(url, data_dir=data_dir))
    try:
        with services.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM case_file")).scalar() == total
            assert conn.execute(text("SELECT max(last_seq) FROM case_counter")).scalar() == total
    finally:
        services.close()


@pytest.mark.slow
def test_eight_processes_share_one_sqlite_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'hotline.db'}"
    _check(url, tmp_path, _run_officers(url, tmp_path))


@pytest.mark.slow
@pytest.mark.postgres
def test_eight_processes_share_one_postgresql_database(pg_url: str, tmp_path: Path) -> None:
    _check(pg_url, tmp_path, _run_officers(pg_url, tmp_path))
