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
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


SCROLL_GAP_MS = 40
SCROLL_PAGES = 60
"""Scroll pages per run (about 1,600 rows at 1280×800)."""
FAR_STARTS = (0.1, 0.3, 0.5, 0.7, 0.9)
"""Where the runs far into the list start (a fraction of the rows): distinct rows every run."""
MEMORY_STEP_ROWS = 100
"""One page of the model per step: every page of the register is on screen once."""
MEMORY_TARGET_MB = 250


def _idle(app: Any, ms: float) -> None:
    end = time.perf_counter() + ms / 1000
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.001)


def _rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load {one:.2f} {five:.2f} {fifteen:.2f}"


class _Scroll:
    """One scroll page at a time as a held PageDown key does, timed; notes placeholders and UI-thread SQL."""

    def __init__(self, app: Any, page: Any, engine: Any) -> None:
        import threading

        from sqlalchemy import event

        self.app, self.page, self.view = app, page, page.table
        self.ui_statements = 0
        self.placeholder_pages = 0

        def on_execute(*_args: Any) -> None:
            if threading.current_thread() is threading.main_thread():
                self.ui_statements += 1

        self._engine, self._listener = engine, on_execute
        event.listen(engine, "before_cursor_execute", on_execute)

    def close(self) -> None:
        from sqlalchemy import event

        event.remove(self._engine, "before_cursor_execute", self._listener)

    def pages(self, count: int, step: int = 1) -> list[float]:
        from app.ui.widgets.position_table_model import PLACEHOLDER

        bar, out = self.view.verticalScrollBar(), []
        for _ in range(count):
            _idle(self.app, SCROLL_GAP_MS)
            start = time.perf_counter()
            bar.setValue(bar.value() + step * bar.pageStep())
            self.view.viewport().repaint()  # one synchronous paint of the new page (plus any fetchMore)
            self.app.processEvents()
            out.append((time.perf_counter() - start) * 1000)
            top = self.view.rowAt(0)
            if self.page.model.index(top, 0).data() == PLACEHOLDER:
                self.placeholder_pages += 1
        return out

    def jump(self, row: int) -> None:
        """Put ``row`` at the top and wait until the screen shows real rows (not measured)."""
        from app.ui.widgets.position_table_model import PLACEHOLDER

        model = self.page.model
        self.view.scrollTo(model.index(row, 0), self.view.ScrollHint.PositionAtTop)
        self.view.viewport().repaint()
        deadline = time.perf_counter() + 30
        while model.index(self.view.rowAt(0), 0).data() == PLACEHOLDER and time.perf_counter() < deadline:
            _idle(self.app, 5)
            self.view.viewport().repaint()


def _open_page(app: Any, services: Any, user: int, read_ahead: bool) -> tuple[Any, float]:
    from PySide6.QtCore import QEvent, QObject

    from app.ui.app_events import AppEvents
    from app.ui.cases.case_list_page import CaseListPage
    from app.ui.tasks import TaskRunner

    class _Painted(QObject):
        """Counts the paints of the table (processEvents after show() paints it; a grab() would be a second)."""

        count = 0

        def eventFilter(self, _watched: Any, event: Any) -> bool:
            self.count += event.type() == QEvent.Type.Paint
            return False

    painted = _Painted()
    start = time.perf_counter()
    page = CaseListPage(services, AppEvents(), user, prefetch=TaskRunner() if read_ahead else None)
    page.table.viewport().installEventFilter(painted)
    page.resize(1280, 800)
    page.show()
    app.processEvents()
    if not painted.count:  # not shown yet: render it once now
        page.grab()
    elapsed = (time.perf_counter() - start) * 1000
    page.table.viewport().removeEventFilter(painted)
    return page, elapsed


def _close_page(app: Any, page: Any) -> None:
    from PySide6.QtCore import QThreadPool

    QThreadPool.globalInstance().waitForDone()
    page.close()
    page.deleteLater()
    app.processEvents()


def _wait_counted(app: Any, page: Any) -> None:
    deadline = time.perf_counter() + 60
    while not page.model.counted and time.perf_counter() < deadline:
        _idle(app, 10)


def _application() -> Any:
    """The QApplication with the app's font and style sheet (a style sheet changes how a table paints)."""
    from PySide6.QtWidgets import QApplication

    from app.ui.widgets.theme import apply_theme

    app = QApplication.instance()
    if app is None:
        app = QApplication([])
        apply_theme(app)
    return app


