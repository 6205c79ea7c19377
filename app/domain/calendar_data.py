"""The official calendar as versioned data: each non-working weekday and make-up working day (§5).

``resources/data/working_calendar.json`` lists, for the years it covers, every weekday an office
does not work and every weekend day it works, each with its legal source and a status:
``official`` (an act says so), ``estimated`` (computed, the Prime Minister's annual notice is still
awaited) or ``doubtful`` (no act found; the office decides). Years outside the file fall back to the
``holidays`` package, whose dates are estimates.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from app.resources import resource_path

STATUSES = ("official", "estimated", "doubtful")
UNCERTAIN_STATUSES = frozenset({"estimated", "doubtful"})
STATUS_LABELS = {"official": "chính thức", "estimated": "ước tính", "doubtful": "còn nghi vấn"}
PACKAGE_SOURCE = "ước tính (gói holidays)"


class CalendarDataError(ValueError):
    """The calendar file is malformed or contradictory (message in Vietnamese)."""


@dataclass(frozen=True)
class CalendarEntry:
    """One listed day: ``working`` True for a make-up working day, False for a day off."""

    day: date
    working: bool
    name: str
    source: str
    status: str

    @property
    def changes_working(self) -> bool:
        """Whether the entry makes the day differ from plain Mon–Fri (a weekday off, a weekend worked)."""
        return self.working == (self.day.weekday() >= 5)

    @property
    def uncertain(self) -> bool:
        """Estimated or doubtful, and it matters (a listed weekend holiday is off anyway)."""
        return self.status in UNCERTAIN_STATUSES and self.changes_working


def _d(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _entry(item: Mapping[str, Any]) -> CalendarEntry:
    if not isinstance(item, Mapping):
        raise CalendarDataError("Mỗi ngày trong lịch phải là một đối tượng JSON")
    raw = item.get("date")
    try:
        day = date.fromisoformat(str(raw))
    except ValueError:
        raise CalendarDataError(f"Ngày không hợp lệ trong lịch: {raw!r} (dạng YYYY-MM-DD)") from None
    working, status = item.get("working"), item.get("status")
    name, source = str(item.get("name") or "").strip(), str(item.get("source") or "").strip()
    if not isinstance(working, bool):
        raise CalendarDataError(f"Ngày {_d(day)}: working phải là true hoặc false")
    if status not in STATUSES:
        raise CalendarDataError(f"Ngày {_d(day)}: tình trạng {status!r} không hợp lệ ({', '.join(STATUSES)})")
    if not name or not source:
        raise CalendarDataError(f"Ngày {_d(day)}: thiếu tên ngày hoặc căn cứ (source)")
    if working and day.weekday() < 5:
        raise CalendarDataError(f"Ngày {_d(day)} là ngày thường, không thể là ngày làm bù")
    return CalendarEntry(day, working, name, source, status)


@dataclass(frozen=True)
class CalendarData:
    """The listed days of the covered years (validated: one entry per day, years as declared)."""

    years: frozenset[int]
    entries: Mapping[date, CalendarEntry] = field(default_factory=dict)
    version: int = 1
    note: str = ""

    @classmethod
    def from_entries(
        cls, years: Iterable[int], entries: Iterable[CalendarEntry], version: int = 1, note: str = ""
    ) -> CalendarData:
        """Validate and index ``entries``; raises :class:`CalendarDataError`."""
        covered = frozenset(years)
        out: dict[date, CalendarEntry] = {}
        for entry in entries:
            if entry.day.year not in covered:
                raise CalendarDataError(f"Ngày {_d(entry.day)} ngoài các năm của lịch {sorted(covered)}")
            known = out.get(entry.day)
            if known is not None and known.working != entry.working:
                raise CalendarDataError(f"Ngày {_d(entry.day)} vừa là ngày nghỉ vừa là ngày làm việc")
            if known is not None:
                raise CalendarDataError(f"Ngày {_d(entry.day)} được ghi hai lần")
            out[entry.day] = entry
        return cls(covered, out, version, note)

    @classmethod
    def from_dict(cls, document: Mapping[str, Any]) -> CalendarData:
        if not isinstance(document, Mapping):
            raise CalendarDataError("Lịch làm việc phải là một đối tượng JSON")
        years = document.get("years", [])
        if not isinstance(years, list) or not all(
            isinstance(y, int) and not isinstance(y, bool) for y in years
        ):
            raise CalendarDataError("«years» phải là danh sách năm")
        days = document.get("days", [])
        if not isinstance(days, list):
            raise CalendarDataError("«days» phải là danh sách ngày")
        version = document.get("version", 1)
        return cls.from_entries(years, [_entry(x) for x in days], int(version), str(document.get("note", "")))

    @classmethod
    def load(cls, path: str | Path | None = None) -> CalendarData:
        """Read the calendar file (default: the shipped ``working_calendar.json``)."""
        path = resource_path("data", "working_calendar.json") if path is None else Path(path)
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise CalendarDataError(f"Không đọc được lịch làm việc {path}: {exc}") from exc
        return cls.from_dict(document)

    def covers(self, year: int) -> bool:
        return year in self.years

    def uncertain(self) -> list[CalendarEntry]:
        """Estimated or doubtful days that change whether the office works, in date order."""
        return sorted((e for e in self.entries.values() if e.uncertain), key=lambda e: e.day)


EMPTY = CalendarData(frozenset())
"""No listed year: every year from the ``holidays`` package (as before the file existed)."""


@cache
def shipped_calendar() -> CalendarData:
    """The calendar file shipped with the program (read once)."""
    return CalendarData.load()
