"""Case vocabulary of DOMAIN.md §2: channels, kinds, statuses and urgency, with Vietnamese labels."""

from __future__ import annotations

from enum import StrEnum


class Channel(StrEnum):
    """How an item reached the office (kênh tiếp nhận)."""

    HOTLINE = "hotline"
    FACEBOOK = "facebook"
    WALK_IN = "walk_in"
    SMART_HAIPHONG = "smart_haiphong"
    CALL_CENTER_1022 = "call_center_1022"
    LETTER = "letter"
    EMAIL = "email"
    PORTAL = "portal"
    SMS = "sms"
    OTHER = "other"

    @property
    def label(self) -> str:
        return CHANNEL_LABELS[self]

    @property
    def is_formal(self) -> bool:
        """True when a complaint or denunciation received this way counts legally (§3)."""
        return self in (Channel.WALK_IN, Channel.LETTER)

    @property
    def is_written(self) -> bool:
        """A written petition not handed in person (thư, bưu điện, thư điện tử, cổng): TT 05/2021."""
        return self in (Channel.LETTER, Channel.EMAIL, Channel.PORTAL)


CHANNEL_LABELS: dict[Channel, str] = {
    Channel.HOTLINE: "Đường dây nóng",
    Channel.FACEBOOK: "Trang Facebook",
    Channel.WALK_IN: "Tiếp trực tiếp",
    Channel.SMART_HAIPHONG: "Smart Hải Phòng",
    Channel.CALL_CENTER_1022: "Tổng đài 1022",
    Channel.LETTER: "Đơn thư (bưu chính)",
    Channel.EMAIL: "Thư điện tử",
    Channel.PORTAL: "Cổng dịch vụ công",
    Channel.SMS: "Tin nhắn SMS",
    Channel.OTHER: "Khác",
}


class CaseKind(StrEnum):
    """Legal kind of an item (phân loại)."""

    FEEDBACK = "phan_anh"
    PETITION = "kien_nghi"
    COMPLAINT = "khieu_nai"
    DENUNCIATION = "to_cao"
    DENUNCIATION_INFO = "to_cao_info"

    @property
    def label(self) -> str:
        return KIND_LABELS[self]

    @property
    def is_sealed(self) -> bool:
        """Denouncer identity is confidential (Luật Tố cáo art. 9, 56)."""
        return self in (CaseKind.DENUNCIATION, CaseKind.DENUNCIATION_INFO)


KIND_LABELS: dict[CaseKind, str] = {
    CaseKind.FEEDBACK: "Phản ánh",
    CaseKind.PETITION: "Kiến nghị",
    CaseKind.COMPLAINT: "Khiếu nại",
    CaseKind.DENUNCIATION: "Tố cáo",
    CaseKind.DENUNCIATION_INFO: "Thông tin có nội dung tố cáo",
}


class Urgency(StrEnum):
    """How fast the item must be looked at."""

    NORMAL = "normal"
    URGENT = "urgent"
    VERY_URGENT = "very_urgent"

    @property
    def label(self) -> str:
        return URGENCY_LABELS[self]


URGENCY_LABELS: dict[Urgency, str] = {
    Urgency.NORMAL: "Bình thường",
    Urgency.URGENT: "Khẩn",
    Urgency.VERY_URGENT: "Hỏa tốc",
}


class CaseStatus(StrEnum):
    """Where a case stands in the workflow."""

    RECEIVED = "received"
    ASSIGNED = "assigned"
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"
    REPLIED = "replied"
    CLOSED = "closed"
    GUIDED = "guided"
    TRANSFERRED = "transferred"
    FILED = "filed"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]

    @property
    def is_open(self) -> bool:
        return self in OPEN_STATUSES


STATUS_LABELS: dict[CaseStatus, str] = {
    CaseStatus.RECEIVED: "Mới tiếp nhận",
    CaseStatus.ASSIGNED: "Đã giao xử lý",
    CaseStatus.IN_PROGRESS: "Đang xử lý",
    CaseStatus.RESOLVED: "Đã giải quyết",
    CaseStatus.REPLIED: "Đã trả lời công dân",
    CaseStatus.CLOSED: "Đã đóng",
    CaseStatus.GUIDED: "Đã hướng dẫn",
    CaseStatus.TRANSFERRED: "Đã chuyển đơn",
    CaseStatus.FILED: "Lưu đơn",
    CaseStatus.WITHDRAWN: "Rút đơn",
}

