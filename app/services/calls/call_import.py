"""One file of the duty phone into ``phone_log_entry``: read, drop what is known, reconcile, write."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from app.domain.working_calendar import WorkingCalendar
from app.models import PhoneLogEntry, PhoneLogImport
from app.services.calls.call_csv import CsvResult, read_call_csv
from app.services.calls.call_match import case_times, close_stored, find_callbacks, first_case
from app.services.calls.call_types import CallImportReport
from app.services.calls.call_window import DayCache, MatchWindow
from app.services.calls.phone_events import PhoneEvent, RowProblem, future_problem
from app.services.calls.sbr_xml import CallFileRefused, XmlResult, read_backup_xml

FileResult = XmlResult | CsvResult


def read_phone_file(path: Path, cancel: Callable[[], bool] | None = None) -> FileResult:
    """An SMS Backup & Restore XML (by its first bytes, whatever its name) or a CSV call log."""
    try:
        with path.open("rb") as stream:
            head = stream.read(512)
    except OSError as error:
        raise CallFileRefused(f"Không đọc được tệp «{path.name}»: {error.strerror}.") from None
    if not head.strip():
        raise CallFileRefused(f"Tệp «{path.name}» rỗng.")
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return read_backup_xml(path, cancel)
    if head.startswith(b"PK"):
        raise CallFileRefused(
            f"Tệp «{path.name}» là tệp nén (zip/xlsx), không phải nhật ký cuộc gọi: hãy giải nén lấy tệp "
            "calls-….xml / sms-….xml, hoặc lưu bảng tính thành CSV."
        )
    return read_call_csv(path)


@dataclass(frozen=True, slots=True)
class ImportContext:
    """Who imports, when, and by which window and calendar."""

    now: datetime
    window: MatchWindow
    calendar: WorkingCalendar | DayCache
    user_id: int | None
    dry_run: bool


def _keep(result: FileResult, now: datetime) -> tuple[dict[str, PhoneEvent], list[RowProblem]]:
    """Events of the file by fingerprint, without future times and without duplicates inside the file."""
    problems = list(result.problems)
    kept: dict[str, PhoneEvent] = {}
    for event in result.events:
        bad = future_problem(event, now)
        if bad is not None:
            problems.append(bad)
            continue
        kept.setdefault(event.fingerprint, event)
    problems.sort(key=lambda p: p.line)
    return kept, problems


def _row(key: str, event: PhoneEvent, ctx: ImportContext) -> dict[str, Any]:
    start, until = ctx.window.bounds(event.at, ctx.calendar)
    due = (
        ctx.window.next_morning(event.at, ctx.calendar) if event.kind.needs_callback and event.phone else None
    )
    return {
        "fingerprint": key, "at": event.at, "kind": event.kind.value, "type_code": event.type_code,
        "phone": event.phone, "raw_number": event.raw_number, "duration_s": event.duration_s,
        "contact_name": event.contact_name, "body": event.body, "match_from": start, "match_until": until,
        "callback_due": due, "state": "open" if event.kind.reconciled else "none", "case_id": None,
        "dismiss_reason": "", "dismiss_note": "", "handled_by": None, "handled_at": None,
        "called_back_at": None, "called_back_via": "",
    }  # fmt: skip


def _known(session: Session, events: Iterable[PhoneEvent]) -> set[str]:
    times = [e.at for e in events]
    if not times:
        return set()
    lo, hi = min(times), max(times)
    return set(
        session.scalars(
            select(PhoneLogEntry.fingerprint).where(PhoneLogEntry.at >= lo, PhoneLogEntry.at <= hi)
        )
    )


def _reconcile(session: Session, rows: list[dict[str, Any]]) -> tuple[int, int]:
    """Mark rows whose caller has a case in the window; (matched, unmatched) of the reconciled rows."""
    open_rows = [r for r in rows if r["state"] == "open"]
    phones = [r["phone"] for r in open_rows if r["phone"]]
    times = (
        case_times(
            session, phones, min(r["match_from"] for r in open_rows), max(r["match_until"] for r in open_rows)
        )
        if phones
        else {}
    )
    matched = 0
    for r in open_rows:
        found = (
            first_case(times.get(r["phone"], []), r["match_from"], r["match_until"]) if r["phone"] else None
        )
        if found is not None:
            r["state"], r["case_id"] = "matched", found
            matched += 1
    return matched, len(open_rows) - matched


def import_file(session: Session, path: Path, result: FileResult, ctx: ImportContext) -> CallImportReport:
    """Reconcile and (unless a dry run) write the file in ``session``'s one transaction."""
    ctx = replace(ctx, calendar=DayCache(ctx.calendar))
    events, problems = _keep(result, ctx.now)
    known = _known(session, events.values())
    fresh = [(k, e) for k, e in events.items() if k not in known]
    rows = [_row(k, e, ctx) for k, e in fresh]
    matched, unmatched = _reconcile(session, rows)
    callbacks = find_callbacks(session, rows)
    for i, when in callbacks.closed_new.items():
        rows[i]["called_back_at"], rows[i]["called_back_via"] = when, "call"
    report = CallImportReport(
        path.name, result.file_format, ctx.dry_run, result.read, len(fresh), len(events) - len(fresh),
        matched, unmatched, len(callbacks.closed_new) + len(callbacks.closed_old),
        sum(1 for r in rows if r["phone"] is None and r["state"] == "open"), tuple(problems), result.skipped,
    )  # fmt: skip
    if ctx.dry_run:
        return report
    batch = PhoneLogImport(
        file_name=path.name[:255], file_sha256=_sha256(path), file_format=result.file_format,
        user_id=ctx.user_id, imported_at=ctx.now, read_count=result.read, new_count=len(fresh),
        already_count=report.already, rejected_count=len(problems),
    )  # fmt: skip
    session.add(batch)
    session.flush()
    for r in rows:
        r["import_id"] = batch.id
    if rows:  # Core executemany: the ORM bulk path splits rows by their None columns
        session.connection().execute(insert(PhoneLogImport.metadata.tables["phone_log_entry"]), rows)
    close_stored(session, callbacks.closed_old)
    return CallImportReport(**{**_fields(report), "import_id": batch.id})


def _fields(report: CallImportReport) -> dict[str, Any]:
    return {name: getattr(report, name) for name in report.__dataclass_fields__}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
