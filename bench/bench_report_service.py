"""Report aggregates benchmark: build the report object for a year of about 100k cases.

Run: .venv/bin/python bench/bench_report_service.py [--db PATH] [--reuse]
Target (issue 4): summary aggregates for a year with 100k cases ≤ 0.3 s.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from app.bootstrap import command_line_services
from app.domain.periods import whole_year
from app.services.reports.report_service import ReportOptions, ReportService
from app.settings import resolve


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="/tmp/hotline-bench/report-200k.db")
    parser.add_argument("--reuse", action="store_true")
    args = parser.parse_args()
    db = Path(args.db)
    if not (args.reuse and db.exists()):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        db.parent.mkdir(parents=True, exist_ok=True)
        # Two years of demo data ending today: about 100k cases received in each year.
        subprocess.run([sys.executable, "-m", "app", "--db", str(db), "demo", "--cases", "200000",
                        "--quiet"], check=True)  # fmt: skip
    services = command_line_services(resolve(f"sqlite:///{db}", data_dir=db.parent))
    year = date.today().year - 1
    reports = ReportService(services.engine, services.office_id, signed_in=services.signed_in)
    times = []
    for _ in range(5):
        start = time.perf_counter()
        report = reports.build(ReportOptions(whole_year(year), include_cases=False))
        times.append(time.perf_counter() - start)
    assert report.xld01 is not None
    from app.db.engine import reading
    from app.services.reports import report_data

    period = whole_year(year)
    summary = []
    with reading(services.engine).connect() as conn:
        for _ in range(5):
            start = time.perf_counter()
            report_data.gather(conn, period.start, period.end, date.today())
            summary.append(time.perf_counter() - start)
    print(f"cases received in {year}: {report.xld01.received_in_period:,}")
    print(f"summary aggregates of the year: median {statistics.median(summary):.3f} s   target 0.3 s")
    print(f"whole report object (+ previous period, last year, monthly trend): median "
          f"{statistics.median(times):.3f} s")  # fmt: skip
    services.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
