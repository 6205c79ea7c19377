"""Decode CSV bytes: UTF-8 (with or without BOM), UTF-16, Windows-1258; name TCVN3/VNI files."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_VOWELS = rb"[aeiouyAEIOUY]"
# VNI: a base vowel then a Latin-1 byte for the mark (Haûi Phoøng, Nguyeãn), 0xF1/0xD1 for đ/Đ.
_VNI_MARK = re.compile(_VOWELS + rb"[\xd8-\xdc\xe0-\xe5\xe8-\xeb\xef\xf4-\xf6\xf8-\xfc]")
_VNI_D = re.compile(rb"(?:^|[\s,.;:(\"'])[\xd1\xf1][a-zA-Z\xf6\xf4]")
# TCVN3 (ABC): one byte replaces a marked vowel, mostly in 0xA1–0xBF and 0xC6–0xFE (H¶i Ph\xdfng, ®).
_CONSONANTS = rb"[b-df-hj-np-tv-zB-DF-HJ-NP-TV-Z]"
_TCVN_IN_WORD = re.compile(_CONSONANTS + rb"[\xa1-\xf3\xf5\xf7-\xfe]|[\xa1-\xbf][a-zA-Z]")
_TCVN_LETTERS = re.compile(rb"[\xa8-\xbe]")
_TCVN_D = re.compile(rb"(?:^|[\s,.;:(\"'])[\xa7\xae][a-zA-Z\xa1-\xfe]")
# Windows-1258: combining tone bytes (0xCC 0xEC 0xD2 0xDE 0xF2) right after a vowel.
_CP1258_TONE = re.compile(
    rb"[aeiouyAEIOUY\xe2\xea\xf4\xf5\xfd\xe3\xc2\xca\xd4\xd5\xdd\xc3][\xcc\xec\xd2\xde\xf2]"
)


class LegacyEncodingError(ValueError):
    """The file is in an old Vietnamese encoding that cannot be read reliably; ``message`` says which."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class DecodedText:
    """CSV text in NFC and the encoding it was read with (``note`` is shown to the officer)."""

    text: str
    encoding: str
    note: str = ""


_HOW_TO_FIX = (
    "Hãy mở tệp bằng Excel (hoặc chuyển mã bằng Unikey: Công cụ chuyển mã, đích Unicode), "
    "rồi lưu lại dạng «CSV UTF-8 (Comma delimited)» hoặc .xlsx và nhập lại."
)


def legacy_scores(data: bytes) -> dict[str, int]:
    """How strongly the bytes look like each legacy Vietnamese encoding."""
    sample = data[:400_000]
    tcvn = len(_TCVN_IN_WORD.findall(sample)) + 3 * len(_TCVN_D.findall(sample))
    if len(set(_TCVN_LETTERS.findall(sample))) < 2:
        tcvn = 0  # TCVN3 text always has some of ă â ê ô ơ ư đ á à ả ã ạ (0xA8–0xBE)
    return {
        "vni": len(_VNI_MARK.findall(sample)) + 3 * len(_VNI_D.findall(sample)),
        "tcvn3": tcvn,
        "cp1258": 2 * len(_CP1258_TONE.findall(sample)),
    }


def decode_csv(data: bytes) -> DecodedText:
    """Decode an uploaded CSV; raise :class:`LegacyEncodingError` for TCVN3 or VNI files."""
    if data.startswith(b"\xef\xbb\xbf"):
        return DecodedText(_nfc(data[3:].decode("utf-8", errors="replace")), "utf-8-sig")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return DecodedText(_nfc(data.decode("utf-16")), "utf-16", "Tệp dạng Unicode (UTF-16) của Excel.")
    try:
        return DecodedText(_nfc(data.decode("utf-8")), "utf-8")
    except UnicodeDecodeError:
        pass
    scores = legacy_scores(data)
    best = max(scores, key=lambda k: scores[k])
    if scores[best] >= 2 and best == "tcvn3":
        raise LegacyEncodingError(f"Tệp CSV dùng bảng mã cũ TCVN3 (ABC, phông .VnTime). {_HOW_TO_FIX}")
    if scores[best] >= 2 and best == "vni":
        raise LegacyEncodingError(f"Tệp CSV dùng bảng mã cũ VNI (phông VNI-Times). {_HOW_TO_FIX}")
    if scores[best] >= 2:
        note = "Tệp lưu bằng bảng mã Windows-1258 (CSV của Excel tiếng Việt cũ); đã chuyển sang Unicode."
        return DecodedText(_nfc(data.decode("cp1258", errors="replace")), "cp1258", note)
    raise LegacyEncodingError(
        "Tệp CSV không ở dạng Unicode (UTF-8) và không nhận ra bảng mã tiếng Việt. " + _HOW_TO_FIX
    )


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)
