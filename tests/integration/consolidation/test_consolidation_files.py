"""The consolidated workbook recalculates in LibreOffice, its PDF reads as Vietnamese, it is a package."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from consolidation_helpers import PERIOD, UnitExport, services_for
from openpyxl import load_workbook

from app.bootstrap import Services
from app.reports.report_package import read_package
from app.services.consolidation.consolidated import ConsolidationOptions
from app.services.consolidation.consolidation_service import Consolidation
from app.services.consolidation.unit_list import shipped_lists
from tests.sample_office import SIGNED_INIT

SOFFICE = shutil.which("soffice")
PDFTOTEXT = shutil.which("pdftotext")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_recalculates_the_workbook_to_the_totals(
    city: Services, result: Consolidation, tmp_path: Path
) -> None:
    source = tmp_path / "tong-hop.xlsx"
    city.consolidation.write(result, "xlsx", source)
    out = tmp_path / "recalc"
    done = subprocess.run(
        [str(SOFFICE), "--headless", "-env:UserInstallation=file:///tmp/lo-test17", "--convert-to", "xlsx",
         "--outdir", str(out), str(source)],
        capture_output=True, text=True, timeout=240, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    sheet = load_workbook(out / "tong-hop.xlsx", data_only=True)["Biểu 01-XLD"]
    rows = {row[1]: row for row in sheet.iter_rows(values_only=True) if row[1]}
    x = result.report.xld01
    assert x is not None
    total = rows["Tổng cộng"]
    assert total[2:14] == (x.received_total, x.carried_over, x.received_in_period, x.complaints,
                           x.denunciations, x.petitions, x.accepted, x.guided, x.transferred, x.filed,
                           x.withdrawn, x.in_progress)  # fmt: skip
    for unit in result.report.xld01_units:
        assert rows[unit.unit][2] == unit.summary.received_total  # column 1 = (2) + (3), recalculated
    summary = load_workbook(out / "tong-hop.xlsx", data_only=True)["Tổng hợp"]
    labels = [row[1] for row in summary.iter_rows(values_only=True)]
    assert (
        "Tiếp nhận trong kỳ" in labels
        and "Ghi chú tổng hợp" in load_workbook(out / "tong-hop.xlsx").sheetnames
    )


@pytest.mark.skipif(PDFTOTEXT is None, reason="poppler-utils is not installed")
def test_pdf_text_is_vietnamese_with_missing_units_on_the_last_page(
    city: Services, result: Consolidation, tmp_path: Path
) -> None:
    pdf, package = city.consolidation.write(result, "pdf", tmp_path / "tong-hop.pdf")
    text = subprocess.run([str(PDFTOTEXT), str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for words in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Tổng hợp kết quả tiếp nhận, xử lý phản ánh",
                  "Tiếp nhận trong kỳ", "Theo đơn vị báo cáo: vụ việc quá hạn", "Phường Nhị Chiểu",
                  "Đơn vị chưa gửi báo cáo (111/114)", "Đặc khu Bạch Long Vĩ", "Số: 12/BC-VP"):  # fmt: skip
        assert words in text, words
    last_page = text.split("\f")[-2]
    assert "Báo cáo đã tổng hợp (3)" in last_page
    assert read_package(package).meta.consolidated_from == tuple(p.meta.unit_name for p in result.included)


def test_a_city_consolidates_a_department_that_consolidated_its_units(
    units: list[UnitExport], tmp_path: Path
) -> None:
    department = services_for(tmp_path / "so", "Sở Ngoại vụ")
    try:
        first = department.consolidation.consolidate(
            [u.package for u in units[:2]], ConsolidationOptions(PERIOD, "3")
        )
        _, dept_package = department.consolidation.write(first, "xlsx", tmp_path / "so" / "tong-hop.xlsx")
    finally:
        department.close()
    city = services_for(tmp_path / "tp", "Văn phòng Ủy ban nhân dân thành phố")
    try:
        departments = next(u for u in shipped_lists() if u.key == "hai-phong-so")
        top = city.consolidation.consolidate([dept_package, units[2].package], ConsolidationOptions(PERIOD),
                                             departments)  # fmt: skip
    finally:
        city.close()
    assert top.unknown == ("Ủy ban nhân dân phường Hòa Bình",)  # a commune is not on the departments' list
    assert "Sở Ngoại vụ" not in {u.name for u in top.missing}
    x = top.report.xld01
    assert x is not None
    assert x.received_total == sum(u.report.xld01.received_total for u in units if u.report.xld01)
    assert x.in_progress == sum(u.report.xld01.in_progress for u in units if u.report.xld01)
    by_unit = {r.label for t in top.report.tables if t.title.endswith("kết quả xử lý") for r in t.rows}
    assert by_unit == {"Sở Ngoại vụ", "Ủy ban nhân dân phường Hòa Bình"}


def test_command_line_consolidates_a_folder(units: list[UnitExport], tmp_path: Path) -> None:
    inbox = tmp_path / "hop-thu"
    inbox.mkdir()
    for i, unit in enumerate(units):
        shutil.copy(unit.package, inbox / f"don-vi-{i}.hdbc")
    (inbox / "cong-van-kem-theo.pdf").write_bytes(b"%PDF-1.4\n")
    db = tmp_path / "city.db"
    env_args = ["--db", f"sqlite:///{db}"]
    run = [sys.executable, "-m", "app"]
    unit_db = ["--db", f"sqlite:///{tmp_path / 'xa.db'}"]  # «hotline-desk report» writes the package too
    subprocess.run([*run, "init", *unit_db, "--office", "Ủy ban nhân dân xã An Phú", *SIGNED_INIT, "--admin-password",
                    "mat-khau-dai-12"], check=True, capture_output=True, text=True)  # fmt: skip
    subprocess.run([*run, "demo", *unit_db, "--cases", "150", "--quiet"], check=True, capture_output=True)
    made = subprocess.run([*run, "report", *unit_db, "--period", "2026-Q3", "--format", "xlsx", "--out",
                           str(inbox / "an-phu.xlsx"), "--number", "09"], capture_output=True, text=True)  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert f"Gói số liệu gửi cấp trên: {inbox / 'an-phu.hdbc'}" in made.stdout
    subprocess.run([*run, "init", *env_args, "--office", "Văn phòng UBND thành phố", *SIGNED_INIT, "--admin-password",
                    "mat-khau-dai-12"], check=True, capture_output=True, text=True)  # fmt: skip
    out = tmp_path / "tong-hop.pdf"
    done = subprocess.run([*run, "consolidate", str(inbox), "--period", "2026-Q3", "--out", str(out), *env_args],
                          capture_output=True, text=True, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Đã nhận báo cáo số 05/BC-UBND của Ủy ban nhân dân phường Nhị Chiểu" in done.stdout
    assert "«cong-van-kem-theo.pdf» là bản PDF không kèm gói số liệu" in done.stdout
    assert "Đã nhận báo cáo số 09 của Ủy ban nhân dân xã An Phú" in done.stdout
    assert "Đơn vị chưa gửi báo cáo (110/114)" in done.stdout
    assert out.exists() and out.with_suffix(".hdbc").exists()


def test_command_line_with_nothing_valid_still_writes_and_says_so(tmp_path: Path) -> None:
    empty = tmp_path / "trong"
    empty.mkdir()
    db = ["--db", f"sqlite:///{tmp_path / 'c.db'}"]
    subprocess.run([sys.executable, "-m", "app", "init", *db, "--office", "Văn phòng UBND thành phố",
                    "--leader", "Trần Văn Ký", "--admin-password", "mat-khau-dai-12"], check=True, capture_output=True)  # fmt: skip
    out = tmp_path / "th.xlsx"
    done = subprocess.run([sys.executable, "-m", "app", "consolidate", str(empty), "--period", "2026-Q3",
                           "--out", str(out), *db], capture_output=True, text=True, check=False)  # fmt: skip
    assert done.returncode == 3, done.stderr
    assert f"Thư mục «{empty}» không có gói báo cáo (.hdbc) nào." in done.stdout
    assert "không có gói báo cáo hợp lệ nào" in done.stderr and out.exists()
