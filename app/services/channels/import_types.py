"""What the import services hand to the UI and CLI: previews, reports, refusals (Vietnamese)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from app.domain.imports.columns import ColumnMapping
from app.services.core.errors import ServiceError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session  # annotations only: the CLI's parser reads SOURCES

Progress = Callable[[int, int], None]
"""``(done, total)``; ``total`` is 0 while unknown. Called from the worker thread."""

Cancel = Callable[[], bool]
"""Polled between rows and write batches; ``True`` stops the import, nothing is written."""

SOURCES: tuple[str, ...] = ("smart_haiphong", "call_center_1022", "portal", "facebook", "generic")


class AuditTrail(Protocol):
    """What imports and exports need from the audit log: one row in the caller's transaction."""

    def record(
        self,
        session: Session,
        actor: Any,
        action: str,
        object_type: str = "",
        object_id: object = "",
        before: Mapping[str, Any] | None = None,
        after: Mapping[str, Any] | None = None,
    ) -> int: ...


class ImportRefused(ServiceError):
    """The file cannot be imported at all (encrypted, damaged, legacy encoding, no header …)."""


class ImportCancelled(ServiceError):
    """The officer stopped the import; the database is unchanged."""

    def __init__(self) -> None:
        super().__init__("Đã dừng nhập theo yêu cầu; chưa có dòng nào được ghi vào sổ.")


@dataclass(frozen=True, slots=True)
class ImportPreview:
    """What the mapping screen shows before anything is read in full."""

    file_name: str
    source: str
    sheet: str
    mapping: ColumnMapping | None
    sample: tuple[tuple[str, ...], ...]
    row_estimate: int
    note: str = ""
    facebook: bool = False
    sheets: tuple[str, ...] = ()
    """Visible sheets of the workbook (pass one back as ``sheet=`` to choose another)."""


@dataclass(frozen=True, slots=True)
class RejectedRow:
    """A row that was not imported, with its row number, reason and cells (to fix and re-import)."""

    row: int
    reason: str
    values: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RowNote:
    """Warnings about an imported row (the raw value is kept in the case history)."""

    row: int
    messages: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DuplicateHint:
    """An imported row that looks like an existing case: the officer may link or merge later."""

    row: int
    case_id: int
    case_number: str
    reasons: tuple[str, ...]
    new_case_id: int | None = None
    """The case the row became (after a real import): merge it into ``case_id`` if the officer agrees."""
    new_number: str = ""


@dataclass(frozen=True, slots=True)
class ImportReport:
    """The outcome the officer reads: counts, row numbers of rejects, warnings, likely duplicates."""

    source: str
    file_name: str
    dry_run: bool
    total_rows: int
    imported: int
    already_present: int
    rejected: tuple[RejectedRow, ...] = ()
    warnings: tuple[RowNote, ...] = ()
    duplicates: tuple[DuplicateHint, ...] = ()
    headers: tuple[str, ...] = ()
    batch_id: int | None = None
    numbers: tuple[str, ...] = field(default=())
    note: str = ""
    appended_messages: int = 0
    """Messages of a later Facebook export added to cases already imported (their history)."""
    appended_cases: int = 0

    @property
    def warned(self) -> int:
        """Imported rows with at least one warning (a likely duplicate counts as a warning)."""
        return len({w.row for w in self.warnings} | {d.row for d in self.duplicates})

    @property
    def rejected_rows(self) -> tuple[int, ...]:
        return tuple(r.row for r in self.rejected)

    def summary(self) -> str:
        """One Vietnamese paragraph for the CLI and the result dialog."""
        verb = "Sẽ nhập" if self.dry_run else "Đã nhập"
        lines = [
            f"{verb}: {self.imported:,}".replace(",", "."),
            f"Đã có trong sổ (bỏ qua): {self.already_present:,}".replace(",", "."),
            f"Có cảnh báo: {self.warned:,}".replace(",", "."),
            f"Bị từ chối: {len(self.rejected):,}".replace(",", "."),
        ]
        if self.appended_messages:
            verb_added = "Sẽ thêm" if self.dry_run else "Đã thêm"
            lines.append(
                f"{verb_added} {self.appended_messages} tin nhắn mới vào diễn biến của "
                f"{self.appended_cases} vụ việc đã nhập trước đây"
            )
        if self.rejected:
            shown = ", ".join(str(r) for r in self.rejected_rows[:50])
            more = f" … (và {len(self.rejected) - 50} dòng nữa)" if len(self.rejected) > 50 else ""
            lines.append(f"Các dòng bị từ chối: {shown}{more}")
        if self.dry_run:
            lines.append("Chạy thử: chưa ghi gì vào sổ.")
        return "\n".join(lines)
