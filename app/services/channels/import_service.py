"""Import spreadsheets and Facebook exports: preview the mapping, dry-run, then one transaction."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from app.domain.enums import Channel
from app.domain.imports.columns import ColumnMapping, HeaderMatcher, ImportField, Synonyms
from app.domain.imports.dates import guess_day_first
from app.domain.permissions import Action
from app.models import ImportBatch
from app.services.accounts.signed_in import SignedIn
from app.services.cases.duplicate_service import DuplicateService
from app.services.channels.facebook_followups import FollowUp, append_messages, new_messages
from app.services.channels.facebook_import import FACEBOOK_HTML, conversations, to_records
from app.services.channels.facebook_pages import remember_page_names, stored_page_names
from app.services.channels.import_mappings import MappingMemory, pick_sheet
from app.services.channels.import_plan import plan_import
from app.services.channels.import_reader import RawRow, Table, cell_text, file_sha256, open_table, sniff_kind
from app.services.channels.import_rejects import write_rejects
from app.services.channels.import_rows import ImportRecord, Lookups, RowConverter, load_lookups
from app.services.channels.import_types import (
    SOURCES,
    AuditTrail,
    Cancel,
    ImportCancelled,
    ImportPreview,
    ImportRefused,
    ImportReport,
    Progress,
    RejectedRow,
    RowNote,
)
from app.services.channels.import_writer import (
    CaseBulkWriter,
    CaseDefaults,
    SearchWriter,
    WriteContext,
    pg_search_rows,
    sqlite_search_rows,
)
from app.services.core.db_errors import translated
from app.services.core.due_dates import DuePolicy
from app.services.core.snapshot_reads import snapshot

NO_HEADER = (
    "Không tìm thấy dòng tiêu đề trong 30 dòng đầu của trang tính «{sheet}»: cần ít nhất cột «Nội dung» "
    "và «Thời gian tiếp nhận» (hoặc tên tương tự như «Nội dung phản ánh», «Ngày tiếp nhận»). "
    "Hãy chọn cột bằng tay trên màn hình ghép cột."
)


class ImportService:
    """Use cases of the import screen and ``hotline-desk import``."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        office_id: int,
        due_policy: DuePolicy,
        duplicates: DuplicateService,
        clock: Callable[[], datetime] = datetime.now,
        synonyms: Synonyms | None = None,
        search_rows: SearchWriter | None = None,
        case_defaults: CaseDefaults | None = None,
        audit: AuditTrail | None = None,
        *,
        signed_in: SignedIn,
    ) -> None:
        self._signed_in = signed_in
        self._sessions = sessions
        self._memory = MappingMemory(sessions)
        self._duplicates = duplicates
        self._audit = audit
        self._clock = clock
        self._syn = synonyms or Synonyms.load()
        sqlite = sessions.kw["bind"].dialect.name == "sqlite"
        writer = search_rows or (sqlite_search_rows if sqlite else pg_search_rows)
        self._writer = CaseBulkWriter(office_id, due_policy, writer, case_defaults)

    def sources(self) -> list[tuple[str, str]]:
        """``(code, Vietnamese label)`` of the sources a file can come from."""
        return [(s, str(self._syn.sources.get(s, {}).get("label", s))) for s in SOURCES]

    # --- remembered mappings ------------------------------------------------------------
    def remembered_mapping(self, source: str) -> dict[str, str]:
        """What the officer said headers from ``source`` mean (header key → target)."""
        return self._memory.get(source)

    def remember_mapping(self, source: str, mapping: ColumnMapping) -> None:
        """Keep the officer's corrections for the next file from the same source."""
        self._memory.remember(source, mapping)

    # --- preview ------------------------------------------------------------------------
    def preview(self, path: Path, source: str = "generic", *, sheet: str | None = None) -> ImportPreview:
        """Recognise the header and columns; the mapping screen shows this and lets the officer fix it."""
        _check_source(source)
        path = Path(path)
        kind = sniff_kind(path)
        if kind == "facebook_html":
            raise ImportRefused(FACEBOOK_HTML)
        if kind == "facebook":
            items = conversations(path, stored_page_names(self._sessions))
            sample: tuple[tuple[str, ...], ...] = tuple(
                (c.citizen_name, f"{c.received_at:%d/%m/%Y %H:%M}", c.link) for c in items[:5]
            )
            return ImportPreview(path.name, "facebook", "", None, sample, len(items), facebook=True)
        table = open_table(path)
        try:
            name, mapping = self._pick_sheet(table, source, sheet)
            head = table.head(name, (mapping.header_row if mapping else 0) + 6)
            start = mapping.header_row if mapping else 0
            sample = tuple(tuple(cell_text(v) for v in r) for r in head[start : start + 5])
            estimate = table.estimate(name)
            sheets = tuple(n for n in table.sheets() if n)
            return ImportPreview(
                path.name, source, name, mapping, sample, estimate, table.note, sheets=sheets
            )
        finally:
            table.close()

    def _pick_sheet(self, table: Table, source: str, sheet: str | None) -> tuple[str, ColumnMapping | None]:
        return pick_sheet(table, HeaderMatcher(self._syn, self._memory.get(source)), sheet)

    # --- run ----------------------------------------------------------------------------
    def run(
        self,
        path: Path,
        source: str = "generic",
        *,
        mapping: ColumnMapping | None = None,
        sheet: str | None = None,
        dry_run: bool = False,
        user_id: int | None = None,
        progress: Progress | None = None,
        cancel: Cancel | None = None,
        page_names: Iterable[str] = (),
        actor: object = None,
    ) -> ImportReport:
        """Read, check and import a file: all accepted rows in one transaction, or nothing.

        ``actor`` is who the audit log names (an officer, or e.g. ``"cli:root"``).
        """
        self._signed_in.check(Action.LOG_CASE)
        _check_source(source)
        path = Path(path)
        now = self._clock().replace(microsecond=0)
        headers: tuple[str, ...] = ()
        note = ""
        kind = sniff_kind(path)
        given = tuple(n for n in page_names if n)
        if kind == "facebook_html":
            raise ImportRefused(FACEBOOK_HTML)
        if kind == "facebook":
            source = "facebook"
            pages = given or stored_page_names(self._sessions)
            records, rejected = to_records(conversations(path, pages), now)
            total = len(records) + len(rejected)
        else:
            table = open_table(path)
            try:
                sheet, mapping = self._resolve_mapping(table, source, sheet, mapping)
                headers = tuple(c.header for c in mapping.columns)
                records, rejected, total = self._read(table, sheet, mapping, source, now, progress, cancel)
                note = table.note
            finally:
                table.close()
        used = json.dumps(mapping.remembered(), ensure_ascii=False) if mapping is not None else ""
        who = _Run(
            user_id,
            actor if actor is not None else (f"user#{user_id}" if user_id else None),
            now,
            used,
            given,
        )
        report = self._import(path, source, records, rejected, total, dry_run, who, progress, cancel)
        if mapping is not None and not dry_run:
            self.remember_mapping(source, mapping)
        return _with(report, headers=headers, note=note)

    def _resolve_mapping(
        self, table: Table, source: str, sheet: str | None, mapping: ColumnMapping | None
    ) -> tuple[str, ColumnMapping]:
        name, found = self._pick_sheet(table, source, sheet)
        mapping = mapping or found
        if mapping is None or not mapping.usable:
            missing = ", ".join(f"«{t.label}»" for t in (mapping.missing if mapping else ()))
            extra = f" Còn thiếu: {missing}." if missing else ""
            raise ImportRefused(NO_HEADER.format(sheet=name or table.file_name) + extra)
        return name, mapping

    def _lookups(self) -> Lookups:
        with translated(), snapshot(self._sessions) as session:
            return load_lookups(session, self._syn.values)

    def _read(
        self,
        table: Table,
        sheet: str,
        mapping: ColumnMapping,
        source: str,
        now: datetime,
        progress: Progress | None,
        cancel: Cancel | None,
    ) -> tuple[list[ImportRecord], list[RejectedRow], int]:
        col = mapping.by_target.get(ImportField.RECEIVED_AT)
        head = table.head(sheet, mapping.header_row + 200)[mapping.header_row :]
        day_first = guess_day_first(r[col] for r in head if col is not None and col < len(r))
        channel = Channel(str(self._syn.sources.get(source, {}).get("channel", "other")))
        converter = RowConverter(mapping, self._lookups(), channel, now, day_first=day_first)
        estimate = max(table.estimate(sheet) - mapping.header_row, 1)
        records: list[ImportRecord] = []
        rejected: list[RejectedRow] = []
        n = 0
        try:
            for n, row in enumerate(table.rows(sheet), start=1):
                if n % 500 == 0:
                    if cancel is not None and cancel():
                        raise ImportCancelled()
                    if progress is not None:
                        progress(min(n, estimate), 2 * estimate)
                self._take(converter, row, records, rejected)
        except (ImportCancelled, ImportRefused):
            raise
        except Exception as error:  # a damaged part of the workbook: refuse the whole file
            raise ImportRefused(
                f"Tệp bị hỏng ở khoảng dòng {n}: {error}. Không có dòng nào được nhập."
            ) from None
        return records, rejected, len(records) + len(rejected)

    @staticmethod
    def _take(
        converter: RowConverter, row: RawRow, records: list[ImportRecord], rejected: list[RejectedRow]
    ) -> None:
        if not converter.is_data(row):
            return
        result = converter.convert(row)
        (rejected if isinstance(result, RejectedRow) else records).append(result)  # type: ignore[arg-type]

    def _import(
        self,
        path: Path,
        source: str,
        records: list[ImportRecord],
        rejected: list[RejectedRow],
        total: int,
        dry_run: bool,
        who: _Run,
        progress: Progress | None,
        cancel: Cancel | None,
    ) -> ImportReport:
        window = timedelta(days=self._duplicates.window_days())
        dues = {} if dry_run else self._writer.due_dates(records)
        label = str(self._syn.sources.get(source, {}).get("label", source))
        with translated(), snapshot(self._sessions) if dry_run else self._sessions.begin() as session:
            plan = plan_import(session, source, records, self._duplicates, window)
            warnings = tuple(RowNote(r.row, r.warnings) for r in plan.new if r.warnings)
            follow_ups = new_messages(session, source, records) if source == "facebook" else []
            report = ImportReport(
                source, path.name, dry_run, total, len(plan.new), plan.already_present,
                tuple(rejected), warnings, plan.duplicates,
                appended_messages=sum(len(f.lines) for f in follow_ups), appended_cases=len(follow_ups),
            )  # fmt: skip
            if not dry_run and source == "facebook":
                remember_page_names(session, who.page_names)
                append_messages(session, follow_ups, now=who.now, user_id=who.user_id, file_name=path.name)
                self._audit_follow_ups(session, who, follow_ups, path.name)
            if dry_run or not plan.new:
                return report
            batch = ImportBatch(
                source=source, file_name=path.name[:255], file_sha256=file_sha256(path), user_id=who.user_id,
                started_at=who.now, total_rows=total, mapping=who.mapping_json,
            )  # fmt: skip
            session.add(batch)
            session.flush()
            ctx = WriteContext(source, label, path.name, batch.id, who.user_id, who.now)

            def written(done: int, all_: int) -> None:
                if progress is not None:
                    progress(all_ + done, 2 * all_)

            saved = self._writer.write(session, plan.new, ctx, dues, written, cancel)
            batch.imported, batch.already_present = len(saved), plan.already_present
            batch.warned, batch.rejected = report.warned, len(rejected)
            batch.finished_at = self._clock().replace(microsecond=0)
            numbers = sorted(num for _r, _i, num in saved)
            if self._audit is not None:
                after = {
                    "source": source, "file": path.name, "sha256": batch.file_sha256, "imported": len(saved),
                    "already_present": plan.already_present, "warned": report.warned, "rejected": len(rejected),
                    "first_number": numbers[0], "last_number": numbers[-1],
                }  # fmt: skip
                self._audit.record(session, who.actor, "case.import", "import_batch", batch.id, None, after)
            made = {row: (case_id, num) for row, case_id, num in saved}
            hints = tuple(
                replace(h, new_case_id=made[h.row][0], new_number=made[h.row][1]) if h.row in made else h
                for h in report.duplicates
            )
            return _with(report, batch_id=batch.id, numbers=(numbers[0], numbers[-1]), duplicates=hints)

    def _audit_follow_ups(
        self, session: Session, who: _Run, follow_ups: list[FollowUp], file_name: str
    ) -> None:
        if self._audit is None:
            return
        for item in follow_ups:
            added = {"file": file_name, "messages": len(item.lines)}
            self._audit.record(session, who.actor, "case.messages_added", "case", item.case_id, None, added)

    def save_rejects(self, report: ImportReport, out: Path) -> Path:
        """Rejected rows to an .xlsx with the original headers plus row and reason, ready to fix."""
        return write_rejects(report, Path(out))


@dataclass(frozen=True, slots=True)
class _Run:
    """Who runs an import and when (written on the batch, its cases and the audit log)."""

    user_id: int | None
    actor: object
    now: datetime
    mapping_json: str = ""
    page_names: tuple[str, ...] = ()
    """Facebook page names the officer gave: remembered with the import."""


def _check_source(source: str) -> None:
    if source not in SOURCES:
        raise ImportRefused(f"Nguồn «{source}» không hợp lệ; chọn một trong: {', '.join(SOURCES)}.")


def _with(report: ImportReport, **changes: object) -> ImportReport:
    return replace(report, **changes)  # type: ignore[arg-type]
