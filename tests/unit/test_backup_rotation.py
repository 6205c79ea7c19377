"""Rotation: the newest backup of each of the last 7 days, 4 ISO weeks and 12 months survives."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from app.services.backup.backup_rotation import to_keep, to_remove


def _daily(days: int, end: datetime) -> list[tuple[Path, datetime]]:
    return [(Path(f"b{i}"), end - timedelta(days=i)) for i in range(days)]


def test_two_years_of_daily_backups_shrink_to_at_most_23() -> None:
    end = datetime(2026, 11, 20, 18, 0)  # a Friday
    backups = _daily(730, end)
    keep = to_keep(backups)
    dates = sorted((at for path, at in backups if path in keep), reverse=True)
    assert dates[:7] == [end - timedelta(days=i) for i in range(7)]
    weeks = {d.isocalendar()[:2] for d in dates}
    assert {(end - timedelta(weeks=w)).isocalendar()[:2] for w in range(4)} <= weeks
    assert len({(d.year, d.month) for d in dates}) == 12
    assert len(keep) <= 7 + 4 + 12
    assert set(to_remove(backups)) == {p for p, _ in backups} - keep


def test_several_backups_a_day_keep_the_newest_of_the_day() -> None:
    day = datetime(2026, 11, 20, 8, 0)
    backups = [
        (Path("morning"), day),
        (Path("noon"), day.replace(hour=12)),
        (Path("evening"), day.replace(hour=17)),
    ]
    assert to_keep(backups) == {Path("evening")}


def test_few_backups_are_all_kept() -> None:
    backups = _daily(3, datetime(2026, 1, 3))
    assert to_remove(backups) == []
