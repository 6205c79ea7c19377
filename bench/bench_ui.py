"""UI benchmarks on a large demo database: case-list first paint, one scroll page.

Run: .venv/bin/python bench/bench_ui.py --db /tmp/hotline-bench/hotline.db
(make the database first with bench/bench_register.py or `hotline-desk demo --cases 1000000`).
The cold start (login, sign-in, reminders, backup check) is bench/bench_cold_start.py.
Targets (issue 2): list first paint ≤ 50 ms;
one scroll page p95 ≤ 16 ms (judged on p95: a stall at a page boundary is what the officer feels).
The list reads ahead with a real TaskRunner as in the main window; between two scroll pages the
event loop runs for SCROLL_GAP_MS (the interval of a held PageDown key), which is not measured.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


SCROLL_GAP_MS = 40


def _idle(app: Any, ms: float) -> None:
    end = time.perf_counter() + ms / 1000
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.001)


def list_paint(db: Path, runs: int, read_ahead: bool = True) -> tuple[list[float], list[float]]:
    from PySide6.QtWidgets import QApplication, QTableView

    from app.bootstrap import command_line_services
    from app.settings import resolve
    from app.ui.app_events import AppEvents
    from app.ui.cases.case_list_page import CaseListPage
    from app.ui.tasks import TaskRunner

    app = QApplication.instance() or QApplication([])
    services = command_line_services(resolve(f"sqlite:///{db}", data_dir=db.parent))
    user = services.catalog.users()[0].id
    first, scroll = [], []
    for _ in range(runs):
        start = time.perf_counter()
        page = CaseListPage(services, AppEvents(), user, prefetch=TaskRunner() if read_ahead else None)
        page.resize(1280, 800)
        page.show()
        app.processEvents()
        page.grab()
        first.append((time.perf_counter() - start) * 1000)
        view = page.findChild(QTableView)
        assert view is not None
        bar = view.verticalScrollBar()
        for _ in range(40):
            _idle(app, SCROLL_GAP_MS)
            start = time.perf_counter()
            bar.setValue(bar.value() + bar.pageStep())
            view.viewport().repaint()  # one synchronous paint of the new page (plus any fetchMore)
            app.processEvents()
            scroll.append((time.perf_counter() - start) * 1000)
        page.close()
        page.deleteLater()
        app.processEvents()
    services.close()
    return first, scroll


def _line(name: str, ms: list[float], target: float, judge: str = "p50") -> None:
    p50 = statistics.median(ms)
    p95 = sorted(ms)[max(0, int(len(ms) * 0.95) - 1)]
    verdict = "OK" if (p95 if judge == "p95" else p50) <= target else "SLOW"
    print(
        f"{name:<28} p50 {p50:8.1f} ms   p95 {p95:8.1f} ms   n={len(ms):<4} target {judge} ≤ {target} ms   {verdict}"
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="/tmp/hotline-bench/hotline.db")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    db = Path(args.db)
    if not db.exists():
        raise SystemExit(f"{db} does not exist: run bench/bench_register.py first")
    import sqlite3

    with sqlite3.connect(db) as conn:
        cases = conn.execute("SELECT COUNT(*) FROM case_file").fetchone()[0]
    print(f"database {db}: {cases:,} cases")
    # An installed or frozen program starts from cached bytecode; PYTHONDONTWRITEBYTECODE (set on
    # these machines) would otherwise make every measured start compile the app's ~110 modules.
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(Path(__file__).parents[1] / "app")], check=True
    )
    first, scroll = list_paint(db, args.runs)
    _line("case list first paint", first, 50)
    _line("case list one scroll page", scroll, 16, judge="p95")
    _, inline = list_paint(db, args.runs, read_ahead=False)
    _line("  same, pages read inline", inline, 16, judge="p95")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
