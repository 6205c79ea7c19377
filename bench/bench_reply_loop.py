"""The loop back to the citizen on a large demo database: call-back list, awaiting approval, report share.

Run: .venv/bin/python bench/bench_reply_loop.py [--cases 1000000] [--db PATH] [--reuse]
Targets (issue 15): the call-back list and the "awaiting approval" list first page ≤ 50 ms;
the report's loop section (first answers, call-backs, satisfaction) adds ≤ 10% to the yearly
report time, both measured in the same run. The demo has no loop data: this script adds
first answers, pending drafts and call-backs with plain SQL before measuring.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select, text

from app.bootstrap import Services, command_line_services
from app.domain.periods import whole_year
from app.models import Callback, Case, FirstAnswer, ReplyDraft
from app.services.reports import loop_figures
from app.services.reports.report_service import ReportOptions
from app.settings import resolve


def _times(fn: Callable[[], object], n: int) -> list[float]:
    out = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def _line(name: str, ms: list[float], target: str) -> None:
    p50 = statistics.median(ms)
    p95 = sorted(ms)[max(0, int(len(ms) * 0.95) - 1)]
    print(f"{name:<40} p50 {p50:9.2f} ms   p95 {p95:9.2f} ms   target {target}")


def _seed(services: Services, now: datetime) -> None:
    """First answers for 1 case in 3, 300 pending drafts, call-backs for half the recent closings."""
    with services.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO case_first_answer (case_id, answered_on, method, text, due_on, user_id, created_at) "
                "SELECT id, date(received_at), 'goi_lai', 'Đã tiếp nhận', date(received_at, '+2 days'), NULL, "
                "received_at FROM case_file WHERE id % 3 = 0"
            )
        )
        conn.execute(
            text(
                "INSERT INTO reply_draft (case_id, status, text, template_code, version, submitted_text, comment, "
                "created_at, updated_at) SELECT id, 'pending', 'Dự thảo', '', 1, 'Dự thảo', '', :now, :now "
                "FROM case_file WHERE status IN ('assigned', 'in_progress', 'resolved') LIMIT 300"
            ),
            {"now": now},
        )
        conn.execute(
            text(
                "INSERT INTO case_callback (case_id, closed_at, result, note, department_id, field_id, user_id, "
                "recorded_at) SELECT id, closed_at, CASE id % 3 WHEN 0 THEN 'hai_long' WHEN 1 THEN 'chua_hai_long' "
                "ELSE 'khong_lien_lac' END, '', department_id, field_id, NULL, closed_at FROM case_file "
                "WHERE closed_at IS NOT NULL AND id % 2 = 0"
            )
        )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--db", default="/tmp/hotline-bench-loop/hotline.db")
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
        print(f"demo --cases {args.cases:,}: {time.perf_counter() - start:.1f} s")
    services = command_line_services(resolve(f"sqlite:///{db}", data_dir=db.parent))
    with services.sessions() as session:
        now = session.scalar(select(func.max(Case.closed_at))) or datetime.now()
        seeded = session.scalar(select(func.count()).select_from(Callback)) or 0
    services.close()
    services = command_line_services(
        resolve(f"sqlite:///{db}", data_dir=db.parent), clock=lambda: now, today=lambda: now.date()
    )
    if not seeded:
        _seed(services, now)
    with services.sessions() as session:
        counts = {name: session.scalar(select(func.count()).select_from(model))
                  for name, model in (("cases", Case), ("first answers", FirstAnswer),
                                      ("drafts", ReplyDraft), ("call-backs", Callback))}  # fmt: skip
    print("rows: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
    listed = len(services.callbacks.due_list())
    _line(f"call-back list first page ({listed} rows)", _times(services.callbacks.due_list, 20), "≤ 50 ms")
    pending = len(services.reply_drafts.awaiting_approval())
    _line(f"awaiting approval first page ({pending})", _times(services.reply_drafts.awaiting_approval, 20),
          "≤ 50 ms")  # fmt: skip
    _line("dashboard counts (both tiles)", _times(services.callbacks.dashboard_counts, 10), "—")
    period = whole_year((now - timedelta(days=1)).year)
    options = ReportOptions(period, include_cases=False)
    report_ms = _times(lambda: services.reports.build(options), 3)
    with services.engine.connect() as conn:
        loop_ms = _times(lambda: loop_figures.gather(conn, period.start, period.end), 3)
    share = statistics.median(loop_ms) / statistics.median(report_ms) * 100
    _line(f"yearly report {period.label} (whole)", report_ms, "—")
    _line("  of which the loop section", loop_ms, f"≤ 10% of the report: {share:.1f}%")
    services.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
