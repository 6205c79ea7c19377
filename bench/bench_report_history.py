"""Report aggregates against history: a period's summary costs the period, not the years before it.

Run: .venv/bin/python bench/bench_report_history.py --db PATH [--db PATH3M] [--year 2025] [--runs 5]
Target (issue 18, item 1): yearly aggregates (report_data.gather) ≤ 0.3 s on a 1M-case database,
and on a database with three times the history ≤ 1.2× that (growth ≤ 20 %).

For each database it prints the size, the row counts (cases, replies, received in the year,
carried into it), then p50/p95 over distinct periods (the year and its four quarters, each run
``--runs`` times) of: the floor (counting the year's own received cases in an index, which no
report of that year can skip), the report's aggregates, and the old single ``received_in OR
carried`` filter for comparison, each as wall time and as the process's CPU time (SQLite runs
in the process: on a shared machine the CPU time is the figure the neighbours do not move).
The database is migrated on open (a copy!). ``uptime`` is printed before and after.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import Connection, text

from app.bootstrap import Services, command_line_services
from app.db import migrate
from app.db.engine import make_engine, reading
from app.domain.periods import Period, quarter, whole_year
from app.services.reports import report_data
from app.settings import resolve

FLOOR = """SELECT count(*) FROM case_file WHERE received_at >= :b AND received_at < :e"""
OLD = """SELECT channel, kind, field_id, department_id,
 CASE WHEN closed_at IS NOT NULL AND closed_at >= :e THEN 'in_progress' ELSE status END,
 received_at >= :b AND received_at < :e, count(*),
 sum(CASE WHEN closed_at IS NOT NULL AND closed_at < :e AND due_date IS NOT NULL
      AND date(closed_at) <= due_date THEN 1 ELSE 0 END),
 sum(CASE WHEN closed_at IS NOT NULL AND closed_at < :e AND due_date IS NOT NULL
      AND date(closed_at) > due_date THEN 1 ELSE 0 END),
 sum(CASE WHEN NOT (closed_at IS NOT NULL AND closed_at < :e) AND due_date < :d THEN 1 ELSE 0 END)
 FROM case_file WHERE (received_at >= :b AND received_at < :e)
  OR (received_at < :b AND (closed_at IS NULL OR closed_at >= :b)) GROUP BY 1, 2, 3, 4, 5, 6"""
"""gather()'s grouped query before issue 18 (the reply count, unchanged but for its index, aside)."""
CARRIED = """SELECT count(*) FROM case_file
 WHERE received_at < :b AND (closed_at IS NULL OR closed_at >= :b)"""


def _bounds(period: Period) -> dict[str, str]:
    end_next = period.end + timedelta(days=1)
    return {"b": f"{period.start} 00:00:00.000000", "e": f"{end_next} 00:00:00.000000", "d": str(period.end)}


def _samples(fn: Callable[[Period], object], periods: list[Period], runs: int) -> list[tuple[float, float]]:
    out = []
    for _ in range(runs):
        for period in periods:
            start, cpu = time.perf_counter(), time.process_time()
            fn(period)
            out.append((time.perf_counter() - start, time.process_time() - cpu))
    return out


def _p95(values: list[float]) -> float:
    return sorted(values)[max(0, int(len(values) * 0.95) - 1)]


def _line(name: str, samples: list[tuple[float, float]], target: str = "") -> None:
    wall, cpu = [w for w, _ in samples], [c for _, c in samples]
    print(f"  {name:<44} p50 {statistics.median(wall):7.3f} s   p95 {_p95(wall):7.3f} s   "
          f"cpu p50 {statistics.median(cpu):7.3f} s   p95 {_p95(cpu):7.3f} s   {target}")  # fmt: skip


def _counts(conn: Connection, year: Period) -> None:
    one = lambda sql, **kw: conn.execute(text(sql), kw).scalar_one()  # noqa: E731
    b = _bounds(year)
    print(f"  cases {one('SELECT count(*) FROM case_file'):,}   replies {one('SELECT count(*) FROM reply'):,}"
          f"   received from {one('SELECT min(received_at) FROM case_file')[:10]}")  # fmt: skip
    received = one("SELECT count(*) FROM case_file WHERE received_at >= :b AND received_at < :e", **b)
    print(f"  {year.start.year}: received {received:,}   carried into it {one(CARRIED, **b):,}")


def _open(db: Path) -> Services:
    url = f"sqlite:///{db}"
    engine = make_engine(url)
    if migrate.needs_upgrade(engine):  # straight, without the 1.5 GB backup before an upgrade
        start = time.perf_counter()
        migrate.upgrade(engine)
        print(f"{db}: migrated to {migrate.head_revision()} in {time.perf_counter() - start:.1f} s")
    engine.dispose()
    return command_line_services(resolve(url, data_dir=db.parent))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", action="append", required=True, help="a copy: it is migrated")
    parser.add_argument("--year", type=int, default=date.today().year - 1)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    periods = [whole_year(args.year)] + [quarter(args.year, q) for q in (1, 2, 3, 4)]
    print(
        f"load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f} (1/5/15 min), {os.cpu_count()} CPUs"
    )
    today = date.today()
    opened = [(Path(db), _open(Path(db))) for db in args.db]
    conns = [reading(s.engine).connect() for _, s in opened]
    for (db, _), conn in zip(opened, conns, strict=True):
        print(f"{db}  ({db.stat().st_size / 1e9:.2f} GB)")
        _counts(conn, periods[0])
    # Interleaved (database after database, run after run) so the machine's load hits all alike.
    samples: dict[tuple[int, str], list[tuple[float, float]]] = {}
    for _ in range(args.runs):
        for i, conn in enumerate(conns):
            for name, fn in (
                ("floor", lambda p, c=conn: c.execute(text(FLOOR), _bounds(p)).all()),
                ("gather", lambda p, c=conn: report_data.gather(c, p.start, p.end, today)),
                ("old", lambda p, c=conn: c.execute(text(OLD), _bounds(p)).all()),
            ):
                samples.setdefault((i, name), []).extend(_samples(fn, periods, 1))
    yearly = []
    for i, (db, _) in enumerate(opened):
        print(f"{db.name}: p50/p95 over {len(periods)} periods (the year, its quarters) × {args.runs} runs")
        _line("floor: count the period's received cases", samples[(i, "floor")])
        _line("report aggregates (gather)", samples[(i, "gather")], "target ≤ 0.3 s (yearly)")
        _line("old received_in OR carried query", samples[(i, "old")])
        year_only = {
            k: statistics.median(w for w, _ in samples[(i, k)][:: len(periods)])
            for k in ("floor", "gather", "old")
        }
        year_cpu = statistics.median(c for _, c in samples[(i, "gather")][:: len(periods)])
        print(f"  the year alone, p50 of {args.runs}: gather {year_only['gather']:.3f} s (cpu {year_cpu:.3f} s)"
              f"   floor {year_only['floor']:.3f} s   old {year_only['old']:.3f} s"
              f"   target ≤ 0.3 s  {'OK' if year_only['gather'] <= 0.3 else 'SLOW'}")  # fmt: skip
        yearly.append(year_only)
    for conn in conns:
        conn.close()
    for _, services in opened:
        services.close()
    print(f"load after: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
    if len(yearly) > 1:
        for k in ("gather", "old", "floor"):
            print(f"growth with history, yearly {k}: {yearly[-1][k] / yearly[0][k]:.2f}×"
                  f"{'   target ≤ 1.2×' if k == 'gather' else ''}")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
