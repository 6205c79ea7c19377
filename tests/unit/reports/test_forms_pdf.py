"""Per-case forms as one-page PDFs: titles, ND30 number line, Vietnamese text, sealed identities."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.reports.forms_pdf import write_form_pdf
from app.reports.forms_types import (
    CaseFacts,
    CaseForm,
    CaseSheet,
    GuidanceNote,
    Petitioner,
    Receipt,
    ReceiptItem,
    ReplyEntry,
    TimelineEntry,
    TransferSlip,
)
from app.reports.types import DocumentHeader, Recipients, Signature

NAME = "Lê Văn Dân"
ADDRESS = "Số 3 Trần Phú, phường Ngô Quyền"
SIGNATURE = Signature("CHỦ TỊCH", "Phạm Quốc Thắng", "TM. ỦY BAN NHÂN DÂN")


def _header(title: str, symbol: str, number: str = "") -> DocumentHeader:
    return DocumentHeader("UBND THÀNH PHỐ HẢI PHÒNG", "UBND PHƯỜNG NHỊ CHIỂU", title, document_number=number,
                          document_symbol=symbol, issued_on=date(2026, 6, 20))  # fmt: skip


def _facts(*, sealed: bool = False, repeat: int = 1) -> CaseFacts:
    person = (
        Petitioner("người tố cáo (được bảo mật)", "(được bảo mật)", sealed=True)
        if sealed
        else Petitioner(f"ông (bà) {NAME}", unicodedata.normalize("NFD", NAME), ADDRESS, "031089001234")
    )
    return CaseFacts(
        office="Ủy ban nhân dân phường Nhị Chiểu",
        case_number="2026-00042",
        received_at=datetime(2026, 6, 1, 8, 30),
        kind="tố cáo" if sealed else "phản ánh",
        channel_phrase="qua đường dây nóng",
        summary="Đổ rác thải xây dựng trái phép tại ngõ 12 Lạch Tray gây ô nhiễm môi trường. " * repeat,
        petitioner=person,
    )


def _forms(*, sealed: bool = False, repeat: int = 1) -> dict[str, CaseForm]:
    facts = _facts(sealed=sealed, repeat=repeat)
    return {
        "PHIẾU CHUYỂN ĐƠN": TransferSlip(_header("Phiếu chuyển đơn", "PC-UBND", "07"), "Thanh tra thành phố",
                                         facts, SIGNATURE, Recipients(("Như trên",), "hồ sơ")),
        "PHIẾU HƯỚNG DẪN": GuidanceNote(_header("Phiếu hướng dẫn", "PHD-UBND"), "Ủy ban nhân dân xã Cẩm Giàng",
                                        facts, SIGNATURE, "Mang theo đơn có chữ ký. " * repeat),
        "GIẤY BIÊN NHẬN": Receipt(_header("Giấy biên nhận", "GBN-UBND"), facts, datetime(2026, 6, 20, 9, 5),
                                  "trụ sở UBND phường Nhị Chiểu", "Nguyễn Văn Trực", "Ủy ban nhân dân phường Nhị Chiểu",
                                  (ReceiptItem("Đơn phản ánh", "01 bản", "Bản chính"),) * repeat),
        "PHIẾU THÔNG TIN VỤ VIỆC": CaseSheet(
            _header("Phiếu thông tin vụ việc", ""), "2026-00042",
            (("Người phản ánh", "(được bảo mật)" if sealed else NAME), ("Nội dung", facts.summary)),
            tuple(TimelineEntry(datetime(2026, 6, 1, 9, i % 60), "Nguyễn Văn Trực", "Giao xử lý", f"Bước {i}")
                  for i in range(5 * repeat)),
            (ReplyEntry(date(2026, 6, 10), "Văn bản trả lời", "45/UBND-VP", "Đã trả lời."),),
            printed_at=datetime(2026, 6, 20, 9, 0), printed_by="Nguyễn Văn Trực",
        ),
    }  # fmt: skip


def _read(form: CaseForm, tmp_path: Path) -> tuple[int, str]:
    target = tmp_path / "form.pdf"
    write_form_pdf(form, target)
    reader = PdfReader(target)
    return len(reader.pages), " ".join(" ".join(p.extract_text() for p in reader.pages).split())


@pytest.mark.parametrize(
    "title", ["PHIẾU CHUYỂN ĐƠN", "PHIẾU HƯỚNG DẪN", "GIẤY BIÊN NHẬN", "PHIẾU THÔNG TIN VỤ VIỆC"]
)
def test_each_form_is_one_page_with_its_title(title: str, tmp_path: Path) -> None:
    pages, text = _read(_forms()[title], tmp_path)
    assert pages == 1
    assert title in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "UBND PHƯỜNG NHỊ CHIỂU" in text
    assert "2026-00042" in text


@pytest.mark.parametrize(
    "title", ["PHIẾU CHUYỂN ĐƠN", "PHIẾU HƯỚNG DẪN", "GIẤY BIÊN NHẬN", "PHIẾU THÔNG TIN VỤ VIỆC"]
)
def test_long_content_still_fits_one_page(title: str, tmp_path: Path) -> None:
    pages, text = _read(_forms(repeat=40)[title], tmp_path)
    assert pages == 1 and title in text


def test_transfer_slip_wording(tmp_path: Path) -> None:
    _, text = _read(_forms()["PHIẾU CHUYỂN ĐƠN"], tmp_path)
    assert "Số: 07/PC-UBND" in text and "Hải Phòng, ngày 20 tháng 6 năm 2026" in text
    assert "Kính gửi: Thanh tra thành phố." in text
    assert f"của ông (bà) {NAME}; địa chỉ: {ADDRESS}" in text  # NFD name comes back NFC
    assert "Đề nghị Thanh tra thành phố xem xét, giải quyết theo thẩm quyền" in text
    assert "Nơi nhận:" in text and "TM. ỦY BAN NHÂN DÂN" in text and "Phạm Quốc Thắng" in text


def test_guidance_and_receipt(tmp_path: Path) -> None:
    _, guidance = _read(_forms()["PHIẾU HƯỚNG DẪN"], tmp_path)
    assert f"Kính gửi: Ông (bà) {NAME}." in guidance
    assert "gửi đơn đến Ủy ban nhân dân xã Cẩm Giàng" in guidance and "Mang theo đơn có chữ ký." in guidance
    assert "Số: /PHD-UBND" in " ".join(guidance.replace("\u00a0", " ").split())
    _, receipt = _read(_forms()["GIẤY BIÊN NHẬN"], tmp_path)
    assert "Vào hồi 09 giờ 05 phút, ngày 20 tháng 6 năm 2026" in receipt
    assert "Đơn phản ánh" in receipt and "01 bản" in receipt and "031089001234" in receipt
    assert "BÊN GIAO" in receipt and "BÊN NHẬN" in receipt and "Nguyễn Văn Trực" in receipt


def test_a_sealed_petitioner_is_never_printed(tmp_path: Path) -> None:
    for title, form in _forms(sealed=True).items():
        _, text = _read(form, tmp_path)
        assert NAME not in text and ADDRESS not in text and "031089001234" not in text, title
        assert "(được bảo mật)" in text, title


def test_receipt_without_documents_leaves_lines_to_fill(tmp_path: Path) -> None:
    form = _forms()["GIẤY BIÊN NHẬN"]
    assert isinstance(form, Receipt)
    from dataclasses import replace

    _, text = _read(replace(form, items=()), tmp_path)
    assert "Tên thông tin, tài liệu, bằng chứng" in text and " 4 " in f" {text} "
