"""Backup benchmark on a 1M-case SQLite database: plain against encrypted, in the same run.

Run: .venv/bin/python bench/bench_backup.py [--db /work/benchdata/b1m.db] [--cases 1000000] [--rounds 3]
Targets: backup of a 1M-case database ≤ 60 s, verified (issue 6); the encrypted backup (the default,
office key) within 1.3× of the plain one measured in the same run (issue 13). Rounds alternate
plain / encrypted so that the page cache and disk state are shared fairly; the median is compared.
Also times the scratch-file path (a database over the memory limit) and restoring each backup.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from app.bootstrap import command_line_backups
from app.services.backup.backup_writer import available_memory_limit
from app.settings import resolve


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="/work/benchdata/b1m.db")
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    db = Path(args.db)
    if not db.exists():
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "app", "--db", str(db), "demo", "--cases", str(args.cases),
                        "--quiet"], check=True)  # fmt: skip
        print(f"{'demo --cases ' + format(args.cases, ','):<34} {time.perf_counter() - start:7.1f} s")
    out = Path(tempfile.mkdtemp(prefix="hotline-bench-backup-"))
    settings = resolve(f"sqlite:///{db}", data_dir=out)
    times: dict[str, list[float]] = {"plain": [], "encrypted": [], "encrypted, scratch file": []}
    made = {}
    try:
        with command_line_backups(settings, migrate_first=False) as service:
            for _ in range(args.rounds):
                for name, kw in (("plain", {"plain": True}), ("encrypted", {})):
                    result = service.backup(out, **kw)  # type: ignore[arg-type]
                    times[name].append(result.seconds)
                    made[name] = result
            service._memory_limit = 0  # a file over the memory limit: a private scratch copy
            result = service.backup(out)
            times["encrypted, scratch file"].append(result.seconds)
        print(f"in-memory snapshot up to {available_memory_limit() / 1e9:.1f} GB on this machine now")
        counts = made["plain"].manifest.row_counts
        print(f"database {db} ({db.stat().st_size / 1e6:,.0f} MB): {counts.get('case_file', 0):,} cases, "
              f"{counts.get('citizen', 0):,} citizens, {counts.get('audit_log', 0):,} audit rows")  # fmt: skip
        for name, seconds in times.items():
            print(f"{'backup, ' + name:<34} median {statistics.median(seconds):6.1f} s  "
                  f"(runs: {', '.join(f'{s:.1f}' for s in seconds)})")  # fmt: skip
        ratio = statistics.median(times["encrypted"]) / statistics.median(times["plain"])
        print(
            f"{'encrypted / plain':<34} {ratio:6.2f}×   target ≤ 1.30×   {'OK' if ratio <= 1.3 else 'SLOW'}"
        )
        worst = max(times["encrypted"])
        print(
            f"{'encrypted backup, slowest run':<34} {worst:6.1f} s   target 60 s   {'OK' if worst <= 60 else 'SLOW'}"
        )
        for name in ("plain", "encrypted"):
            copy = out / f"restore-{name}.db"
            shutil.copy(db, copy)
            with command_line_backups(
                resolve(f"sqlite:///{copy}", data_dir=out), migrate_first=False
            ) as target:
                start = time.perf_counter()
                target.restore(made[name].path)
                print(f"{'restore, ' + name:<34} {time.perf_counter() - start:6.1f} s")
            copy.unlink()
    finally:
        shutil.rmtree(out, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
