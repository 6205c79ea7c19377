"""Write many imported cases in the caller's transaction: bulk citizens, numbers, cases, history, FTS."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from types import SimpleNamespace
from typing import Any, TypeVar, cast

from sqlalchemy import Table, insert, select, text, update
from sqlalchemy.orm import Session

from app.domain.case_numbers import format_number
from app.domain.enums import CaseKind, Channel
from app.domain.text import fold
from app.models import Case, CaseCounter, CaseEvent, Citizen
from app.services.cases.pg_search import stored
from app.services.cases.search_index import SearchDocument, case_document
from app.services.channels.import_rows import ImportRecord
from app.services.channels.import_types import Cancel, ImportCancelled, Progress
from app.services.core.due_dates import DueInfo, DuePolicy

CHUNK = 5_000
CASE_TABLE = cast(Table, Case.__table__)
EVENT_TABLE = cast(Table, CaseEvent.__table__)
CITIZEN_TABLE = cast(Table, Citizen.__table__)
T = TypeVar("T")
DueKey = tuple[CaseKind, Channel, int | None, date]
CaseDefaults = Callable[[Any], None]
"""Sets ``target_date``/``target_rule`` on an object with the case's facts (the deadline hook)."""
SearchWriter = Callable[[Session, list[tuple[int, SearchDocument]]], None]


def chunks(items: Sequence[T], size: int = 500) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def sqlite_search_rows(session: Session, rows: list[tuple[int, SearchDocument]]) -> None:
    """Bulk rows for the contentless FTS5 table, as ``SqliteSearchIndex.add`` writes them one by one."""
    session.connection().exec_driver_sql(
        "INSERT INTO case_fts(rowid, exact, folded) VALUES (?, ?, ?)",
        [(case_id, doc.exact, doc.folded) for case_id, doc in rows],
    )


def pg_search_rows(session: Session, rows: list[tuple[int, SearchDocument]]) -> None:
    """Bulk rows for PostgreSQL's ``case_search`` (the form ``PgSearchIndex.add`` stores)."""
    if rows:
        session.execute(
            text("INSERT INTO case_search(case_id, exact, folded) VALUES (:id, :e, :f)"),
            [{"id": case_id, "e": stored(doc.exact), "f": stored(doc.folded)} for case_id, doc in rows],
        )


@dataclass(frozen=True, slots=True)
class Deadlines:
    """A new case's legal deadline and the office's own target (if a target profile applies)."""

    legal: DueInfo
    target_date: date | None = None
    target_rule: str = ""


@dataclass(frozen=True, slots=True)
class WriteContext:
    """Who imports what: written on every case and its first history line."""

    source: str
    source_label: str
    file_name: str
    batch_id: int
    user_id: int | None
    now: datetime


