"""Turn a Messenger conversation copied from the browser into case text with its time stamps."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from app.domain.imports.facebook import ChatMessage, transcript
from app.domain.text import clean_text, fold

PAGE_LABEL = "Cơ quan"
"""Sender shown for "Bạn đã gửi" / "You sent" when the page's name is not known."""

_TIME = r"(?P<h>\d{1,2})\s*[:h]\s*(?P<mi>\d{2})(?::\d{2})?\s*(?P<ap>sa|ch|am|pm)?"
_SEP = r"\s*(?:,|\bluc\b|\bat\b|-|–)?\s*"
_DMY = r"(?P<d>\d{1,2})\s*[/.-]\s*(?P<mo>\d{1,2})(?:\s*[/.-]\s*(?P<y>\d{4}|\d{2}))?"
_WEEKDAYS = {
    "thu hai": 0, "t2": 0, "mon": 0, "monday": 0,
    "thu ba": 1, "t3": 1, "tue": 1, "tuesday": 1,
    "thu tu": 2, "t4": 2, "wed": 2, "wednesday": 2,
    "thu nam": 3, "t5": 3, "thu": 3, "thursday": 3,
    "thu sau": 4, "t6": 4, "fri": 4, "friday": 4,
    "thu bay": 5, "t7": 5, "sat": 5, "saturday": 5,
    "chu nhat": 6, "cn": 6, "sun": 6, "sunday": 6,
}  # fmt: skip
_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}  # fmt: skip
_WD = "|".join(sorted(_WEEKDAYS, key=len, reverse=True))
_PATTERNS = [
    re.compile(rf"^{_DMY}{_SEP}{_TIME}$"),
    re.compile(rf"^{_TIME}{_SEP}(?:ngay\s*)?{_DMY}$"),
    re.compile(rf"^(?P<d>\d{{1,2}}) thang (?P<mo>\d{{1,2}})(?:,? (?:nam )?(?P<y>\d{{4}}))?{_SEP}{_TIME}$"),
    re.compile(rf"^(?P<mon>[a-z]{{3,9}})\.? (?P<d>\d{{1,2}})(?:,? (?P<y>\d{{4}}))?{_SEP}{_TIME}$"),
    re.compile(rf"^(?P<d>\d{{1,2}}) (?P<mon>[a-z]{{3,9}})\.?(?:,? (?P<y>\d{{4}}))?{_SEP}{_TIME}$"),
    re.compile(rf"^(?P<rel>hom nay|hom qua|today|yesterday){_SEP}{_TIME}$"),
    re.compile(rf"^(?P<wd>{_WD}){_SEP}{_TIME}$"),
    re.compile(rf"^{_TIME}$"),
    re.compile(r"^(?:ngay\s*)?(?P<d>\d{1,2})\s*/\s*(?P<mo>\d{1,2})\s*/\s*(?P<y>\d{4})$"),
]
_INLINE = [
    re.compile(r"^\[(?P<stamp>[^\]]{3,40})\]\s*(?P<name>[^:]{1,60}?)\s*:\s*(?P<text>.+)$"),
    re.compile(r"^(?P<name>[^:()]{1,60}?)\s*\((?P<stamp>[^)]{3,40})\)\s*:\s*(?P<text>.+)$"),
    re.compile(r"^(?P<stamp>\d{1,2}:\d{2}(?:\s*(?:SA|CH|AM|PM))?)\s*[-–]\s*(?P<name>[^:]{1,60}?)\s*:\s*(?P<text>.+)$"),
    re.compile(r"^(?P<name>[^:]{1,50}?)\s*:\s+(?P<text>.+)$"),
]  # fmt: skip
_NOISE = {
    "da xem", "seen", "da gui", "sent", "delivered", "da nhan", "enter", "aa", "nhap tin nhan",
    "type a message", "tra loi", "reply", "thich", "like", "chuyen tiep", "forward", "xem them",
    "da chinh sua", "edited", "an", "hide", "go", "unsend", "bay to cam xuc", "react", "more",
}  # fmt: skip
_NOISE_PREFIX = ("da xem luc", "seen by", "da xem boi", "seen at", "hoat dong ", "active ", "dang hoat dong")
_SELF = {"ban", "you", "ban da gui", "you sent", "ban da tra loi", "you replied"}
_SENT_BY = re.compile(r"^(?P<name>.+?) (?:da gui|sent|da tra loi|replied)(?: .*)?$")


