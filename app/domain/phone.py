"""Vietnamese phone numbers: one stored form (E.164) whatever way the officer typed it."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

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
_SEPARATORS = re.compile(r"[\s.\-\u2010-\u2015()/]+")
# "+84 (0) 912 345 678", "0084 (0)225 …": the trunk 0 written after the country code.
_TRUNK_AFTER_COUNTRY = re.compile(r"^(\+|00)?\s*84\s*[(\[]\s*0\s*[)\]]")
# Between two numbers in one cell: "/", ";", ",", " - " (spaced), "hoặc", "và".
_BETWEEN_NUMBERS = re.compile(r"\s*[/;,|]\s*|\s+[-\u2013\u2014]\s+|\s+(?:hoặc|hoac|và|va)\s+", re.IGNORECASE)
_SERVICE_NUMBER = re.compile(r"(?:1800|1900)(?:\d{4}|\d{6})")
"""1800 (free) and 1900 (premium) service numbers: 8 or 10 digits, no trunk 0 (Thông tư 22/2014)."""
_MIN_DIGITS_OF_A_NUMBER = 8


@dataclass(frozen=True, slots=True)
class PhoneNumber:
    """A parsed phone number: ``value`` is what is stored and searched."""

    value: str
    valid: bool
    short_code: bool = False
    others: tuple[str, ...] = ()
    """Further numbers written in the same cell (``0912345678/0987654321``): extra contacts."""

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


def split_phones(raw: str) -> list[str]:
    """The numbers written in one cell, in order; one item when the cell holds one number.

    A cell is taken for several numbers only when every part has at least 8 digits, so that
    ``0912 - 345 - 678`` or ``0225.3842.123`` stay one number.
    """
    parts = [part for part in _BETWEEN_NUMBERS.split(raw) if part.strip()]
    if len(parts) > 1 and all(sum(ch.isdigit() for ch in part) >= _MIN_DIGITS_OF_A_NUMBER for part in parts):
        return [part.strip() for part in parts]
    return [raw]


@lru_cache(maxsize=4096)
def normalize_phone(raw: str | None) -> PhoneNumber | None:
    """Parse ``raw`` into E.164 (``+84912345678``); ``None`` when nothing was given.

    Accepts +84, 84, 0084 and 0 prefixes (also ``+84 (0) …``), spaces, dots and dashes,
    full-width digits (``０９１２…``), pre-2018 11-digit mobiles and the old 031 Hải Phòng area
    code. Short service codes (1022, 113, …) and 1800/1900 numbers are kept as typed digits.
    A cell with several numbers gives the first; the others come back in ``others``.
    An unparseable number comes back with ``valid=False`` and the digits the officer typed.
    """
    if raw is None:
        return None
    text = unicodedata.normalize("NFKC", raw).strip()
    if not text or text.lower() in _NOT_GIVEN:
        return None
    first, *rest = split_phones(text)
    phone = _one_number(first)
    if not rest:
        return phone
    others = tuple(dict.fromkeys(p.value for p in map(_one_number, rest) if p.value != phone.value))
    return PhoneNumber(phone.value, phone.valid, phone.short_code, others)


def _one_number(text: str) -> PhoneNumber:
    text = _TRUNK_AFTER_COUNTRY.sub(lambda m: (m.group(1) or "+") + "84", text)
    compact = _SEPARATORS.sub("", text)
    if compact in SHORT_CODES or _SERVICE_NUMBER.fullmatch(compact):
        return PhoneNumber(compact, valid=True, short_code=True)
    international = compact.startswith("+") or compact.startswith("00")
    digits = re.sub(r"\D", "", compact)
    if not digits:
        return PhoneNumber(compact, valid=False)
    if compact.startswith("00"):
        digits = digits[2:]
    if digits.startswith("840") and len(digits) in (12, 13):  # "+84 0912 345 678": trunk 0 kept
        national = digits[2:]
    elif digits.startswith("84") and (international or len(digits) in (11, 12)):
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
    import phonenumbers  # here, not at the top: showing stored numbers (a list, ``find``) needs none

    try:
        parsed = phonenumbers.parse(national, "VN")
    except phonenumbers.NumberParseException:
        return PhoneNumber(digits, valid=False)
    if not phonenumbers.is_valid_number(parsed):
        return PhoneNumber(digits, valid=False)
    return PhoneNumber(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164), True)


def _parse_foreign(e164: str, typed: str) -> PhoneNumber:
    import phonenumbers

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
    compact = _SEPARATORS.sub("", unicodedata.normalize("NFKC", query).strip())
    return bool(re.fullmatch(r"\+?\d{3,15}", compact))
