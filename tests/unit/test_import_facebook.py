"""Facebook "Download your information" exports: repaired text, one case per thread and period."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from app.domain.imports.facebook import ChatMessage, repair_mojibake, split_conversations, thread_link
from app.services.channels.facebook_import import conversations, read_threads

EXPORT = Path(__file__).parent.parent / "fixtures" / "imports" / "facebook"


def _meta(text: str) -> str:
    return text.encode("utf-8").decode("latin-1")


def test_meta_mojibake_is_repaired() -> None:
    assert repair_mojibake("Nguy\u00e1\u00bb\u0085n V\u00c4\u0083n An") == "Nguyễn Văn An"


@given(st.text())
def test_repair_undoes_metas_escaping_of_any_text(text: str) -> None:
    assert repair_mojibake(_meta(text)) == text


@given(st.text(alphabet="ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ abc", min_size=1))
def test_correct_vietnamese_is_left_alone(text: str) -> None:
    assert repair_mojibake(text) == text


def test_thread_link_from_thread_path() -> None:
    assert (
        thread_link("inbox/nguyenvanan_10234567890123")
        == "https://www.facebook.com/messages/t/10234567890123"
    )


def test_threads_are_read_with_all_their_parts() -> None:
    threads = read_threads(EXPORT)
    assert len(threads["inbox/nguyenvanan_10234567890123"]) == 2


def test_one_case_per_thread_and_period_only_where_the_citizen_wrote() -> None:
    items = conversations(EXPORT)
    assert [(c.citizen_name, c.received_at) for c in items] == [
        ("Nguyễn Văn An", datetime(2025, 11, 20, 9, 30)),
        ("Nguyễn Văn An", datetime(2025, 12, 10, 11, 30)),
        ("Trần Thị Hà", datetime(2025, 11, 23, 9, 30)),
    ]  # the page's own broadcast thread gives no case


def test_case_content_keeps_sender_link_and_time_stamps_in_order() -> None:
    first = conversations(EXPORT)[0]
    text = first.content()
    assert text.splitlines()[:2] == [
        "Tin nhắn Facebook của Nguyễn Văn An",
        "Hội thoại: https://www.facebook.com/messages/t/10234567890123",
    ]
    assert "[20/11/2025 09:30] Nguyễn Văn An: Chào ad, cống thoát nước đầu ngõ 12 đường Lạch Tray" in text
    assert "[20/11/2025 09:40] Nguyễn Văn An: [Ảnh]" in text
    assert text.index("09:30]") < text.index("09:40]") < text.index("10:30] UBND phường Lê Chân: Dạ")
    assert "Thu hồi" not in conversations(EXPORT)[1].content()  # unsent messages are dropped


def test_external_ref_is_stable_across_exports() -> None:
    assert [c.external_ref for c in conversations(EXPORT)] == [c.external_ref for c in conversations(EXPORT)]
    assert conversations(EXPORT)[0].external_ref == "fb:10234567890123:20251120093000"


def test_long_threads_are_cut_with_a_note() -> None:
    start = datetime(2026, 1, 1, 8, 0)
    msgs = [ChatMessage("Lê Văn C", start + timedelta(minutes=i), "x" * 500) for i in range(100)]
    (conv,) = split_conversations("inbox/levanc_12345678", msgs, {"Trang"})
    text = conv.content()
    assert len(text) <= 20_000 and "tin nhắn không hiển thị" in text
