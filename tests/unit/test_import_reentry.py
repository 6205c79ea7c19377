"""Export for re-entry: phone, Facebook and walk-in cases in the receiving system's column order, once."""

from __future__ import annotations

import csv
import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from app.bootstrap import Services
from app.domain.enums import CaseKind, Channel
from app.models import Case
from app.resources import resource_path
from app.services.cases.dto import NewCase
from app.services.channels.reentry_export import load_profiles
from app.services.core.errors import ValidationError

NOW = datetime(2026, 11, 20, 9, 30)


def _case(services: Services, channel: Channel, content: str, **kw: object) -> str:
    new = NewCase(content=content, channel=channel, received_at=NOW - timedelta(hours=2), **kw)  # type: ignore[arg-type]
    return services.cases.create_case(new, None).number


def test_shipped_profiles_load_and_name_known_values() -> None:
    profiles = load_profiles()
    assert {"pakn_quoc_gia", "smart_haiphong"} <= set(profiles)
    assert profiles["pakn_quoc_gia"].columns[0].header == "STT"


def test_only_phone_facebook_walk_in_cases_are_exported_once(services: Services, tmp_path: Path) -> None:
    phone = _case(services, Channel.HOTLINE, "Cống thoát nước bị tắc. Nước tràn vỉa hè.", citizen_name="Nguyễn Văn An",
                  phone="0912345678")  # fmt: skip
    fb = _case(services, Channel.FACEBOOK, "Đèn đường hỏng")
    _case(services, Channel.SMART_HAIPHONG, "Đã có trên Smart Hải Phòng")
    assert services.reentry.pending_count() == 2
    result = services.reentry.export(tmp_path / "pakn.xlsx")
    assert result.count == 2 and set(result.numbers) == {phone, fb}
    ws = load_workbook(result.path).active
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    spec = json.loads(resource_path("data", "reentry_columns.json").read_text("utf-8"))
    headers = [c["header"] for c in spec["profiles"]["pakn_quoc_gia"]["columns"]]
    assert rows[0] == headers
    first = dict(zip(headers, rows[1], strict=True))
    assert first["Tiêu đề"] == "Cống thoát nước bị tắc."
    assert first["Số điện thoại"] == "0912345678" and first["Hình thức tiếp nhận"] == "Đường dây nóng"
    assert first["Số hồ sơ tại cơ quan"] == phone
    with services.sessions() as session:
        marked = session.scalars(select(Case.number).where(Case.exported_at.is_not(None))).all()
    assert set(marked) == {phone, fb}
    assert services.reentry.export(tmp_path / "lan2.xlsx").count == 0
    assert services.reentry.export(tmp_path / "lai.xlsx", include_exported=True).count == 2


def test_csv_for_the_city_platform_and_sealed_identity(services: Services, tmp_path: Path) -> None:
    _case(services, Channel.WALK_IN, '=HYPERLINK("http://x")', citizen_name="Trần Thị Bình")
    _case(services, Channel.HOTLINE, "Tố cáo cán bộ nhận tiền", citizen_name="Lê Văn Cường", phone="0987654321",
          kind=CaseKind.DENUNCIATION_INFO)  # fmt: skip
    result = services.reentry.export(tmp_path / "shp.csv", "smart_haiphong")
    raw = result.path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel opens UTF-8 CSV with a BOM correctly
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert [r["Họ tên"] for r in rows] == ["Trần Thị Bình", ""]  # the denouncer stays in the office
    assert rows[1]["Điện thoại"] == ""


def test_text_starting_with_equals_stays_text_in_excel(services: Services, tmp_path: Path) -> None:
    _case(services, Channel.WALK_IN, "=1+1 là nội dung công dân gõ")
    ws = load_workbook(services.reentry.export(tmp_path / "x.xlsx").path).active
    cell = ws.cell(2, 3)
    assert cell.value == "=1+1 là nội dung công dân gõ" and cell.data_type == "s"


def test_bad_profile_or_suffix_is_refused(services: Services, tmp_path: Path) -> None:
    with pytest.raises(ValidationError):
        services.reentry.export(tmp_path / "x.xlsx", "khong_co")
    with pytest.raises(ValidationError):
        services.reentry.export(tmp_path / "x.pdf")


def test_export_is_audited_and_nothing_pending_writes_no_file(services: Services, tmp_path: Path) -> None:
    from app.models import AuditLog

    assert services.reentry.export(tmp_path / "rong.xlsx").count == 0
    assert not (tmp_path / "rong.xlsx").exists()
    number = _case(services, Channel.HOTLINE, "Mất điện khu tập thể")
    services.reentry.export(tmp_path / "x.csv", actor="cli:canbo")
    with services.sessions() as session:
        row = session.scalars(select(AuditLog).where(AuditLog.action == "case.reentry_export")).one()
    assert row.username == "cli:canbo" and json.loads(row.after)["first_number"] == number
    assert not list(tmp_path.glob(".xuat-*"))