@dataclass(frozen=True, slots=True)
class PastedConversation:
    """A parsed paste: the messages, who the citizen is, when they first wrote, and the case text."""

    messages: tuple[ChatMessage, ...]
    citizen_name: str
    received_at: datetime | None
    content: str


def parse_stamp(line: str, now: datetime, last: datetime | None = None) -> tuple[datetime | None, bool]:
    """A whole line read as a Messenger time stamp → (time, whether it had hours); ``(None, False)``."""
    text = " ".join(fold(line).replace(",", ", ").split()).strip(" ,")
    if not text or len(text) > 45:
        return None, False
    for pattern in _PATTERNS:
        found = pattern.match(text)
        if found:
            return _stamp(found.groupdict(), now, last)
    return None, False


def _stamp(g: dict[str, str | None], now: datetime, last: datetime | None) -> tuple[datetime | None, bool]:
    base = (last or now).date()
    if g.get("rel"):
        base = now.date() - timedelta(days=1 if g["rel"] in ("hom qua", "yesterday") else 0)
    elif g.get("wd"):
        back = (now.weekday() - _WEEKDAYS[g["wd"] or ""]) % 7
        base = now.date() - timedelta(days=back)
    elif g.get("d"):
        month = int(g["mo"] or 0) if g.get("mo") else _MONTHS.get((g.get("mon") or "")[:3], 0)
        year = int(g["y"] or 0) if g.get("y") else now.year
        year = year + 2000 if year < 100 else year
        try:
            base = date(year, month, int(g["d"] or 0))
        except ValueError:
            return None, False
        if not g.get("y") and base > now.date():
            base = base.replace(year=year - 1)
    if g.get("h") is None:
        return datetime.combine(base, time.min), False
    hour, minute = int(g["h"] or 0), int(g.get("mi") or 0)
    ap = g.get("ap")
    if ap in ("ch", "pm") and hour < 12:
        hour += 12
    elif ap in ("sa", "am") and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return None, False
    return datetime.combine(base, time(hour, minute)), True


def _looks_like_name(line: str) -> bool:
    words = line.split()
    if not 1 <= len(words) <= 6 or len(line) > 50 or line[-1] in ".?!:,;…)" or any(c.isdigit() for c in line):
        return False
    return all(w[0].isupper() for w in words if w[0].isalpha()) and line[0].isalpha()


def parse_messenger_paste(
    pasted: str, *, now: datetime, page_names: Iterable[str] = (), citizen_name: str = ""
) -> PastedConversation:
    """Read a copied conversation (messenger.com, Meta Business Suite, or ``[time] Name: text`` lines).

    Time stamps may be full dates, "Hôm nay 09:15", weekdays ("Thứ Sáu 14:20", "T6 14:20"), English
    forms ("Nov 20, 2026, 9:15 AM") or bare times that continue the last date. "Bạn đã gửi" and
    "You sent" mark the page's own messages; the first other sender is the citizen.
    """
    pages = [p for p in (clean_text(n, multiline=False) for n in page_names) if p]
    page_label = pages[0] if pages else PAGE_LABEL
    page_keys = {fold(p) for p in pages}
    lines = [ln.strip() for ln in clean_text(pasted).split("\n")]
    lines = [ln for ln in lines if ln and not _is_noise(ln)]
    repeated = Counter(ln for ln in lines if _looks_like_name(ln))
    known = (
        {n for n, c in repeated.items() if c >= 2} | set(pages) | ({citizen_name} if citizen_name else set())
    )
    stamps = [parse_stamp(ln, now)[0] is not None for ln in lines]
    reader = _Reader(page_label, page_keys, known, now)
    for i, line in enumerate(lines):
        near_stamp = (i + 1 < len(lines) and stamps[i + 1]) or (i > 0 and stamps[i - 1])
        reader.read(line, stamps[i], near_stamp=near_stamp, first=i == 0)
    messages = reader.finish()
    return _result(messages, page_label, citizen_name)


