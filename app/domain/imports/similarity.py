"""Likely-duplicate scoring: same caller, or similar content about the same place (pure)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from rapidfuzz import fuzz

from app.domain.text import fold

CONTENT_THRESHOLD = 80
"""Accent-insensitive similarity (0–100) above which two contents count as the same matter."""

PLACE_THRESHOLD = 90

SIMILAR_CONTENT = 60
"""From here (0–100, on the topic words) a likely duplicate is worth asking the officer about at intake;
below it a match on the caller alone is only shown in the caller-history panel."""

STRONG_CONTENT = 85
"""From here the contents read as the same matter, and linking is the intake prompt's default."""

_PLACE_WORDS = (
    "phường", "xã", "thị trấn", "đặc khu", "quận", "huyện", "đường", "phố", "ngõ", "ngách", "hẻm",
    "thôn", "xóm", "tổ dân phố", "tổ", "khu phố", "khu đô thị", "khu dân cư", "chung cư", "chợ",
    "cầu", "trường", "bệnh viện", "công viên", "hồ", "sông", "khu công nghiệp", "cụm công nghiệp",
    "ngã tư", "ngã ba", "nút giao", "tòa nhà", "bến xe", "bãi",
)  # fmt: skip
_PLACE_SEQS = sorted(
    ((tuple(w.split()), tuple(fold(w).split())) for w in _PLACE_WORDS), key=lambda s: len(s[0]), reverse=True
)
_FOLDED_PLACE_WORDS = {
    "phuong", "xa", "thi", "tran", "dac", "khu", "quan", "huyen", "duong", "pho", "ngo", "ngach", "hem",
    "thon", "xom", "to", "so", "thanh", "tinh",
}  # fmt: skip
_TOO_WIDE = {"hai phong", "viet nam", "ha noi"}
_STOP = {
    "va", "cua", "cac", "nhung", "la", "co", "khong", "duoc", "de", "nghi", "tai", "o", "cho", "voi",
    "tren", "trong", "khi", "da", "dang", "se", "nguoi", "dan", "rat", "nay", "do", "thi", "ma", "nhu",
    "ve", "tu", "den", "theo", "mot", "nhieu", "lam", "viec", "ong", "ba", "anh", "chi", "em", "toi",
    "xin", "can", "bi", "gay", "phan", "kien", "tinh", "trang", "hien", "sau", "truoc", "yeu", "cau",
}  # fmt: skip
_D = str.maketrans({"đ": "d", "Đ": "D"})
_TOKEN = re.compile(r"\w+|[^\w\s]")
_WORD = re.compile(r"[0-9a-z]+")


def place_phrases(text: str) -> set[str]:
    """Folded place names in a text: ``"đường Lạch Tray, phường Lê Chân"`` → {"lach tray", "le chan"}.

    A place word (phường, xã, đường, ngõ, thôn, tổ dân phố …) followed by capitalised words or a
    number; read on the text with its marks, so "cơ quan" is not taken for "quận".
    """
    tokens = _TOKEN.findall(text)
    lower = [t.lower() for t in tokens]
    out: set[str] = set()
    i = 0
    while i < len(tokens):
        seq = next((m for m, f in _PLACE_SEQS if _at(lower, i, m, f)), None)
        if seq is None or (seq == ("cầu",) and i and lower[i - 1] in ("yêu", "yeu")):
            i += 1
            continue
        j = i + len(seq)
        name: list[str] = []
        while (
            j < len(tokens)
            and len(name) < 4
            and tokens[j][0].isalnum()
            and (tokens[j][0].isupper() or tokens[j].isdigit())
        ):
            name.append(tokens[j])
            j += 1
        phrase = fold(" ".join(name))
        if phrase and phrase not in _TOO_WIDE and not phrase.replace(" ", "").isdigit():
            out.add(phrase)
        i = max(j, i + 1)
    return out


def _at(lower: list[str], i: int, marked: tuple[str, ...], folded: tuple[str, ...]) -> bool:
    """A place word at ``i``: with its marks, or typed without any marks at all ("duong Lach Tray")."""
    here = tuple(lower[i : i + len(marked)])
    return here == marked or (here == folded and all(t.isascii() for t in here))


def search_terms(text: str, limit: int = 8) -> list[str]:
    """Distinctive folded words of a content, longest first (for the full-text candidate query)."""
    seen: dict[str, None] = {}
    for word in _WORD.findall(fold(text)):
        if len(word) >= 3 and word not in _STOP and word not in _FOLDED_PLACE_WORDS and not word.isdigit():
            seen.setdefault(word, None)
    return sorted(seen, key=len, reverse=True)[:limit]


