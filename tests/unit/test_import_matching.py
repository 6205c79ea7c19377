"""Header and value recognition: every way a system or an officer spells a column means one thing."""

from __future__ import annotations

import pytest

from app.domain.enums import CaseKind, Channel
from app.domain.imports.columns import HeaderMatcher, ImportField, Synonyms, detect_header
from app.domain.imports.keys import match_key
from app.domain.imports.values import catalog_matcher, channel_matcher, kind_matcher

F = ImportField
SYN = Synonyms.load()


@pytest.fixture
def matcher() -> HeaderMatcher:
    return HeaderMatcher(SYN)


@pytest.mark.parametrize(
    ("header", "target"),
    [
        ("Mã PAKN", F.EXTERNAL_REF),
        ("MÃ PAKN (*)", F.EXTERNAL_REF),
        ("ma phan anh", F.EXTERNAL_REF),
        ("Mã hồ sơ", F.EXTERNAL_REF),
        ("Số hiệu", F.EXTERNAL_REF),
        ("Thời gian tiếp nhận", F.RECEIVED_AT),
        ("THOI GIAN TIEP NHAN", F.RECEIVED_AT),
        ("Ngày tiếp nhận", F.RECEIVED_AT),
        ("Ngày gửi", F.RECEIVED_AT),
        ("Ngày tiếp nhận hồ sơ", F.RECEIVED_AT),
        ("Họ và tên", F.CITIZEN_NAME),
        ("Họ tên", F.CITIZEN_NAME),
        ("Người phản ánh", F.CITIZEN_NAME),
        ("Số điện thoại", F.PHONE),
        ("Điện thoại", F.PHONE),
        ("SĐT", F.PHONE),
        ("S.Đ.T", F.PHONE),
        ("Địa chỉ", F.ADDRESS),
        ("Nội dung", F.CONTENT),
        ("Nội dung phản ánh", F.CONTENT),
        ("Nội dung phản ánh, kiến nghị của công dân", F.CONTENT),
        ("Loại", F.KIND),
        ("Loại đơn", F.KIND),
        ("Phân loại", F.KIND),
        ("Lĩnh vực", F.FIELD),
        ("Kênh", F.CHANNEL),
        ("Kênh tiếp nhận", F.CHANNEL),
        ("Nguồn", F.CHANNEL),
        ("Đơn vị xử lý", F.DEPARTMENT),
        ("Cơ quan xử lý", F.DEPARTMENT),
        ("Nội dung trả lời", F.IGNORE),
        ("STT", F.IGNORE),
    ],
)
def test_headers_are_recognised_ignoring_case_marks_spacing_and_punctuation(
    matcher: HeaderMatcher, header: str, target: ImportField
) -> None:
    found, score = matcher.score(header)
    assert found is target and score >= 80


def test_nfd_and_nfc_spellings_have_the_same_key() -> None:
    import unicodedata

    text = "Thời gian tiếp nhận"
    assert match_key(unicodedata.normalize("NFD", text)) == match_key(text) == "thoigiantiepnhan"


def test_header_row_is_found_below_title_rows(matcher: HeaderMatcher) -> None:
    rows = [
        ("ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG",),
        ("DANH SÁCH PHẢN ÁNH, KIẾN NGHỊ THÁNG 11/2026",),
        (),
        (
            "STT",
            "Mã PAKN",
            "Thời gian tiếp nhận",
            "Họ tên",
            "SĐT",
            "Nội dung",
            "Nội dung trả lời",
            "Địa chỉ email",
            "Mức độ hài lòng",
        ),
        (1, "SHP-1", "20/11/2026", "An", "0912345678", "Cống tắc", "", "", ""),
    ]
    mapping = detect_header(rows, matcher)
    assert mapping is not None and mapping.header_row == 4 and mapping.usable
    assert mapping.by_target[F.CONTENT] == 5  # not "Nội dung trả lời"
    assert F.ADDRESS not in mapping.by_target  # "Địa chỉ email" is not the address
    assert [c.header for c in mapping.unrecognised] == ["Mức độ hài lòng"]


