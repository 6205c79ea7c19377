"""The report package format: figures round-trip exactly, any changed byte is caught."""

from __future__ import annotations

import json
import zipfile
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from app.reports import NoteSection, PeriodicReport, UnitXld01
from app.reports.package_json import decode_report, encode_report
from app.reports.report_package import (
    PackageError,
    PackageMeta,
    UnknownSchemaError,
    read_cases,
    read_package,
    read_pdf,
    write_package,
)
from app.services.consolidation.unit_list import name_key, shipped_lists

META = PackageMeta("UBND phường Nhị Chiểu", "10714", "quarter", date(2026, 3, 15), date(2026, 6, 14),
                   "Quý II năm 2026", True, "05/BC-UBND", date(2026, 6, 20))  # fmt: skip


def _package(report: PeriodicReport, tmp_path: Path) -> Path:
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(b"%PDF-1.4 bao cao\n")
    target = tmp_path / "bc.hdbc"
    write_package(target, META, report, pdf, report.cases)
    return target


def test_figures_round_trip_exactly(report: PeriodicReport, tmp_path: Path) -> None:
    extra = replace(report, xld01_units=(UnitXld01("Phường A", report.xld01),) if report.xld01 else (),
                    notes=(NoteSection("Ghi chú", ("một", "hai")),))  # fmt: skip
    package = read_package(_package(extra, tmp_path))
    assert package.meta == META  # period with the 15→14 cut-off, unit, code, number and date
    assert encode_report(package.report) == encode_report(extra)
    assert decode_report(encode_report(extra)) == replace(extra, cases=(), case_count=None, case_list=False)
    assert package.case_rows == len(list(read_cases(package.path)))
    assert read_pdf(package.path).startswith(b"%PDF")
    assert len(package.content_sha256) == 64


@pytest.mark.parametrize("member", ["figures.json", "cases.jsonl", "report.pdf"])
def test_one_changed_byte_in_any_member_is_caught(
    member: str, report: PeriodicReport, tmp_path: Path
) -> None:
    source = _package(report, tmp_path)
    bad = tmp_path / "bad.hdbc"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(bad, "w") as zout:
        for name in zin.namelist():
            data = zin.read(name)
            zout.writestr(name, data[:-2] + bytes([data[-2] ^ 1]) + data[-1:] if name == member else data)
    with pytest.raises(PackageError, match=f"«bad.hdbc».*SHA-256 của {member}"):
        read_package(bad)


def test_manifest_version_fields_are_covered_by_the_checksum(report: PeriodicReport, tmp_path: Path) -> None:
    source = _package(report, tmp_path)
    bad = tmp_path / "bad.hdbc"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(bad, "w") as zout:
        for name in zin.namelist():
            data = zin.read(name)
            if name == "manifest.json":
                manifest = json.loads(data)
                manifest["app_version"] = "9.9.9"
                data = json.dumps(manifest).encode()
            zout.writestr(name, data)
    with pytest.raises(PackageError, match="SHA-256 của gói không khớp"):
        read_package(bad)


def test_unknown_schema_names_its_version(report: PeriodicReport, tmp_path: Path) -> None:
    source = _package(report, tmp_path)
    newer = tmp_path / "new.hdbc"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(newer, "w") as zout:
        for name in zin.namelist():
            data = zin.read(name)
            if name == "manifest.json":
                data = json.dumps({**json.loads(data), "schema_version": 3}).encode()
            zout.writestr(name, data)
    with pytest.raises(UnknownSchemaError, match="phiên bản cấu trúc 3") as caught:
        read_package(newer)
    assert caught.value.version == 3


def test_names_match_across_spelling_and_prefixes() -> None:
    assert name_key("Ủy ban nhân dân phường Hòa Bình") == name_key("Phường Hoà Bình")
    assert name_key("UBND  phường Thủy Nguyên") == name_key("Phường Thuỷ Nguyên")
    assert name_key("Phường Hải An") != name_key("Phường Hai An")
    communes, departments = shipped_lists()
    assert len(communes.units) == 114 and len({u.code for u in communes.units}) == 114
    kinds = [u.name.split()[0] for u in communes.units]
    assert (kinds.count("Phường"), kinds.count("Xã"), kinds.count("Đặc")) == (45, 67, 2)
    assert departments.find("Sở Kế hoạch và Đầu tư").name == "Sở Tài chính"  # type: ignore[union-attr]
    assert departments.to_verify
