"""SQL behind the Sổ tiếp công dân: which cases are listed and what each of its columns says."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Connection, false, or_, select
from sqlalchemy.orm import aliased

from app.domain.enums import CaseKind, CaseStatus, Channel
from app.domain.text import clean_text
from app.models import Case, CaseEvent, Citizen, Department, Reply
from app.reports.register_types import COMPLAINT, DENUNCIATION, PETITION, RegisterRow
from app.reports.text import fmt_date
from app.services.core.sealing import SEALED, scrub
from app.services.reports.report_data import day_start

FORM_EVENT = "form_printed"
"""CaseEvent.action written when a form is printed; ``data`` holds form, to and number."""
HANDLED = frozenset(
    {CaseStatus.ASSIGNED, CaseStatus.IN_PROGRESS, CaseStatus.RESOLVED, CaseStatus.REPLIED, CaseStatus.CLOSED}
)
"""Statuses in which the office itself deals with the matter (thụ lý)."""
CLASSIFICATION = {
    CaseKind.COMPLAINT: COMPLAINT,
    CaseKind.DENUNCIATION: DENUNCIATION,
    CaseKind.DENUNCIATION_INFO: "Thông tin tố cáo",
    CaseKind.FEEDBACK: PETITION,
    CaseKind.PETITION: PETITION,
}
SUMMARY_LENGTH = 600
MERGED_INTO: Any = getattr(Case, "merged_into_id", None)
"""Case.merged_into_id (migration 0004); without it nothing counts as merged."""


def scope(start: date, end: date, walk_in_only: bool, table: Any = Case) -> list[ColumnElement[bool]]:
    """Conditions on :class:`Case` (or an alias of it) for the receptions of ``start``..``end``."""
    conditions = [
        table.received_at >= day_start(start),
        table.received_at < day_start(end + timedelta(days=1)),
    ]
    if walk_in_only:
        conditions.append(table.channel == Channel.WALK_IN.value)
    return conditions


@dataclass(frozen=True, slots=True)
class Direction:
    """Where a guidance or a transfer sent the citizen: the body and the document number."""

    to: str = ""
    number: str = ""
    note: str = ""

    def text(self) -> str:
        if self.to or self.number:
            return "; ".join(p for p in (self.to, f"số {self.number}" if self.number else "") if p)
        return self.note


def _one_line(text: str, limit: int = 200) -> str:
    """One line of at most ``limit`` characters ("…" marks a cut)."""
    line = clean_text(text or "", multiline=False)
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def direction(events: list[tuple[str, str | None, str, str]], status: CaseStatus, form: str) -> Direction:
    """The latest printed form of kind ``form``, else the note of the latest move to ``status``.

    ``events`` are (action, to_status, note, data) in time order.
    """
    for action, to_status, note, data in reversed(events):
        if action == FORM_EVENT:
            info = _json(data)
            if info.get("form") == form:
                return Direction(str(info.get("to") or ""), str(info.get("number") or ""))
        elif to_status == status.value:
            return Direction(note=_one_line(note))
    return Direction()


def _json(data: str) -> dict[str, Any]:
    try:
        value = json.loads(data) if data else {}
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _events(conn: Connection, conditions: list[ColumnElement[bool]]) -> dict[int, list[Any]]:
    wanted = or_(
        CaseEvent.action == FORM_EVENT,
        CaseEvent.to_status.in_([CaseStatus.GUIDED.value, CaseStatus.TRANSFERRED.value]),
    )
    stmt = (
        select(CaseEvent.case_id, CaseEvent.action, CaseEvent.to_status, CaseEvent.note, CaseEvent.data)
        .join(Case, Case.id == CaseEvent.case_id)
        .where(*conditions, wanted)
        .order_by(CaseEvent.at, CaseEvent.id)
    )
    found: dict[int, list[Any]] = defaultdict(list)
    for case_id, *rest in conn.execute(stmt):
        found[case_id].append(tuple(rest))
    return found


def _last_replies(conn: Connection, conditions: list[ColumnElement[bool]]) -> dict[int, tuple[date, str]]:
    stmt = (
        select(Reply.case_id, Reply.replied_on, Reply.document_no)
        .join(Case, Case.id == Reply.case_id)
        .where(*conditions)
        .order_by(Reply.replied_on, Reply.id)
    )
    return {case_id: (day, number or "") for case_id, day, number in conn.execute(stmt)}


def _merged_people(conn: Connection, start: date, end: date, walk_in_only: bool) -> dict[int, set[int]]:
    """Citizens of the cases merged into each listed case (same content, other petitioners)."""
    if MERGED_INTO is None:
        return {}
    survivor = aliased(Case)
    stmt = (
        select(MERGED_INTO, Case.citizen_id)
        .join(survivor, survivor.id == MERGED_INTO)
        .where(*scope(start, end, walk_in_only, survivor), Case.citizen_id.is_not(None))
    )
    people: dict[int, set[int]] = defaultdict(set)
    for survivor_id, citizen_id in conn.execute(stmt):
        if survivor_id is not None and citizen_id is not None:
            people[survivor_id].add(citizen_id)
    return people


def read(
    conn: Connection, start: date, end: date, walk_in_only: bool, unredacted: bool
) -> Iterator[RegisterRow]:
    """Rows in order of reception; a denouncer's identity is sealed unless ``unredacted``."""
    conditions = scope(start, end, walk_in_only)
    events = _events(conn, conditions)
    replies = _last_replies(conn, conditions)
    merged_people = _merged_people(conn, start, end, walk_in_only)
    dept, target = aliased(Department), aliased(Case)
    stmt = (
        select(Case.id, Case.number, Case.received_at, Case.kind, Case.status, Case.content,
               Case.accepted_on, Case.acceptance_no, dept.name, target.number, Case.citizen_id,
               Citizen.full_name, Citizen.address, Citizen.id_number, Citizen.phone)
        .outerjoin(Citizen, Citizen.id == Case.citizen_id)
        .outerjoin(dept, dept.id == Case.department_id)
        .outerjoin(target, target.id == MERGED_INTO if MERGED_INTO is not None else false())
        .where(*conditions)
        .order_by(Case.received_at, Case.id)
    )  # fmt: skip
    result = conn.execution_options(yield_per=2000).execute(stmt)
    for r in result:
        kind, status = CaseKind(r[3]), CaseStatus(r[4])
        sealed = kind.is_sealed and not unredacted
        name, address, id_number, phone = r[11] or "", r[12] or "", r[13] or "", r[14] or ""
        summary = _one_line(r[5], SUMMARY_LENGTH)
        case_events = events.get(r[0], [])
        guided = (
            direction(case_events, CaseStatus.GUIDED, "guidance").text()
            if status is CaseStatus.GUIDED
            else ""
        )
        transferred = (
            direction(case_events, CaseStatus.TRANSFERRED, "transfer").text()
            if status is CaseStatus.TRANSFERRED
            else ""
        )
        if sealed:
            secrets = (name, address, id_number, phone)
            summary, guided, transferred = (scrub(t, *secrets) for t in (summary, guided, transferred))
            name, address, id_number = SEALED, "", SEALED if id_number else ""
        others = merged_people.get(r[0], set()) - {r[10]}
        yield RegisterRow(
            received_on=r[2].date(),
            name=name,
            address=address,
            id_number=id_number,
            summary=summary,
            classification=CLASSIFICATION[kind],
            people=1 + len(others),
            accepted=_accepted(status, r[6], r[7]),
            guided=guided,
            transferred=transferred,
            follow_up=_follow_up(r[1], status, r[8], r[9], replies.get(r[0])),
        )


def _accepted(status: CaseStatus, accepted_on: date | None, number: str | None) -> str:
    if accepted_on or number:
        return "\n".join(p for p in (f"Số {number}" if number else "", fmt_date(accepted_on)) if p)
    return "x" if status in HANDLED else ""


def _follow_up(
    number: str,
    status: CaseStatus,
    department: str | None,
    merged_into: str | None,
    reply: tuple[date, str] | None,
) -> str:
    """Case number, then how it ended or who is handling it."""
    lines = [number]
    if merged_into:
        lines.append(f"Đã gộp vào {merged_into}")
    elif reply is not None:
        day, document = reply
        lines.append(f"Đã trả lời {fmt_date(day)}" + (f", VB số {document}" if document else ""))
    else:
        lines.append(status.label)
        if status.is_open and department:
            lines.append(department)
    return "\n".join(lines)
