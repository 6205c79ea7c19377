"""The intake's write path below the ORM: prepared statements for the citizen, the case number,
the case and its first history rows, run on the transaction's driver cursor (``Direct``)."""

from __future__ import annotations

from datetime import datetime
from typing import cast

from sqlalchemy import Table, bindparam, insert, select, text, update

from app.db.direct import Direct
from app.models import Case, CaseCounter, CaseEvent, Citizen
from app.services.cases.dto import NewCase

_CITIZENS = cast(Table, Citizen.__table__)
_CITIZEN_BY_PHONE = (
    select(_CITIZENS.c.id, _CITIZENS.c.full_name, _CITIZENS.c.address, _CITIZENS.c.id_number)
    .where(_CITIZENS.c.phone == bindparam("phone"))
    .order_by(_CITIZENS.c.id.desc())
    .limit(1)
)
_INSERT_CITIZEN = insert(_CITIZENS).returning(_CITIZENS.c.id)
INSERT_CASE = insert(cast(Table, Case.__table__)).returning(Case.id)
INSERT_EVENT = insert(cast(Table, CaseEvent.__table__)).returning(CaseEvent.id)
_COUNTERS = cast(Table, CaseCounter.__table__)
_UPDATE_CITIZEN = (
    update(_CITIZENS)
    .where(_CITIZENS.c.id == bindparam("key"))
    .values(full_name=bindparam("new_name"), address=bindparam("new_address"), id_number=bindparam("new_id"))
)
_FIRST_OF_YEAR = text(
    "INSERT INTO case_counter(office_id, year, last_seq) VALUES (:office, :for_year, 0) ON CONFLICT DO NOTHING"
)
_NEXT_SEQ = (
    update(_COUNTERS)
    .where(_COUNTERS.c.office_id == bindparam("office"), _COUNTERS.c.year == bindparam("for_year"))
    .values(last_seq=_COUNTERS.c.last_seq + 1)
    .returning(_COUNTERS.c.last_seq)
)


def next_case_seq(direct: Direct, office_id: int, year: int) -> int:
    """Take the next number for the year; the row lock keeps numbers gap-free."""
    params = {"office": office_id, "for_year": year}
    seq = direct.scalar(_NEXT_SEQ, params)
    if seq is None:
        # First case of the year: two officers may get here at once. Both inserts are
        # harmless (the loser does nothing), then the row lock orders the increments.
        direct.first(_FIRST_OF_YEAR, params)
        seq = direct.scalar(_NEXT_SEQ, params)
    return int(seq)


def find_or_add_citizen(
    direct: Direct, new: NewCase, phone: str | None, valid: bool, now: datetime
) -> tuple[int, str, str | None] | None:
    """``(id, name, phone)`` of the caller: the latest citizen with this number, or a new one."""
    if not (phone or new.citizen_name or new.id_number or new.address):
        return None
    existing = direct.first(_CITIZEN_BY_PHONE, {"phone": phone}) if phone and valid else None
    if existing is not None:
        citizen_id, name, address, id_number = existing
        if not new.citizen_name or not name or name.casefold() == new.citizen_name.casefold():
            kept = (new.citizen_name or name, new.address or address, new.id_number or id_number)
            if kept != (name, address, id_number):
                direct.first(
                    _UPDATE_CITIZEN,
                    {"key": citizen_id, "new_name": kept[0], "new_address": kept[1], "new_id": kept[2]},
                )
            return int(citizen_id), str(kept[0] or ""), phone
    citizen_id = direct.scalar(
        _INSERT_CITIZEN,
        {
            "full_name": new.citizen_name, "phone": phone, "phone_valid": valid,
            "id_number": new.id_number or None, "address": new.address, "created_at": now,
        },
    )  # fmt: skip
    return int(citizen_id), new.citizen_name, phone
