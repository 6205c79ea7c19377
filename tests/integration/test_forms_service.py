"""Per-case forms from a real database: the four forms, sealed identities, the printing logged."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.__main__ import main
from app.bootstrap import Services
from app.domain.enums import CaseKind, CaseStatus, Channel, ReplyMethod
from app.reports.forms_types import CaseSheet, GuidanceNote, Receipt, ReceiptItem, TransferSlip
from app.services.cases.dto import NewCase
from app.services.core.errors import NotFoundError, ValidationError
from app.services.core.sealing import SEALED
from app.services.reports.forms_service import FormKind, FormOptions, FormsService
from app.settings import resolve
from tests.sample_office import command_line_services

NOW = datetime(2026, 6, 20, 9, 5)
SECRETS = ("Hoàng Thị Kín", "Số 7 ngõ Bí Mật", "031085009999", "0987654321", "0987 654 321")


@pytest.fixture
def services(tmp_path: Path) -> Services:
    return command_line_services(
        resolve(f"sqlite:///{tmp_path / 'x.db'}", data_dir=tmp_path),
        clock=lambda: NOW,
        today=lambda: NOW.date(),
    )


@pytest.fixture
def cases(services: Services) -> dict[str, int]:
    officer = services.catalog.users()[0].id
    dept = services.catalog.departments()[0].id
    received = datetime(2026, 6, 1, 8, 30)
    feedback = services.cases.create_case(
        NewCase(content="Đèn chiếu sáng ngõ 45 Lạch Tray hỏng nhiều ngày.", channel=Channel.HOTLINE,
                received_at=received, citizen_name="Lê Văn Dân", phone="0912345678", address="Số 3 Trần Phú",
                department_id=dept),
        officer,
    ).id  # fmt: skip
    denounce = services.cases.create_case(
        NewCase(content="Tôi là Hoàng Thị Kín, ĐT 0987 654 321, tố cáo cán bộ nhận tiền.",
                kind=CaseKind.DENUNCIATION, channel=Channel.WALK_IN, received_at=received,
                citizen_name=SECRETS[0], phone=SECRETS[3], id_number=SECRETS[2], address=SECRETS[1]),
        officer,
    ).id  # fmt: skip
    services.cases.assign(feedback, dept, officer, "Giao phòng chuyên môn", officer)
    services.cases.change_status(feedback, CaseStatus.RESOLVED, "Đã sửa", officer)
    services.cases.add_reply(
        feedback, ReplyMethod.DOCUMENT, date(2026, 6, 10), "Đã sửa đèn.", officer, "45/UBND-VP"
    )
    return {"feedback": feedback, "denounce": denounce}


def _forms(services: Services) -> FormsService:
    return FormsService(services.sessions, services.office_id, lambda: NOW, signed_in=services.signed_in)


def _text(path: Path) -> tuple[int, str]:
    reader = PdfReader(path)
    return len(reader.pages), " ".join(" ".join(p.extract_text() for p in reader.pages).split())


TITLES = {
    FormKind.TRANSFER: "PHIẾU CHUYỂN ĐƠN",
    FormKind.GUIDANCE: "PHIẾU HƯỚNG DẪN",
    FormKind.RECEIPT: "GIẤY BIÊN NHẬN",
    FormKind.SHEET: "PHIẾU THÔNG TIN VỤ VIỆC",
}
OPTIONS = FormOptions(
    recipient="Thanh tra thành phố Hải Phòng",
    document_number="12",
    guidance="Mang theo đơn có chữ ký và bản sao giấy tờ tùy thân.",
    documents=(ReceiptItem("Đơn (bản chính)", "01 bản"), ReceiptItem("Ảnh chụp", "05 tờ")),
)


@pytest.mark.parametrize("kind", list(FormKind))
def test_each_form_of_an_ordinary_case(kind: FormKind, services: Services, cases: dict[str, int],
                                       tmp_path: Path) -> None:  # fmt: skip
    out = _forms(services).export(kind, cases["feedback"], tmp_path / "f.pdf", OPTIONS)
    pages, text = _text(out)
    assert pages == 1 and TITLES[kind] in text and "2026-00001" in text
    assert "Lê Văn Dân" in text
    if kind is FormKind.TRANSFER:
        assert "Số: 12/PC-UBND" in text and "Kính gửi: Thanh tra thành phố Hải Phòng." in text
        assert "tiếp nhận qua đường dây nóng phản ánh của ông (bà) Lê Văn Dân" in text
    if kind is FormKind.SHEET:
        assert "0912 345 678" in text and "45/UBND-VP" in text and "Giao phòng chuyên môn" in text


@pytest.mark.parametrize("kind", list(FormKind))
@pytest.mark.parametrize("unredacted", [False, True])
def test_a_denouncer_stays_sealed(kind: FormKind, unredacted: bool, services: Services, cases: dict[str, int],
                                  tmp_path: Path) -> None:  # fmt: skip
    options = FormOptions(recipient=OPTIONS.recipient, documents=OPTIONS.documents, unredacted=unredacted)
    out = _forms(services).export(kind, cases["denounce"], tmp_path / "f.pdf", options)
    pages, text = _text(out)
    assert pages == 1 and TITLES[kind] in text
    shown = [s for s in SECRETS if s in text]
    if unredacted and kind in (FormKind.TRANSFER, FormKind.SHEET):
        assert SECRETS[0] in shown  # the authorised officer's own copy
    else:
        assert shown == [] and SEALED in text


def test_defaults_and_refusals(services: Services, cases: dict[str, int]) -> None:
    forms = _forms(services)
    slip = forms.build(FormKind.TRANSFER, cases["feedback"])
    assert isinstance(slip, TransferSlip) and slip.recipient == services.catalog.departments()[0].name
    assert slip.header.document_number == "" and slip.header.issued_on == NOW.date()
    assert "Ông (bà) Lê Văn Dân (để biết)" in slip.recipients.lines
    sealed_slip = forms.build(FormKind.TRANSFER, cases["denounce"], OPTIONS)
    assert isinstance(sealed_slip, TransferSlip) and len(sealed_slip.recipients.lines) == 1
    with pytest.raises(ValidationError):
        forms.build(FormKind.GUIDANCE, cases["feedback"])
    guidance = forms.build(FormKind.GUIDANCE, cases["denounce"], OPTIONS)
    assert isinstance(guidance, GuidanceNote) and guidance.facts.petitioner.name == SEALED
    receipt = forms.build(FormKind.RECEIPT, cases["denounce"], FormOptions(unredacted=True))
    assert isinstance(receipt, Receipt) and receipt.facts.petitioner.sealed and receipt.items == ()
    sheet = forms.build(FormKind.SHEET, cases["denounce"])
    assert isinstance(sheet, CaseSheet) and "Điều 9" in sheet.sealed_note
    assert forms.case_id("2026-00002") == cases["denounce"]
    with pytest.raises(NotFoundError):
        forms.case_id("2026-99999")


def test_printing_is_logged_without_the_identity(
    services: Services, cases: dict[str, int], tmp_path: Path
) -> None:
    _forms(services).export(FormKind.TRANSFER, cases["denounce"], tmp_path / "f.pdf", OPTIONS)
    last = services.detail.get(cases["denounce"]).events[-1]
    assert last.action == "form_printed"
    assert last.note == "Phiếu chuyển đơn số 12/PC-UBND gửi Thanh tra thành phố Hải Phòng"
    assert not any(s in last.note for s in SECRETS)


def test_command_line(services: Services, cases: dict[str, int], tmp_path: Path) -> None:
    db = str(services.settings.db_url)
    services.close()
    out = tmp_path / "r.pdf"
    assert main(["form", "receipt", "2026-00001", "--db", db, "--out", str(out), "--doc", "Đơn:01 bản"]) == 0
    assert "Đơn" in _text(out)[1]
    assert main(["form", "guidance", "2026-00001", "--db", db, "--out", str(out)]) == 2
    assert main(["form", "sheet", "2026-09999", "--db", db, "--out", str(out)]) == 2
