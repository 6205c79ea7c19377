"""Match keys: compare labels ignoring case, diacritics, spacing and punctuation."""

from __future__ import annotations

import re

from app.domain.text import fold

_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


def match_key(value: object) -> str:
    """``"Mã PAKN (*)"`` → ``"mapakn"``; ``"PHẢN ÁNH"`` → ``"phananh"``."""
    if value is None:
        return ""
    return _NOT_ALNUM.sub("", fold(str(value)))


def spaced_key(value: object) -> str:
    """Folded words joined by single spaces: ``"Phản ánh,  kiến nghị"`` → ``"phan anh kien nghi"``."""
    if value is None:
        return ""
    return " ".join(w for w in _NOT_ALNUM.split(fold(str(value))) if w)
