"""Received times from spreadsheet cells: real dates, Excel serials, or text in Vietnamese habits."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

_EXCEL_EPOCH = datetime(1899, 12, 30)
_TIME = r"(?P<h>\d{1,2})\s*(?:[:hH]|giờ)\s*(?P<m>\d{1,2})?(?:\s*(?::|phút)\s*(?P<s>\d{1,2}))?\s*(?:phút)?\s*(?P<ap>SA|CH|AM|PM|sáng|chiều|tối)?"
_DMY = r"(?P<d>\d{1,2})\s*[/.\-]\s*(?P<mo>\d{1,2})\s*[/.\-]\s*(?P<y>\d{4}|\d{2})"
_ISO = re.compile(
    r"^(?P<y>\d{4})-(?P<mo>\d{1,2})-(?P<d>\d{1,2})(?:[ T](?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2}))?"
    r"(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?$"
)
_DMY_THEN_TIME = re.compile(rf"^(?:ngày\s*)?{_DMY}(?:\s*(?:[,\-–]|lúc)?\s*{_TIME})?$", re.I)
_TIME_THEN_DMY = re.compile(rf"^{_TIME}\s*(?:[,\-–]|ngày)?\s*(?:ngày\s*)?{_DMY}$", re.I)
_WORDS = re.compile(
    r"^(?:(?P<h>\d{1,2})\s*(?:giờ|h|:)\s*(?P<m>\d{1,2})?\s*(?:phút)?\s*,?\s*)?ngày\s*(?P<d>\d{1,2})\s*"
    r"tháng\s*(?P<mo>\d{1,2})\s*năm\s*(?P<y>\d{4})$",
    re.I,
)
_TIME_ONLY = re.compile(rf"^{_TIME}$", re.I)


@dataclass(frozen=True, slots=True)
class ParsedTime:
    """A parsed cell: ``value`` or a Vietnamese ``error``; ``has_time`` when hours were given."""

    value: datetime | None
    error: str = ""
    has_time: bool = True


def _fail(raw: object, why: str = "") -> ParsedTime:
    shown = str(raw).strip()[:40]
    reason = why or "không đọc được (dùng dạng dd/mm/yyyy hh:mm)"
    return ParsedTime(None, f"Thời gian «{shown}» {reason}.")


def _build(parts: dict[str, str | None], day_first: bool, raw: object) -> ParsedTime:
    year = int(parts["y"] or 0)
    if year < 100:
        year += 2000
    first, second = int(parts["d"] or 0), int(parts["mo"] or 0)
    day, month = (first, second) if day_first else (second, first)
    hour, minute, second_ = int(parts.get("h") or 0), int(parts.get("m") or 0), int(parts.get("s") or 0)
    ampm = (parts.get("ap") or "").lower()
    if ampm in ("ch", "pm", "chiều", "tối") and hour < 12:
        hour += 12
    elif ampm in ("sa", "am", "sáng") and hour == 12:
        hour = 0
    try:
        value = datetime(year, month, day, hour, minute, second_)
    except ValueError:
        return _fail(raw, f"không có thật (ngày {day:02d}/{month:02d}/{year}, giờ {hour:02d}:{minute:02d})")
    return ParsedTime(value, has_time=parts.get("h") is not None)


def parse_received(raw: object, *, day_first: bool = True) -> ParsedTime:
    """Read a received time from a cell; an empty cell gives ``value=None`` without an error."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return ParsedTime(None)
    if isinstance(raw, datetime):
        return ParsedTime(raw.replace(tzinfo=None, microsecond=0))
    if isinstance(raw, date):
        return ParsedTime(datetime.combine(raw, time.min), has_time=False)
    if isinstance(raw, bool):
        return _fail(raw)
    if isinstance(raw, int | float):
        if 20_000 <= raw <= 80_000:  # an Excel serial that lost its date format (1954–2119)
            value = _EXCEL_EPOCH + timedelta(days=float(raw))
            return ParsedTime(value.replace(microsecond=0), has_time=float(raw) % 1 != 0)
        return _fail(raw)
    text = " ".join(str(raw).split())
    for pattern, order in ((_ISO, True), (_DMY_THEN_TIME, day_first), (_TIME_THEN_DMY, day_first)):
        found = pattern.match(text)
        if found:
            return _build(found.groupdict(), order, raw)
    found = _WORDS.match(text)
    if found:
        return _build(found.groupdict(), True, raw)
    return _fail(raw)


def parse_time_of_day(raw: object) -> time | None:
    """A separate "Giờ" column: ``time`` cells, ``08:30``, ``8h30``, ``8 giờ 30``, Excel fractions."""
    if isinstance(raw, datetime):
        return raw.time().replace(microsecond=0)
    if isinstance(raw, time):
        return raw.replace(microsecond=0)
    if isinstance(raw, float) and 0 <= raw < 1:
        seconds = round(raw * 86_400)
        return time(seconds // 3600 % 24, seconds // 60 % 60, seconds % 60)
    if not isinstance(raw, str):
        return None
    found = _TIME_ONLY.match(" ".join(raw.split()))
    if not found:
        return None
    parsed = _build({"y": "2000", "d": "1", "mo": "1", **found.groupdict()}, True, raw)
    return parsed.value.time() if parsed.value else None


_SLASHED = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*\d{2,4}")


def guess_day_first(samples: Iterable[object]) -> bool:
    """Whether text dates in a column read day/month (Vietnamese) or month/day (some exports).

    Day first unless some date only makes sense month first (``11/20/2026``) and none day first.
    """
    day_first_seen = month_first_seen = False
    for raw in samples:
        if not isinstance(raw, str):
            continue
        found = _SLASHED.match(raw)
        if not found:
            continue
        first, second = int(found.group(1)), int(found.group(2))
        day_first_seen |= first > 12
        month_first_seen |= second > 12
    return day_first_seen or not month_first_seen
