"""Command-line start-up: ``hotline-desk --help`` and ``find … --json``, end to end, fresh processes.

Run: .venv/bin/python bench/bench_cli.py --db PATH [--runs 10]
Targets (issue 18, item 3): ``--help`` ≤ 0.3 s; ``find … --json`` p50 ≤ 0.35 s end to end.
The floors are a bare ``python -c pass`` of the same interpreter and the import of SQLAlchemy's
ORM alone (what ``find`` cannot start without), measured in the same run; find
runs over distinct words of the demo data (each once per round, so no query is a warm repeat
of itself within a round). Bytecode of app/ is compiled first (an installed program has it;
PYTHONDONTWRITEBYTECODE, set on these machines, would make every run compile ~300 modules).
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

COUNTED_TABLES = ("case_file", "citizen", "case_event", "reply", "case_fts", "audit_log", "user_account")
WORDS = ["cong thoat nuoc", "Đất đai", "ổ gà", "rac thai", "Cẩm Giàng", "den duong", "tiếng ồn",
         "lấn chiếm vỉa hè", "nước sạch", "Nguyễn Văn"]  # fmt: skip


def _run(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, check=True, capture_output=True, env=env)
    return time.perf_counter() - start


def _line(name: str, seconds: list[float], target: str = "") -> None:
    p50 = statistics.median(seconds)
    p95 = sorted(seconds)[max(0, int(len(seconds) * 0.95) - 1)]
    print(f"{name:<32} p50 {p50:6.3f} s   p95 {p95:6.3f} s   n={len(seconds):<4} {target}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--runs", type=int, default=3, help="rounds over the words (and --help runs)")
    args = parser.parse_args()
    db = Path(args.db)
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in COUNTED_TABLES}
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    size = db.stat().st_size
    print(f"{db}: {size:,} bytes ({size / 1e9:.2f} GB), schema {revision}, {os.cpu_count()} CPUs")
    print("  rows: " + ", ".join(f"{t} {n:,}" for t, n in counts.items()))
    root = Path(__file__).resolve().parents[1]
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(root / "app")], check=True)
    print(
        f"bytecode of {root / 'app'} compiled; load {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} (1, 5 min)"
    )
    env = {**os.environ, "HOTLINE_DATA_DIR": str(db.parent), "PYTHONIOENCODING": "utf-8"}
    env.pop("HOTLINE_DB_URL", None)
    app = [sys.executable, "-m", "app"]
    samples: dict[str, list[float]] = {"floor": [], "orm": [], "help": [], "find": []}
    for _ in range(args.runs):
        for word in WORDS:
            samples["floor"].append(_run([sys.executable, "-c", "pass"], env))
            samples["orm"].append(_run([sys.executable, "-c", "import sqlalchemy.orm"], env))
            samples["help"].append(_run([*app, "--help"], env))
            samples["find"].append(_run([*app, "--db", str(db), "find", word, "--json"], env))
    print(f"load after: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} (1, 5 min)")
    _line("floor: python -c pass", samples["floor"])
    _line("floor: import sqlalchemy.orm", samples["orm"])
    _line("hotline-desk --help", samples["help"], "target ≤ 0.3 s")
    _line("hotline-desk find … --json", samples["find"], "target p50 ≤ 0.35 s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