class CaseBulkWriter:
    """Bulk path equivalent to ``CaseService.create_case`` for a whole file in one transaction."""

    def __init__(
        self,
        office_id: int,
        due_policy: DuePolicy,
        search_rows: SearchWriter,
        case_defaults: CaseDefaults | None = None,
    ) -> None:
        self._office_id = office_id
        self._due = due_policy
        self._search_rows = search_rows
        self._case_defaults = case_defaults

    def due_dates(self, records: Sequence[ImportRecord]) -> dict[DueKey, Deadlines]:
        """Legal deadline and office target per kind, channel, field and day of receipt, computed
        before the write transaction opens (the policies may read the database). Both count from
        the day of receipt, as in the demo load; the target comes from the same hook intake uses."""
        dues: dict[DueKey, Deadlines] = {}
        for rec in records:
            key = (rec.kind, rec.channel, rec.field_id, rec.received_at.date())
            if key not in dues:
                due = self._due.due_for(rec.kind, rec.channel, rec.received_at)
                facts = SimpleNamespace(
                    kind=rec.kind.value, channel=rec.channel.value, field_id=rec.field_id, urgency="normal",
                    received_at=rec.received_at, target_date=None, target_rule="",
                )  # fmt: skip
                if self._case_defaults is not None:
                    self._case_defaults(facts)
                dues[key] = Deadlines(due, facts.target_date, facts.target_rule)
        return dues

    def write(
        self,
        session: Session,
        records: Sequence[ImportRecord],
        ctx: WriteContext,
        dues: dict[DueKey, Deadlines],
        progress: Progress | None = None,
        cancel: Cancel | None = None,
    ) -> list[tuple[int, int, str]]:
        """Insert ``records`` (oldest first gets the lower number); returns ``(row, case id, number)``."""
        ordered = sorted(records, key=lambda r: r.received_at)
        citizens = self._citizens(session, ordered, ctx.now)
        numbers = self._numbers(session, ordered)
        out: list[tuple[int, int, str]] = []
        conn = session.connection()
        case_insert = insert(CASE_TABLE).returning(CASE_TABLE.c.id, sort_by_parameter_order=True)
        for start in range(0, len(ordered), CHUNK):
            if cancel is not None and cancel():
                raise ImportCancelled()
            part = ordered[start : start + CHUNK]
            rows = []
            for offset, rec in enumerate(part):
                due = dues[(rec.kind, rec.channel, rec.field_id, rec.received_at.date())]
                citizen_id = citizens[start + offset][0]
                rows.append(self._case_row(rec, numbers[start + offset], citizen_id, due, ctx))
            ids = list(conn.execute(case_insert, rows).scalars())
            conn.execute(
                insert(EVENT_TABLE),
                [self._event_row(case_id, rec, ctx) for case_id, rec in zip(ids, part, strict=True)],
            )
            docs = [
                (case_id, self._document(rec, numbers[start + i][2], citizens[start + i][1]))
                for i, (case_id, rec) in enumerate(zip(ids, part, strict=True))
            ]
            self._search_rows(session, docs)
            out += [
                (rec.row, case_id, numbers[start + i][2])
                for i, (case_id, rec) in enumerate(zip(ids, part, strict=True))
            ]
            if progress is not None:
                progress(start + len(part), len(ordered))
        return out

    # --- pieces -------------------------------------------------------------------------
    def _numbers(self, session: Session, records: Sequence[ImportRecord]) -> list[tuple[int, int, str]]:
        """Reserve a block of sequence numbers per year (the counter row lock keeps them gap-free)."""
        per_year: dict[int, int] = {}
        for rec in records:
            per_year[rec.received_at.year] = per_year.get(rec.received_at.year, 0) + 1
        next_seq = {year: self._reserve(session, year, n) for year, n in sorted(per_year.items())}
        out = []
        for rec in records:
            year = rec.received_at.year
            seq = next_seq[year]
            next_seq[year] = seq + 1
            out.append((year, seq, format_number(year, seq)))
        return out

    def _reserve(self, session: Session, year: int, count: int) -> int:
        stmt = (
            update(CaseCounter)
            .where(CaseCounter.office_id == self._office_id, CaseCounter.year == year)
            .values(last_seq=CaseCounter.last_seq + count)
            .returning(CaseCounter.last_seq)
        )
        last = session.execute(stmt).scalar()
        if last is None:
            session.execute(
                text(
                    "INSERT INTO case_counter(office_id, year, last_seq) VALUES (:office, :year, 0) "
                    "ON CONFLICT DO NOTHING"
                ),
                {"office": self._office_id, "year": year},
            )
            last = session.execute(stmt).scalar_one()
        return int(last) - count + 1

    def _citizens(
        self, session: Session, records: Sequence[ImportRecord], now: datetime
    ) -> list[tuple[int | None, str]]:
        """Known callers by phone (as intake does), new citizens once per person in the file.

        Returns each record's citizen id and the name the search index gets (as intake indexes it).
        """
        phones = sorted({r.phone for r in records if r.phone and r.phone_valid})
        known: dict[str, tuple[int, str]] = {}
        for part in chunks(phones):
            stmt = select(Citizen.id, Citizen.phone, Citizen.full_name).where(Citizen.phone.in_(part))
            for cid, phone, name in session.execute(stmt.order_by(Citizen.id)):
                known[phone or ""] = (cid, name or "")
        out: list[tuple[int | None, str]] = []
        pending: dict[tuple[str, str, str, str], list[int]] = {}
        new_rows: list[dict[str, Any]] = []
        for rec in records:
            hit = known.get(rec.phone or "") if rec.phone_valid else None
            if not (rec.phone or rec.citizen_name or rec.id_number or rec.address):
                out.append((None, ""))
            elif hit and (not rec.citizen_name or not hit[1] or fold(hit[1]) == fold(rec.citizen_name)):
                out.append((hit[0], rec.citizen_name or hit[1]))
            else:
                key = (
                    rec.phone or "",
                    fold(rec.citizen_name),
                    rec.id_number,
                    "" if rec.phone else fold(rec.address),
                )
                if key not in pending:
                    pending[key] = []
                    new_rows.append(self._citizen_row(rec, now))
                pending[key].append(len(out))
                out.append((None, rec.citizen_name))
        stmt_new = insert(CITIZEN_TABLE).returning(CITIZEN_TABLE.c.id, sort_by_parameter_order=True)
        created: list[int] = []
        for begin in range(0, len(new_rows), CHUNK):
            batch = new_rows[begin : begin + CHUNK]
            created.extend(session.connection().execute(stmt_new, batch).scalars())
        for citizen_id, positions in zip(created, pending.values(), strict=True):
            for pos in positions:
                out[pos] = (citizen_id, out[pos][1])
        return out

    @staticmethod
    def _citizen_row(rec: ImportRecord, now: datetime) -> dict[str, Any]:
        return {
            "full_name": rec.citizen_name,
            "phone": rec.phone,
            "phone_valid": rec.phone_valid,
            "id_number": rec.id_number or None,
            "address": rec.address,
            "created_at": now,
        }

    def _case_row(
        self,
        rec: ImportRecord,
        number: tuple[int, int, str],
        citizen_id: int | None,
        due: Deadlines,
        ctx: WriteContext,
    ) -> dict[str, Any]:
        year, seq, text_number = number
        return {
            "office_id": self._office_id,
            "year": year,
            "seq": seq,
            "number": text_number,
            "received_at": rec.received_at,
            "channel": rec.channel.value,
            "kind": rec.kind.value,
            "urgency": "normal",
            "status": "received",
            "field_id": rec.field_id,
            "department_id": rec.department_id,
            "officer_id": None,
            "receiver_id": ctx.user_id,
            "citizen_id": citizen_id,
            "content": rec.content,
            "request": "",
            "location": rec.location,
            "external_ref": rec.external_ref,
            "call_seconds": None,
            "due_date": due.legal.due,
            "due_rule": due.legal.rule,
            "target_date": due.target_date,
            "target_rule": due.target_rule,
            "closed_at": None,
            "created_at": ctx.now,
            "updated_at": ctx.now,
            "version": 1,
            "source": ctx.source,
            "import_batch_id": ctx.batch_id,
        }

    @staticmethod
    def _event_row(case_id: int, rec: ImportRecord, ctx: WriteContext) -> dict[str, Any]:
        note = f"Nhập từ {ctx.source_label}: tệp «{ctx.file_name}», dòng {rec.row}."
        if rec.warnings:
            note += " " + " ".join(rec.warnings)
        data = {"import_batch": ctx.batch_id, "row": rec.row, "source": ctx.source}
        if rec.raw:
            data["raw"] = dict(rec.raw)
        return {
            "case_id": case_id,
            "at": ctx.now,
            "user_id": ctx.user_id,
            "action": "created",
            "from_status": None,
            "to_status": "received",
            "note": note,
            "data": json.dumps(data, ensure_ascii=False),
        }

    @staticmethod
    def _document(rec: ImportRecord, number: str, citizen_name: str) -> SearchDocument:
        return case_document(
            number=number,
            content=rec.content,
            location=rec.location,
            external_ref=rec.external_ref,
            citizen_name=citizen_name,
            phone=rec.phone,
            sealed=rec.kind.is_sealed,
        )
