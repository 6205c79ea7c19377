"""Numbers typed in the search box go to their own index before the full-text one.

A case number (``2026-00123``), a city-platform code (``HP-2604-00012``, read out by the citizen
on the phone) or a phone number is one token; the full-text index splits it into words
(``"2026"*`` matches half the register, ``HP-2604`` finds any case with «HP» and a 2604). Here each
is looked up in its B-tree index — exactly first, then as a prefix — and the words index is used
only when none of them finds anything.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import and_, or_, select

from app.domain.enums import CaseKind
from app.domain.phone import looks_like_phone, normalize_phone
from app.models import Case, Citizen

INDEX_PHASE = 100
"""``PageKey.phase`` of a page found through a number index: ``INDEX_PHASE + candidate``."""

_NUMBER = re.compile(r"\d{4}-\d{0,7}")
"""``2026-00123``: the year, a dash and the sequence (five digits, more past 99,999)."""
_CODE = re.compile(r"(?=.*\d)[0-9A-Za-z]+(?:[-_/.][0-9A-Za-z]+)*[-_/.]?")
_MIN_PHONE_PREFIX = 6
_SEALED = [k.value for k in CaseKind if k.is_sealed]


def _after(prefix: str) -> str:
    """The smallest string above every string that starts with ``prefix`` (byte order)."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _starts(col: Any, prefix: str, postgresql: bool) -> Any:
    """``col`` starts with ``prefix``, in a form its B-tree index serves on each database.

    SQLite compares bytes (BINARY): a range is exact and walks the index. PostgreSQL compares
    by the database's collation, where a range need not match a prefix (``vi_VN`` ignores the
    dash), so it gets LIKE: its B-tree serves that in a ``C``/``C.UTF-8`` database; under another
    collation a prefix is checked row by row (an exact code or number always uses the index).
    """
    if postgresql:
        escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return col.like(escaped + "%", escape="\\")
    return and_(col >= prefix, col < _after(prefix))


def _spellings(token: str) -> list[str]:
    return list(dict.fromkeys((token, token.upper())))


def _external(token: str, postgresql: bool, exact: bool) -> Any:
    refs = _spellings(token)
    if exact:
        return and_(Case.external_ref != "", Case.external_ref.in_(refs))
    return and_(Case.external_ref != "", or_(*(_starts(Case.external_ref, r, postgresql) for r in refs)))


def _phone_prefix(digits: str) -> str | None:
    if digits.startswith("+84"):
        return digits
    if digits.startswith("84") and len(digits) > 3:
        return "+" + digits
    if digits.startswith("0"):
        return "+84" + digits[1:]
    return None


def _phone(query: str, postgresql: bool) -> list[Any]:
    phone = normalize_phone(query)
    found: list[Any] = []
    if phone is not None and phone.valid:
        found.append(Citizen.phone == phone.value)
    digits = re.sub(r"[^\d+]", "", query)
    prefix = _phone_prefix(digits)
    if prefix is not None and len(digits.lstrip("+")) >= _MIN_PHONE_PREFIX and not found:
        found.append(_starts(Citizen.phone, prefix, postgresql))
    return [
        and_(Case.citizen_id.in_(select(Citizen.id).where(cond).scalar_subquery()), Case.kind.not_in(_SEALED))
        for cond in found
    ]


def index_candidates(query: str, *, postgresql: bool) -> list[Any]:
    """Conditions to try in order for ``query``; empty when it is words for the full-text index."""
    token = query.strip()
    if not token:
        return []
    if _NUMBER.fullmatch(token):  # "2025-46590" is a case and the start of 2025-465908: exact first
        return [
            Case.number == token,
            _starts(Case.number, token, postgresql),
            _external(token, postgresql, exact=True),  # "1022-71827484": the 1022 platform's codes
            _external(token, postgresql, exact=False),
        ]
    if looks_like_phone(token):
        return [
            *_phone(token, postgresql),
            _external(token, postgresql, exact=True),
            _external(token, postgresql, exact=False),
        ]
    if any(ch.isspace() for ch in token) or not _CODE.fullmatch(token):
        return []
    return [_external(token, postgresql, exact=True), _external(token, postgresql, exact=False)]
