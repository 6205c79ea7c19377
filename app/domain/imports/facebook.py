"""Meta "Download your information" page messages: repair the text, split threads into cases."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from app.domain.phone import normalize_phone
from app.domain.text import clean_text

VN_OFFSET = timedelta(hours=7)
"""Việt Nam keeps UTC+7 all year (no daylight saving)."""

DEFAULT_GAP = timedelta(days=3)
"""Silence after which a thread's next message starts a new case."""

MAX_CONTENT = 20_000


def repair_mojibake(value: str) -> str:
    """Undo Meta's export bug: UTF-8 bytes written as ``\\u00XX`` escapes (``NguyÃ¡Â»Â…n`` → Nguyễn).

    Text that is already right (any character above U+00FF, or bytes that are not UTF-8) is kept.
    """
    try:
        return value.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return value


def repair_tree(value: Any) -> Any:
    """Repair every string of a parsed JSON document."""
    if isinstance(value, str):
        return repair_mojibake(value)
    if isinstance(value, list):
        return [repair_tree(v) for v in value]
    if isinstance(value, dict):
        return {repair_mojibake(k): repair_tree(v) for k, v in value.items()}
    return value


@dataclass(frozen=True, slots=True)
class ChatMessage:
    """One message of a conversation (``at`` in Việt Nam local time, ``None`` if unknown)."""

    sender: str
    at: datetime | None
    text: str


@dataclass(frozen=True, slots=True)
class Conversation:
    """One case's worth of a thread: its citizen, link and messages in time order."""

    thread_id: str
    thread_path: str
    link: str
    citizen_name: str
    messages: tuple[ChatMessage, ...]

    @property
    def received_at(self) -> datetime:
        citizen = [m.at for m in self.messages if m.sender == self.citizen_name and m.at]
        stamps = citizen or [m.at for m in self.messages if m.at]
        return min(stamps) if stamps else datetime(2000, 1, 1)

    @property
    def external_ref(self) -> str:
        """Stable across re-exports: the thread and the first message of the period."""
        first = min((m.at for m in self.messages if m.at), default=None)
        return f"fb:{self.thread_id}:{first:%Y%m%d%H%M%S}" if first else f"fb:{self.thread_id}"

    @property
    def phone(self) -> str:
        """A phone number the citizen wrote in the conversation (E.164), or ""."""
        return phone_in_messages(self.messages, self.citizen_name)

    def content(self) -> str:
        header = [f"Tin nhắn Facebook của {self.citizen_name or 'người dùng Facebook'}"]
        if self.link:
            header.append(f"Hội thoại: {self.link}")
        return transcript(self.messages, header, MAX_CONTENT)


def message_line(msg: ChatMessage) -> str:
    """One message as the case text writes it: ``[20/11/2026 09:15] Nguyễn Văn A: …``."""
    stamp = f"[{msg.at:%d/%m/%Y %H:%M}] " if msg.at else ""
    return f"{stamp}{msg.sender}: {msg.text}" if msg.sender else f"{stamp}{msg.text}"


def transcript(messages: Sequence[ChatMessage], header: Sequence[str] = (), limit: int = MAX_CONTENT) -> str:
    """Messages as case text: ``[20/11/2026 09:15] Nguyễn Văn A: …``, cut to ``limit`` characters."""
    lines = [*header, ""] if header else []
    used = sum(len(x) + 1 for x in lines)
    for n, msg in enumerate(messages):
        line = message_line(msg)
        if used + len(line) + 60 > limit:
            lines.append(f"… (còn {len(messages) - n} tin nhắn không hiển thị)")
            break
        lines.append(line)
        used += len(line) + 1
    return "\n".join(lines).strip()


def _local(ms: Any) -> datetime | None:
    try:
        return (datetime.fromtimestamp(int(ms) / 1000, UTC) + VN_OFFSET).replace(tzinfo=None, microsecond=0)
    except (TypeError, ValueError, OverflowError, OSError):
        return None


_ATTACHMENTS = (
    ("photos", "[Ảnh]"),
    ("videos", "[Video]"),
    ("audio_files", "[Tin nhắn thoại]"),
    ("files", "[Tệp đính kèm]"),
    ("gifs", "[Ảnh động]"),
)