OPEN_STATUSES: frozenset[CaseStatus] = frozenset(
    {CaseStatus.RECEIVED, CaseStatus.ASSIGNED, CaseStatus.IN_PROGRESS, CaseStatus.RESOLVED}
)
"""Statuses whose legal clock is still running (the citizen has no answer yet)."""

_EXITS = (CaseStatus.GUIDED, CaseStatus.TRANSFERRED, CaseStatus.FILED, CaseStatus.WITHDRAWN)

TRANSITIONS: dict[CaseStatus, tuple[CaseStatus, ...]] = {
    CaseStatus.RECEIVED: (CaseStatus.ASSIGNED, *_EXITS),
    CaseStatus.ASSIGNED: (CaseStatus.IN_PROGRESS, CaseStatus.RESOLVED, *_EXITS),
    CaseStatus.IN_PROGRESS: (CaseStatus.RESOLVED, *_EXITS),
    CaseStatus.RESOLVED: (CaseStatus.REPLIED, CaseStatus.IN_PROGRESS, CaseStatus.WITHDRAWN),
    CaseStatus.REPLIED: (CaseStatus.CLOSED, CaseStatus.IN_PROGRESS),
    CaseStatus.CLOSED: (CaseStatus.IN_PROGRESS,),
    CaseStatus.GUIDED: (CaseStatus.RECEIVED, CaseStatus.IN_PROGRESS),
    CaseStatus.TRANSFERRED: (CaseStatus.RECEIVED, CaseStatus.IN_PROGRESS),
    CaseStatus.FILED: (CaseStatus.RECEIVED, CaseStatus.IN_PROGRESS),
    CaseStatus.WITHDRAWN: (CaseStatus.RECEIVED, CaseStatus.IN_PROGRESS),
}
"""Allowed moves. Moving a finished case back into work is a reopen (mở lại): to IN_PROGRESS
when it has a responsible officer, or back to RECEIVED (to be assigned) when it never had one."""

NEEDS_OFFICER: frozenset[CaseStatus] = frozenset(
    {CaseStatus.ASSIGNED, CaseStatus.IN_PROGRESS, CaseStatus.RESOLVED, CaseStatus.REPLIED}
)
"""Statuses in which a case must have exactly one responsible officer."""


def can_move(current: CaseStatus, target: CaseStatus) -> bool:
    """Whether the workflow allows going from ``current`` to ``target``."""
    return target in TRANSITIONS[current]


def is_reopen(current: CaseStatus, target: CaseStatus) -> bool:
    """A move out of a finished status back into work."""
    return not current.is_open and target in (CaseStatus.IN_PROGRESS, CaseStatus.RECEIVED)


class ReplyMethod(StrEnum):
    """How the answer reached the citizen."""

    PHONE = "phone"
    FACEBOOK = "facebook"
    DOCUMENT = "document"
    EMAIL = "email"
    IN_PERSON = "in_person"
    APP = "app"

    @property
    def label(self) -> str:
        return REPLY_METHOD_LABELS[self]


REPLY_METHOD_LABELS: dict[ReplyMethod, str] = {
    ReplyMethod.PHONE: "Gọi điện thoại",
    ReplyMethod.FACEBOOK: "Tin nhắn Facebook",
    ReplyMethod.DOCUMENT: "Văn bản trả lời",
    ReplyMethod.EMAIL: "Thư điện tử",
    ReplyMethod.IN_PERSON: "Trực tiếp",
    ReplyMethod.APP: "Trên ứng dụng / cổng",
}


class Role(StrEnum):
    """What a user account may do (refined by the accounts issue)."""

    RECEIVER = "receiver"
    HANDLER = "handler"
    CHIEF = "chief"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS: dict[Role, str] = {
    Role.RECEIVER: "Cán bộ tiếp nhận",
    Role.HANDLER: "Cán bộ xử lý",
    Role.CHIEF: "Lãnh đạo / Chánh văn phòng",
    Role.ADMIN: "Quản trị",
}
