"""Before writing: drop rows already in the register, and flag likely duplicates (bulk queries)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.imports.similarity import Candidate, Probe, Scorer, simple
from app.domain.text import fold
from app.models import Case, Citizen
from app.services.cases.duplicate_service import DuplicateService, candidate_of
from app.services.channels.import_rows import ImportRecord
from app.services.channels.import_types import DuplicateHint
from app.services.channels.import_writer import chunks

CONTENT_CHECK_LIMIT = 2_000
"""Up to this many rows, each is also compared by content with the register (FTS + rapidfuzz)."""


@dataclass(frozen=True, slots=True)
class Plan:
    """What an import will do: new records (with in-file warnings added) and what it skips."""

    new: tuple[ImportRecord, ...]
    already_present: int
    duplicates: tuple[DuplicateHint, ...]


def _fingerprint(received_at: datetime, content: str) -> tuple[datetime, str]:
    return received_at, " ".join(fold(content).split())[:300]


def existing_keys(
    session: Session, source: str, records: Sequence[ImportRecord]
) -> tuple[set[str], set[tuple[datetime, str]]]:
    """Codes of ``source`` already registered, and fingerprints of its code-less cases."""
    refs = sorted({r.external_ref for r in records if r.external_ref})
    found: set[str] = set()
    for part in chunks(refs):
        stmt = select(Case.external_ref).where(
            Case.source == source, Case.external_ref != "", Case.external_ref.in_(part)
        )  # the partial index holds only cases with a code
        found.update(session.scalars(stmt))
    times = sorted({r.received_at for r in records if not r.external_ref})
    prints: set[tuple[datetime, str]] = set()
    for part_t in chunks(times):
        stmt2 = select(Case.received_at, Case.content).where(
            Case.source == source, Case.external_ref == "", Case.received_at.in_(part_t)
        )
        prints.update(_fingerprint(at, content) for at, content in session.execute(stmt2))
    return found, prints


def plan_import(
    session: Session,
    source: str,
    records: Sequence[ImportRecord],
    duplicates: DuplicateService,
    window: timedelta,
) -> Plan:
    """Skip what is already in the register or repeated in the file; flag likely duplicates."""
    refs, prints = existing_keys(session, source, records)
    new: list[ImportRecord] = []
    skipped = 0
    for rec in records:
        key = rec.external_ref or _fingerprint(rec.received_at, rec.content)
        if (rec.external_ref and rec.external_ref in refs) or (not rec.external_ref and key in prints):
            skipped += 1
            continue
        if rec.external_ref:
            refs.add(rec.external_ref)
        else:
            prints.add(key)  # type: ignore[arg-type]
        new.append(rec)
    new = _in_file_duplicates(new, window)
    hints = _register_duplicates(session, new, duplicates, window)
    return Plan(tuple(new), skipped, tuple(hints))


def _probe(rec: ImportRecord, with_content: bool) -> Probe:
    return Probe(
        received_at=rec.received_at,
        phone=rec.phone or "" if rec.phone_valid else "",
        id_number=rec.id_number,
        name=rec.citizen_name,
        address=rec.address,
        location=rec.location,
        content=rec.content if with_content else "",
    )


def _in_file_duplicates(records: list[ImportRecord], window: timedelta) -> list[ImportRecord]:
    """Rows of the same file about the same caller within the window get a warning naming the row."""
    seen: dict[tuple[str, str], list[ImportRecord]] = defaultdict(list)
    out = []
    for rec in sorted(records, key=lambda r: r.received_at):
        keys = []
        if rec.phone and rec.phone_valid:
            keys.append(("phone", rec.phone))
        if rec.id_number:
            keys.append(("id", rec.id_number.upper()))
        if rec.citizen_name and rec.address:
            keys.append(("name", f"{fold(rec.citizen_name)}|{fold(rec.address)}"))
        notes = []
        for key in keys:
            earlier = [r for r in seen[key] if rec.received_at - r.received_at <= window]
            if earlier:
                what = {"phone": "số điện thoại", "id": "số CCCD/CMND", "name": "họ tên và địa chỉ"}[key[0]]
                notes.append(f"Có thể trùng dòng {earlier[-1].row} của tệp (cùng {what}).")
            seen[key].append(rec)
        out.append(replace(rec, warnings=(*rec.warnings, *dict.fromkeys(notes))) if notes else rec)
    return sorted(out, key=lambda r: r.row)


def _identity_cases(
    session: Session, records: Sequence[ImportRecord], since: datetime, until: datetime
) -> dict[tuple[str, str], set[int]]:
    """Registered cases by phone, by ID and by (name, address), within the file's span (indexed)."""
    by_key: dict[tuple[str, str], set[int]] = defaultdict(set)
    lookups = (
        ("phone", Citizen.phone, {r.phone for r in records if r.phone and r.phone_valid}),
        ("id", Citizen.id_number, {r.id_number for r in records if r.id_number}),
    )
    for kind, column, values in lookups:
        for part in chunks(sorted(values)):
            stmt = (
                select(column, Case.id)
                .join(Citizen, Citizen.id == Case.citizen_id)
                .where(column.in_(part), Case.received_at.between(since, until))
            )
            for value, case_id in session.execute(stmt):
                by_key[(kind, value or "")].add(case_id)
    # Same name and same address: namesakes are common, so keep only citizens whose address matches.
    pairs = {_person(r.citizen_name, r.address) for r in records if r.citizen_name and r.address}
    people: dict[int, str] = {}
    for part in chunks(sorted({r.citizen_name for r in records if r.citizen_name and r.address})):
        stmt2 = select(Citizen.id, Citizen.full_name, Citizen.address).where(Citizen.full_name.in_(part))
        for cid, name, address in session.execute(stmt2):
            if (key := _person(name, address or "")) in pairs:
                people[cid] = key
    for part_ids in chunks(sorted(people)):
        stmt3 = select(Case.id, Case.citizen_id).where(
            Case.citizen_id.in_(part_ids), Case.received_at.between(since, until)
        )
        for case_id, citizen_id in session.execute(stmt3):
            by_key[("name", people.get(citizen_id or 0, ""))].add(case_id)
    return by_key


