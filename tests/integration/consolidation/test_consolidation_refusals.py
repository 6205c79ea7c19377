"""Bad input: each a clear Vietnamese line naming the file; the report is still written for the rest."""

from __future__ import annotations

import json
import shutil
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from consolidation_helpers import PERIOD, UnitExport, export_unit

from app.bootstrap import Services
from app.domain.periods import parse_period
from app.reports.report_package import content_digest, read_package, write_package
from app.services.consolidation.consolidated import ConsolidationOptions
from app.services.consolidation.consolidation_service import Consolidation
from app.services.consolidation.package_check import LogKind


def _rewrite(source: Path, target: Path, change: dict[str, bytes]) -> Path:
    """A copy of the package with some members replaced byte for byte."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        for name in zin.namelist():
            zout.writestr(name, change.get(name, zin.read(name)))
    return target


def _consolidate(city: Services, files: list[Path]) -> Consolidation:
    return city.consolidation.consolidate(files, ConsolidationOptions(PERIOD))


def _refused(result: Consolidation) -> dict[str, str]:
    return {Path(line.file).name: line.message for line in result.log if line.kind is LogKind.REFUSED}


def test_tampered_package_is_refused_by_its_checksum(
    units: list[UnitExport], city: Services, tmp_path: Path
) -> None:
    with zipfile.ZipFile(units[0].package) as zf:
        figures = zf.read("figures.json").decode("utf-8")
    changed = figures.replace('"received_in_period": ', '"received_in_period": 1', 1).encode("utf-8")
    bad = _rewrite(units[0].package, tmp_path / "sua.hdbc", {"figures.json": changed})
    result = _consolidate(city, [bad, units[1].package])
    assert "mã kiểm tra SHA-256 của figures.json không khớp" in _refused(result)["sua.hdbc"]
    assert len(result.included) == 1
    assert result.report.xld01 == units[1].report.xld01
    refusals = next(n for n in result.report.notes if n.title == "Báo cáo không được tổng hợp")
    assert any("sua.hdbc" in line for line in refusals.lines)


def test_a_newer_schema_is_refused_with_its_version(
    units: list[UnitExport], city: Services, tmp_path: Path
) -> None:
    with zipfile.ZipFile(units[0].package) as zf:
        manifest = json.loads(zf.read("manifest.json"))
    manifest["schema_version"] = 7
    manifest["content_sha256"] = content_digest(7, manifest["app_version"], manifest["files"])
    newer = _rewrite(
        units[0].package, tmp_path / "moi.hdbc", {"manifest.json": json.dumps(manifest).encode()}
    )
    message = _refused(_consolidate(city, [newer]))["moi.hdbc"]
    assert "phiên bản cấu trúc 7" in message and "chỉ đọc phiên bản 1" in message


def test_another_period_an_empty_folder_a_lone_pdf(
    units: list[UnitExport], city: Services, tmp_path: Path
) -> None:
    empty = tmp_path / "trong"
    empty.mkdir()
    lone = tmp_path / "bao-cao-xa.pdf"
    lone.write_bytes(b"%PDF-1.4\n")
    result = city.consolidation.consolidate(
        [units[0].package, empty, lone], ConsolidationOptions(parse_period("2026-Q2"))
    )
    refused = _refused(result)
    assert "là báo cáo Quý III năm 2026" in refused[units[0].package.name]
    assert "không phải Quý II năm 2026" in refused[units[0].package.name]
    assert refused["trong"] == f"Thư mục «{empty}» không có gói báo cáo (.hdbc) nào."
    assert "là bản PDF không kèm gói số liệu" in refused["bao-cao-xa.pdf"]
    assert result.included == () and len(result.missing) == 114


def test_two_reports_of_one_unit_the_newer_number_wins(
    units: list[UnitExport], city: Services, tmp_path: Path
) -> None:
    package = read_package(units[0].package)
    changed = replace(package.report, xld01=replace(package.report.xld01, in_progress=0))  # type: ignore[arg-type]
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    older = tmp_path / "so-04.hdbc"
    write_package(older, replace(package.meta, document_number="04/BC-UBND"), changed, pdf)
    result = _consolidate(city, [units[0].package, older])
    assert [p.path for p in result.included] == [units[0].package]
    notes = [line.message for line in result.log if line.kind is LogKind.NOTE]
    assert any("dùng báo cáo số 05/BC-UBND" in n and "thay báo cáo số 04/BC-UBND" in n for n in notes)


def test_a_unit_whose_numbers_do_not_add_up_is_flagged_not_summed(
    units: list[UnitExport], city: Services, tmp_path: Path
) -> None:
    package = read_package(units[0].package)
    x = package.report.xld01
    assert x is not None
    wrong = replace(package.report, xld01=replace(x, received_total=x.received_total + 5))
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    bad = tmp_path / "sai-so.hdbc"
    write_package(bad, package.meta, wrong, pdf)
    result = _consolidate(city, [bad, units[1].package])
    assert result.flagged == (package.meta.unit_name,)
    assert "không khớp" in _refused(result)["sai-so.hdbc"]
    assert result.report.xld01 == units[1].report.xld01
    assert "Phường Nhị Chiểu" not in {u.name for u in result.missing}  # it reported, wrongly


def test_unknown_unit_is_summed_and_can_be_added_to_the_list(city: Services, tmp_path: Path) -> None:
    other = export_unit(tmp_path / "x", "Ủy ban nhân dân xã Đảo Mới", 9, PERIOD, number="2", cases=120)
    result = _consolidate(city, [other.package])
    assert result.unknown == ("Ủy ban nhân dân xã Đảo Mới",)
    assert len(result.included) == 1
    assert any("Thêm vào danh sách" in line.message for line in result.log)
    updated = city.consolidation.add_units(list(result.unknown))
    assert len(updated.units) == 115
    again = _consolidate(city, [other.package])
    assert again.unknown == () and len(again.missing) == 114
    city.consolidation.use_list("hai-phong-xa")  # back to the shipped list for the other tests
    assert len(city.consolidation.office_list().units) == 114


def test_a_copy_of_the_same_package_counts_once(
    units: list[UnitExport], city: Services, tmp_path: Path
) -> None:
    copy = tmp_path / "ban-sao.hdbc"
    shutil.copy(units[0].package, copy)
    result = _consolidate(city, [units[0].package, copy])
    assert len(result.included) == 1
    assert any("bản sao" in line.message for line in result.log)


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04 not really", b"just text"])
def test_garbage_is_refused_by_name(content: bytes, city: Services, tmp_path: Path) -> None:
    junk = tmp_path / "hong.hdbc"
    junk.write_bytes(content)
    assert "«hong.hdbc»" in _refused(_consolidate(city, [junk]))["hong.hdbc"]
