"""Which backups to keep: the newest of each of the last 7 days, 4 weeks and 12 months."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from pathlib import Path

DAILY = 7
WEEKLY = 4
MONTHLY = 12
KEEP_PRE_UPGRADE = 3
YOUNG = timedelta(days=1)
"""A backup younger than this is never removed, whatever the schedule says."""


def _newest_per(
    backups: Sequence[tuple[Path, datetime]], key: Callable[[datetime], object], count: int
) -> set[Path]:
    """The newest backup in each of the ``count`` most recent periods that have one."""
    chosen: dict[object, Path] = {}
    for path, at in sorted(backups, key=lambda b: b[1], reverse=True):
        period = key(at)
        if period not in chosen:
            if len(chosen) == count:
                break
            chosen[period] = path
    return set(chosen.values())


def to_keep(backups: Sequence[tuple[Path, datetime]]) -> set[Path]:
    """Grandfather-father-son: daily, ISO-weekly and monthly survivors (the newest always)."""
    return (
        _newest_per(backups, lambda at: at.date(), DAILY)
        | _newest_per(backups, lambda at: at.isocalendar()[:2], WEEKLY)
        | _newest_per(backups, lambda at: (at.year, at.month), MONTHLY)
    )


def to_remove(backups: Sequence[tuple[Path, datetime]], now: datetime | None = None) -> list[Path]:
    """What the schedule lets go, minus the newest backup and any younger than a day."""
    keep = to_keep(backups)
    if backups:
        keep.add(max(backups, key=lambda b: b[1])[0])
    if now is not None:
        keep |= {path for path, at in backups if now - at < YOUNG}
    return [path for path, _ in backups if path not in keep]
