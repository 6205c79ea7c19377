"""PostgreSQL benchmark over loopback: saving a case, and the search box on a demo register.

Run: .venv/bin/python bench/bench_pg.py [--cases 100000] [--admin-url postgresql+psycopg://postgres@127.0.0.1/test]
Targets (issue 6): save p50 ≤ 10 ms. Search is reported next to the SQLite target (first page p95 ≤ 50 ms).
A throw-away database is created and dropped.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

from app.bootstrap import command_line_services
from app.services.cases import pg_search
from app.services.cases.dto import CaseFilter, NewCase
from app.services.demo.demo_service import DemoService
from app.settings import resolve

QUERIES = ["dat dai", "Đất đai", "cong thoat nuoc", "Cẩm Giàng", "cam giang", "ổ gà", "rac thai",
           "Nguyễn Văn", "tran hung dao", "smart hai phong", "2026-00042", "0912", "chung thuc"]  # fmt: skip


def _times(fn: Callable[[], object], n: int) -> list[float]:
    out = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def _report(name: str, ms: list[float], target: float) -> None:
    p50, p95 = statistics.median(ms), sorted(ms)[max(0, int(len(ms) * 0.95) - 1)]
    print(f"{name:<28} p50 {p50:7.2f} ms   p95 {p95:7.2f} ms   target {target} ms   "
          f"{'OK' if p50 <= target else 'SLOW'}")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--admin-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    args = parser.parse_args()
    admin = make_url(args.admin_url)
    conninfo = f"host={admin.host} port={admin.port or 5432} user={admin.username} dbname={admin.database}"
    name = f"hotline_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = admin.set(database=name).render_as_string(hide_password=False)
    services = command_line_services(resolve(url, data_dir=Path(tempfile.mkdtemp())))
    try:
        start = time.perf_counter()
        DemoService(
            services.engine,
            services.sessions,
            services.office_id,
            services.due_policy,
            signed_in=services.signed_in,
        ).generate(args.cases)
        with services.engine.begin() as conn:
            pg_search.backfill_missing(conn)
            conn.exec_driver_sql("ANALYZE")
        print(f"{'demo + search rows ' + format(args.cases, ','):<28} {time.perf_counter() - start:7.1f} s")
        counter = iter(range(10**9))

        def save() -> None:
            i = next(counter)
            services.cases.create_case(
                NewCase(content=f"Đèn đường hỏng số {i}", citizen_name="Trần Thị Bình", phone="0912345678"),
                None,
            )

        _times(save, 20)  # warm the pool and the statement cache
        _report("save a case", _times(save, 500), 10)
        for query in QUERIES:
            _report(
                f"search «{query}»", _times(lambda q=query: services.query.page(CaseFilter(text=q)), 20), 50
            )
    finally:
        services.close()
        with psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return 0


if __name__ == "__main__":
    sys.exit(main())