def list_paint(db: Path, runs: int, read_ahead: bool = True) -> dict[str, Any]:
    """First paint; scroll from it at once; scroll far into the list; the floor (rows in memory)."""
    from app.bootstrap import command_line_services
    from app.settings import resolve

    app = _application()
    services = command_line_services(resolve(f"sqlite:///{db}", data_dir=db.parent))
    user = services.catalog.users()[0].id
    out: dict[str, Any] = {"first": [], "top": [], "far": [], "floor": [], "ui_sql": 0, "placeholders": 0}
    for run in range(runs):
        page, first = _open_page(app, services, user, read_ahead)
        out["first"].append(first)
        scroll = _Scroll(app, page, services.engine)
        out["top"] += scroll.pages(SCROLL_PAGES)  # at once, as the officer does (the count lands meanwhile)
        if read_ahead:
            _wait_counted(app, page)
            scroll.jump(int(page.model.rowCount() * FAR_STARTS[run % len(FAR_STARTS)]))
            out["far"] += scroll.pages(SCROLL_PAGES)
            out["floor"] += scroll.pages(SCROLL_PAGES // 4, step=-1)  # back over pages still in memory
        out["ui_sql"] += scroll.ui_statements
        out["placeholders"] += scroll.placeholder_pages
        out["rows"] = page.model.rowCount()
        scroll.close()
        _close_page(app, page)
    services.close()
    return out


def list_memory(db: Path) -> dict[str, Any]:
    """RSS before and after showing every row of the register once, MEMORY_STEP_ROWS at a time."""
    import gc

    from app.bootstrap import command_line_services
    from app.settings import resolve

    app = _application()
    services = command_line_services(resolve(f"sqlite:///{db}", data_dir=db.parent))
    user = services.catalog.users()[0].id
    page, _ = _open_page(app, services, user, read_ahead=True)
    _wait_counted(app, page)
    scroll = _Scroll(app, page, services.engine)
    gc.collect()
    before, peak, held = _rss_mb(), 0.0, 0
    start, total = time.perf_counter(), page.model.rowCount()
    for row in range(0, total, MEMORY_STEP_ROWS):
        scroll.jump(row)
        held = max(held, page.model.held_rows())
        if row % 50_000 == 0:
            peak = max(peak, _rss_mb())
    scroll.jump(total - 1)
    gc.collect()
    after = _rss_mb()
    peak = max(peak, after)
    result = {"before": before, "after": after, "peak": peak, "held": held, "rows": total,
              "read": page.model.rows_read, "seconds": time.perf_counter() - start, "ui_sql": scroll.ui_statements}  # fmt: skip
    scroll.close()
    _close_page(app, page)
    services.close()
    return result


def _line(name: str, ms: list[float], target: float, judge: str = "p50") -> None:
    p50 = statistics.median(ms)
    p95 = sorted(ms)[max(0, int(len(ms) * 0.95) - 1)]
    verdict = "OK" if (p95 if judge == "p95" else p50) <= target else "SLOW"
    print(
        f"{name:<28} p50 {p50:8.1f} ms   p95 {p95:8.1f} ms   n={len(ms):<4} target {judge} ≤ {target} ms   {verdict}"
    )


def main() -> int:
    import app.ui  # noqa: F401 - keeps None alive under PySide6 6.12 (app/ui/none_guard.py)

    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="/tmp/hotline-bench/hotline.db")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--memory", action="store_true", help="also scroll through every row (minutes)")
    parser.add_argument("--memory-run", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_run:
        print(json.dumps(list_memory(Path(args.db))))
        return 0
    db = Path(args.db)
    if not db.exists():
        raise SystemExit(f"{db} does not exist: run bench/bench_register.py first")
    import sqlite3

    with sqlite3.connect(db) as conn:
        cases = conn.execute("SELECT COUNT(*) FROM case_file").fetchone()[0]
    print(f"database {db} ({db.stat().st_size / 1e9:.2f} GB): {cases:,} cases, {os.cpu_count()} CPUs")
    # An installed or frozen program starts from cached bytecode; PYTHONDONTWRITEBYTECODE (set on
    # these machines) would otherwise make every measured start compile the app's ~110 modules.
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(Path(__file__).parents[1] / "app")], check=True
    )
    print(_load())
    shown = list_paint(db, args.runs)
    print(
        f"list: {shown['rows']:,} rows; scroll {SCROLL_PAGES} pages per run, {SCROLL_GAP_MS} ms apart  ({_load()})"
    )
    _line("case list first paint", shown["first"], 50)
    _line("one scroll page, from the top", shown["top"], 16, judge="p95")
    _line("one scroll page, far in list", shown["far"], 16, judge="p95")
    _line("one scroll page, all of them", shown["top"] + shown["far"], 16, judge="p95")
    _line("  floor: rows in memory", shown["floor"], 16, judge="p95")
    print(f"  SQL statements on the UI thread while scrolling: {shown['ui_sql']}; "
          f"pages painted with placeholders: {shown['placeholders']}")  # fmt: skip
    inline = list_paint(db, args.runs, read_ahead=False)
    _line("  same, pages read inline", inline["top"], 16, judge="p95")
    print(f"  (inline: {inline['ui_sql']} SQL statements on the UI thread)  ({_load()})")
    if args.memory:  # in a process of its own: "before" is a fresh list page, not what the runs above left
        child = [sys.executable, __file__, "--db", str(db), "--memory-run"]
        mem = json.loads(
            subprocess.run(child, capture_output=True, text=True, check=True).stdout.splitlines()[-1]
        )
        verdict = "OK" if mem["after"] <= MEMORY_TARGET_MB and mem["peak"] <= MEMORY_TARGET_MB else "TOO BIG"
        print(f"memory: scrolled through all {mem['rows']:,} rows, {MEMORY_STEP_ROWS} at a time, in {mem['seconds']:.0f} s "
              f"({mem['read']:,} rows read; at most {mem['held']:,} held; {mem['ui_sql']} SQL on the UI thread)")  # fmt: skip
        print(f"  RSS before {mem['before']:.0f} MB   after {mem['after']:.0f} MB   peak {mem['peak']:.0f} MB   "
              f"target ≤ {MEMORY_TARGET_MB} MB   {verdict}  ({_load()})")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
