"""Register benchmarks on a large demo database: demo build, save, list, search, phone lookup.

Run: .venv/bin/python bench/bench_register.py [--cases 1000000] [--db PATH] [--reuse]
Targets (issue 2): demo 1M ≤ 90 s; save p50 ≤ 2 ms; list first page ≤ 50 ms; search first page
p95 ≤ 50 ms; phone lookup ≤ 1 ms. UI paint and cold start: bench/bench_ui.py.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select

from app.bootstrap import command_line_services
from app.models import Citizen
from app.services.cases.dto import CaseFilter, NewCase
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
    p50 = statistics.median(ms)
    p95 = sorted(ms)[max(0, int(len(ms) * 0.95) - 1)]
    verdict = "OK" if p95 <= target or (name.startswith("save") and p50 <= target) else "SLOW"
    print(f"{name:<34} p50 {p50:8.3f} ms   p95 {p95:8.3f} ms   target {target} ms   {verdict}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--db", default="/tmp/hotline-bench/hotline.db")
    parser.add_argument("--reuse", action="store_true", help="keep an existing database")
    args = parser.parse_args()
    db = Path(args.db)
    if not (args.reuse and db.exists()):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        db.parent.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "app", "--db", str(db), "demo", "--cases", str(args.cases),
                        "--quiet"], check=True)  # fmt: skip
        print(f"{'demo --cases ' + format(args.cases, ','):<34} {time.perf_counter() - start:8.1f} s"
              f"   target 90 s")  # fmt: skip
    services = command_line_services(resolve(f"sqlite:///{db}", data_dir=db.parent))
    with services.sessions() as session:
        phones = list(session.scalars(select(Citizen.phone).limit(200)))
    _report("list first page (100 rows)", _times(lambda: services.query.page(CaseFilter()), 50), 50)
    first = services.query.page(CaseFilter())
    key = first.next_key
    _report("list next page (keyset)", _times(lambda: services.query.page(CaseFilter(), after=key), 50), 16)
    _report("list overdue filter", _times(lambda: services.query.page(CaseFilter(overdue=True)), 20), 50)
    _report("list due-soon filter", _times(lambda: services.query.page(CaseFilter(due_soon=True)), 20), 50)
    search_ms: list[float] = []
    for q in QUERIES:
        search_ms += _times(lambda q=q: services.query.page(CaseFilter(text=q)), 10)
    _report("search first page", search_ms, 50)
    national = ["0" + p[3:] for p in phones if p and p.startswith("+84")]
    lookups = [t for p in national[:100] for t in _times(lambda p=p: services.query.caller_history(p), 1)]
    _report("phone lookup (caller history)", lookups, 1)
    counter = iter(range(10**9))
    save = lambda: services.cases.create_case(  # noqa: E731
        NewCase(content=f"Phản ánh đo tốc độ số {next(counter)}: cống thoát nước bị tắc",
                phone="0912 345 678", citizen_name="Nguyễn Văn Đo"), None)  # fmt: skip
    _times(save, 5)
    _report("save one case (service)", _times(save, 200), 2)
    _report("dashboard load", _times(services.dashboard.load, 5), 500)
    services.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
