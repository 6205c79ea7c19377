"""Per-case forms the office prints (one page each): transfer slip, guidance, receipt, case sheet."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from app.reports.types import DocumentHeader, Recipients, Signature


@dataclass(frozen=True)
class Petitioner:
    """Who brought the case, as the form may print it (already "(được bảo mật)" when sealed).

    ``salutation`` is the phrase used in sentences: "ông (bà) Lê Văn Dân", "người tố cáo
    (được bảo mật)" or "công dân (không nêu họ tên)".
    """

    salutation: str
    name: str = ""
    address: str = ""
    id_number: str = ""
    sealed: bool = False


@dataclass(frozen=True)
class CaseFacts:
    """What the case was about: shared by the transfer slip, the guidance note and the receipt.

    ``office`` names the receiving body as a sentence does: "Ủy ban nhân dân phường Nhị Chiểu".
    """

    office: str
    case_number: str
    received_at: datetime
    kind: str  # "phản ánh", "kiến nghị", "khiếu nại", "tố cáo" (lower case, used in sentences)
    channel_phrase: str  # "qua đường dây nóng", "trực tiếp" … (said before the kind)
    summary: str
    petitioner: Petitioner


@dataclass(frozen=True)
class TransferSlip:
    """Phiếu chuyển đơn: the case goes to the competent body, which handles it and replies."""

    header: DocumentHeader
    recipient: str
    facts: CaseFacts
    signature: Signature
    recipients: Recipients = field(default_factory=Recipients)
    request: str = ""  # the closing request; the writer has a standard sentence


@dataclass(frozen=True)
class GuidanceNote:
    """Phiếu hướng dẫn: the citizen is told which competent body to go to, and how."""

    header: DocumentHeader
    competent_body: str
    facts: CaseFacts
    signature: Signature
    guidance: str = ""
    recipients: Recipients = field(default_factory=Recipients)


@dataclass(frozen=True)
class ReceiptItem:
    """One document handed in: its name, how many (copies or sheets) and a note (bản chính/sao)."""

    name: str
    quantity: str = ""
    note: str = ""


@dataclass(frozen=True)
class Receipt:
    """Giấy biên nhận: documents the citizen handed in; both sides sign, each keeps a copy."""

    header: DocumentHeader
    facts: CaseFacts
    handed_at: datetime
    place: str
    receiver_name: str
    receiver_body: str
    items: tuple[ReceiptItem, ...] = ()


@dataclass(frozen=True)
class TimelineEntry:
    """One line of the case history."""

    at: datetime
    officer: str
    action: str
    note: str = ""


@dataclass(frozen=True)
class ReplyEntry:
    """One answer given to the citizen."""

    replied_on: date
    method: str
    document_no: str
    text: str


@dataclass(frozen=True)
class CaseSheet:
    """Phiếu thông tin vụ việc: every field, a timeline summary and the replies, on one page."""

    header: DocumentHeader
    case_number: str
    fields: tuple[tuple[str, str], ...]
    timeline: tuple[TimelineEntry, ...] = ()
    replies: tuple[ReplyEntry, ...] = ()
    printed_at: datetime | None = None
    printed_by: str = ""
    sealed_note: str = ""


CaseForm = TransferSlip | GuidanceNote | Receipt | CaseSheet
