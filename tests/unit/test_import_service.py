"""Importing a Smart Hải Phòng / 1022 export on a real SQLite file: counts, rules, once-only, one transaction."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from app.bootstrap import Services
from app.domain.enums import CaseKind, Channel
from app.domain.imports.columns import ImportField
from app.models import Case, CaseEvent, Citizen, ImportBatch, Setting
from app.services.cases.dto import CaseFilter, NewCase
from app.services.channels.import_types import ImportCancelled

HEADERS = ["STT", "Mã PAKN", "Ngày tiếp nhận", "Họ và tên", "Số điện thoại", "Địa chỉ", "Nội dung phản ánh",
           "Lĩnh vực", "Loại", "Đơn vị xử lý"]  # fmt: skip
ROWS = [
    [1, "SHP-001", datetime(2026, 11, 18, 8, 30), "Nguyễn Văn An", "0912345678", "Số 5 Lạch Tray, phường Lê Chân",
     "Cống thoát nước đường Lạch Tray bị tắc", "Môi trường", "Phản ánh", "Kinh tế, Hạ tầng và Đô thị"],
    [2, "SHP-002", "19/11/2026 14:05", "Trần Thị Bình", "12345", "Xã Cẩm Giàng",
     "Đèn đường thôn Đông hỏng", "Văn hoá thể thao", "phan anh", "Phòng Văn hóa - Xã hội"],
    [3, "SHP-003", "", "Lê Văn C", "", "", "Thiếu ngày", "", "", ""],
    [4, "SHP-004", "20/11/2026", "Lê Văn D", "", "", "", "", "", ""],
    [5, "SHP-005", "31/02/2026", "Lê Văn E", "", "", "Ngày không có thật", "", "", ""],
    [6, "SHP-006", "17/11/2026 10:00", "Phạm Thị Hoa", "0987 654 321", "", "Hỏi thủ tục cấp phép xây dựng",
     "Xây dựng", "KIẾN NGHỊ", "Ban Quản lý dự án"],
]  # fmt: skip


def write_sheet(
    path: Path, rows: list[list[object]], headers: list[str] = HEADERS, title: bool = True
) -> Path:
    wb = Workbook()
    ws = wb.active
    if title:
        ws.append(["DANH SÁCH PHẢN ÁNH, KIẾN NGHỊ QUA SMART HẢI PHÒNG THÁNG 11/2026"])
        ws.merge_cells("A1:J1")
        ws.append([])
    ws.append(headers)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def count(services: Services, model: type) -> int:
    with services.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_spreadsheet_import_counts_rules_and_row_numbers(services: Services, tmp_path: Path) -> None:
    sheet = write_sheet(tmp_path / "shp.xlsx", ROWS)
    report = services.imports.run(sheet, "smart_haiphong")
    assert (report.imported, report.already_present, len(report.rejected)) == (3, 0, 3)
    assert report.rejected_rows == (6, 7, 8)  # Excel row numbers: two title rows and the header above
    reasons = [r.reason for r in report.rejected]
    assert reasons[0] == "Thiếu thời gian tiếp nhận."
    assert reasons[1] == "Thiếu nội dung phản ánh, kiến nghị."
    assert "31/02/2026" in reasons[2] and "không có thật" in reasons[2]
    assert report.warned == 2 and report.numbers == ("2026-00001", "2026-00003")
    assert count(services, Case) == 3 and count(services, ImportBatch) == 1


def test_imported_case_is_classified_and_keeps_raw_values_it_could_not_place(
    services: Services, tmp_path: Path
) -> None:
    services.imports.run(write_sheet(tmp_path / "shp.xlsx", ROWS), "smart_haiphong")
    with services.sessions() as session:
        cases = {c.external_ref: c for c in session.scalars(select(Case))}
        an, binh, hoa = cases["SHP-001"], cases["SHP-002"], cases["SHP-006"]
        assert (an.channel, an.kind, an.source, an.received_at) == (
            "smart_haiphong", "phan_anh", "smart_haiphong", datetime(2026, 11, 18, 8, 30),
        )  # fmt: skip
        assert an.field_id is not None and an.department_id is not None
        assert hoa.kind == CaseKind.PETITION.value and hoa.department_id is None
        assert binh.field_id is None
        citizen = session.get(Citizen, binh.citizen_id)
        assert citizen is not None and citizen.phone == "12345" and not citizen.phone_valid
        event = session.scalars(select(CaseEvent).where(CaseEvent.case_id == binh.id)).one()
        assert "Văn hoá thể thao" in event.note and "dòng 5" in event.note
        assert json.loads(event.data)["raw"] == {"phone": "12345", "field": "Văn hoá thể thao"}
    detail = services.detail.get(an.id)
    assert detail.due_date is not None and detail.phone == "0912 345 678"


def test_imported_cases_are_found_like_typed_ones(services: Services, tmp_path: Path) -> None:
    services.imports.run(write_sheet(tmp_path / "shp.xlsx", ROWS), "smart_haiphong")
    typed = services.cases.create_case(NewCase(content="Cống thoát nước ngõ 7 bị tắc"), None)
    found = services.query.page(CaseFilter(text="cong thoat nuoc"))
    assert {r.number for r in found.rows} == {"2026-00002", typed.number}
    assert [r.citizen_name for r in services.query.page(CaseFilter(text="0912345678")).rows] == [
        "Nguyễn Văn An"
    ]
    assert [r.number for r in services.query.page(CaseFilter(text="SHP-006")).rows] == ["2026-00001"]


def test_reimport_and_overlapping_export_add_nothing_twice(services: Services, tmp_path: Path) -> None:
    sheet = write_sheet(tmp_path / "shp.xlsx", ROWS)
    services.imports.run(sheet, "smart_haiphong")
    again = services.imports.run(sheet, "smart_haiphong")
    assert (again.imported, again.already_present) == (0, 3)
    later = [
        *ROWS[:2],
        [7, "SHP-007", "20/11/2026 07:45", "Đỗ Văn Tâm", "", "", "Cây đổ chắn đường", "", "", ""],
    ]
    overlap = services.imports.run(write_sheet(tmp_path / "later.xlsx", later), "smart_haiphong")
    assert (overlap.imported, overlap.already_present) == (1, 2)
    other_source = services.imports.run(sheet, "call_center_1022", dry_run=True)
    assert other_source.imported == 3  # the same code from another system is another case
    assert count(services, Case) == 4


def test_rows_without_code_are_matched_by_time_and_content(services: Services, tmp_path: Path) -> None:
    rows = [[1, "", "18/11/2026 08:30", "An", "", "", "Cống tắc", "", "", ""]]
    sheet = write_sheet(tmp_path / "nocode.xlsx", rows)
    assert services.imports.run(sheet, "generic").imported == 1
    assert services.imports.run(sheet, "generic").already_present == 1


def test_dry_run_counts_and_writes_nothing(services: Services, tmp_path: Path) -> None:
    report = services.imports.run(write_sheet(tmp_path / "shp.xlsx", ROWS), "smart_haiphong", dry_run=True)
    assert (report.imported, len(report.rejected), report.dry_run) == (3, 3, True)
    assert "Chạy thử" in report.summary()
    assert count(services, Case) == count(services, Citizen) == count(services, ImportBatch) == 0


def test_cancel_leaves_the_register_unchanged(services: Services, tmp_path: Path) -> None:
    with pytest.raises(ImportCancelled):
        services.imports.run(write_sheet(tmp_path / "shp.xlsx", ROWS), "smart_haiphong", cancel=lambda: True)
    assert count(services, Case) == count(services, Citizen) == 0


def test_a_failure_while_writing_leaves_nothing_behind(
    services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(services.imports._writer, "_search_rows", broken)
    with pytest.raises(RuntimeError):
        services.imports.run(write_sheet(tmp_path / "shp.xlsx", ROWS), "smart_haiphong")
    assert count(services, Case) == count(services, Citizen) == count(services, ImportBatch) == 0
    with services.sessions() as session:
        assert session.scalar(select(func.count()).select_from(CaseEvent)) == 0


def test_progress_is_reported(services: Services, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    services.imports.run(
        write_sheet(tmp_path / "shp.xlsx", ROWS), "smart_haiphong", progress=lambda d, t: seen.append((d, t))
    )
    assert seen and seen[-1][0] == seen[-1][1]


def test_preview_shows_the_recognised_mapping_and_sample(services: Services, tmp_path: Path) -> None:
    preview = services.imports.preview(write_sheet(tmp_path / "shp.xlsx", ROWS), "smart_haiphong")
    assert preview.mapping is not None and preview.mapping.header_row == 3
    assert preview.mapping.by_target[ImportField.CONTENT] == 6
    assert preview.sample[0][1] == "SHP-001" and preview.sample[0][2] == "18/11/2026 08:30"


def test_corrected_mapping_is_remembered_per_source(services: Services, tmp_path: Path) -> None:
    headers = ["Mã PAKN", "Thời điểm ghi nhận", "Mô tả sự việc"]
    sheet = write_sheet(
        tmp_path / "odd.xlsx", [["X-1", "20/11/2026 08:00", "Rác thải ùn ứ"]], headers, title=False
    )
    preview = services.imports.preview(sheet, "portal")
    assert preview.mapping is None or not preview.mapping.usable
    from app.domain.imports.columns import HeaderMatcher, Synonyms

    mapping = HeaderMatcher(Synonyms.load()).map_row(1, headers)
    mapping = mapping.with_target(1, ImportField.RECEIVED_AT).with_target(2, ImportField.CONTENT)
    assert services.imports.run(sheet, "portal", mapping=mapping).imported == 1
    with services.sessions() as session:
        stored = json.loads(session.get(Setting, "import.mapping.portal").value)  # type: ignore[union-attr]
    assert stored["thoidiemghinhan"] == "received_at"
    again = services.imports.preview(sheet, "portal")
    assert again.mapping is not None and again.mapping.usable
    assert services.imports.preview(sheet, "generic").mapping is None  # remembered per source


def test_rejected_rows_saved_fixed_and_imported_again(services: Services, tmp_path: Path) -> None:
    report = services.imports.run(write_sheet(tmp_path / "shp.xlsx", ROWS), "smart_haiphong")
    out = services.imports.save_rejects(report, tmp_path / "tu_choi.xlsx")
    ws = load_workbook(out).active
    assert [c.value for c in ws[1]][-2:] == ["Dòng trong tệp gốc", "Lý do không nhập"]
    assert ws.cell(2, 11).value == 6 and ws.cell(2, 12).value == "Thiếu thời gian tiếp nhận."
    wb = load_workbook(out)
    fixed = wb.active
    fixed.cell(2, 3).value = "18/11/2026 09:00"
    fixed.cell(3, 7).value = "Bổ sung nội dung"
    fixed.cell(4, 3).value = "28/02/2026"
    wb.save(out)
    again = services.imports.run(out, "smart_haiphong")
    assert (again.imported, len(again.rejected)) == (3, 0)


def test_facebook_export_imports_one_case_per_conversation(services: Services) -> None:
    export = Path(__file__).parent.parent / "fixtures" / "imports" / "facebook"
    dry = services.imports.run(export, "facebook", dry_run=True)
    assert (dry.imported, dry.total_rows) == (3, 3)
    report = services.imports.run(export, "facebook")
    assert report.imported == 3
    with services.sessions() as session:
        rows = session.execute(
            select(Case.channel, Case.source, Case.content).order_by(Case.received_at)
        ).all()
    assert {r.channel for r in rows} == {Channel.FACEBOOK.value} and {r.source for r in rows} == {"facebook"}
    assert rows[0].content.startswith("Tin nhắn Facebook của Nguyễn Văn An")
    assert services.imports.run(export, "facebook").already_present == 3
    found = services.query.page(CaseFilter(text="Trần Thị Hà")).rows
    assert len(found) == 1 and found[0].citizen_name == "Trần Thị Hà"


def test_imported_case_gets_the_same_deadline_and_office_target_as_a_typed_one(
    services: Services, tmp_path: Path
) -> None:
    from app.services.deadlines.deadline_dto import TargetProfileView

    services.targets.save_profile(
        TargetProfileView(None, "Smart Hải Phòng: 5 ngày", 5, channel=Channel.SMART_HAIPHONG)
    )
    received = datetime(2026, 11, 18, 8, 30)
    typed = services.cases.create_case(
        NewCase(content="Gõ tay", channel=Channel.SMART_HAIPHONG, received_at=received), None
    )
    services.imports.run(write_sheet(tmp_path / "shp.xlsx", ROWS[:1]), "smart_haiphong")
    with services.sessions() as session:
        manual, imported = (
            session.get(Case, typed.id),
            session.scalars(select(Case).where(Case.source != "")).one(),
        )
        assert manual is not None and manual.target_date is not None
        assert (imported.due_date, imported.due_rule) == (manual.due_date, manual.due_rule)
        assert (imported.target_date, imported.target_rule) == (manual.target_date, manual.target_rule)


def test_the_sheet_with_the_register_is_chosen_and_others_are_listed(
    services: Services, tmp_path: Path
) -> None:
    path = tmp_path / "nhieu_trang.xlsx"
    wb = Workbook()
    wb.active.title = "Hướng dẫn"
    wb.active.append(["Tệp xuất từ hệ thống, không sửa tiêu đề cột."])
    data = wb.create_sheet("Dữ liệu")
    data.append(HEADERS)
    for row in ROWS[:2]:
        data.append(row)
    wb.save(path)
    preview = services.imports.preview(path, "smart_haiphong")
    assert (preview.sheet, preview.sheets, preview.row_estimate) == ("Dữ liệu", ("Hướng dẫn", "Dữ liệu"), 3)
    seen: list[tuple[int, int]] = []
    report = services.imports.run(path, "smart_haiphong", progress=lambda d, t: seen.append((d, t)))
    assert report.imported == 2 and all(0 <= d <= t for d, t in seen)


def test_likely_duplicate_of_a_registered_case_can_be_merged_after_import(
    services: Services, tmp_path: Path
) -> None:
    earlier = services.cases.create_case(
        NewCase(content="Hỏi về cống", phone="0912345678", received_at=datetime(2026, 11, 10, 8, 0)), None
    )
    report = services.imports.run(write_sheet(tmp_path / "shp.xlsx", ROWS[:1]), "smart_haiphong")
    (hint,) = report.duplicates
    assert (hint.row, hint.case_id, hint.reasons) == (4, earlier.id, ("Cùng số điện thoại",))
    assert hint.new_case_id is not None and hint.new_number == "2026-00002"
    assert report.warned == 1
    services.merges.merge(earlier.id, hint.new_case_id, "Cùng phản ánh, nhận lại qua Smart Hải Phòng", None)
    assert services.merges.resolve_number(hint.new_number).id == earlier.id  # type: ignore[union-attr]


def test_same_name_and_address_in_the_register_is_flagged(services: Services, tmp_path: Path) -> None:
    services.cases.create_case(
        NewCase(content="Hỏi về cống", citizen_name="Nguyễn Văn An", address="Số 5 Lạch Tray, phường Lê Chân",
                received_at=datetime(2026, 11, 10, 8, 0)),
        None,
    )  # fmt: skip
    row = [*ROWS[0][:4], "", *ROWS[0][5:]]  # same person, no phone this time
    report = services.imports.run(write_sheet(tmp_path / "shp.xlsx", [row]), "smart_haiphong", dry_run=True)
    assert [h.reasons for h in report.duplicates] == [("Cùng họ tên và địa chỉ",)]


def test_a_long_dry_run_reads_one_snapshot_on_one_connection(services: Services, tmp_path: Path) -> None:
    path = tmp_path / "dai.csv"
    lines = ["Mã PAKN,Thời gian tiếp nhận,Nội dung"]
    lines += [f"D-{i},{1 + i % 28:02d}/09/2026 08:00,Phản ánh {i}" for i in range(9000)]
    path.write_text("\n".join(lines), encoding="utf-8")
    report = services.imports.run(path, "portal", dry_run=True)  # 18 batches of codes to look up
    assert report.imported == 9000
    assert services.engine.pool.checkedout() == 0  # type: ignore[attr-defined]


def test_an_import_is_one_line_of_the_audit_log_and_the_chain_holds(
    services: Services, tmp_path: Path
) -> None:
    from app.models import AuditLog

    report = services.imports.run(
        write_sheet(tmp_path / "shp.xlsx", ROWS), "smart_haiphong", actor="cli:canbo"
    )
    with services.sessions() as session:
        row = session.scalars(select(AuditLog).where(AuditLog.action == "case.import")).one()
    after = json.loads(row.after)
    assert (row.username, row.object_type, row.object_id) == (
        "cli:canbo",
        "import_batch",
        str(report.batch_id),
    )
    assert (after["imported"], after["rejected"], after["first_number"]) == (3, 3, "2026-00001")
    assert services.audit.verify().ok
