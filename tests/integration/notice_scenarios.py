"""Notices of complaints and denunciations through the real services (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
import reply_loop_scenarios as loop
from pypdf import PdfReader

from app.bootstrap import Services
from app.domain.enums import CaseKind, CaseStatus, Channel
from app.domain.reply_loop import NoticeKind
from app.services.accounts.guard import PermissionDenied
from app.services.core.errors import TransitionError, ValidationError
from app.services.core.sealing import SEALED
from app.services.replies.notices import NoticeOptions

COMPLAINT = "Khiếu nại Quyết định số 45/QĐ-UBND về thu hồi đất tại tổ dân phố số 3."
DENOUNCER = "Hoàng Thị Kín"


def both_texts(path: Path) -> tuple[str, str]:
    """The PDF's text as pdftotext and as pypdf read it back, spaces folded."""
    reader = " ".join("\n".join(p.extract_text() or "" for p in PdfReader(path).pages).split())
    return " ".join(loop.pdf_text(path).split()), reader


def _printed(services: Services, case_id: int) -> int:
    return loop.audit_actions(services, case_id).count("case.form_printed")


def complaint_notices(services: Services, folder: Path) -> None:
    crew = loop.team(services)
    case_id = loop.new_case(
        services, crew, kind=CaseKind.COMPLAINT, channel=Channel.WALK_IN, content=COMPLAINT,
        citizen_name="Lê Văn Dân", received_at=datetime(2026, 11, 2, 8, 0),
    )  # fmt: skip
    notices = services.notices
    services.signed_in.sign_in(crew.handler)
    with pytest.raises(TransitionError, match="chưa được thụ lý: hãy ghi ngày và số quyết định thụ lý"):
        notices.export(case_id, NoticeKind.ACCEPTED, folder / "early.pdf")
    with pytest.raises(ValidationError, match="Hãy ghi lý do không thụ lý"):
        notices.export(case_id, NoticeKind.NOT_ACCEPTED, folder / "early.pdf", NoticeOptions(reason="  "))
    refused = notices.export(
        case_id, NoticeKind.NOT_ACCEPTED, folder / "khong-thu-ly.pdf",
        NoticeOptions(document_number="07", reason="Quyết định bị khiếu nại đã được Tòa án thụ lý giải quyết"),
    )  # fmt: skip
    text, read_back = both_texts(refused)
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Số: 07/TB-",
        "ngày 20 tháng 11 năm 2026", "THÔNG BÁO", "Về việc không thụ lý giải quyết khiếu nại",
        "Kính gửi: Ông/Bà Lê Văn Dân.", "vì lý do: Quyết định bị khiếu nại đã được Tòa án thụ lý giải quyết.",
        "Nơi nhận:", "- Như trên;", "- Lưu: VT, hồ sơ", "TM. ỦY BAN NHÂN DÂN",
    ):  # fmt: skip
        assert expected in text, expected
        assert expected in read_back, expected
    services.signed_in.sign_out()
    services.case_clock.record_acceptance(case_id, date(2026, 11, 9), "12/TB-UBND", None)
    services.signed_in.sign_in(crew.handler)
    with pytest.raises(TransitionError, match="đã thụ lý ngày 09/11/2026: không in thông báo không thụ lý"):
        notices.build(case_id, NoticeKind.NOT_ACCEPTED, NoticeOptions(reason="Không"))
    accepted = both_texts(notices.export(case_id, NoticeKind.ACCEPTED, folder / "thu-ly.pdf"))[0]
    assert "Về việc thụ lý giải quyết khiếu nại" in accepted and "kể từ ngày 09/11/2026" in accepted
    assert "Số quyết định, thông báo thụ lý: 12/TB-UBND." in accepted and "Số: /TB-" in accepted
    assert "đến hết ngày 09/12/2026" in accepted  # 30 days from acceptance (Luật Khiếu nại art. 28)
    with pytest.raises(TransitionError, match=r"chưa giải quyết xong \(trạng thái «Đang xử lý»\)"):
        notices.build(case_id, NoticeKind.RESULT)
    services.cases.change_status(case_id, CaseStatus.RESOLVED, "", None)
    with pytest.raises(ValidationError, match="Chưa có nội dung kết quả giải quyết"):
        notices.build(case_id, NoticeKind.RESULT)
    result = notices.export(
        case_id, NoticeKind.RESULT, folder / "ket-qua.pdf",
        NoticeOptions(result="Giữ nguyên Quyết định số 45/QĐ-UBND", result_document="số 15/QĐ-UBND ngày 01/12/2026"),
    )  # fmt: skip
    text = both_texts(result)[0]
    assert "Về kết quả giải quyết khiếu nại" in text and "Kết quả giải quyết: Giữ nguyên Quyết định" in text
    assert "Quyết định giải quyết khiếu nại số 15/QĐ-UBND ngày 01/12/2026" in text
    assert _printed(services, case_id) == 3