def _message_text(raw: Mapping[str, Any]) -> str:
    parts = [clean_text(str(raw.get("content") or ""))]
    for key, label in _ATTACHMENTS:
        if raw.get(key):
            parts.append(f"{label} × {len(raw[key])}" if len(raw[key]) > 1 else label)
    if raw.get("sticker"):
        parts.append("[Nhãn dán]")
    share = raw.get("share") or {}
    if isinstance(share, Mapping) and share.get("link"):
        parts.append(f"[Liên kết: {share['link']}]")
    if raw.get("call_duration") is not None:
        parts.append(f"[Cuộc gọi {int(raw['call_duration'])} giây]")
    return " ".join(p for p in parts if p)


def thread_messages(documents: Iterable[Mapping[str, Any]]) -> list[ChatMessage]:
    """All messages of one thread (its ``message_N.json`` parts), oldest first, unsent ones dropped."""
    out: list[ChatMessage] = []
    for doc in documents:
        for raw in doc.get("messages") or []:
            if not isinstance(raw, Mapping) or raw.get("is_unsent"):
                continue
            text = _message_text(raw)
            if text:
                sender = clean_text(str(raw.get("sender_name") or ""), multiline=False)
                out.append(ChatMessage(sender, _local(raw.get("timestamp_ms")), text))
    out.sort(key=lambda m: m.at or datetime.min)
    return out


_THREAD_ID = re.compile(r"_?(\d{5,})$")


def thread_link(thread_path: str) -> str:
    """A link to open the conversation, from the numeric id at the end of ``thread_path``."""
    found = _THREAD_ID.search(thread_path.strip("/"))
    return f"https://www.facebook.com/messages/t/{found.group(1)}" if found else thread_path


def split_conversations(
    thread_path: str,
    messages: Sequence[ChatMessage],
    page_names: Iterable[str],
    gap: timedelta = DEFAULT_GAP,
) -> list[Conversation]:
    """Cut a thread where it fell silent for ``gap``; keep periods in which the citizen wrote."""
    pages = {p.casefold() for p in page_names if p}
    path = thread_path.strip("/")
    found = _THREAD_ID.search(path)
    tid = found.group(1) if found else path.rsplit("/", 1)[-1]
    periods: list[list[ChatMessage]] = []
    last: datetime | None = None
    for msg in messages:
        if not periods or (msg.at and last and msg.at - last > gap):
            periods.append([])
        periods[-1].append(msg)
        last = msg.at or last
    out = []
    for period in periods:
        citizens = [m.sender for m in period if m.sender and m.sender.casefold() not in pages]
        if not citizens:
            continue
        out.append(Conversation(tid, path, thread_link(path), citizens[0], tuple(period)))
    return out


def guess_page_names(threads: Sequence[Mapping[str, Any]]) -> set[str]:
    """The page, when the export alone tells it; empty when it does not (then ask the officer).

    The page is the one participant present in every thread of several. In a single thread of
    two, a citizen writes to the page first: the page is the other participant than the sender
    of the first message. The order of ``participants`` tells nothing (Meta lists either first).
    """
    sets = []
    for doc in threads:
        names = [str(p.get("name") or "") for p in doc.get("participants") or [] if isinstance(p, Mapping)]
        sets.append({n for n in names if n})
    if not sets:
        return set()
    if len(sets) > 1:
        common = set.intersection(*sets)
        return common if len(common) == 1 else set()
    if len(sets[0]) != 2:
        return set()
    first = thread_messages(threads)
    opener = first[0].sender if first else ""
    return sets[0] - {opener} if opener in sets[0] else set()


_PHONE_IN_TEXT = re.compile(r"(?<![\d+])(?:\+84|0084|0)[\d .\-]{8,13}\d(?!\d)")


def phone_in_messages(messages: Iterable[ChatMessage], sender: str) -> str:
    """The first phone number ``sender`` wrote in a message ("sđt em 0912 345 678"), or ""."""
    for msg in messages:
        if msg.sender != sender:
            continue
        for found in _PHONE_IN_TEXT.finditer(msg.text):
            phone = normalize_phone(found.group(0))
            if phone is not None and phone.valid and not phone.short_code:
                return phone.value
    return ""
