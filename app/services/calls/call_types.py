"""Frozen data the call-log services hand to the CLI and the page."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from app.services.calls.phone_events import EventKind, RowProblem

DISMISS_REASONS: dict[str, str] = {
    "wrong_number": "Gọi nhầm",
    "not_feedback": "Không phải phản ánh",
    "silent": "Máy tắt / không nói",
    "other_case": "Đã ghi ở vụ việc khác",
}
"""The short list an officer dismisses an unmatched call with; ``other_case`` needs the case number."""


@dataclass(frozen=True, slots=True)
class CallImportReport:
    """What ``calls import`` prints and the page shows after a file."""

    file_name: str
    file_format: str
    dry_run: bool
    read: int
    new: int
    already: int
    matched: int
    unmatched: int
    callbacks: int
    withheld: int
    problems: tuple[RowProblem, ...] = ()
    skipped: int = 0
    import_id: int | None = None

    def summary(self) -> str:
        what = "Kiểm tra (chưa ghi gì)" if self.dry_run else "Đã nhập"
        return (
            f"{what} «{self.file_name}»: đọc {self.read} cuộc gọi/tin nhắn; mới {self.new}, đã nhập trước đây "
            f"{self.already}; khớp vụ việc {self.matched}, chưa ghi nhận {self.unmatched} (số ẩn {self.withheld}); "
            f"gọi lại {self.callbacks}; bị loại {len(self.problems)}."
        )


@dataclass(frozen=True, slots=True)
class EarlierCase:
    """A case the caller brought before (never a sealed one for an officer without the unseal right)."""

    id: int
    number: str
    received_at: datetime
    excerpt: str


@dataclass(frozen=True, slots=True)
class UnmatchedCall:
    """One row of «Cuộc gọi chưa ghi nhận»."""

    id: int
    at: datetime
    kind: EventKind
    phone: str | None
    """E.164, or None for a withheld number (shown as «Số ẩn»)."""
    duration_s: int
    name: str
    """The phone's contact name or the register's caller; empty when sealed for this officer."""
    body: str
    callback_due: datetime | None
    called_back_at: datetime | None
    earlier_cases: int = 0


@dataclass(frozen=True, slots=True)
class CallbackTask:
    """A missed call to ring back; ``overdue`` when not called back within one working day."""

    id: int
    at: datetime
    phone: str
    kind: EventKind
    due: datetime
    overdue: bool
    name: str = ""


@dataclass(frozen=True, slots=True)
class CallCounts:
    """The figures of a period for the report and the dashboard tile."""

    received: int = 0
    """cuộc gọi đến: calls and SMS received (incoming, missed, rejected, voicemail, SMS)."""
    logged: int = 0
    """đã ghi nhận: a case of the caller in the window, or made from it."""
    dismissed: int = 0
    """bỏ qua có lý do."""
    unmatched: int = 0
    missed_called_back: int = 0
    missed_not_called_back: int = 0
    by_reason: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class IntakePrefill:
    """What the intake form is filled with when a call becomes a case."""

    call_id: int
    phone: str
    received_at: datetime
    channel: str
    content: str
    call_seconds: int | None
    citizen_name: str = ""
    call_ids: tuple[int, ...] = ()
    """The call, or the SMS of the thread, that the saved case reconciles."""
