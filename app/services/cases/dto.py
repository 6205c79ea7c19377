"""Frozen data objects the case services hand to the UI and CLI (never ORM objects)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from app.domain.enums import CaseKind, CaseStatus, Channel, ReplyMethod, Urgency


@dataclass(frozen=True, slots=True)
class NewCase:
    """What the officer typed in the intake form."""

    content: str
    channel: Channel = Channel.HOTLINE
    kind: CaseKind = CaseKind.FEEDBACK
    received_at: datetime | None = None
    citizen_name: str = ""
    phone: str = ""
    id_number: str = ""
    address: str = ""
    request: str = ""
    location: str = ""
    external_ref: str = ""
    field_id: int | None = None
    department_id: int | None = None
    officer_id: int | None = None
    urgency: Urgency = Urgency.NORMAL
    call_seconds: int | None = None
    accept_invalid_phone: bool = False


@dataclass(frozen=True, slots=True)
class CaseSaved:
    """Answer to a save: what the officer reads back to the citizen."""

    id: int
    number: str
    due_date: date | None
    due_rule: str
    phone_warning: str = ""


@dataclass(frozen=True, slots=True)
class CaseSummary:
    """One row of the case list."""

    id: int
    number: str
    received_at: datetime
    channel: Channel
    kind: CaseKind
    status: CaseStatus
    urgency: Urgency
    citizen_name: str
    phone: str
    field_name: str
    department_name: str
    officer_name: str
    excerpt: str
    due_date: date | None
    overdue: bool
    due_soon: bool
    due_rule: str = ""
    """Why the due date is what it is (rule, article, start, skipped days)."""
    external_ref: str = ""
    """The code of the platform it came from (Smart Hải Phòng ``HP-2604-00012``), or empty."""


@dataclass(frozen=True, slots=True)
class CaseEventView:
    at: datetime
    user_name: str
    action: str
    action_label: str
    from_status: CaseStatus | None
    to_status: CaseStatus | None
    note: str


@dataclass(frozen=True, slots=True)
class ReplyView:
    id: int
    replied_on: date
    method: ReplyMethod
    text: str
    document_no: str
    user_name: str


@dataclass(frozen=True, slots=True)
class AttachmentView:
    id: int
    file_name: str
    size: int
    sha256: str
    path: str
    added_at: datetime
    sealed: bool = False
    """A denouncer's original letter: listed, never opened from the case screen (unseal first)."""


@dataclass(frozen=True, slots=True)
class CaseDetail:
    """Everything the case screen shows."""

    id: int
    number: str
    version: int
    received_at: datetime
    channel: Channel
    kind: CaseKind
    status: CaseStatus
    urgency: Urgency
    citizen_id: int | None
    citizen_name: str
    phone: str
    phone_valid: bool
    id_number: str
    address: str
    content: str
    request: str
    location: str
    external_ref: str
    field_id: int | None
    field_name: str
    department_id: int | None
    department_name: str
    officer_id: int | None
    officer_name: str
    receiver_name: str
    due_date: date | None
    due_rule: str
    overdue: bool
    due_soon: bool
    call_seconds: int | None
    closed_at: datetime | None
    events: tuple[CaseEventView, ...] = ()
    replies: tuple[ReplyView, ...] = ()
    attachments: tuple[AttachmentView, ...] = ()
    allowed_statuses: tuple[CaseStatus, ...] = ()
    sealed: bool = False
    """Denunciation: name, phone, ID number, address and attachments show as "(được bảo mật)"."""


@dataclass(frozen=True, slots=True)
class CallerCase:
    """An earlier case of the same caller, for the intake side panel."""

    id: int
    number: str
    received_at: datetime
    kind: CaseKind
    status: CaseStatus
    excerpt: str


@dataclass(frozen=True, slots=True)
class CallerHistory:
    """Who this phone number is and what they called about before."""

    phone: str
    valid: bool
    citizen_name: str
    address: str
    cases: tuple[CallerCase, ...]


@dataclass(frozen=True, slots=True)
class CaseFilter:
    """List filters; ``None`` means any."""

    text: str = ""
    statuses: tuple[CaseStatus, ...] = ()
    kind: CaseKind | None = None
    channel: Channel | None = None
    field_id: int | None = None
    department_id: int | None = None
    officer_id: int | None = None
    received_from: date | None = None
    received_to: date | None = None
    open_only: bool = False
    due_soon: bool = False
    overdue: bool = False
    most_urgent_first: bool = False
    """Earliest due date first, one page only (dashboard lists); otherwise newest received first."""


@dataclass(frozen=True, slots=True)
class PageKey:
    """Where the next page starts (keyset pagination: never OFFSET over a million rows)."""

    phase: int
    received_at: datetime | None
    id: int


@dataclass(frozen=True, slots=True)
class CasePage:
    rows: tuple[CaseSummary, ...]
    next_key: PageKey | None


@dataclass(frozen=True, slots=True)
class PageKeys:
    """Every page's start of one list at once, so a view can show (and jump to) any row of it.

    ``keys[k - 1]`` is the ``after`` that reads page ``k`` (page 0 starts at ``None``).
    """

    total: int
    keys: tuple[PageKey, ...]


@dataclass(frozen=True, slots=True)
class DepartmentLoad:
    """Dashboard line: one department's open, due-soon and overdue counts."""

    department_id: int | None
    department_name: str
    open: int
    due_soon: int
    overdue: int


@dataclass(frozen=True, slots=True)
class DashboardData:
    today_received: int
    open: int
    due_soon: int
    overdue: int
    by_department: tuple[DepartmentLoad, ...]
    due_soon_cases: tuple[CaseSummary, ...]
    overdue_cases: tuple[CaseSummary, ...]
    today_cases: tuple[CaseSummary, ...] = field(default=())
