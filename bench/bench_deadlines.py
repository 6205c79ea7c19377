"""Deadline benchmarks on a large demo database: recompute every open deadline after a change.

Run: /tmp/venv/bin/python bench/bench_deadlines.py [--db /tmp/dl.db] [--cases 1000000] [--open 100000]
     [--reuse]
The demo leaves ~5% of cases open; the bench reopens more (spread over the two years, so the
grouping gets no help from recent-only cases) and gives complaints and denunciations an
acceptance date and conditions, so the clock keys vary as in a real register.
Target (issue 3, issue 14): recompute after a calendar change with ~100k open cases ≤ 5 s,
including the office dropping or confirming a doubtful day of the official calendar (24/11/2026).
``--repeat N`` runs the drop/undo cycle N times and prints p50/p95. ``--recent`` makes the open
cases the most recently received ones instead (as in a real register).
A calendar change recomputes only the open cases the changed day can affect
(``app.domain.day_change``); ``--days N`` changes N distinct days (Tết, the doubtful 24/11/2026, a
make-up Saturday, weekdays over the last year), prints how many cases each looked at and changed and
p50/p95 over the distinct days, and measures the full recompute of the same changes in the same run.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import text

from app.bootstrap import Services, command_line_services
from app.domain.enums import OPEN_STATUSES
from app.services.deadlines.deadline_dto import RecomputeResult
from app.settings import resolve

OPEN = ", ".join(f"'{s.value}'" for s in OPEN_STATUSES)
TARGET_S = 5.0


def _open_count(services: Services) -> int:
    with services.engine.connect() as conn:
        return int(
            conn.execute(text(f"SELECT COUNT(*) FROM case_file WHERE status IN ({OPEN})")).scalar() or 0
        )


def _reopen(services: Services, wanted: int) -> None:
    """Reopen closed cases spread over the whole range, and give clocks some variety."""
    missing = wanted - _open_count(services)
    with services.engine.begin() as conn:
        if missing > 0:
            conn.execute(
                text(
                    f"UPDATE case_file SET status = 'in_progress', closed_at = NULL WHERE id IN ("
                    f"SELECT id FROM case_file WHERE status NOT IN ({OPEN}) "
                    f"ORDER BY (id * 2654435761) % 1000003 LIMIT :n)"
                ),
                {"n": missing},
            )
        # Accepted 0–9 days after receipt; every 7th complex, every 11th remote complaint.
        rows = conn.execute(
            text(
                f"SELECT id, received_at, kind FROM case_file WHERE status IN ({OPEN}) "
                "AND kind IN ('khieu_nai', 'to_cao') AND accepted_on IS NULL"
            )
        ).all()
        if not rows:
            return
        conn.execute(
            text(
                "UPDATE case_file SET accepted_on = :a, complex = :c, remote = :r, acceptance_no = 'TB' "
                "WHERE id = :id"
            ),
            [
                {
                    "id": r.id,
                    "a": _day(r.received_at) + timedelta(days=r.id % 10),
                    "c": r.id % 7 == 0,
                    "r": r.kind == "khieu_nai" and r.id % 11 == 0,
                }
                for r in rows
            ],
        )


def _recent_only(services: Services, wanted: int) -> None:
    """The open cases become the ``wanted`` most recently received ones, as in a real register
    (a day off next week is then crossed by every open case not yet due)."""
    with services.engine.begin() as conn:
        conn.execute(
            text(f"UPDATE case_file SET status = 'closed', closed_at = received_at WHERE status IN ({OPEN})")
        )
        conn.execute(
            text(
                "UPDATE case_file SET status = 'in_progress', closed_at = NULL WHERE id IN ("
                "SELECT id FROM case_file ORDER BY received_at DESC LIMIT :n)"
            ),
            {"n": wanted},
        )


def _day(value: object) -> date:
    return date.fromisoformat(str(value)[:10])


def _show(name: str, result: RecomputeResult) -> None:
    verdict = "OK" if result.seconds <= TARGET_S else "SLOW"
    print(
        f"{name:<44} {result.seconds:6.2f} s   open {result.open_cases:,}  {_looked(result)}"
        f"keys {result.groups:,}  changed {result.changed:,}   target {TARGET_S} s   {verdict}"
    )


def _looked(result: RecomputeResult) -> str:
    return "recomputed all  " if result.examined is None else f"recomputed {result.examined:,}  "


def _percentiles(name: str, runs: list[RecomputeResult]) -> None:
    seconds = sorted(r.seconds for r in runs)
    p95 = seconds[min(len(seconds) - 1, round(0.95 * (len(seconds) - 1)))]
    verdict = "OK" if p95 <= TARGET_S else "SLOW"
    print(
        f"{name:<44} p50 {statistics.median(seconds):6.2f} s  p95 {p95:6.2f} s  runs {len(runs)}  "
        f"open {runs[0].open_cases:,}  recomputed max {max(r.open_cases if r.examined is None else r.examined for r in runs):,}  "
        f"changed max {max(r.changed for r in runs):,}   target {TARGET_S} s   {verdict}"
    )


def _doubtful_cycle(services: Services, repeat: int) -> None:
    """Drop the doubtful 24/11/2026 (every deadline across it moves), then undo; ``repeat`` times."""
    doubtful = date(2026, 11, 24)
    drops, undos = [], []
    for _ in range(repeat):
        drops.append(services.work_calendar.drop_day(doubtful, "Bench", None))
        undos.append(services.work_calendar.remove_override(doubtful))
    _percentiles("drop doubtful 24/11/2026", drops)
    _percentiles("undo (24/11/2026 doubtful again)", undos)
    _show("confirm 24/11/2026", services.work_calendar.confirm_day(doubtful, "Bench", None))
    services.work_calendar.remove_override(doubtful)


def _changes(services: Services, wanted: int) -> list[tuple[date, bool]]:
    """``wanted`` distinct (day, worked) changes: the doubtful 24/11/2026 dropped, a day off next
    week (every case not yet due crosses it), Tết 2026 worked, a Saturday worked, then weekdays off
    spread over the last year of receipts."""
    calendar, newest = services.calendar, _newest(services)
    next_week = newest + timedelta(days=7)
    while not calendar.is_working_day(next_week):
        next_week += timedelta(days=1)
    out = [
        (date(2026, 11, 24), True),
        (next_week, False),
        (date(2026, 2, 17), True),
        (date(2026, 10, 17), True),
    ]
    step = max(1, 360 // max(1, wanted - len(out)))
    day = newest - timedelta(days=10)
    while len(out) < wanted:
        while not calendar.is_working_day(day) or any(day == d for d, _ in out):
            day -= timedelta(days=1)
        out.append((day, False))
        day -= timedelta(days=step)
    return out[:wanted]


def _distinct_days(services: Services, wanted: int, full: int) -> None:
    """Each distinct day changed and undone (narrowed recompute), then the first ``full`` of them
    again with the full recompute of every open case (the floor the narrowing is measured against)."""
    changes, undos = [], []
    for day, worked in _changes(services, wanted):
        if day == date(2026, 11, 24):
            changes.append(services.work_calendar.drop_day(day, "Bench", None))
        elif worked:
            changes.append(services.work_calendar.add_makeup_day(day, "Bench", None))
        else:
            changes.append(services.work_calendar.add_day_off(day, "Bench", None))
        _show(f"{'worked' if worked else 'day off'} {day:%d/%m/%Y}", changes[-1])
        undos.append(services.work_calendar.remove_override(day))
    _percentiles(f"change of a day ({len(changes)} distinct days)", changes)
    _percentiles(f"undo of it ({len(undos)} distinct days)", undos)
    fulls = []
    for day, worked in _changes(services, wanted)[:full]:
        fulls.append(_full_after(services, day, worked))
        _show(f"FULL recompute, {day:%d/%m/%Y} changed", fulls[-1])
        _full_after(services, day, None)
    _percentiles(f"FULL recompute ({len(fulls)} of the same days)", fulls)


def _full_after(services: Services, day: date, worked: bool | None) -> RecomputeResult:
    """Set (or with ``None`` remove) the office's own ``day`` directly, then the full recompute."""
    with services.engine.begin() as conn:
        conn.execute(text("DELETE FROM calendar_day WHERE day = :d"), {"d": day.isoformat()})
        if worked is not None:
            conn.execute(
                text(
                    "INSERT INTO calendar_day (day, working, note, updated_at) VALUES (:d, :w, 'Bench', :t)"
                ),
                {"d": day.isoformat(), "w": worked, "t": "2026-12-07 00:00:00"},
            )
    services.deadline_store.reload()
    return services.deadlines.recompute_open()