def _person(name: str, address: str) -> str:
    return f"{simple(name)}|{simple(address)}"


def _register_duplicates(
    session: Session, records: Sequence[ImportRecord], duplicates: DuplicateService, window: timedelta
) -> list[DuplicateHint]:
    """The best registered match of each row (identity always; content too for small files)."""
    if not records:
        return []
    since = min(r.received_at for r in records) - window
    until = max(r.received_at for r in records) + window
    by_key = _identity_cases(session, records, since, until)
    with_content = len(records) <= CONTENT_CHECK_LIMIT
    wanted: dict[int, set[int]] = {}
    for i, rec in enumerate(records):
        ids = by_key[("phone", rec.phone or "")] | by_key[("id", rec.id_number)]
        if rec.citizen_name and rec.address:
            ids |= by_key[("name", _person(rec.citizen_name, rec.address))]
        if with_content:
            ids |= duplicates.candidate_ids(session, _probe(rec, True), window)
        if ids:
            wanted[i] = ids
    every = sorted(set().union(*wanted.values())) if wanted else []
    rows = {row.id: row for row in duplicates.load_candidates(session, every, with_content=with_content)}
    hints: list[DuplicateHint] = []
    for i, ids in wanted.items():
        rec = records[i]
        scorer = Scorer(_probe(rec, with_content), window)
        best: tuple[int, Candidate, tuple[str, ...]] | None = None
        for case_id in ids:
            row = rows.get(case_id)
            if row is None or row.merged_into_id is not None:
                continue
            cand = candidate_of(row)
            reasons, score = scorer.reasons(cand)
            if reasons and (best is None or score > best[0]):
                best = (score, cand, reasons)
        if best is not None:
            hints.append(DuplicateHint(rec.row, best[1].case_id, rows[best[1].case_id].number, best[2]))
    return hints
