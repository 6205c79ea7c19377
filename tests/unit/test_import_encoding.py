"""CSV encodings: Unicode files read right, legacy Vietnamese files are named, never garbled in."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.imports.encoding import LegacyEncodingError, decode_csv

FIXTURES = Path(__file__).parent.parent / "fixtures" / "imports"
TEXT = (
    "Mã PAKN,Thời gian tiếp nhận,Họ và tên,Nội dung\nPA-01,20/11/2026 08:30,Nguyễn Văn Đường,Đường Lạch Tray"
)
VIETNAMESE = st.text(
    alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ ,.",
    min_size=1,
)


def test_utf8_with_and_without_bom() -> None:
    assert decode_csv(TEXT.encode()).text == TEXT
    decoded = decode_csv(b"\xef\xbb\xbf" + TEXT.encode())
    assert decoded.text == TEXT and decoded.encoding == "utf-8-sig"


def test_nfd_utf8_is_stored_as_nfc() -> None:
    assert decode_csv(unicodedata.normalize("NFD", TEXT).encode()).text == TEXT


def test_excel_unicode_text_utf16() -> None:
    assert decode_csv(TEXT.replace(",", "\t").encode("utf-16")).text == TEXT.replace(",", "\t")


def test_windows_1258_from_old_excel_is_converted() -> None:
    decoded = decode_csv((FIXTURES / "cp1258.csv").read_bytes())
    assert decoded.encoding == "cp1258" and "Nguyễn Văn Đường" in decoded.text
    assert "Windows-1258" in decoded.note


@pytest.mark.parametrize(("name", "label"), [("tcvn3.csv", "TCVN3"), ("vni.csv", "VNI")])
def test_legacy_vietnamese_encodings_are_named_in_vietnamese(name: str, label: str) -> None:
    with pytest.raises(LegacyEncodingError) as info:
        decode_csv((FIXTURES / name).read_bytes())
    assert label in info.value.message
    assert "bảng mã cũ" in info.value.message and "UTF-8" in info.value.message


def test_unknown_8bit_text_is_refused_not_guessed() -> None:
    with pytest.raises(LegacyEncodingError) as info:
        decode_csv("Café crème brûlée".encode("latin-1"))
    assert "không ở dạng Unicode" in info.value.message


@given(VIETNAMESE)
def test_any_utf8_vietnamese_reads_back(text: str) -> None:
    assert decode_csv(text.encode("utf-8")).text == unicodedata.normalize("NFC", text)
