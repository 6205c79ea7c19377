"""Call-log benchmark (issue 16): a 50,000-call SMS Backup & Restore file against the 1M-case register.

Run: .venv/bin/python bench/bench_calls.py [--db /tmp/hotline-bench/hotline.db] [--calls 50000]
(make the database first: .venv/bin/python bench/bench_register.py). The imported calls are
deleted at the end, so the database can be reused.

Targets: import and reconcile the file ≤ 10 s; «Cuộc gọi chưa ghi nhận» first paint ≤ 50 ms.
A third of the calls come from numbers of the register (half of those on the day of one of the
caller's cases), the rest from unknown numbers; 3% withheld; 15% outgoing (some call-backs).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from sqlalchemy import delete, func, select

from app.bootstrap import Services, command_line_services
from app.models import Case, Citizen, PhoneLogEntry, PhoneLogImport
from app.settings import resolve

VN = timezone(timedelta(hours=7))


def _line(name: str, ms: list[float], target: float) -> None:
    p50 = statistics.median(ms)
    p95 = sorted(ms)[max(0, int(len(ms) * 0.95) - 1)]
    verdict = "OK" if p95 <= target else "SLOW"
    print(
        f"{name:<36} p50 {p50:9.1f} ms   p95 {p95:9.1f} ms   n={len(ms):<3} target ≤ {target} ms   {verdict}"
    )


def _known_callers(services: Services, n: int, rng: random.Random) -> list[tuple[str, datetime]]:
    with services.sessions() as session:
        top = session.scalar(select(func.max(Case.id))) or 0
        ids = sorted(rng.sample(range(1, top + 1), min(n, top)))
        rows = session.execute(
            select(Citizen.phone, Case.received_at)
            .join(Citizen, Citizen.id == Case.citizen_id)
            .where(Case.id.in_(ids), Citizen.phone.is_not(None))
        ).all()
    return [(str(p), r) for p, r in rows]


def make_file(path: Path, services: Services, calls: int, seed: int = 16) -> None:
    rng = random.Random(seed)
    known = _known_callers(services, calls // 3, rng)
    end = datetime.now() - timedelta(days=1)
    lines = []
    for i in range(calls):
        kind = rng.choices([1, 2, 3, 4, 5, 6, 7], [55, 15, 15, 3, 5, 2, 5])[0]
        if i % 3 == 0 and known:
            phone, received = known[(i // 3) % len(known)]
            number = "0" + phone[3:] if phone.startswith("+84") else phone
            when = (
                received + timedelta(minutes=rng.randrange(-30, 30))
                if i % 2
                else end - timedelta(minutes=rng.randrange(365 * 24 * 60))
            )
        else:
            number = f"09{rng.randrange(10**8):08d}" if rng.random() > 0.03 else "-2"
            when = end - timedelta(minutes=rng.randrange(365 * 24 * 60))
        ms = int(when.replace(tzinfo=VN).timestamp() * 1000)
        duration = rng.randrange(10, 600) if kind in (1, 2, 7) else 0
        lines.append(f'  <call number="{number}" duration="{duration}" date="{ms}" type="{kind}" presentation="1" '
                     f'subscription_id="1" post_dial_digits="" readable_date="" contact_name="(Unknown)" />')  # fmt: skip
    head = ["<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>", f'<calls count="{calls}">']
    path.write_text("\n".join([*head, *lines, "</calls>", ""]), encoding="utf-8")


def paint(services: Services, runs: int) -> list[float]:
    """Building the page, its rows read, shown and painted once (a synchronous ``repaint``: the
    first frame the officer sees); the call-back list arrives afterwards from a worker thread."""
    from PySide6.QtCore import QThreadPool
    from PySide6.QtWidgets import QApplication

    from app.ui.app_events import AppEvents
    from app.ui.calls.unmatched_page import UnmatchedCallsPage
    from app.ui.tasks import TaskRunner

    app = QApplication.instance() or QApplication([])
    out = []
    for _ in range(runs + 1):
        start = time.perf_counter()
        page = UnmatchedCallsPage(services, AppEvents(), None, TaskRunner())
        page.resize(1366, 768)
        page.show()
        page.repaint()
        out.append((time.perf_counter() - start) * 1000)
        assert page.model.rowCount() > 0
        QThreadPool.globalInstance().waitForDone()
        app.processEvents()
        page.close()
        page.deleteLater()
        app.processEvents()
    print(f"  (first page built in this process, cold: {out[0]:.1f} ms; not counted)")
    return out[1:]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="/tmp/hotline-bench/hotline.db")
    parser.add_argument("--calls", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    db = Path(args.db)
    services = command_line_services(resolve(f"sqlite:///{db}", data_dir=db.parent))
    with services.sessions() as session:
        print(f"register: {session.scalar(select(func.count()).select_from(Case)):,} cases")
    with tempfile.TemporaryDirectory() as tmp:
        file = Path(tmp) / "calls-bench.xml"
        make_file(file, services, args.calls)
        print(f"file: {file.stat().st_size / 1e6:.1f} MB, {args.calls:,} calls")
        try:
            start = time.perf_counter()
            report = services.calls.import_file(file)
            took = time.perf_counter() - start
            print(f"import + reconcile: {took:6.2f} s   target ≤ 10 s   {'OK' if took <= 10 else 'SLOW'}")
            print(f"  read {report.read:,}  new {report.new:,}  matched {report.matched:,}  unmatched "
                  f"{report.unmatched:,}  withheld {report.withheld:,}  call-backs {report.callbacks:,}")  # fmt: skip
            start = time.perf_counter()
            again = services.calls.import_file(file)
            print(f"re-import (all known): {time.perf_counter() - start:6.2f} s   already {again.already:,}")
            _line("unmatched list (100 rows, service)", [_ms(lambda: services.calls.unmatched(limit=100))
                                                         for _ in range(args.runs)], 50)  # fmt: skip
            _line(
                "unmatched count (dashboard tile)",
                [_ms(services.calls.unmatched_count) for _ in range(5)],
                50,
            )
            _line("unmatched page first paint", paint(services, args.runs), 50)
        finally:
            with services.sessions.begin() as session:
                session.execute(delete(PhoneLogEntry))
                session.execute(delete(PhoneLogImport))
    services.close()
    return 0


def _ms(fn: object) -> float:
    start = time.perf_counter()
    fn()  # type: ignore[operator]
    return (time.perf_counter() - start) * 1000


if __name__ == "__main__":
    raise SystemExit(main())
