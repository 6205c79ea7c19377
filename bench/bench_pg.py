"""PostgreSQL benchmark over loopback: saving a case, and the search box on a 1M-case demo register.

Run: .venv/bin/python bench/bench_pg.py --db postgresql+psycopg://postgres@127.0.0.1:5432/hotline_bench1m
     .venv/bin/python bench/bench_pg.py [--cases 1000000] [--admin-url postgresql+psycopg://postgres@127.0.0.1/test]
With ``--db`` an existing demo register is used as it is (made by ``hotline-desk --db URL demo
--cases 1000000``: 16 minutes on a 2-CPU machine with migration 0018's search words, which took
0.23 ms a row to compute, 0.11 ms since 0019, plus their GIN entries); without it a throw-away database of ``--cases`` cases is created, filled and dropped. The saves stay in a reused register (marked «[bench-pg]»).
Targets: save p50 ≤ 10 ms (issue 6) and p95 ≤ 15 ms (issue 18); search p95 ≤ 80 ms (issue 18),
over distinct queries of the demo register's words (bench_office.query_pool: a query is never
sent twice, so no figure is a warm repeat). The case count and the load average are printed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

from app.bootstrap import Services, command_line_services
from app.services.cases import pg_search
from app.services.cases.dto import CaseFilter, NewCase
from app.settings import resolve

sys.path.insert(0, str(Path(__file__).parent))
from bench_office import query_pool


def _times(fn: Callable[[], object], n: int) -> list[float]:
    out = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def _p95(ms: list[float]) -> float:
    return sorted(ms)[max(0, int(len(ms) * 0.95) - 1)]


def _report(name: str, ms: list[float], targets: str, ok: bool) -> None:
    print(f"{name:<36} n={len(ms):<5} p50 {statistics.median(ms):7.2f} ms   p95 {_p95(ms):7.2f} ms   "
          f"target {targets}   {'OK' if ok else 'SLOW'}")  # fmt: skip


def _measure(services: Services, searches: int) -> None:
    with services.engine.connect() as conn:
        cases = conn.exec_driver_sql("SELECT count(*) FROM case_file").scalar_one()
    print(f"{cases:,} cases; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    counter = iter(range(10**9))

    def save() -> None:
        i = next(counter)
        services.cases.create_case(
            NewCase(
                content=f"[bench-pg] Đèn đường hỏng số {i}", citizen_name="Trần Thị Bình", phone="0912345678"
            ),
            None,
        )

    _times(save, 20)  # warm the pool and the statement cache
    saves = _times(save, 500)
    _report(
        "save a case", saves, "p50 ≤ 10 ms, p95 ≤ 15 ms", statistics.median(saves) <= 10 and _p95(saves) <= 15
    )
    pool = query_pool()[:searches]
    queries = iter(pool)
    found = []

    def search() -> None:
        found.append(len(services.query.page(CaseFilter(text=next(queries))).rows))

    ms = _times(search, len(pool))
    _report(f"search, {len(pool)} distinct queries", ms, "p95 ≤ 80 ms", _p95(ms) <= 80)
    print(f"  queries with a full first page {sum(n >= 100 for n in found)}, with none {found.count(0)}")
    print(f"load average after {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", help="an existing demo register (PostgreSQL URL), used as it is")
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--searches", type=int, default=400)
    parser.add_argument("--admin-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    args = parser.parse_args()
    if args.db:
        services = command_line_services(resolve(args.db, data_dir=Path(tempfile.mkdtemp())))
        try:
            _measure(services, args.searches)
        finally:
            services.close()
        return 0
    admin = make_url(args.admin_url)
    conninfo = f"host={admin.host} port={admin.port or 5432} user={admin.username} dbname={admin.database}"
    name = f"hotline_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = admin.set(database=name).render_as_string(hide_password=False)
    services = command_line_services(resolve(url, data_dir=Path(tempfile.mkdtemp())))
    try:
        start = time.perf_counter()
        services.demo.generate(args.cases)
        with services.engine.begin() as conn:
            pg_search.backfill_missing(conn)
        with services.engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM ANALYZE")
        print(f"demo + search rows {args.cases:,} in {time.perf_counter() - start:.1f} s")
        _measure(services, args.searches)
    finally:
        services.close()
        with psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return 0


if __name__ == "__main__":
    sys.exit(main())