@dataclass
class _Reader:
    """Walks the pasted lines, cutting them into messages as senders and time stamps appear."""

    page_label: str
    page_keys: set[str]
    known: set[str]
    now: datetime
    messages: list[ChatMessage] = field(default_factory=list)
    sender: str = ""
    at: datetime | None = None
    buffer: list[str] = field(default_factory=list)

    def read(self, line: str, is_stamp: bool, *, near_stamp: bool, first: bool) -> None:
        """One line: a page marker, a time stamp, an inline message, a sender, or message text."""
        folded = fold(line)
        if folded in _SELF or folded.startswith(("ban da gui", "you sent", "ban da tra loi", "you replied")):
            self._start(self.page_label)
            return
        stamp, _with_time = parse_stamp(line, self.now, self.at) if is_stamp else (None, False)
        if stamp is not None:
            self._flush()
            self.at = stamp
            return
        inline = _inline(line, self.now, self.at, self.known, self.page_keys)
        if inline is not None:
            name, when, text = inline
            self._start(self.page_label if fold(name) in _SELF or fold(name) in self.page_keys else name)
            self.at = when or self.at
            self.buffer.append(text)
            return
        by = _SENT_BY.match(folded)
        if by and _looks_like_name(line[: len(by.group("name"))]):
            self._start(line[: len(by.group("name"))])
            return
        if _looks_like_name(line) and (line in self.known or near_stamp or first):
            self._start(self.page_label if fold(line) in self.page_keys else line)
            return
        self.buffer.append(line)

    def finish(self) -> list[ChatMessage]:
        self._flush()
        return self.messages

    def _start(self, sender: str) -> None:
        self._flush()
        self.sender = sender

    def _flush(self) -> None:
        if self.buffer:
            self.messages.append(ChatMessage(self.sender, self.at, "\n".join(self.buffer)))
            self.buffer.clear()


def _is_noise(line: str) -> bool:
    folded = " ".join(fold(line).split())
    return folded in _NOISE or folded.startswith(_NOISE_PREFIX)


def _inline(
    line: str, now: datetime, last: datetime | None, known: set[str], page_keys: set[str]
) -> tuple[str, datetime | None, str] | None:
    for pattern in _INLINE:
        found = pattern.match(line)
        if not found:
            continue
        groups = found.groupdict()
        name = groups["name"].strip()
        when = parse_stamp(groups["stamp"], now, last)[0] if groups.get("stamp") else None
        trusted = groups.get("stamp") is None and (name in known or fold(name) in _SELF | page_keys)
        if (when is not None or trusted or (groups.get("stamp") is None and _looks_like_name(name))) and (
            _looks_like_name(name) or fold(name) in _SELF | page_keys
        ):
            return name, when, groups["text"].strip()
    return None


def _result(messages: Sequence[ChatMessage], page_label: str, citizen_name: str) -> PastedConversation:
    merged: list[ChatMessage] = []
    for msg in messages:
        if merged and merged[-1].sender == msg.sender and merged[-1].at == msg.at:
            merged[-1] = ChatMessage(msg.sender, msg.at, merged[-1].text + "\n" + msg.text)
        else:
            merged.append(msg)
    citizen = citizen_name or next((m.sender for m in merged if m.sender and m.sender != page_label), "")
    times = [m.at for m in merged if m.at and (m.sender == citizen or not citizen)]
    received = min(times) if times else min((m.at for m in merged if m.at), default=None)
    header = [f"Tin nhắn Messenger của {citizen}" if citizen else "Tin nhắn Messenger"]
    return PastedConversation(tuple(merged), citizen, received, transcript(merged, header))
