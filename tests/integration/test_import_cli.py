"""``hotline-desk import`` and ``reentry`` as an administrator runs them on a fresh data folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from app.domain.enums import Channel
from app.services.cases.dto import CaseFilter, NewCase
from app.settings import resolve
from tests.sample_office import command_line_services

FIXTURES = Path(__file__).parent.parent / "fixtures" / "imports"


def _run(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HOTLINE_DATA_DIR": str(data_dir), "PYTHONIOENCODING": "utf-8"}
    env.pop("HOTLINE_DB_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "app", *args], capture_output=True, text=True, env=env, timeout=180
    )


def _export(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(["TỔNG ĐÀI 1022 - DANH SÁCH CUỘC GỌI"])
    ws.append(["Mã phản ánh", "Thời gian tiếp nhận", "Họ tên", "Điện thoại", "Nội dung", "Kênh"])
    ws.append(
        ["1022-1", "18/11/2026 08:30", "Nguyễn Văn An", "0912345678", "Mất nước sinh hoạt", "Tổng đài 1022"]
    )
    ws.append(["1022-2", "", "Trần Thị Bình", "0987654321", "Thiếu ngày", "Tổng đài 1022"])
    ws.append(["1022-3", "19/11/2026 10:00", "Lê Văn Cường", "12345", "Đèn đường hỏng", "1022"])
    wb.save(path)
    return path


def test_import_dry_run_rejects_and_reimport(tmp_path: Path) -> None:
    sheet = _export(tmp_path / "1022.xlsx")
    dry = _run(
        "import", str(sheet), "--source", "call_center_1022", "--dry-run", "--quiet", data_dir=tmp_path
    )
    assert dry.returncode == 1, dry.stderr
    assert "Sẽ nhập: 2" in dry.stdout and "Các dòng bị từ chối: 4" in dry.stdout
    assert "Dòng 4: Thiếu thời gian tiếp nhận." in dry.stdout
    rejects = tmp_path / "tu_choi.xlsx"
    done = _run("import", str(sheet), "--source", "call_center_1022", "--rejects", str(rejects), "--quiet",
                data_dir=tmp_path)  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert "Đã nhập: 2" in done.stdout and "Có cảnh báo: 1" in done.stdout
    assert load_workbook(rejects).active.cell(2, 1).value == "1022-2"
    again = _run("import", str(sheet), "--source", "call_center_1022", "--quiet", data_dir=tmp_path)
    assert "Đã nhập: 0" in again.stdout and "Đã có trong sổ (bỏ qua): 2" in again.stdout
    found = _run("find", "mat nuoc", data_dir=tmp_path)
    assert "Mất nước sinh hoạt" in found.stdout


def test_clean_file_exits_zero_and_bad_file_says_why(tmp_path: Path) -> None:
    ok = _run("import", str(FIXTURES / "utf8_bom_semicolon.csv"), "--quiet", data_dir=tmp_path)
    assert ok.returncode == 0 and "Đã nhập: 2" in ok.stdout
    bad = _run("import", str(FIXTURES / "tcvn3.csv"), data_dir=tmp_path)
    assert bad.returncode == 2 and "TCVN3" in bad.stderr and "Traceback" not in bad.stderr
    locked = _run("import", str(FIXTURES / "encrypted.xlsx"), data_dir=tmp_path)
    assert locked.returncode == 2 and "mật khẩu" in locked.stderr


def test_facebook_export_and_reentry(tmp_path: Path) -> None:
    fb = _run("import", str(FIXTURES / "facebook"), "--source", "facebook", "--quiet", data_dir=tmp_path)
    assert fb.returncode == 0 and "Đã nhập: 3" in fb.stdout
    out = tmp_path / "pakn.xlsx"
    first = _run("reentry", str(out), data_dir=tmp_path)
    assert first.returncode == 0 and "Đã xuất 3 vụ việc" in first.stdout
    assert load_workbook(out).active.max_row == 4
    second = _run("reentry", str(tmp_path / "lan2.xlsx"), data_dir=tmp_path)
    assert "Không có vụ việc nào cần xuất" in second.stdout


@pytest.mark.postgres
def test_import_duplicates_merge_and_export_on_postgresql(pg_url: str, tmp_path: Path) -> None:
    services = command_line_services(resolve(pg_url, data_dir=tmp_path))
    try:
        report = services.imports.run(_export(tmp_path / "1022.xlsx"), "call_center_1022")
        assert (report.imported, report.rejected_rows) == (2, (4,))
        assert services.imports.run(tmp_path / "1022.xlsx", "call_center_1022").already_present == 2
        found = services.query.page(CaseFilter(text="mat nuoc")).rows
        assert [r.citizen_name for r in found] == ["Nguyễn Văn An"]
        dup = services.duplicates.check(NewCase(content="Hỏi lại", phone="0912 345 678"))
        assert [m.reasons for m in dup] == [("Cùng số điện thoại",)]
        keep = services.cases.create_case(NewCase(content="Mất nước", channel=Channel.HOTLINE), None)
        services.merges.merge(keep.id, dup[0].case_id, "", None)
        assert services.merges.resolve(dup[0].case_id).id == keep.id
        assert services.reentry.export(tmp_path / "x.csv").count == 1
    finally:
        services.close()
