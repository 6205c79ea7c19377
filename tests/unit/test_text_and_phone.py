"""Text normalisation and phone parsing: what officers type in many ways means one thing."""

from __future__ import annotations

import unicodedata

import pytest

from app.domain.phone import format_phone, mask_phone, normalize_phone
from app.domain.text import clean_text, fold


@pytest.mark.parametrize(
    "typed",
    [
        "0912345678",
        "0912 345 678",
        "0912.345.678",
        "+84 912 345 678",
        "84912345678",
        "0084912345678",
        "(091) 234-5678",
    ],
)
def test_all_ways_of_typing_one_mobile_give_one_stored_number(typed: str) -> None:
    phone = normalize_phone(typed)
    assert phone is not None and phone.valid
    assert phone.value == "+84912345678"


def test_pre_2018_eleven_digit_mobile_maps_to_its_new_number() -> None:
    old = normalize_phone("0166 234 5678")
    assert old is not None and old.value == "+84362345678"


def test_old_hai_phong_landline_code_maps_to_0225() -> None:
    assert normalize_phone("031 3841234").value == "+842253841234"  # type: ignore[union-attr]


def test_short_codes_are_kept_as_typed() -> None:
    phone = normalize_phone("1022")
    assert phone is not None and phone.valid and phone.short_code and phone.value == "1022"


@pytest.mark.parametrize("typed", ["", "  ", "không cung cấp", "Không cung cấp"])
def test_no_number_given(typed: str) -> None:
    assert normalize_phone(typed) is None


@pytest.mark.parametrize("typed", ["12345", "0912345", "09123456789012", "abc"])
def test_invalid_numbers_are_flagged_not_dropped(typed: str) -> None:
    phone = normalize_phone(typed)
    assert phone is not None and not phone.valid


def test_display_and_mask() -> None:
    assert format_phone("+84912345678") == "0912 345 678"
    assert mask_phone("+84912345678") == "0912 *** 678"
    assert format_phone("+842253842123") == "0225 3842 123"


def test_fold_removes_marks_and_d_bar() -> None:
    assert fold("Đất đai Cẩm Giàng") == "dat dai cam giang"
    assert fold(unicodedata.normalize("NFD", "Nguyễn Thị Hường")) == "nguyen thi huong"


def test_clean_text_gives_nfc_plain_text() -> None:
    nfd = unicodedata.normalize("NFD", "Cống thoát nước bị tắc")
    cleaned = clean_text(f"  {nfd}\u200b\r\n\r\n\r\n<b>gấp</b>  ")
    assert cleaned == "Cống thoát nước bị tắc\n\ngấp"
    assert unicodedata.is_normalized("NFC", cleaned)


def test_clean_text_truncates_very_long_text() -> None:
    assert len(clean_text("a" * 50_000, max_length=20_000)) == 20_000
