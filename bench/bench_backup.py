"""Backup benchmark: online backup + verification + stamp of a 1M-case SQLite database.

Run: .venv/bin/python bench/bench_backup.py [--db /tmp/b1m.db] [--cases 1000000]
Target (issue 6): backup of a 1M-case database ≤ 60 s, verified. Also times restore into a copy.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from app.bootstrap import command_line_backups
from app.db.engine import make_engine
from app.services.maintenance.integrity_service import check_database
from app.settings import resolve


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="/tmp/b1m.db")
    parser.add_argument("--cases", type=int, default=1_000_000)
    args = parser.parse_args()
    db = Path(args.db)
    if not db.exists():
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "app", "--db", str(db), "demo", "--cases", str(args.cases),
                        "--quiet"], check=True)  # fmt: skip
        print(f"{'demo --cases ' + format(args.cases, ','):<30} {time.perf_counter() - start:7.1f} s")
    out = Path(tempfile.mkdtemp(prefix="hotline-bench-backup-"))
    engine = make_engine(f"sqlite:///{db}")
    try:
        with command_line_backups(resolve(f"sqlite:///{db}", data_dir=out), migrate_first=False) as service:
            result = service.backup(out)
        size = result.manifest.size / 1e6
        verdict = "OK" if result.seconds <= 60 else "SLOW"
        print(f"{'backup (copy+verify+sha256)':<30} {result.seconds:7.1f} s   {size:,.0f} MB   "
              f"{result.manifest.row_counts.get('case_file', 0):,} cases   target 60 s   {verdict}")  # fmt: skip
        start = time.perf_counter()
        report = check_database(engine)
        print(
            f"{'check':<30} {time.perf_counter() - start:7.1f} s   {'OK' if report.ok else report.problems}"
        )
    finally:
        engine.dispose()
    copy = out / "restore-target.db"
    shutil.copy(db, copy)
    try:
        start = time.perf_counter()
        with command_line_backups(resolve(f"sqlite:///{copy}", data_dir=out), migrate_first=False) as target:
            target.restore(result.path)
        print(f"{'restore (copy+verify+swap)':<30} {time.perf_counter() - start:7.1f} s")
    finally:
        shutil.rmtree(out, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
