"""Department presets follow the kind of office: a commune gets «Công an xã», never «Công an phường»."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.domain.office_kind import OfficeKind, office_kind_of
from app.services.catalog.seed_service import OfficeSetup, department_presets
from app.services.demo.sample_office import SAMPLE_OFFICE
from app.settings import resolve
from tests.sample_office import command_line_services


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Ủy ban nhân dân phường Nhị Chiểu", OfficeKind.WARD),
        ("UBND xã Cẩm Giàng", OfficeKind.COMMUNE),
        ("Ủy ban nhân dân Xã An Lão", OfficeKind.COMMUNE),
        ("UBND xa Cam Giang", OfficeKind.COMMUNE),  # typed without marks
        ("UBND phuong Le Chan", OfficeKind.WARD),
        ("UBND đặc khu Cát Hải", OfficeKind.SPECIAL_ZONE),
        ("Sở Khoa học và Công nghệ Hải Phòng", OfficeKind.CITY_DEPARTMENT),
        ("Sở Lao động - Thương binh và Xã hội", OfficeKind.CITY_DEPARTMENT),  # not the "xã" of "xã hội"
        ("Văn phòng UBND thành phố Hải Phòng", OfficeKind.OTHER),
    ],
)
def test_the_kind_is_read_from_the_office_name(name: str, kind: OfficeKind) -> None:
    assert office_kind_of(name) is kind


def departments_of(tmp_path: Path, setup: OfficeSetup) -> list[str]:
    services = command_line_services(
        resolve(f"sqlite:///{tmp_path / 'h.db'}", data_dir=tmp_path), setup=setup
    )
    try:
        return [d.name for d in services.catalog.departments()]
    finally:
        services.close()


def test_a_commune_starts_with_its_own_police_and_economy_office(tmp_path: Path) -> None:
    names = departments_of(tmp_path, OfficeSetup(name="Ủy ban nhân dân xã Cẩm Giàng"))
    assert "Công an xã" in names and "Phòng Kinh tế" in names
    assert not any("phường" in n for n in names)
    assert "Phòng Kinh tế, Hạ tầng và Đô thị" not in names


def test_a_ward_keeps_its_presets(tmp_path: Path) -> None:
    names = departments_of(tmp_path, SAMPLE_OFFICE)  # the demo's office: phường Nhị Chiểu
    assert "Công an phường" in names and "Phòng Kinh tế, Hạ tầng và Đô thị" in names


def test_a_blank_office_starts_without_departments(tmp_path: Path) -> None:
    """A fresh install is not a sample ward: its departments come from the first-run setup."""
    assert departments_of(tmp_path, OfficeSetup()) == []


def test_a_city_department_has_no_commune_units(tmp_path: Path) -> None:
    names = departments_of(tmp_path, OfficeSetup(name="Sở Khoa học và Công nghệ Hải Phòng"))
    assert "Văn phòng Sở" in names
    assert not any(n.startswith(("Công an", "Ban Chỉ huy", "Văn phòng HĐND")) for n in names)


def test_every_kind_has_presets() -> None:
    for kind in OfficeKind:
        assert department_presets(kind), kind


def test_init_kind_overrides_the_name(tmp_path: Path) -> None:
    env = {**os.environ, "HOTLINE_DATA_DIR": str(tmp_path), "PYTHONIOENCODING": "utf-8"}
    env.pop("HOTLINE_DB_URL", None)
    args = [
        "init",
        "--office",
        "UBND Cát Hải",
        "--kind",
        "dac_khu",
        "--leader",
        "Vũ Đức Hải",
        "--admin-password",
        "Quantri@2026",
    ]
    done = subprocess.run(
        [sys.executable, "-m", "app", *args], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "Công an đặc khu" in done.stdout and "Công an phường" not in done.stdout
