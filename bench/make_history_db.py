"""A demo database with a long history: ``--loads`` demo loads of ``--cases`` each, two years apart.

Run: .venv/bin/python bench/make_history_db.py --db PATH --cases 1000000 --loads 3
``hotline-desk demo`` spreads its cases over the two years before today, so ``demo --cases
3000000`` makes a denser database, not a longer one: a year in it holds three times the cases.
The history check of issue 18 (item 1) needs the same year as dense as in the 1M-case database
with four more years before it. This writes the oldest load first (the first ends four years
ago, the last today), so case numbers and counters run forward as in a real office. A demo load
leaves its last weeks' cases open at its end; an office has answered them years later, so the
cases of the older loads still open when the next load starts are closed 25 days after receipt
(without that, 87,000 cases would stay open for two to six years: a backlog no office has).
SQLite only.
"""

from __future__ import annotations

import argparse
import time
from datetime import date
from pathlib import Path

from sqlalchemy import text

from app.bootstrap import command_line_services
from app.settings import resolve

CLOSE_OLD = """UPDATE case_file SET status = 'closed',
 closed_at = strftime('%Y-%m-%d %H:%M:%S', received_at, '+25 days') || '.000000'
 WHERE closed_at IS NULL AND received_at < :start"""


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--cases", type=int, default=1_000_000, help="cases per two-year load")
    parser.add_argument("--loads", type=int, default=3)
    args = parser.parse_args()
    db = Path(args.db)
    url = f"sqlite:///{db}"
    today = date.today()
    for load in reversed(range(args.loads)):
        end = today.replace(year=today.year - 2 * load)
        services = command_line_services(resolve(url, data_dir=db.parent))
        started = time.perf_counter()
        written = services.demo.generate(args.cases, seed=1 + load, end=end)
        print(f"{written:,} cases ending {end} in {time.perf_counter() - started:.1f} s", flush=True)
        if load:
            with services.engine.begin() as conn:
                closed = conn.execute(text(CLOSE_OLD), {"start": f"{end} 00:00:00.000000"}).rowcount
            print(f"  closed {closed:,} cases the load left open", flush=True)
        services.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
