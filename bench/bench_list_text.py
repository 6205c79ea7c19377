"""What the list's longer content cut costs: case-list pages read with 160 vs 600 characters of content.

Run: .venv/bin/python bench/bench_list_text.py [--cases 100000] [--db PATH] [--reuse]
The list row carries up to ``LIST_TEXT_CHARS`` (600) characters so its tooltip shows the content
(issue 19); before, 160. Measures the first page (100 rows) and a read-ahead page (1,000 rows),
plain and searched, with each cut, in the same run on the same database.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import app.services.cases.case_query as case_query
from app.bootstrap import command_line_services
from app.services.cases.dto import CaseFilter
from app.settings import resolve


def _times(fn: Callable[[], int], n: int) -> tuple[list[float], int]:
    out, rows = [], 0
    for _ in range(n):
        start = time.perf_counter()
        rows = fn()
        out.append((time.perf_counter() - start) * 1000)
    return out, rows


def _lengthen(db: Path, chars: int) -> None:
    """Real hotline texts run to several hundred characters; the demo's stay under 120."""
    tail = (" Đề nghị cơ quan chức năng kiểm tra, xử lý dứt điểm và trả lời công dân bằng văn bản." * 20)[
        :chars
    ]
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE case_file SET content = content || ?", (tail,))
        length = conn.execute("SELECT avg(length(content)) FROM case_file").fetchone()[0]
    print(f"contents lengthened to {length:.0f} characters on average")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--db", default="/tmp/hotline-bench-list/hotline.db")
    parser.add_argument("--reuse", action="store_true", help="keep an existing database")
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument(
        "--lengthen",
        type=int,
        default=700,
        help="append this many characters to every content (demo texts are short)",
    )
    args = parser.parse_args()
    db = Path(args.db)
    if not (args.reuse and db.exists()):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        db.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "app", "--db", str(db), "demo", "--cases", str(args.cases),
                        "--quiet"], check=True)  # fmt: skip
    if args.lengthen and not args.reuse:
        _lengthen(db, args.lengthen)
    services = command_line_services(resolve(f"sqlite:///{db}", data_dir=db.parent))
    query = services.query
    print(f"database: {db} ({args.cases:,} cases)")
    for chars in (160, case_query.LIST_TEXT_CHARS):
        case_query.LIST_TEXT_CHARS = chars
        for name, flt, size in (
            ("first page", CaseFilter(), 100),
            ("read-ahead page", CaseFilter(), 1000),
            ("search 'cong thoat nuoc'", CaseFilter(text="cong thoat nuoc"), 100),
        ):
            query.page(flt, None, size)  # warm the cache
            ms, rows = _times(lambda f=flt, s=size: len(query.page(f, None, s).rows), args.runs)
            p50, p95 = statistics.median(ms), sorted(ms)[max(0, int(len(ms) * 0.95) - 1)]
            print(f"{chars:>4} chars  {name:<26} {rows:>5} rows  p50 {p50:7.2f} ms  p95 {p95:7.2f} ms")
    services.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
