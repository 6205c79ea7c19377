"""Sổ tiếp công dân from a real database: who is listed, what each column says, denouncers sealed."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from app.__main__ import main
from app.bootstrap import Services
from app.domain.enums import CaseKind, CaseStatus, Channel, ReplyMethod
from app.domain.periods import date_range, parse_period
from app.services.cases.dto import NewCase
from app.services.core.errors import ValidationError
from app.services.core.sealing import SEALED
from app.services.reports.forms_service import FormKind, FormOptions, FormsService
from app.services.reports.register_service import RegisterOptions, RegisterService, write_register
from app.settings import resolve
from tests.sample_office import command_line_services

NOW = datetime(2026, 7, 10, 9, 0)
SECRET_NAME = "Hoàng Thị Kín"
SECRET_ADDRESS = "Số 7 ngõ Bí Mật, phường Lê Chân"
SECRET_ID = "031085009999"
SECRET_PHONE = ("0987654321", "0987 654 321", "987654321")


@pytest.fixture
def services(tmp_path: Path) -> Services:
    svc = command_line_services(
        resolve(f"sqlite:///{tmp_path / 'x.db'}", data_dir=tmp_path),
        clock=lambda: NOW,
        today=lambda: NOW.date(),
    )
    officer = svc.catalog.users()[0].id
    dept = svc.catalog.departments()[0].id

    def add(day: date, kind: CaseKind, channel: Channel, content: str, **kw: object) -> int:
        new = NewCase(content=content, kind=kind, channel=channel,
                      received_at=datetime.combine(day, datetime.min.time()).replace(hour=8), **kw)  # type: ignore[arg-type]  # fmt: skip
        return svc.cases.create_case(new, None).id

    add(date(2026, 3, 31), CaseKind.FEEDBACK, Channel.WALK_IN, "Trước kỳ")
    feedback = add(date(2026, 4, 2), CaseKind.FEEDBACK, Channel.HOTLINE, "Đèn chiếu sáng ngõ 45 hỏng.",
                   citizen_name="Lê Văn Dân", phone="0912345678", address="Số 3 Trần Phú")  # fmt: skip
    add(date(2026, 4, 10), CaseKind.COMPLAINT, Channel.WALK_IN, "Khiếu nại quyết định thu hồi đất.",
        citizen_name="Phạm Thị Lan", id_number="031190004567", address="Thôn Đông, xã Cẩm Giàng")  # fmt: skip
    guided = add(date(2026, 5, 5), CaseKind.PETITION, Channel.WALK_IN, "Kiến nghị chế độ bảo hiểm.",
                 citizen_name="Vũ Văn Hướng")  # fmt: skip
    transferred = add(date(2026, 5, 6), CaseKind.FEEDBACK, Channel.FACEBOOK, "Ô nhiễm tiếng ồn xưởng gỗ.",
                      citizen_name="Đỗ Minh Chuyển")  # fmt: skip
    add(date(2026, 6, 1), CaseKind.DENUNCIATION, Channel.WALK_IN,
        f"Tôi là {SECRET_NAME} (ĐT 0987 654 321) tố cáo cán bộ địa chính nhận tiền.",
        citizen_name=SECRET_NAME, phone=SECRET_PHONE[0], id_number=SECRET_ID, address=SECRET_ADDRESS)  # fmt: skip
    add(date(2026, 7, 1), CaseKind.FEEDBACK, Channel.WALK_IN, "Sau kỳ")
    svc.cases.change_status(guided, CaseStatus.GUIDED, "Hướng dẫn đến Bảo hiểm xã hội thành phố", None)
    svc.cases.change_status(transferred, CaseStatus.TRANSFERRED, "Chuyển phòng chuyên môn", None)
    svc.cases.assign(feedback, dept, officer, "", None)
    svc.cases.change_status(feedback, CaseStatus.RESOLVED, "Đã sửa", None)
    svc.cases.add_reply(
        feedback, ReplyMethod.DOCUMENT, date(2026, 6, 10), "Đã sửa đèn", None, document_no="45/UBND-VP"
    )
    FormsService(svc.sessions, svc.office_id, lambda: NOW, signed_in=svc.signed_in).export(
        FormKind.TRANSFER, transferred, Path(tmp_path / "pc.pdf"),
        FormOptions(recipient="Phòng Kinh tế, Hạ tầng và Đô thị", document_number="07"),
    )  # fmt: skip
    return svc


def _service(services: Services) -> RegisterService:
    return RegisterService(
        services.engine, services.office_id, lambda: NOW.date(), signed_in=services.signed_in
    )


def test_rows_of_the_period_in_order_with_their_direction(services: Services) -> None:
    register = _service(services).build(RegisterOptions(parse_period("2026-Q2")))
    rows = list(register.rows)
    assert register.row_count == len(rows) == 5
    assert [r.received_on for r in rows] == sorted(r.received_on for r in rows)
    by_summary = {r.summary: r for r in rows}
    feedback = by_summary["Đèn chiếu sáng ngõ 45 hỏng."]
    assert feedback.classification == "Kiến nghị, phản ánh" and feedback.accepted == "x"
    assert "Đã trả lời 10/06/2026, VB số 45/UBND-VP" in feedback.follow_up
    complaint = by_summary["Khiếu nại quyết định thu hồi đất."]
    assert complaint.classification == "Khiếu nại" and complaint.id_number == "031190004567"
    assert complaint.name_address() == "Phạm Thị Lan\nThôn Đông, xã Cẩm Giàng"
    assert by_summary["Kiến nghị chế độ bảo hiểm."].guided == "Hướng dẫn đến Bảo hiểm xã hội thành phố"
    # The printed transfer slip gives the body and the document number.
    assert (
        by_summary["Ô nhiễm tiếng ồn xưởng gỗ."].transferred
        == "Phòng Kinh tế, Hạ tầng và Đô thị; số 07/PC-UBND"
    )
    sealed = next(r for r in rows if r.classification == "Tố cáo")
    assert (sealed.name, sealed.address, sealed.id_number) == (SEALED, "", SEALED)
    assert SECRET_NAME not in sealed.summary and "0987" not in sealed.summary
    assert register.notes and "Điều 9 Luật Tố cáo" in register.notes[0]


def test_walk_in_only_is_the_strict_register(services: Services) -> None:
    service = _service(services)
    register = service.build(RegisterOptions(parse_period("2026-Q2"), walk_in_only=True))
    assert len(list(register.rows)) == 3 == service.count(parse_period("2026-Q2"), walk_in_only=True)
    assert "trực tiếp" in register.scope


def _leaks(text: str) -> list[str]:
    return [s for s in (SECRET_NAME, SECRET_ADDRESS, SECRET_ID, *SECRET_PHONE) if s in text]


def test_exports_never_print_a_denouncer(services: Services, tmp_path: Path) -> None:
    register = _service(services).build(RegisterOptions(parse_period("2026-Q2")))
    pdf = write_register(register, "pdf", tmp_path / "so.pdf")
    xlsx = write_register(register, "xlsx", tmp_path / "so.xlsx")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(pdf).pages).split())
    assert "SỔ TIẾP CÔNG DÂN" in text and "Lê Văn Dân" in text and SEALED in text
    assert _leaks(text) == []
    book = load_workbook(xlsx)
    ws = book.active
    assert ws is not None
    cells = " ".join(str(c) for row in ws.iter_rows(values_only=True) for c in row if c is not None)
    assert _leaks(cells) == [] and "Phạm Thị Lan" in cells
    merged = {str(r): ws.cell(r.min_row, r.min_col).value for r in ws.merged_cells.ranges}
    assert "Hướng xử lý" in merged.values() and ws.max_column == 12
    dates = [row[1] for row in ws.iter_rows(min_row=11, max_row=15, values_only=True)]
    assert all(isinstance(d, datetime) for d in dates)
    book.close()


def test_unredacted_copy_only_when_asked(services: Services) -> None:
    register = _service(services).build(RegisterOptions(parse_period("2026-Q2"), unredacted=True))
    rows = list(register.rows)
    assert any(r.name == SECRET_NAME and r.id_number == SECRET_ID for r in rows)
    assert "chỉ người có thẩm quyền" in register.notes[0]


def test_empty_and_future_periods(services: Services, tmp_path: Path) -> None:
    service = _service(services)
    empty = service.build(RegisterOptions(date_range(date(2025, 1, 1), date(2025, 1, 31))))
    assert empty.row_count == 0 and empty.notes == ()
    pdf = write_register(empty, "pdf", tmp_path / "empty.pdf")
    assert "không tiếp công dân" in PdfReader(pdf).pages[0].extract_text()
    with pytest.raises(ValidationError):
        service.build(RegisterOptions(parse_period("2026-Q4")))


def test_command_line(services: Services, tmp_path: Path) -> None:
    db = str(services.settings.db_url)
    services.close()
    out = tmp_path / "so.xlsx"
    assert main(["register", "--db", db, "--from", "2026-04-01", "--to", "2026-06-30",
                 "--format", "xlsx", "--out", str(out), "--walk-in-only"]) == 0  # fmt: skip
    assert out.exists()
    assert main(["register", "--db", db, "--from", "2026-04-01", "--format", "pdf", "--out", str(out)]) == 2
