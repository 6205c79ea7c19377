"""A copied Messenger conversation becomes case text with who said what, and when."""

from __future__ import annotations

from datetime import datetime

import pytest

from app.domain.messenger import parse_messenger_paste, parse_stamp

NOW = datetime(2026, 11, 20, 16, 0)  # a Friday


def test_business_suite_copy_with_names_and_relative_times() -> None:
    paste = """Nguyễn Văn An
Hôm nay lúc 09:15
Chào ad, cống thoát nước đường Lạch Tray bị tắc mấy hôm nay
Nhờ phường xử lý giúp
Bạn đã gửi
09:20
Dạ, cảm ơn anh đã phản ánh. Anh cho em xin địa chỉ cụ thể ạ
Nguyễn Văn An
Số 15 Lạch Tray ạ
Đã xem"""
    got = parse_messenger_paste(paste, now=NOW, page_names=["UBND phường Lê Chân"])
    assert got.citizen_name == "Nguyễn Văn An"
    assert got.received_at == datetime(2026, 11, 20, 9, 15)
    assert got.content.splitlines() == [
        "Tin nhắn Messenger của Nguyễn Văn An",
        "",
        "[20/11/2026 09:15] Nguyễn Văn An: Chào ad, cống thoát nước đường Lạch Tray bị tắc mấy hôm nay",
        "Nhờ phường xử lý giúp",
        "[20/11/2026 09:20] UBND phường Lê Chân: Dạ, cảm ơn anh đã phản ánh. Anh cho em xin địa chỉ cụ thể ạ",
        "[20/11/2026 09:20] Nguyễn Văn An: Số 15 Lạch Tray ạ",
    ]


def test_bracketed_lines() -> None:
    paste = (
        "[19/11/2026 21:05] Trần Thị Hà: Đèn đường ngõ 5 hỏng\n[20/11/2026 07:30] UBND phường: Đã tiếp nhận"
    )
    got = parse_messenger_paste(paste, now=NOW, page_names=["UBND phường"])
    assert got.citizen_name == "Trần Thị Hà" and got.received_at == datetime(2026, 11, 19, 21, 5)
    assert [m.sender for m in got.messages] == ["Trần Thị Hà", "UBND phường"]


def test_weekday_and_english_stamps_and_you_sent() -> None:
    paste = "T4 14:20\nLê Văn Nam\nXin hỏi thủ tục đăng ký kinh doanh\nYou sent\nAnh liên hệ bộ phận một cửa\nNov 19, 2026, 9:15 AM\nLê Văn Nam\nCảm ơn"
    got = parse_messenger_paste(paste, now=NOW)
    assert [(m.sender, m.at) for m in got.messages] == [
        ("Lê Văn Nam", datetime(2026, 11, 18, 14, 20)),
        ("Cơ quan", datetime(2026, 11, 18, 14, 20)),
        ("Lê Văn Nam", datetime(2026, 11, 19, 9, 15)),
    ]


def test_plain_text_without_names_or_times_is_kept_whole() -> None:
    got = parse_messenger_paste("Nhà tôi ở tổ 5 bị mất nước 3 ngày.\nĐề nghị kiểm tra.", now=NOW)
    assert got.received_at is None and got.citizen_name == ""
    assert got.content.endswith("Nhà tôi ở tổ 5 bị mất nước 3 ngày.\nĐề nghị kiểm tra.")


def test_colon_in_content_is_not_taken_for_a_sender() -> None:
    got = parse_messenger_paste("[20/11/2026 08:00] Phạm Văn Bình: Địa chỉ: số 5 ngõ 12", now=NOW)
    assert got.messages[0].sender == "Phạm Văn Bình" and got.messages[0].text == "Địa chỉ: số 5 ngõ 12"
    loose = parse_messenger_paste("Địa chỉ: số 5 ngõ 12\nLúc 8 giờ sáng", now=NOW)
    assert loose.citizen_name == ""


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("20/11/2026, 09:15", datetime(2026, 11, 20, 9, 15)),
        ("09:15 20/11/2026", datetime(2026, 11, 20, 9, 15)),
        ("20 Tháng 11, 2026 lúc 09:15", datetime(2026, 11, 20, 9, 15)),
        ("18 tháng 11 lúc 21:40", datetime(2026, 11, 18, 21, 40)),
        ("Hôm qua lúc 8:05 CH", datetime(2026, 11, 19, 20, 5)),
        ("Thứ Hai 10:00", datetime(2026, 11, 16, 10, 0)),
        ("Chủ Nhật lúc 07:30", datetime(2026, 11, 15, 7, 30)),
        ("Yesterday at 9:15 PM", datetime(2026, 11, 19, 21, 15)),
        ("November 3, 2026 at 10:00 AM", datetime(2026, 11, 3, 10, 0)),
        ("25/12, 10:00", datetime(2025, 12, 25, 10, 0)),  # no year and in the future: last year
    ],
)
def test_stamp_forms(line: str, expected: datetime) -> None:
    assert parse_stamp(line, NOW)[0] == expected


@pytest.mark.parametrize("line", ["Cống thoát nước bị tắc", "Số 15 Lạch Tray", "31/02/2026 10:00", "25:61"])
def test_message_text_is_not_a_stamp(line: str) -> None:
    assert parse_stamp(line, NOW)[0] is None
