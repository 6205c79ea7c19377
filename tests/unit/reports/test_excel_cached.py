"""Formulas carry their values: a viewer that does not recalculate shows the totals.

Read back with openpyxl twice — the formulas, and ``data_only=True`` (the cached values a viewer
shows) — and held against LibreOffice's own recalculation of the same file.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from conftest import build_report, case_rows

from app.reports import PeriodicReport, write_report_xlsx

SOFFICE = shutil.which("soffice")


def _formula_cells(path: Path) -> dict[tuple[str, str], str]:
    book = openpyxl.load_workbook(path)
    return {
        (ws.title, cell.coordinate): str(cell.value)
        for ws in book.worksheets
        for row in ws.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.value.startswith("=")
    }


def _values(path: Path) -> dict[tuple[str, str], object]:
    book = openpyxl.load_workbook(path, data_only=True)
    return {
        (ws.title, c.coordinate): c.value for ws in book.worksheets for row in ws.iter_rows() for c in row
    }


def test_every_formula_has_its_value_for_viewers_that_do_not_recalculate(
    report: PeriodicReport, tmp_path: Path
) -> None:
    target = tmp_path / "bao-cao.xlsx"
    write_report_xlsx(report, target)
    formulas = _formula_cells(target)
    assert len(formulas) >= 20
    values = _values(target)
    missing = [key for key in formulas if values[key] is None]
    assert missing == [], f"formulas without a value: {missing[:5]}"
    summary = openpyxl.load_workbook(target, data_only=True)["Tổng hợp"]
    for row in summary.iter_rows():
        if row[1].value == "Tổng cộng":
            column = [r[2].value for r in summary.iter_rows(max_row=row[2].row - 1)]
            first = max(i for i, v in enumerate(column) if not isinstance(v, int | float) or v is None) + 1
            assert row[2].value == sum(v for v in column[first:] if isinstance(v, int | float))


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.parametrize("cases", [0, 40])
def test_cached_values_are_what_a_spreadsheet_program_computes(tmp_path: Path, cases: int) -> None:
    report = build_report(case_rows(cases))
    source = tmp_path / "in" / "bao-cao.xlsx"
    source.parent.mkdir()
    write_report_xlsx(report, source)
    done = subprocess.run(
        [str(SOFFICE), "--headless", "-env:UserInstallation=file:///tmp/lo-test-issue12",
         "--convert-to", "xlsx", "--outdir", str(tmp_path / "out"), str(source)],
        capture_output=True, text=True, timeout=240, check=False,
    )  # fmt: skip
    recalculated = tmp_path / "out" / "bao-cao.xlsx"
    assert done.returncode == 0 and recalculated.exists(), done.stdout + done.stderr
    ours, theirs = _values(source), _values(recalculated)
    formulas = _formula_cells(source)
    assert formulas
    for key in formulas:
        mine, reference = ours[key], theirs.get(key)
        if reference in (None, "") or mine in (None, ""):
            assert mine in (None, "") and reference in (None, ""), (key, formulas[key], mine, reference)
        else:
            assert mine == pytest.approx(reference), (key, formulas[key], mine, reference)
