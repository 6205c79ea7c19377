"""The kind of office (UBND xã / phường / đặc khu, a city Sở), read from its name for the presets."""

from __future__ import annotations

import re
from enum import StrEnum

from app.domain.text import fold


class OfficeKind(StrEnum):
    """Which department presets an office starts with (the list stays editable in Danh mục)."""

    COMMUNE = "xa"
    WARD = "phuong"
    SPECIAL_ZONE = "dac_khu"
    CITY_DEPARTMENT = "so"
    OTHER = "khac"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    OfficeKind.COMMUNE: "UBND xã",
    OfficeKind.WARD: "UBND phường",
    OfficeKind.SPECIAL_ZONE: "UBND đặc khu",
    OfficeKind.CITY_DEPARTMENT: "Sở (cơ quan cấp thành phố)",
    OfficeKind.OTHER: "Cơ quan khác",
}

_MARKED = (  # a Sở first: "Sở Nội vụ", not the "xã" of "Sở Lao động - Thương binh và Xã hội"
    (re.compile(r"^\s*Sở\b"), OfficeKind.CITY_DEPARTMENT),
    (re.compile(r"\bđặc khu\b", re.IGNORECASE), OfficeKind.SPECIAL_ZONE),
    (re.compile(r"\bphường\b", re.IGNORECASE), OfficeKind.WARD),
    (re.compile(r"\bxã\b(?! hội)", re.IGNORECASE), OfficeKind.COMMUNE),
)
_FOLDED = (
    (re.compile(r"^\s*so\s"), OfficeKind.CITY_DEPARTMENT),
    (re.compile(r"\bdac khu\b"), OfficeKind.SPECIAL_ZONE),
    (re.compile(r"\bphuong\b"), OfficeKind.WARD),
    (re.compile(r"\b(?:ubnd|nhan dan) xa\b"), OfficeKind.COMMUNE),
)


def office_kind_of(name: str) -> OfficeKind:
    """``"Ủy ban nhân dân xã Cẩm Giàng"`` → COMMUNE; typed without marks too (``"UBND xa Cam Giang"``)."""
    for pattern, kind in _MARKED:
        if pattern.search(name):
            return kind
    if name.isascii():
        folded = fold(name)
        for pattern, kind in _FOLDED:
            if pattern.search(folded):
                return kind
    return OfficeKind.OTHER
