"""Phone numbers as they arrive in real cells, forms and exports, held against ``phonenumbers``.

Each row: what was typed, what the register stores, whether it is valid, and what Google's
``phonenumbers`` (the reference) says of the same number once the cell is cleaned the way any
reader of the cell would (NFKC for full-width digits, the trunk ``(0)`` dropped, the first of two
numbers). ``None`` in the last column: the reference cannot judge it (the pre-2018 11-digit
mobiles it no longer knows, free text).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import openpyxl
import phonenumbers
import pytest
from sqlalchemy import select

from app.bootstrap import Services
from app.domain.phone import format_phone, looks_like_phone, normalize_phone, split_phones
from app.models import CaseEvent, Citizen
from app.services.cases.dto import NewCase

M = "+84912345678"
L = "+842253842123"  # a Hải Phòng landline (0225 3842 123)
TABLE: list[tuple[str, str, bool, str | None]] = [
    # mobile, every way officers and citizens write it
    ("0912345678", M, True, "0912345678"),
    ("0912 345 678", M, True, "0912 345 678"),
    ("0912.345.678", M, True, "0912.345.678"),
    ("0912-345-678", M, True, "0912-345-678"),
    ("0912 - 345 - 678", M, True, "0912 345 678"),
    ("091 234 5678", M, True, "091 234 5678"),
    ("(091) 234 5678", M, True, "(091) 234 5678"),
    ("+84912345678", M, True, "+84912345678"),
    ("+84 912 345 678", M, True, "+84 912 345 678"),
    ("+84-912-345-678", M, True, "+84-912-345-678"),
    ("+84 (0) 912 345 678", M, True, "+84 912 345 678"),
    ("+84(0)912345678", M, True, "+84 912345678"),
    ("+84 0912 345 678", M, True, "+84 912 345 678"),
    ("0084 912 345 678", M, True, "+84 912 345 678"),
    ("0084 (0) 912 345 678", M, True, "+84 912 345 678"),
    ("84912345678", M, True, "+84912345678"),
    ("840912345678", M, True, "+84912345678"),
    ("912345678", M, True, "0912345678"),
    ("０９１２３４５６７８", M, True, "0912345678"),
    ("０９１２ ３４５ ６７８", M, True, "0912345678"),
    ("＋８４ ９１２ ３４５ ６７８", M, True, "+84912345678"),
    ("0912\u00a0345\u00a0678", M, True, "0912345678"),
    ("0912–345–678", M, True, "0912345678"),
    # other networks
    ("0987654321", "+84987654321", True, "0987654321"),
    ("0398 765 432", "+84398765432", True, "0398765432"),
    ("0703 123 456", "+84703123456", True, "0703123456"),
    ("0856 123 456", "+84856123456", True, "0856123456"),
    ("0589 123 456", "+84589123456", True, "0589123456"),
    # pre-2018 11-digit mobiles: the reference no longer knows them, the register maps them
    ("01689123456", "+84389123456", True, None),
    ("0168 912 3456", "+84389123456", True, None),
    ("0123 456 7890", "+84834567890", True, None),
    # landlines: Hải Phòng, Hà Nội, the old 031 area code
    ("0225 3842 123", L, True, "0225 3842 123"),
    ("02253842123", L, True, "02253842123"),
    ("(0225) 3842123", L, True, "(0225) 3842123"),
    ("+84 225 3842 123", L, True, "+84 225 3842 123"),
    ("+84 (0) 225 3842 123", L, True, "+84 225 3842 123"),
    ("024 3825 3536", "+842438253536", True, "024 3825 3536"),
    ("031 3842 123", L, True, None),
    # service numbers
    ("19001234", "19001234", True, "19001234"),
    ("1900 1234", "19001234", True, "19001234"),
    ("1900 54 54 11", "1900545411", True, "1900545411"),
    ("1900.6600", "19006600", True, "19006600"),
    ("18001090", "18001090", True, "18001090"),
    ("1800 599 920", "1800599920", True, "1800599920"),
    ("1022", "1022", True, None),
    ("113", "113", True, None),
    # foreign numbers
    ("+1 202 555 0143", "+12025550143", True, "+1 202 555 0143"),
    ("+81 3-1234-5678", "+81312345678", True, "+81 3-1234-5678"),
    # wrong
    ("091234567", "091234567", False, "091234567"),
    ("0912 345 67", "091234567", False, "091234567"),
    ("12345", "12345", False, None),
]


@pytest.mark.parametrize(("typed", "stored", "valid", "reference"), TABLE)
def test_real_formats_are_stored_as_the_reference_reads_them(
    typed: str, stored: str, valid: bool, reference: str | None
) -> None:
    phone = normalize_phone(typed)
    assert phone is not None
    assert (phone.value, phone.valid) == (stored, valid)
    assert phone.others == ()
    if reference is None:
        return
    parsed = phonenumbers.parse(unicodedata.normalize("NFKC", reference), "VN")
    assert phonenumbers.is_valid_number(parsed) == valid
    if valid and not phone.short_code:
        assert phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164) == stored


def test_the_table_covers_at_least_forty_real_formats() -> None:
    assert len(TABLE) >= 40
    assert sum(1 for row in TABLE if row[3] is not None) >= 40


@pytest.mark.parametrize(
    "cell",
    [
        "0912345678/0987654321",
        "0912 345 678 / 0987 654 321",
        "0912345678; 0987654321",
        "0912345678 - 0987654321",
        "0912.345.678, 0987.654.321",
        "0912345678 hoặc 0987654321",
    ],
)
def test_a_cell_with_two_numbers_keeps_the_first_and_the_second_as_a_contact(cell: str) -> None:
    phone = normalize_phone(cell)
    assert phone is not None and phone.valid
    assert phone.value == M and phone.others == ("+84987654321",)
    assert len(split_phones(cell)) == 2


def test_one_number_written_in_groups_is_never_split() -> None:
    for cell in ("0912 - 345 - 678", "0225.3842.123", "0912/345/678", "(0225) 3842-123"):
        assert split_phones(cell) == [cell]


def test_service_numbers_show_as_typed_and_are_searched_as_numbers() -> None:
    assert format_phone("19001234") == "19001234"
    assert looks_like_phone("１９００ １２３４")


def test_intake_of_a_two_number_cell_keeps_the_second_as_a_contact(services: Services) -> None:
    saved = services.cases.create_case(
        NewCase(content="Hỏi thủ tục", phone="0912345678/0987654321", address="Số 5 Lạch Tray"), None
    )
    detail = services.detail.get(saved.id)
    assert detail.phone == "0912 345 678"
    assert detail.address == "Số 5 Lạch Tray; ĐT khác: 0987 654 321"


def write_sheet(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["STT", "Mã PAKN", "Ngày tiếp nhận", "Họ và tên", "Số điện thoại", "Địa chỉ",
                  "Nội dung phản ánh", "Lĩnh vực", "Loại", "Đơn vị xử lý"])  # fmt: skip
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_import_of_full_width_service_and_two_numbers(services: Services, tmp_path: Path) -> None:
    rows = [
        [
            1,
            "SHP-101",
            "18/11/2026 08:30",
            "Nguyễn Văn An",
            "０９１２ ３４５ ６７８",
            "",
            "Cống tắc",
            "",
            "",
            "",
        ],
        [2, "SHP-102", "18/11/2026 09:30", "Công ty A", "1900 54 54 11", "", "Hỏi giá nước", "", "", ""],
        [
            3,
            "SHP-103",
            "18/11/2026 10:30",
            "Trần Thị B",
            "0912345678 - 0987654321",
            "",
            "Đèn hỏng",
            "",
            "",
            "",
        ],
        [4, "SHP-104", "18/11/2026 11:30", "Lê Văn C", "+84 (0) 225 3842 123", "", "Ổ gà", "", "", ""],
    ]
    report = services.imports.run(write_sheet(tmp_path / "shp.xlsx", rows), "smart_haiphong")
    assert report.imported == 4 and not report.rejected
    with services.sessions() as session:
        phones = dict(session.execute(select(Citizen.full_name, Citizen.phone)).all())
        valid = set(session.scalars(select(Citizen.phone_valid)))
        notes = " ".join(session.scalars(select(CaseEvent.note)))
    assert phones == {
        "Nguyễn Văn An": M,
        "Công ty A": "1900545411",
        "Trần Thị B": M,
        "Lê Văn C": L,
    }
    assert valid == {True}
    assert "ghi 0987 654 321 làm số liên hệ khác" in notes
