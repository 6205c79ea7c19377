"""Vietnamese text rules: NFC storage, plain text from pasted input, diacritic-free folding."""

from __future__ import annotations

import re
import unicodedata

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u2028\u2029\ufeff]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_BLANK_LINES = re.compile(r"\n{3,}")
_TAGS = re.compile(r"<[^>]{0,200}>")
_FOLD_TABLE = str.maketrans({"đ": "d", "Đ": "d"})
_NON_WORD = re.compile(r"[^\w]+")


def clean_text(value: str | None, *, max_length: int | None = None, multiline: bool = True) -> str:
    """Return ``value`` as plain NFC text: no control characters, tidy spaces, trimmed.

    Rich text pasted from a browser or Word arrives as plain text from Qt already; stray HTML
    tags from a copied Facebook page are stripped here as a last line of defence.
    """
    if not value:
        return ""
    text = unicodedata.normalize("NFC", value)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "<" in text and ">" in text and re.search(r"</?(p|div|span|br|b|i|font)\b", text, re.I):
        text = _TAGS.sub("", text)
    text = _CONTROL.sub("", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    text = "\n".join(lines) if multiline else " ".join(line for line in lines if line)
    text = _BLANK_LINES.sub("\n\n", text).strip()
    if max_length is not None and len(text) > max_length:
        text = text[:max_length].rstrip()
    return text


def fold(value: str | None) -> str:
    """Lower-case ``value`` without diacritics (đ → d) for accent-insensitive search."""
    if not value:
        return ""
    text = unicodedata.normalize("NFD", value.translate(_FOLD_TABLE))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.lower()


def exact_key(value: str | None) -> str:
    """Lower-case NFC text: the key for exact-diacritic matches."""
    if not value:
        return ""
    return unicodedata.normalize("NFC", value).lower()


def words(value: str) -> list[str]:
    """Split text into search words (letters and digits), dropping punctuation."""
    return [w for w in _NON_WORD.split(value) if w]


def has_diacritics(value: str) -> bool:
    """Whether the text carries Vietnamese marks (so exact matches should rank first)."""
    return fold(value) != value.lower()