def _newest(services: Services) -> date:
    with services.engine.connect() as conn:
        return _day(conn.execute(text("SELECT MAX(received_at) FROM case_file")).scalar())


def _weekday_in_middle(services: Services) -> date:
    with services.engine.connect() as conn:
        newest = _day(conn.execute(text("SELECT MAX(received_at) FROM case_file")).scalar())
    day = newest - timedelta(days=20)
    while not services.calendar.is_working_day(day):
        day -= timedelta(days=1)
    return day


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="/tmp/dl.db")
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--open", type=int, default=100_000, help="open cases to measure with")
    parser.add_argument("--reuse", action="store_true", help="keep an existing database")
    parser.add_argument("--repeat", type=int, default=5, help="drop/undo cycles for p50/p95")
    parser.add_argument("--recent", action="store_true", help="open cases = the most recent ones")
    parser.add_argument("--days", type=int, default=10, help="distinct days changed for p50/p95")
    parser.add_argument("--full", type=int, default=3, help="of those, measured with the full recompute")
    args = parser.parse_args()
    db = Path(args.db)
    if not (args.reuse and db.exists()):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "app", "--db", str(db), "demo", "--cases", str(args.cases),
                        "--quiet"], check=True)  # fmt: skip
        print(f"{'demo --cases ' + format(args.cases, ','):<44} {time.perf_counter() - start:6.1f} s")
    services = command_line_services(resolve(f"sqlite:///{db}", data_dir=db.parent / "dl-data"))
    try:
        demo_open = _open_count(services)
        if args.recent:
            _recent_only(services, args.open)
        _reopen(services, args.open)
        print(f"open cases: {demo_open:,} from the demo, {_open_count(services):,} measured")
        _show("first recompute (demo dates → legal rules)", services.deadlines.recompute_open())
        _show("recompute, nothing changed", services.deadlines.recompute_open())
        day = _weekday_in_middle(services)
        _show(f"add office day off {day:%d/%m/%Y}", services.work_calendar.add_day_off(day, "Bench", None))
        _show(f"remove it again {day:%d/%m/%Y}", services.work_calendar.remove_override(day))
        _doubtful_cycle(services, args.repeat)
        _distinct_days(services, args.days, args.full)
        with services.engine.begin() as conn:
            conn.execute(text(f"UPDATE case_file SET due_rule = '' WHERE status IN ({OPEN})"))
        _show("worst case: every open row rewritten", services.deadlines.recompute_open())
    finally:
        services.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