def test_no_recognisable_header_gives_none(matcher: HeaderMatcher) -> None:
    rows = [("Cột A", "Cột B", "Cột C"), (1, 2, 3)]
    assert detect_header(rows, matcher) is None


def test_missing_required_column_is_reported(matcher: HeaderMatcher) -> None:
    mapping = detect_header([("Mã PAKN", "Họ tên", "Nội dung")], matcher)
    assert mapping is not None and mapping.missing == (F.RECEIVED_AT,)
    assert not mapping.usable


def test_officer_correction_moves_a_target_and_is_remembered(matcher: HeaderMatcher) -> None:
    mapping = detect_header([("Mã PAKN", "Ngày gửi", "Ngày tạo", "Nội dung")], matcher)
    assert mapping is not None and mapping.by_target[F.RECEIVED_AT] == 1
    fixed = mapping.with_target(2, F.RECEIVED_AT)
    assert fixed.by_target[F.RECEIVED_AT] == 2
    assert fixed.columns[1].target is None
    remembered = fixed.remembered()
    assert remembered["ngaytao"] == "received_at" and remembered["ngaygui"] == "ignore"
    again = detect_header([("Mã PAKN", "Ngày gửi", "Ngày tạo", "Nội dung")], HeaderMatcher(SYN, remembered))
    assert again is not None and again.by_target[F.RECEIVED_AT] == 2


def test_remembered_mapping_recognises_an_odd_header(matcher: HeaderMatcher) -> None:
    rows = [("Số TT hệ thống", "Thời điểm ghi nhận", "Mô tả chi tiết sự việc")]
    learned = HeaderMatcher(SYN, {"thoidiemghinhan": "received_at", "motachitietsuviec": "content"})
    mapping = detect_header(rows, learned)
    assert mapping is not None and mapping.usable


@pytest.mark.parametrize("typed", ["Phản ánh", "phan anh", "PHẢN ÁNH", " phản  ánh ", "Phản ánh, kiến nghị"])
def test_kind_values_match_however_typed(typed: str) -> None:
    assert kind_matcher(SYN.values).match(typed) is CaseKind.FEEDBACK


@pytest.mark.parametrize(
    ("typed", "kind"),
    [("Kiến nghị", CaseKind.PETITION), ("KHIEU NAI", CaseKind.COMPLAINT), ("tố cáo", CaseKind.DENUNCIATION)],
)
def test_other_kinds(typed: str, kind: CaseKind) -> None:
    assert kind_matcher(SYN.values).match(typed) is kind


@pytest.mark.parametrize(
    ("typed", "channel"),
    [
        ("Smart Hải Phòng", Channel.SMART_HAIPHONG),
        ("smart hai phong", Channel.SMART_HAIPHONG),
        ("Tổng đài 1022", Channel.CALL_CENTER_1022),
        ("1022", Channel.CALL_CENTER_1022),
        ("Điện thoại", Channel.HOTLINE),
        ("Cổng DVC", Channel.PORTAL),
        ("facebook", Channel.FACEBOOK),
    ],
)
def test_channel_values(typed: str, channel: Channel) -> None:
    assert channel_matcher(SYN.values).match(typed) is channel


def test_unknown_values_are_not_guessed() -> None:
    assert kind_matcher(SYN.values).match("Khen ngợi") is None
    assert channel_matcher(SYN.values).match("Bồ câu đưa thư") is None


def test_catalog_matches_names_codes_and_names_without_unit_word() -> None:
    matcher = catalog_matcher(
        [
            (1, "Phòng Kinh tế, Hạ tầng và Đô thị", "KTHT"),
            (2, "Văn phòng HĐND và UBND", ""),
            (3, "Môi trường", "moi_truong"),
        ]
    )
    assert matcher.match("Kinh tế, Hạ tầng và Đô thị") == 1
    assert matcher.match("PHONG KINH TE HA TANG VA DO THI") == 1
    assert matcher.match("ktht") == 1
    assert matcher.match("Moi truong") == 3
    assert matcher.match("Môi trưòng") == 3  # a typo still finds it
    assert matcher.match("Văn hoá thể thao") is None
