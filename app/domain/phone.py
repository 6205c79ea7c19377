"""Vietnamese phone numbers: one stored form (E.164) whatever way the officer typed it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers

SHORT_CODES: frozenset[str] = frozenset(
    {"1022", "111", "112", "113", "114", "115", "1080", "1081", "18001090", "1900"}
)
"""Service numbers phonenumbers does not know; kept as typed (TOOLING.md pitfall 6)."""

# 2018: 11-digit mobile numbers moved to 10 digits (Thông tư 22/2014, plan of 15/09/2018).
_OLD_MOBILE_PREFIXES: dict[str, str] = {
    "0162": "032",
    "0163": "033",
    "0164": "034",
    "0165": "035",
    "0166": "036",
    "0167": "037",
    "0168": "038",
    "0169": "039",
    "0120": "070",
    "0121": "079",
    "0122": "077",
    "0126": "076",
    "0128": "078",
    "0123": "083",
    "0124": "084",
    "0125": "085",
    "0127": "081",
    "0129": "082",
    "0186": "056",
    "0188": "058",
    "0199": "059",
}
# 2017: landline area codes of Hải Phòng and Hải Dương changed.
_OLD_AREA_CODES: dict[str, str] = {"031": "0225", "0320": "0220"}

_NOT_GIVEN = ("khong cung cap", "không cung cấp", "an danh", "ẩn danh", "khong", "không")
_SEPARATORS = re.compile(r"[\s.\-()/]+")


@dataclass(frozen=True, slots=True)
class PhoneNumber:
    """A parsed phone number: ``value`` is what is stored and searched."""

    value: str
    valid: bool
    short_code: bool = False

    @property
    def display(self) -> str:
        return format_phone(self.value)


def _modernise(digits: str) -> str:
    """Map a pre-2018 national number onto today's numbering."""
    if len(digits) == 11 and digits[:4] in _OLD_MOBILE_PREFIXES:
        return _OLD_MOBILE_PREFIXES[digits[:4]] + digits[4:]
    if len(digits) == 11 and digits.startswith("0320"):
        return "0220" + digits[4:]
    if len(digits) == 10 and digits.startswith("031"):
        return "0225" + digits[3:]
    return digits


@lru_cache(maxsize=4096)
def normalize_phone(raw: str | None) -> PhoneNumber | None:
    """Parse ``raw`` into E.164 (``+84912345678``); ``None`` when nothing was given.

    Accepts +84, 84, 0084 and 0 prefixes, spaces, dots and dashes, pre-2018 11-digit mobiles and
    the old 031 Hải Phòng area code. Short service codes (1022, 113, …) are kept as typed.
    An unparseable number comes back with ``valid=False`` and the digits the officer typed.
    """
    if raw is None:
        return None
    text = raw.strip()
    if not text or text.lower() in _NOT_GIVEN:
        return None
    compact = _SEPARATORS.sub("", text)
    if compact in SHORT_CODES:
        return PhoneNumber(compact, valid=True, short_code=True)
    international = compact.startswith("+") or compact.startswith("00")
    digits = re.sub(r"\D", "", compact)
    if not digits:
        return PhoneNumber(compact, valid=False)
    if compact.startswith("00"):
        digits = digits[2:]
    if digits.startswith("84") and (international or len(digits) in (11, 12)):
        national = "0" + digits[2:]
    elif international:
        return _parse_foreign("+" + digits, compact)
    elif digits.startswith("0"):
        national = digits
    elif len(digits) in (9, 10):
        national = "0" + digits
    else:
        return PhoneNumber(digits, valid=False)
    national = _modernise(national)
    try:
        parsed = phonenumbers.parse(national, "VN")
    except phonenumbers.NumberParseException:
        return PhoneNumber(digits, valid=False)
    if not phonenumbers.is_valid_number(parsed):
        return PhoneNumber(digits, valid=False)
    return PhoneNumber(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164), True)


def _parse_foreign(e164: str, typed: str) -> PhoneNumber:
    try:
        parsed = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return PhoneNumber(typed, valid=False)
    if not phonenumbers.is_valid_number(parsed):
        return PhoneNumber(typed, valid=False)
    return PhoneNumber(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164), True)


def format_phone(value: str | None) -> str:
    """Show a stored number the Vietnamese way: ``0912 345 678``; foreign ones in full."""
    if not value:
        return ""
    if value.startswith("+84"):
        national = "0" + value[3:]
        if len(national) == 10:
            return f"{national[:4]} {national[4:7]} {national[7:]}"
        if len(national) == 11:  # landline: area code 02xx, then 4 + 3 digits
            return f"{national[:4]} {national[4:8]} {national[8:]}"
        return national
    return value


def mask_phone(value: str | None) -> str:
    """Hide the middle of a number for exports that leave the office: ``0912 *** 678``."""
    shown = format_phone(value)
    if len(shown) < 7:
        return "***" if shown else ""
    return f"{shown[:4]} *** {shown[-3:]}"


def looks_like_phone(query: str) -> bool:
    """Whether a search query is a phone number rather than words."""
    compact = _SEPARATORS.sub("", query.strip())
    return bool(re.fullmatch(r"\+?\d{3,15}", compact))