def simple(text: str, limit: int = 600) -> str:
    """Folded words (a–z, 0–9) joined by spaces; the fast path of ``fold`` for comparison only."""
    ascii_ = unicodedata.normalize("NFD", text[:limit].translate(_D)).encode("ascii", "ignore").decode()
    return " ".join(_WORD.findall(ascii_.lower()))


def content_similarity(a: str, b: str) -> int:
    """0–100: how alike two contents read, without diacritics and word order (rapidfuzz WRatio)."""
    return _similar(simple(a), simple(b))


def topic(simple_text: str, places: Iterable[str]) -> str:
    """What a text is about: its words without the place names, place words and filler words."""
    padded = f" {simple_text} "
    for place in places:
        if place:
            padded = padded.replace(f" {place} ", " ")
    return " ".join(w for w in padded.split() if w not in _STOP and w not in _FOLDED_PLACE_WORDS)


def _similar(fa: str, fb: str) -> int:
    if not fa or not fb or fuzz.token_set_ratio(fa, fb) < CONTENT_THRESHOLD - 10:
        return 0  # a cheap first look rules most candidates out
    return int(fuzz.WRatio(fa, fb))


def _names_place(places: Iterable[str], other: str) -> bool:
    padded = f" {other} "
    return any(p and (f" {p} " in padded or fuzz.partial_ratio(p, other) >= PLACE_THRESHOLD) for p in places)


def same_place(probe_places: Iterable[str], probe_place_text: str, other_text: str) -> bool:
    """Whether another case's text (content, location, address) names one of the probe's places."""
    places = [p for p in probe_places if p]
    if probe_place_text:
        places.append(simple(probe_place_text))
    return _names_place(places, simple(other_text, 2000))


@dataclass(frozen=True, slots=True)
class Probe:
    """What is known of a new item when looking for duplicates."""

    received_at: datetime
    phone: str = ""
    id_number: str = ""
    name: str = ""
    address: str = ""
    location: str = ""
    content: str = ""

    @property
    def place_text(self) -> str:
        return self.location or self.address

    def places(self) -> set[str]:
        """Where the item is about: places named in the location or content, else in the address,
        else the location or address text itself."""
        found = place_phrases(" ".join((self.location, self.content)))
        if not found and self.place_text:
            found = place_phrases(self.place_text) or {simple(self.place_text)}
        return {p for p in found if p}


@dataclass(frozen=True, slots=True)
class Candidate:
    """An existing case that might be the same matter."""

    case_id: int
    received_at: datetime
    phone: str = ""
    id_number: str = ""
    name: str = ""
    address: str = ""
    location: str = ""
    content: str = ""


class Scorer:
    """Scores many candidates against one probe, folding the probe once."""

    def __init__(self, probe: Probe, window: timedelta) -> None:
        self.probe = probe
        self.window = window
        self._name = simple(probe.name)
        self._address = simple(probe.address)
        self._places = sorted(probe.places())
        self._content = topic(simple(probe.content), self._places)

    def reasons(self, other: Candidate) -> tuple[tuple[str, ...], int]:
        """Why ``other`` looks like the same matter (Vietnamese reasons) and a 0–100 score."""
        probe = self.probe
        if abs(probe.received_at - other.received_at) > self.window:
            return (), 0
        reasons: list[str] = []
        score = 0
        if probe.phone and probe.phone == other.phone:
            reasons.append("Cùng số điện thoại")
            score = 90
        if probe.id_number and probe.id_number.upper() == (other.id_number or "").upper():
            reasons.append("Cùng số CCCD/CMND")
            score = max(score, 95)
        if (
            self._name
            and self._address
            and self._name == simple(other.name)
            and fuzz.token_set_ratio(self._address, simple(other.address)) >= PLACE_THRESHOLD
        ):
            reasons.append("Cùng họ tên và địa chỉ")
            score = max(score, 85)
        if self._content and self._places and other.content:
            similar = _similar(self._content, topic(simple(other.content), self._places))
            where = " ".join((other.location, other.address, other.content))
            if similar >= CONTENT_THRESHOLD and _names_place(self._places, simple(where, 2000)):
                reasons.append(f"Nội dung giống {similar}% tại cùng địa điểm")
                score = max(score, similar)
        return tuple(reasons), score

    def content_score(self, other: Candidate) -> int:
        """0–100: how alike the two contents read on their topic words, wherever they are about."""
        if not self._content or not other.content:
            return 0
        return _similar(self._content, topic(simple(other.content), self._places))


def duplicate_reasons(probe: Probe, other: Candidate, window: timedelta) -> tuple[tuple[str, ...], int]:
    """Why ``other`` looks like the same matter (Vietnamese reasons) and a 0–100 score; ``((), 0)`` if not."""
    return Scorer(probe, window).reasons(other)
