"""Numbers typed in the search box: case numbers, platform codes and phones through their own index.

Run: .venv/bin/python bench/bench_code_search.py [--source /work/benchdata/b1m.db] [--work DIR] [--n 200]

The source database is copied first (opening it as the program does may write to it). Each query is a distinct input — a
different case number, code or phone each time, no warm repeats — through
``services.query.page`` exactly as the search box and ``hotline-desk find`` call it. The same
inputs are then run through the full-text index alone (what the search did before) for the ratio.
Target (issue 18 item 4): p95 ≤ 5 ms for an exact number.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import app.services.cases.case_query as case_query
from app.bootstrap import Services, command_line_services
from app.domain.phone import format_phone
from app.services.cases.dto import CaseFilter
from app.settings import resolve

TARGET_MS = 5.0


def _copy(source: Path, work: Path) -> Path:
    work.mkdir(parents=True, exist_ok=True)
    target = work / "hotline.db"
    if not target.exists() or target.stat().st_size != source.stat().st_size:
        started = time.perf_counter()
        for suffix in ("", "-wal"):
            if Path(str(source) + suffix).exists():
                shutil.copyfile(str(source) + suffix, str(target) + suffix)
        print(f"copied {source} → {target} in {time.perf_counter() - started:.0f} s")
    return target


def _inputs(db: Path, n: int, seed: int) -> dict[str, list[str]]:
    """Distinct case numbers, platform codes (the demo's 1022 codes) and phones, at random."""
    rng = random.Random(seed)
    with sqlite3.connect(db) as conn:
        top = conn.execute("SELECT max(id) FROM case_file").fetchone()[0]
        ids = rng.sample(range(1, top + 1), 3 * n)
        marks = ",".join("?" * len(ids))
        numbers = [r[0] for r in conn.execute(f"SELECT number FROM case_file WHERE id IN ({marks})", ids)]
        codes = [
            r[0]
            for r in conn.execute(
                "SELECT external_ref FROM case_file WHERE external_ref <> '' ORDER BY random() LIMIT ?", (n,)
            )
        ]
        phones = [
            r[0]
            for r in conn.execute(
                "SELECT phone FROM citizen WHERE phone LIKE '+84%' AND phone_valid ORDER BY random() LIMIT ?",
                (2 * n,),
            )
        ]
    return {
        "case number (exact)": numbers[:n],
        "case number (prefix, 9 of 10 chars)": [x[:-1] for x in numbers[n : 2 * n]],
        "platform code (exact)": codes,
        "platform code (prefix, all but 3 chars)": list(dict.fromkeys(c[:-3] for c in codes)),
        "phone (exact, as typed)": [format_phone(p) for p in phones[:n]],
    }


def _measure(services: Services, queries: Sequence[str]) -> tuple[list[float], list[int]]:
    times, found = [], []
    for query in queries:
        started = time.perf_counter()
        rows = services.query.page(CaseFilter(text=query), limit=100).rows
        times.append((time.perf_counter() - started) * 1000)
        found.append(len(rows))
    return times, found


def _line(name: str, times: list[float], found: list[int]) -> str:
    q = statistics.quantiles(times, n=20) if len(times) >= 2 else times * 19
    return (
        f"{name:<38} n={len(times):>4}  p50 {statistics.median(times):7.2f} ms  p95 {q[18]:7.2f} ms  "
        f"max {max(times):7.2f} ms  rows/query {min(found)}–{max(found)}"
    )


def _fts_only(run: Callable[[], None]) -> None:
    """Run with the number indexes switched off: every query goes to the full-text index."""
    original = case_query.index_candidates
    case_query.index_candidates = lambda query, *, postgresql: []  # type: ignore[assignment]
    try:
        run()
    finally:
        case_query.index_candidates = original


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--source", type=Path, default=Path("/work/benchdata/b1m.db"))
    parser.add_argument("--work", type=Path, default=Path("/tmp/hotline-bench-codes"))
    parser.add_argument("--n", type=int, default=200, help="distinct inputs per kind")
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()
    db = _copy(args.source, args.work)
    inputs = _inputs(db, args.n, args.seed)
    with sqlite3.connect(db) as conn:
        cases = conn.execute("SELECT count(*) FROM case_file").fetchone()[0]
        citizens = conn.execute("SELECT count(*) FROM citizen").fetchone()[0]
        coded = conn.execute("SELECT count(*) FROM case_file WHERE external_ref <> ''").fetchone()[0]
    print(f"database {db}: {db.stat().st_size / 1e6:,.0f} MB, {cases:,} cases, {citizens:,} citizens, "
          f"{coded:,} with a platform code")  # fmt: skip
    services = command_line_services(resolve(f"sqlite:///{db}", data_dir=args.work))
    warm = [f"{2025}-{i:05d}" for i in range(1, 30)]
    _measure(services, warm)  # page cache and statement cache, on inputs not measured below
    verdict = True
    print("— own index first (this change)")
    for name, queries in inputs.items():
        times, found = _measure(services, queries)
        print(_line(name, times, found))
        if name == "case number (exact)":
            p95 = statistics.quantiles(times, n=20)[18]
            verdict = p95 <= TARGET_MS and min(found) == 1
    print("— full-text index only (before)")

    def before() -> None:
        for name in inputs:
            times, found = _measure(services, inputs[name][: max(20, args.n // 4)])
            print(_line(name, times, found))

    _fts_only(before)
    services.close()
    print(f"verdict: exact case number p95 ≤ {TARGET_MS} ms: {'PASS' if verdict else 'FAIL'}")
    return 0 if verdict else 1


if __name__ == "__main__":
    raise SystemExit(main())
