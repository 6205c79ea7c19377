"""Keep a denouncer's identity out of free text printed for others (Luật Tố cáo art. 9)."""

from __future__ import annotations

import re
import unicodedata

SEALED = "(được bảo mật)"
"""What a sealed identity reads as, everywhere it would otherwise be shown."""

_SEPARATORS = r"[\s.\-]?"


def _phone_pattern(phone: str) -> re.Pattern[str] | None:
    digits = re.sub(r"\D", "", phone)
    if digits.startswith("84") and phone.strip().startswith("+"):
        digits = digits[2:]
    digits = digits.lstrip("0")
    if len(digits) < 6:
        return None
    body = _SEPARATORS.join(digits)
    return re.compile(rf"(?:\+\s?84{_SEPARATORS}|\(\+84\)\s?|0)?{body}")


def scrub(text: str, *secrets: str | None) -> str:
    """``text`` with each secret (name, address, ID number, phone) replaced by "(được bảo mật)".

    Matching ignores case and Unicode normalisation; phone numbers match in any common writing
    (0912 345 678, +84912345678, 0912.345.678); an ID number is matched the same way. Secrets shorter than 3 letters are ignored.
    """
    out = unicodedata.normalize("NFC", text or "")
    for secret in secrets:
        value = unicodedata.normalize("NFC", (secret or "").strip())
        if len(value) < 3:
            continue
        phone = _phone_pattern(value) if re.fullmatch(r"[+\d\s().\-]+", value) else None
        if phone is not None:
            out = phone.sub(SEALED, out)
            continue
        out = re.compile(re.escape(value), re.IGNORECASE).sub(SEALED, out)
    return out