def refusals_for_other_kinds(services: Services) -> None:
    crew = loop.team(services)
    feedback = loop.new_case(services, crew)
    info = loop.new_case(services, crew, kind=CaseKind.DENUNCIATION_INFO, content="Tin báo cán bộ nhận tiền.")
    services.signed_in.sign_in(crew.handler)
    with pytest.raises(TransitionError, match="Phản ánh không có thủ tục thụ lý giải quyết"):
        services.notices.build(feedback, NoticeKind.ACCEPTED)
    with pytest.raises(TransitionError, match="Hãy in văn bản trả lời phản ánh"):
        services.notices.build(feedback, NoticeKind.RESULT)
    with pytest.raises(TransitionError, match=r"không phải là tố cáo theo Luật Tố cáo \(Điều 25\)"):
        services.notices.build(info, NoticeKind.NOT_ACCEPTED, NoticeOptions(reason="Nặc danh"))
    assert _printed(services, feedback) == 0 and _printed(services, info) == 0


def sealed_denunciation_notice(services: Services, folder: Path) -> None:
    crew = loop.team(services)
    case_id = loop.new_case(
        services, crew, kind=CaseKind.DENUNCIATION, channel=Channel.WALK_IN, citizen_name=DENOUNCER,
        phone="0987654321", content=f"Tôi là {DENOUNCER}, tố cáo cán bộ địa chính nhận tiền của dân.",
    )  # fmt: skip
    services.signed_in.sign_out()
    services.case_clock.record_acceptance(case_id, date(2026, 11, 18), "03/QĐ-UBND", None)
    services.signed_in.sign_in(crew.handler)
    text, read_back = both_texts(services.notices.export(case_id, NoticeKind.ACCEPTED, folder / "tc.pdf"))
    assert "Về việc thụ lý tố cáo" in text and "Kính gửi: Người tố cáo (được bảo mật)." in text
    assert DENOUNCER not in text and DENOUNCER not in read_back and "0987" not in text and SEALED in text
    assert "Nội dung tố cáo được thụ lý giải quyết: Tôi là (được bảo mật), tố cáo cán bộ" in text
    with pytest.raises(PermissionDenied):
        services.notices.export(
            case_id, NoticeKind.ACCEPTED, folder / "open.pdf", NoticeOptions(unredacted=True)
        )
    assert not (folder / "open.pdf").exists()
    services.signed_in.sign_in(crew.chief)
    opened = both_texts(
        services.notices.export(
            case_id, NoticeKind.ACCEPTED, folder / "open.pdf", NoticeOptions(unredacted=True)
        )
    )[0]
    assert f"Kính gửi: Người tố cáo {DENOUNCER}." in opened
    notes = [n for n in loop.history_notes(services, case_id) if n.startswith("Thông báo")]
    assert notes == [
        "Thông báo (Về việc thụ lý tố cáo)",
        "Thông báo (Về việc thụ lý tố cáo) (bản có thông tin người tố cáo)",
    ]
    assert all(DENOUNCER not in n for n in loop.history_notes(services, case_id))
