"""Bad and unusual files: a clear Vietnamese refusal or a correct import, never a crash or half import."""

from __future__ import annotations

import re
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from app.bootstrap import Services
from app.models import Case, Field
from app.services.channels.import_types import ImportRefused

FIXTURES = Path(__file__).parent.parent / "fixtures" / "imports"


def _cases(services: Services) -> int:
    with services.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(Case)) or 0)


def _refused(services: Services, path: Path, source: str = "generic") -> str:
    with pytest.raises(ImportRefused) as info:
        services.imports.run(path, source)
    assert _cases(services) == 0
    return info.value.message


def test_password_protected_workbook(services: Services) -> None:
    assert "mật khẩu" in _refused(services, FIXTURES / "encrypted.xlsx")


def test_excel_97_file(services: Services, tmp_path: Path) -> None:
    old = tmp_path / "cu.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4000)
    assert ".xlsx" in _refused(services, old) and "97–2003" in _refused(services, old)


@pytest.mark.parametrize("damage", ["truncated", "garbage"])
def test_damaged_workbook(services: Services, tmp_path: Path, damage: str) -> None:
    good = tmp_path / "tot.xlsx"
    wb = Workbook()
    wb.active.append(["Thời gian tiếp nhận", "Nội dung"])
    wb.save(good)
    bad = tmp_path / "hong.xlsx"
    data = good.read_bytes()
    bad.write_bytes(data[: len(data) // 2] if damage == "truncated" else b"not a workbook at all" * 50)
    assert "bị hỏng" in _refused(services, bad)


def test_empty_file(services: Services, tmp_path: Path) -> None:
    empty = tmp_path / "rong.csv"
    empty.write_bytes(b"")
    assert "không có dữ liệu" in _refused(services, empty)


def test_no_recognisable_header(services: Services, tmp_path: Path) -> None:
    path = tmp_path / "la.xlsx"
    wb = Workbook()
    wb.active.append(["Cột 1", "Cột 2"])
    wb.active.append(["a", "b"])
    wb.save(path)
    message = _refused(services, path)
    assert "Không tìm thấy dòng tiêu đề" in message and "«Nội dung»" in message


@pytest.mark.parametrize(("name", "label"), [("tcvn3.csv", "TCVN3"), ("vni.csv", "VNI")])
def test_legacy_encoding_csv_is_named(services: Services, name: str, label: str) -> None:
    assert label in _refused(services, FIXTURES / name)


def test_windows_1258_and_semicolon_csv_import(services: Services) -> None:
    report = services.imports.run(FIXTURES / "cp1258.csv", "generic")
    assert report.imported == 2 and "Windows-1258" in report.note
    semi = services.imports.run(FIXTURES / "utf8_bom_semicolon.csv", "portal")
    assert semi.imported == 2
    with services.sessions() as session:
        names = set(session.scalars(select(Case.content)))
    assert "Đường Lạch Tray phường Lê Chân ngập nước sau mưa, đề nghị xử lý" in names


def test_formulas_use_their_cached_values(services: Services) -> None:
    report = services.imports.run(FIXTURES / "formulas_cached.xlsx", "generic")
    assert report.imported == 1
    assert report.rejected[0].row == 3 and "lỗi công thức #DIV/0!" in report.rejected[0].reason
    with services.sessions() as session:
        case = session.scalars(select(Case)).one()
    assert case.received_at == datetime(2026, 11, 19, 8, 30)
    assert case.content == "Cống thoát nước đường Tô Hiệu bị tắc"


def test_formula_without_cached_value_rejects_the_row_with_the_cell(
    services: Services, tmp_path: Path
) -> None:
    path = tmp_path / "cong_thuc.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["Thời gian tiếp nhận", "Nội dung", "Họ tên"])
    ws.append(["=TODAY()", "Rác thải", "An"])
    ws.append(["20/11/2026 08:00", "Ngập nước", '=UPPER("bình")'])
    wb.save(path)  # openpyxl stores formulas without computed values
    report = services.imports.run(path, "generic")
    assert report.imported == 1 and report.rejected_rows == (2,)
    assert "ô A2 chứa công thức chưa có giá trị" in report.rejected[0].reason
    assert any("ô C3" in m for w in report.warnings for m in w.messages)


def test_merged_cells_give_every_row_the_value(services: Services, tmp_path: Path) -> None:
    path = tmp_path / "gop.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["Thời gian tiếp nhận", "Lĩnh vực", "Nội dung"])
    ws.append(["19/11/2026 08:00", "Môi trường", "Rác thải ùn ứ ngõ 3"])
    ws.append(["19/11/2026 09:00", None, "Khói bụi nhà máy"])
    ws.append(["19/11/2026 10:00", None, "Nước thải ra mương"])
    ws.merge_cells("B2:B4")
    wb.save(path)
    assert services.imports.run(path, "generic").imported == 3
    with services.sessions() as session:
        fields = set(session.scalars(select(Field.name).join(Case, Case.field_id == Field.id)))
        assert session.scalar(select(func.count()).where(Case.field_id.is_(None))) == 0
    assert fields == {"Môi trường"}


def test_wrong_dimension_tag_does_not_cut_the_sheet(services: Services, tmp_path: Path) -> None:
    path = tmp_path / "dim.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["Thời gian tiếp nhận", "Nội dung"])
    for i in range(1, 21):
        ws.append([f"{i:02d}/11/2026 08:00", f"Phản ánh số {i}"])
    wb.save(path)
    fixed = tmp_path / "dim2.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(fixed, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="A1"', data)
            dst.writestr(item, data)
    assert services.imports.run(fixed, "generic").imported == 20


def test_a_large_file_uses_the_bulk_path(services: Services, tmp_path: Path) -> None:
    path = tmp_path / "lon.csv"
    lines = ["Mã PAKN,Thời gian tiếp nhận,Số điện thoại,Nội dung"]
    lines += [
        f"L-{i},{1 + i % 28:02d}/10/2026 08:{i % 60:02d},09{i % 500:08d},Phản ánh số {i}" for i in range(3000)
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    report = services.imports.run(path, "call_center_1022")
    assert report.imported == 3000 and _cases(services) == 3000
    assert report.warned > 0  # the same callers appear several times in a month


def test_a_sheet_damaged_half_way_is_refused_whole(services: Services, tmp_path: Path) -> None:
    good = tmp_path / "tot.xlsx"
    wb = Workbook()
    wb.active.append(["Thời gian tiếp nhận", "Nội dung"])
    for i in range(1, 40):
        wb.active.append([f"{1 + i % 28:02d}/10/2026 08:00", f"Phản ánh {i}"])
    wb.save(good)
    bad = tmp_path / "hong_giua.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = data.replace(b'<row r="30"', b'<row r="30"><c r="A30"><v>oops</c', 1)
            dst.writestr(item, data)
    message = _refused(services, bad)
    assert "bị hỏng ở khoảng dòng" in message and "Không có dòng nào được nhập" in message
    assert "Traceback" not in message
