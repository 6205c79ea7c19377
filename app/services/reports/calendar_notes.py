"""The report's sentence on the calendar: estimated or doubtful days of the period and who decided them.

A deadline counted across such a day is provisional («tạm tính») until the office confirms or
drops the day on the «Lịch làm việc» screen; the chief's report says which days those are.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Connection, select

from app.domain.calendar_data import STATUS_LABELS, CalendarData, shipped_calendar
from app.models import CalendarDay


def calendar_paragraphs(
    conn: Connection, start: date, end: date, data: CalendarData | None = None
) -> tuple[str, ...]:
    """Zero or more paragraphs about the calendar days of ``[start, end]`` that are not official."""
    data = data or shipped_calendar()
    rows = conn.execute(
        select(CalendarDay.day, CalendarDay.working, CalendarDay.note).where(
            CalendarDay.day >= start, CalendarDay.day <= end
        )
    ).all()
    office = {day: (bool(working), note) for day, working, note in rows}
    parts = []
    for entry in data.uncertain():
        if not start <= entry.day <= end:
            continue
        if entry.day in office:
            working, note = office[entry.day]
            decided = f"cơ quan đã quyết định {'làm việc' if working else 'nghỉ'}: {note}"
        else:
            decided = "chưa xác nhận, hạn tính qua ngày này là tạm tính"
        parts.append(f"{entry.day:%d/%m/%Y} {entry.name} ({STATUS_LABELS[entry.status]}; {decided})")
    out = []
    if parts:
        out.append("Ngày nghỉ chưa chính thức trong kỳ: " + "; ".join(parts) + ".")
    missing = [y for y in range(start.year, end.year + 1) if not data.covers(y)]
    if missing:
        years = ", ".join(str(y) for y in missing)
        out.append(f"Năm {years} chưa có lịch làm việc chính thức trong chương trình: ngày nghỉ là ước tính.")
    return tuple(out)
