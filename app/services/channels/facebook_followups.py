"""A later Facebook export of a conversation already imported: its new messages join the case.

The case is found by its code (thread and first message of the period); a message is new when
its transcript line is neither in the case's text nor in an earlier ``messages_added`` event.
The new ones become one history event of the case, written in the import's transaction.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.models import Case, CaseEvent
from app.services.channels.import_rows import ImportRecord
from app.services.channels.import_writer import chunks

ACTION = "messages_added"


@dataclass(frozen=True, slots=True)
class FollowUp:
    """New messages for one case already in the register."""

    case_id: int
    lines: tuple[str, ...]


def new_messages(session: Session, source: str, records: Sequence[ImportRecord]) -> list[FollowUp]:
    """For each record whose conversation is already a case: the messages the case lacks."""
    wanted = {r.external_ref: r.messages for r in records if r.external_ref and r.messages}
    cases: dict[int, tuple[str, set[str]]] = {}
    for part in chunks(sorted(wanted)):
        rows = session.execute(
            select(Case.id, Case.external_ref, Case.content).where(
                Case.source == source, Case.external_ref != "", Case.external_ref.in_(part)
            )
        )
        for case_id, ref, content in rows:
            cases[case_id] = (ref, set(content.splitlines()))
    for part_ids in chunks(sorted(cases)):
        notes = session.execute(
            select(CaseEvent.case_id, CaseEvent.note).where(
                CaseEvent.case_id.in_(part_ids), CaseEvent.action == ACTION
            )
        )
        for case_id, note in notes:
            cases[case_id][1].update(note.splitlines())
    out = []
    for case_id, (ref, known) in sorted(cases.items()):
        lines = tuple(line for line in wanted[ref] if line not in known)
        if lines:
            out.append(FollowUp(case_id, lines))
    return out


def append_messages(
    session: Session, follow_ups: Sequence[FollowUp], *, now: datetime, user_id: int | None, file_name: str
) -> None:
    """One history event per case with its new messages; the case's version moves on."""
    for item in follow_ups:
        session.add(
            CaseEvent(
                case_id=item.case_id,
                at=now,
                user_id=user_id,
                action=ACTION,
                note="\n".join(item.lines),
                data=json.dumps({"file": file_name, "messages": len(item.lines)}, ensure_ascii=False),
            )
        )
        session.execute(
            update(Case).where(Case.id == item.case_id).values(updated_at=now, version=Case.version + 1)
        )
