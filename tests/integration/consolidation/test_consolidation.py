"""Consolidation from real packages of several demo databases: totals are the units' sums."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from dataclasses import fields
from pathlib import Path

import pytest
from consolidation_helpers import PERIOD, UnitExport, export_unit

from app.reports.report_package import read_package
from app.reports.types import PeriodicReport, Xld01Summary
from app.services.consolidation.consolidation_service import Consolidation
from app.services.consolidation.merge import PROGRESS
from app.services.core.sealing import SEALED


def _table(report: PeriodicReport, title: str) -> dict[str, tuple[int, ...]]:
    return {row.label: row.counts for t in report.tables if t.title == title for row in t.rows}


def test_every_unit_is_read_and_matched_to_the_list(result: Consolidation) -> None:
    assert len(result.included) == 3
    assert result.unknown == () and result.flagged == ()
    assert len(result.missing) == 111
    names = {u.name for u in result.missing}
    assert "Phường Nhị Chiểu" not in names and "Phường Hoà Bình" not in names and "Xã Cẩm Giàng" not in names
    assert all(line.kind.value == "accepted" for line in result.log)


def test_consolidated_totals_equal_the_sum_of_the_units_field_by_field(
    units: list[UnitExport], result: Consolidation
) -> None:
    total = result.report
    assert total.xld01 is not None and total.xld01.cross_checks() == []
    for f in fields(Xld01Summary):
        assert getattr(total.xld01, f.name) == sum(getattr(u.report.xld01, f.name) for u in units), f.name
    for row in total.comparison:
        unit_rows = [r for u in units for r in u.report.comparison if r.label == row.label]
        assert row.current == sum(r.current for r in unit_rows)
        assert row.previous == sum(r.previous or 0 for r in unit_rows)
        assert row.last_year == sum(r.last_year or 0 for r in unit_rows)
    assert total.comparison[0].label == "Tiếp nhận trong kỳ"
    for table in units[0].report.tables:
        summed = _table(total, table.title)
        labels = {label for u in units for label in _table(u.report, table.title)}
        assert set(summed) == labels, table.title
        for label in labels:
            assert summed[label][0] == sum(_table(u.report, table.title).get(label, (0,))[0] for u in units)
    assert sum(p.received for p in total.monthly) == sum(p.received for u in units for p in u.report.monthly)


def test_table_by_unit_and_overdue_by_unit(units: list[UnitExport], result: Consolidation) -> None:
    total = result.report
    by_kind = _table(total, "Theo đơn vị báo cáo: phân loại theo nội dung")
    progress = _table(total, "Theo đơn vị báo cáo: tiến độ giải quyết")
    overdue = _table(total, "Theo đơn vị báo cáo: vụ việc quá hạn")
    listed = {"Ủy ban nhân dân phường Nhị Chiểu": "Phường Nhị Chiểu", "UBND xã Cẩm Giàng": "Xã Cẩm Giàng",
              "Ủy ban nhân dân phường Hòa Bình": "Phường Hoà Bình"}  # fmt: skip
    for unit in units:
        x = unit.report.xld01
        assert x is not None
        name = listed[unit.name]
        assert by_kind[name] == (x.complaints, x.denunciations, x.petitions, x.received_total)
        own = {r.label: r.counts[0] for t in unit.report.tables if t.title == PROGRESS for r in t.rows}
        assert progress[name] == (own["Đã giải quyết đúng hạn"], own["Đã giải quyết quá hạn"],
                                  own["Đang giải quyết, trong hạn"], own["Đang giải quyết, quá hạn"])  # fmt: skip
        assert overdue[name][2] == own["Đã giải quyết quá hạn"] + own["Đang giải quyết, quá hạn"]
    # In the order of the office's list (by administrative code), one Biểu 01/XLD row a unit.
    assert [u.unit for u in total.xld01_units] == ["Phường Nhị Chiểu", "Xã Cẩm Giàng", "Phường Hoà Bình"]


def test_packages_carry_the_figures_and_no_sealed_identity(units: list[UnitExport]) -> None:
    for unit in units:
        package = read_package(unit.package)
        assert package.meta.unit_name == unit.name
        assert package.meta.period_start == PERIOD.start and package.meta.period_end == PERIOD.end
        assert package.report.xld01 == unit.report.xld01
        assert package.report.tables == unit.report.tables
        assert package.case_rows == unit.report.case_count
        assert unit.sealed_only_names, "the demo data should have denouncers to hide"
        with zipfile.ZipFile(unit.package) as zf:
            texts = {n: zf.read(n) for n in zf.namelist()}
        pdf_text = _pdf_text(texts["report.pdf"], unit.package.parent)
        blob = b"\n".join(texts.values()).decode("utf-8", "replace") + pdf_text
        for secret in unit.sealed_only_names | unit.sealed_phones:
            assert secret not in blob
    assert read_package(units[0].package).meta.unit_code == "10714"  # code of the commune-level unit


def test_an_unredacted_export_still_gives_a_sealed_package(tmp_path: Path) -> None:
    unit = export_unit(tmp_path, "Ủy ban nhân dân phường Nhị Chiểu", 4, PERIOD, number="1", unredacted=True)
    with zipfile.ZipFile(unit.package) as zf:
        cases = zf.read("cases.jsonl").decode("utf-8")
        pdf_text = _pdf_text(zf.read("report.pdf"), tmp_path)
    assert SEALED in cases
    for secret in unit.sealed_only_names:
        assert secret not in cases and secret not in pdf_text


def _pdf_text(pdf: bytes, folder: Path) -> str:
    path = folder / "_package.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
