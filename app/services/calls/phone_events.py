"""One call or SMS read from a phone's export, before it is stored (no database here)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from enum import StrEnum
from functools import cache

from app.domain.phone import normalize_phone


def office_tz() -> tzinfo:
    """Asia/Ho_Chi_Minh (UTC+7 without a tz database)."""
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo("Asia/Ho_Chi_Minh")
    except Exception:  # pragma: no cover - a bare Windows without tzdata
        return timezone(timedelta(hours=7))


class EventKind(StrEnum):
    """What happened on the duty phone."""

    INCOMING = "incoming"
    OUTGOING = "outgoing"
    MISSED = "missed"
    VOICEMAIL = "voicemail"
    REJECTED = "rejected"
    BLOCKED = "blocked"
    SMS_IN = "sms_in"
    SMS_OUT = "sms_out"

    @property
    def label(self) -> str:
        return KIND_LABELS[self]

    @property
    def reconciled(self) -> bool:
        """Whether the register should hold a case for it (incoming side only)."""
        return self in RECONCILED

    @property
    def needs_callback(self) -> bool:
        return self in CALLBACK_KINDS

    @property
    def public(self) -> str:
        """The name ``calls unmatched --json`` gives it."""
        return "sms" if self is EventKind.SMS_IN else self.value


KIND_LABELS: dict[EventKind, str] = {
    EventKind.INCOMING: "Gọi đến",
    EventKind.OUTGOING: "Gọi đi",
    EventKind.MISSED: "Gọi nhỡ",
    EventKind.VOICEMAIL: "Hộp thư thoại",
    EventKind.REJECTED: "Đã từ chối",
    EventKind.BLOCKED: "Đã chặn",
    EventKind.SMS_IN: "Tin nhắn đến",
    EventKind.SMS_OUT: "Tin nhắn đi",
}
RECONCILED = frozenset(
    {EventKind.INCOMING, EventKind.MISSED, EventKind.VOICEMAIL, EventKind.REJECTED, EventKind.SMS_IN}
)
CALLBACK_KINDS = frozenset({EventKind.MISSED, EventKind.VOICEMAIL, EventKind.REJECTED})
"""Calls the officer did not talk in: each becomes a call-back task (when the number is known)."""

CALL_TYPES: dict[int, EventKind] = {
    1: EventKind.INCOMING,
    2: EventKind.OUTGOING,
    3: EventKind.MISSED,
    4: EventKind.VOICEMAIL,
    5: EventKind.REJECTED,
    6: EventKind.BLOCKED,
    7: EventKind.INCOMING,  # "answered externally": taken on another device, still a call received
}
"""SMS Backup & Restore ``<call type>``: 1 incoming … 7 answered elsewhere."""
SMS_TYPES: dict[int, EventKind] = {1: EventKind.SMS_IN, 2: EventKind.SMS_OUT}
"""``<sms type>``: 1 received, 2 sent; 3 draft, 4 outbox, 5 failed, 6 queued are not messages exchanged."""

WITHHELD = "Số ẩn"
_WITHHELD_RAW = frozenset({"", "-1", "-2", "-3", "-4", "private", "unknown", "anonymous", "restricted",
                           "payphone", "withheld", "số ẩn", "so an", "null"})  # fmt: skip


@dataclass(frozen=True, slots=True)
class PhoneEvent:
    """A call or SMS as read: ``at`` is a naive Asia/Ho_Chi_Minh wall time; ``phone`` None if withheld."""

    line: int
    at: datetime
    kind: EventKind
    type_code: int
    phone: str | None
    raw_number: str
    duration_s: int = 0
    contact_name: str = ""
    body: str = ""

    @property
    def fingerprint(self) -> str:
        """Same call in a later, overlapping export → same fingerprint (re-import adds nothing).

        The time comes first, so a file's calls go into the unique index side by side, not at
        random places of it."""
        who = self.phone or self.raw_number.strip().lower()
        text = hashlib.sha1(self.body.encode("utf-8")).hexdigest()[:12] if self.body else ""
        key = f"{self.kind.value}|{self.type_code}|{self.at:%Y%m%d%H%M%S}|{who}|{self.duration_s}|{text}"
        return f"{self.at:%Y%m%d%H%M%S}" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:26]


@dataclass(frozen=True, slots=True)
class RowProblem:
    """A record not imported, with its line in the file and a Vietnamese reason."""

    line: int
    reason: str


_SIMPLE = re.compile(r"^(?:\+84|84|0)([1-9]\d{8})$")
_SEPARATORS = re.compile(r"[\s.\-()]+")


@cache
def _valid_prefix(significant: str) -> bool:
    """Whether a 9-digit Vietnamese number starting so is valid: phonenumbers' VN patterns are a
    prefix of at most 4 significant digits and a length (checked against the full parse over random
    numbers in tests/unit/test_call_formats.py), so 4 digits decide for the whole block."""
    found = normalize_phone("0" + significant + "0" * (9 - len(significant)))
    return bool(found and found.valid)


def caller_number(raw: str | None, presentation: str | None = None) -> str | None:
    """E.164 of the number as stored everywhere else; None for a withheld or unusable number.

    A phone's log holds tens of thousands of distinct numbers: the common forms (0…, 84…, +84…
    with 9 significant digits, not the old 031 area code) skip the full parse once their prefix
    is known to be valid; every other form goes through ``normalize_phone``.
    """
    text = (raw or "").strip()
    if presentation in ("2", "3", "4") or text.lower() in _WITHHELD_RAW:
        return None
    simple = _SIMPLE.match(_SEPARATORS.sub("", text))
    if simple and not simple.group(1).startswith("31"):
        return "+84" + simple.group(1) if _valid_prefix(simple.group(1)[:4]) else None
    phone = normalize_phone(text)
    if phone is None:
        return None
    return phone.value if phone.valid else None


def from_epoch_ms(value: str) -> datetime:
    """``date="1738123456789"`` (UTC epoch ms) → naive wall time in Asia/Ho_Chi_Minh; ValueError if bad."""
    ms = int(value.strip())
    if ms <= 0:
        raise ValueError(value)
    return datetime.fromtimestamp(ms / 1000, UTC).astimezone(office_tz()).replace(tzinfo=None, microsecond=0)


def future_problem(event: PhoneEvent, now: datetime) -> RowProblem | None:
    """A time after now (a phone clock set wrong): the row is refused with its line."""
    if event.at > now + timedelta(minutes=5):
        return RowProblem(
            event.line,
            f"Thời gian {event.at:%d/%m/%Y %H:%M} ở tương lai (đồng hồ điện thoại bị đặt sai?); bỏ qua dòng này.",
        )
    return None
