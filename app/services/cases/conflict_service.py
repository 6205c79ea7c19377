"""What another officer changed in a case since this officer opened it (for the conflict dialog)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum

from app.services.cases.case_detail import CaseDetailQuery
from app.services.cases.dto import CaseDetail, CaseEventView

FIELDS: tuple[tuple[str, str], ...] = (
    ("status", "Trạng thái"),
    ("kind", "Loại vụ việc"),
    ("urgency", "Mức độ khẩn"),
    ("channel", "Kênh tiếp nhận"),
    ("field_name", "Lĩnh vực"),
    ("department_name", "Đơn vị xử lý"),
    ("officer_name", "Cán bộ xử lý"),
    ("due_date", "Hạn giải quyết"),
    ("citizen_name", "Người phản ánh"),
    ("phone", "Số điện thoại"),
    ("address", "Địa chỉ"),
    ("content", "Nội dung"),
    ("request", "Đề nghị"),
    ("location", "Địa điểm"),
    ("external_ref", "Mã tham chiếu"),
    ("closed_at", "Ngày kết thúc"),
)


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field that differs: as the officer saw it, and as it is now."""

    field: str
    label: str
    opened: str
    current: str


@dataclass(frozen=True, slots=True)
class CaseChanges:
    """Everything that happened to the case between two versions."""

    case_id: int
    number: str
    opened_version: int
    current_version: int
    fields: tuple[FieldChange, ...]
    events: tuple[CaseEventView, ...]
    new_replies: int
    new_attachments: int
    current: CaseDetail

    @property
    def changed(self) -> bool:
        return self.current_version != self.opened_version

    def overlapping(self, touched: Iterable[str]) -> tuple[FieldChange, ...]:
        """Changes to fields the officer was editing too: re-applying would overwrite those."""
        names = set(touched)
        return tuple(c for c in self.fields if c.field in names)

    def summary(self) -> str:
        """One Vietnamese paragraph for the dialog."""
        who = sorted({e.user_name for e in self.events if e.user_name})
        lines = [
            f"Vụ việc {self.number} đã được cập nhật {len(self.events)} lần kể từ khi bạn mở"
            + (f" (bởi {', '.join(who)})" if who else "")
            + "."
        ]
        lines += [f"• {c.label}: «{c.opened}» → «{c.current}»" for c in self.fields]
        if self.new_replies:
            lines.append(f"• Thêm {self.new_replies} lần trả lời công dân.")
        if self.new_attachments:
            lines.append(f"• Thêm {self.new_attachments} tệp đính kèm.")
        return "\n".join(lines)


def _display(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Enum):
        label = getattr(value, "label", None)
        return str(label) if label is not None else str(value.value)
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def diff(opened: CaseDetail, current: CaseDetail) -> CaseChanges:
    """Field-by-field difference between the version the officer opened and the current one."""
    fields = tuple(
        FieldChange(name, label, _display(getattr(opened, name)), _display(getattr(current, name)))
        for name, label in FIELDS
        if getattr(opened, name) != getattr(current, name)
    )
    seen = {(e.at, e.action, e.note) for e in opened.events}
    events = tuple(e for e in current.events if (e.at, e.action, e.note) not in seen)
    return CaseChanges(
        case_id=current.id,
        number=current.number,
        opened_version=opened.version,
        current_version=current.version,
        fields=fields,
        events=events,
        new_replies=len({r.id for r in current.replies} - {r.id for r in opened.replies}),
        new_attachments=len({a.id for a in current.attachments} - {a.id for a in opened.attachments}),
        current=current,
    )


class ConflictService:
    """Called when a save raised ConflictError: show what changed, then reload or re-apply."""

    def __init__(self, detail: CaseDetailQuery | Callable[[int], CaseDetail]) -> None:
        self._get = detail.get if isinstance(detail, CaseDetailQuery) else detail

    def changes_since(self, opened: CaseDetail) -> CaseChanges:
        """Compare the officer's copy with the case as saved now (one read transaction)."""
        return diff(opened, self._get(opened.id))
