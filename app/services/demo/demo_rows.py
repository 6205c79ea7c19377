"""The rows of the demo cases as plain tuples: case, search text, history events and replies."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from app.domain.case_numbers import format_number
from app.domain.enums import NEEDS_OFFICER, CaseStatus
from app.services.core.due_dates import DuePolicy

Row = tuple[Any, ...]
FINISHED = frozenset({CaseStatus.CLOSED, CaseStatus.GUIDED, CaseStatus.TRANSFERRED})
CASE_COLUMNS = (
    "id, office_id, year, seq, number, received_at, channel, kind, urgency, status, field_id, "
    "department_id, officer_id, receiver_id, citizen_id, content, request, location, external_ref, "
    "due_date, due_rule, closed_at, created_at, updated_at, version"
)
EVENT_COLUMNS = ("case_id", "at", "user_id", "action", "from_status", "to_status", "note", "data")
REPLY_COLUMNS = ("case_id", "replied_on", "method", "text", "document_no", "user_id", "created_at")


@dataclass(frozen=True)
class Catalogs:
    """The office's departments, one officer per department, and the fields by code."""

    officers: dict[int, int]
    fields: dict[str, int]
    departments: list[int]


@dataclass
class DemoRows:
    """Everything one ``generate`` call inserts, in insertion order."""

    cases: list[Row] = field(default_factory=list)
    search: list[Row] = field(default_factory=list)
    events: list[Row] = field(default_factory=list)
    replies: list[Row] = field(default_factory=list)


@dataclass
class RowBuilder:
    """Numbers the cases on from ``counters`` (updated in place) and ids on from ``next_id``."""

    office_id: int
    due_policy: DuePolicy
    catalogs: Catalogs
    citizen_base: int
    citizens: list[Any]
    counters: dict[int, int]
    next_id: int
    _due_cache: dict[tuple[date, str, str], Any] = field(default_factory=dict)

    def batches(self, cases: list[Any], size: int) -> Iterator[DemoRows]:
        """The rows of ``cases``, ``size`` cases at a time (the same rows whatever the size)."""
        rng = random.Random(len(cases))
        for start in range(0, len(cases), size):
            yield self._build(cases, start, min(start + size, len(cases)), rng)

    def _build(self, cases: list[Any], start: int, end: int, rng: random.Random) -> DemoRows:
        rows = DemoRows()
        for offset in range(start, end):
            case = cases[offset]
            case_id = self.next_id + offset
            year = case.received_at.year
            seq = self.counters[year] = self.counters.get(year, 0) + 1
            number = format_number(year, seq)
            departments = self.catalogs.departments
            dept = departments[rng.randrange(len(departments))] if departments else None
            needs = case.status in NEEDS_OFFICER | FINISHED
            officer = self.catalogs.officers.get(dept) if dept and needs else None
            closed = (
                case.received_at + timedelta(days=rng.randint(1, 12)) if not case.status.is_open else None
            )
            rows.cases.append(self._case_row(case, case_id, seq, number, dept, officer, closed))
            rows.search.append(self._search_row(case, case_id, number))
            rows.events.extend(_events(case, case_id, officer, closed))
            if case.status in (CaseStatus.REPLIED, CaseStatus.CLOSED):
                rows.replies.append(_reply(case_id, officer, closed or case.received_at))
        return rows

    def _due(self, case: Any) -> Any:
        key = (case.received_at.date(), case.kind.value, case.channel.value)
        due = self._due_cache.get(key)
        if due is None:
            due = self._due_cache[key] = self.due_policy.due_for(case.kind, case.channel, case.received_at)
        return due

    def _case_row(
        self, c: Any, case_id: int, seq: int, number: str, dept: int | None, officer: int | None,
        closed: datetime | None,
    ) -> Row:  # fmt: skip
        due = self._due(c)
        return (
            case_id, self.office_id, c.received_at.year, seq, number, c.received_at, c.channel.value,
            c.kind.value, c.urgency.value, c.status.value, self.catalogs.fields.get(c.field_code), dept,
            officer, None, self.citizen_base + c.citizen_key, c.content, "", "", c.external_ref, due.due,
            due.rule, closed, c.received_at, closed or c.received_at, 1,
        )  # fmt: skip

    def _search_row(self, c: Any, case_id: int, number: str) -> Row:
        """The search index text; a sealed case's caller is not in it."""
        citizen = self.citizens[c.citizen_key]
        sealed = c.kind.is_sealed
        ident = "" if sealed else f" {citizen.full_name} 0{citizen.phone[3:]}"
        ident_f = "" if sealed else f" {citizen.name_folded} 0{citizen.phone[3:]}"
        return case_id, f"{number} {c.content}{ident}".lower(), f"{number} {c.content_folded}{ident_f}"


def _events(c: Any, case_id: int, officer: int | None, closed: datetime | None) -> list[Row]:
    events: list[Row] = [(case_id, c.received_at, None, "created", None, "received", "", "")]
    if closed is not None:
        events.append((case_id, closed, officer, "status", "in_progress", c.status.value, "Dữ liệu mẫu", ""))
    return events


def _reply(case_id: int, officer: int | None, at: datetime) -> Row:
    return case_id, at.date(), "phone", "Đã trả lời công dân qua điện thoại.", "", officer, at
