"""The register's rows share styles made once; the file reads back as the cell-by-cell one did.

The reference is the row writer before issue 18 (every cell styled afresh), kept here verbatim
and swapped in to write the reference file: both files are read back with openpyxl and every
cell's value, type, font, alignment, border, fill and number format is compared, with the row
heights, merges and print settings; the sheet's XML must be byte for byte the same (the preset
cells and the direct row writing of excel_rows change how, not what). styles.xml differs by one
number format the old writer registered and no cell used (yyyy-mm-dd, set before dd/mm/yyyy).
"""

from __future__ import annotations

import unicodedata
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from app.reports import register_excel
from app.reports.excel_styles import DATE, styled
from app.reports.output import Ticker
from app.reports.register_types import ReceptionRegister, RegisterRow
from app.reports.text import nfc
from app.reports.types import DocumentHeader


def _old_stream(ws: WriteOnlyWorksheet, rows: Iterator[RegisterRow], ticker: Ticker) -> int:
    r = register_excel
    count = 0
    row_number = r.FIRST_DATA
    for row in rows:
        count += 1
        values: list[object] = [
            count, row.received_on, row.name_address(), row.id_number,
            nfc(row.summary)[: r.SUMMARY_LIMIT], row.classification, row.people or None,
            row.resolved_by, row.accepted, row.guided, row.transferred, row.follow_up,
        ]  # fmt: skip
        cells: list[WriteOnlyCell] = []
        lines = 1
        for index, (value, width, align) in enumerate(zip(values, r.WIDTHS, r.ALIGN, strict=True)):
            if isinstance(value, str):
                value = nfc(value).strip() or None
                if value:
                    lines = max(lines, r._lines(value, width))
            cell = styled(ws, value, align=align, border=True, number_format=DATE if index == 1 else None)
            cell.font = r.BODY_FONT
            cell.alignment = r.TOP[align]
            cells.append(cell)
        ws.row_dimensions[row_number].height = min(409, r.LINE * lines + 3)
        ws.append(cells)
        row_number += 1
        ticker.step()
    return count


def _rows(count: int) -> list[RegisterRow]:
    return [
        RegisterRow(
            received_on=date(2026, 4, 1 + i % 28),
            name=unicodedata.normalize("NFD", "Nguyễn Thị Hường") if i % 7 == 0 else f"Trần Văn Đức {i}",
            address="" if i % 3 else "Số 12 ngõ 45 phố Lạch Tray, phường Ngô Quyền",
            id_number="" if i % 4 else "031089001234",
            summary='=HYPERLINK("http://x")' if i == 1 else "Đổ rác thải xây dựng trái phép. " * (i % 9),
            classification=("Khiếu nại", "Tố cáo", "Kiến nghị, phản ánh")[i % 3],
            people=i % 3,
            resolved_by="#N/A" if i == 2 else ("UBND phường" if i % 5 == 0 else ""),
            accepted="x" if i % 2 else "",
            guided="Tòa án nhân dân quận" if i % 6 == 1 else "",
            transferred="Thanh tra thành phố; số 07/PC-UBND" if i % 2 == 0 else "",
            follow_up=f"2026-{i + 1:05d}\nĐã chuyển đơn" if i % 4 == 0 else "   ",
        )
        for i in range(count)
    ]


def _register(rows: list[RegisterRow]) -> ReceptionRegister:
    return ReceptionRegister(
        header=DocumentHeader("UBND THÀNH PHỐ HẢI PHÒNG", "UBND PHƯỜNG NHỊ CHIỂU", "Sổ tiếp công dân"),
        period_label="Quý II năm 2026",
        period_start=date(2026, 4, 1),
        period_end=date(2026, 6, 30),
        rows=rows,
        scope="Công dân đến trình bày trực tiếp tại nơi tiếp công dân",
        notes=("Ghi chú: thông tin người tố cáo được bảo mật.",),
    )


def _cells(path: Path) -> tuple[list[tuple[object, ...]], dict[str, object]]:
    ws = openpyxl.load_workbook(path)[register_excel.SHEET_NAME]
    cells = [
        (c.coordinate, c.value, c.data_type, repr(c.font), repr(c.alignment), repr(c.border), repr(c.fill),
         c.number_format, c.protection.locked)
        for row in ws.iter_rows() for c in row
    ]  # fmt: skip
    sheet = {
        "heights": {k: d.height for k, d in ws.row_dimensions.items()},
        "merged": sorted(str(r) for r in ws.merged_cells.ranges),
        "print_area": ws.print_area,
        "freeze": ws.freeze_panes,
        "size": (ws.max_row, ws.max_column),
    }
    return cells, sheet


def test_shared_row_styles_read_back_like_styling_every_cell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    register = _register(_rows(60))
    ours, reference = tmp_path / "ours.xlsx", tmp_path / "reference.xlsx"
    register_excel.write_register_xlsx(register, ours)
    monkeypatch.setattr(register_excel, "_stream", _old_stream)
    register_excel.write_register_xlsx(register, reference)
    new_cells, new_sheet = _cells(ours)
    old_cells, old_sheet = _cells(reference)
    assert new_sheet == old_sheet
    assert len(new_cells) == len(old_cells) > 60 * 12
    for new, old in zip(new_cells, old_cells, strict=True):
        assert new == old
    first = register_excel.FIRST_DATA
    by_coordinate = {c[0]: c for c in new_cells}
    assert by_coordinate[f"E{first + 1}"][1:3] == ('=HYPERLINK("http://x")', "s")  # text, not a formula
    assert by_coordinate[f"H{first + 2}"][1:3] == ("#N/A", "s")
    assert by_coordinate[f"B{first}"][7] == DATE
    assert "Times New Roman" in by_coordinate[f"C{first + 5}"][3]
    with zipfile.ZipFile(ours) as new_zip, zipfile.ZipFile(reference) as old_zip:
        sheet = "xl/worksheets/sheet1.xml"  # the very same XML, style indexes included
        assert new_zip.read(sheet) == old_zip.read(sheet)
