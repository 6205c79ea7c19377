"""``hotline-desk deadlines`` as an officer or a lawyer uses it: with and without a database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from app.settings import resolve
from tests.sample_office import command_line_services


def _run(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HOTLINE_DATA_DIR": str(data_dir), "PYTHONIOENCODING": "utf-8"}
    env.pop("HOTLINE_DB_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "app", *args], capture_output=True, text=True, env=env, timeout=120
    )


def _json(*args: str, data_dir: Path) -> list[dict[str, Any]]:
    result = _run("deadlines", *args, "--json", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    items: list[dict[str, Any]] = json.loads(result.stdout)
    return items


def _by_step(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {item["step"]: item for item in items}


def test_text_output_names_each_step_with_date_rule_and_citation(tmp_path: Path) -> None:
    result = _run("deadlines", "khieu_nai", "2026-11-20", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Khiếu nại — tiếp nhận Thứ Sáu 20/11/2026" in out
    assert "Thụ lý: hạn Thứ Tư 02/12/2026" in out and "[nd155.accept.first]" in out
    assert "Căn cứ: Luật Khiếu nại 2011, Điều 27" in out
    # 24/11/2026 is doubtful: the acceptance date depends on it and says so
    assert "24/11/2026 (Ngày Văn hóa Việt Nam)" in out and "Thụ lý: hạn Thứ Tư 02/12/2026 (tạm tính)" in out
    assert "Giải quyết: hạn Thứ Hai 04/01/2027 (dự kiến)" in out
    assert "01/01/2027–03/01/2027 (Tết Dương lịch, Thứ Bảy, Chủ nhật)" in out
    assert not (tmp_path / "hotline.db").exists()  # no database needed


def test_json_gives_step_due_rule_and_citation_for_every_step(tmp_path: Path) -> None:
    items = _json("to_cao", "2026-11-20", "--accepted", "2026-11-25", "--very-complex", data_dir=tmp_path)
    assert all({"step", "due", "rule", "citation", "explanation"} <= item.keys() for item in items)
    steps = _by_step(items)
    assert set(steps) == {"transfer", "notify", "accept", "resolve"}
    assert steps["resolve"]["due"] == "2026-12-25" and steps["resolve"]["rule"] == "ltc30.resolve.to_cao"
    assert steps["resolve"]["citation"] == "Luật Tố cáo 2018, Điều 30" and steps["resolve"]["main"]
    assert steps["accept"]["latest"] == "2026-12-07"
    assert [i["due"] for i in items] == sorted(i["due"] for i in items)


@pytest.mark.parametrize(
    ("args", "step", "due", "rule"),
    [
        (("khieu_nai", "2026-06-30"), "accept", "2026-07-14", "lkn27.accept.first"),
        (("khieu_nai", "2026-07-01"), "accept", "2026-07-10", "nd155.accept.first"),
        (("khieu_nai", "2026-07-01", "--second"), "accept", "2026-07-10", "nd155.accept.second"),
        (("khieu_nai", "2026-11-20", "--accepted", "2026-11-25", "--remote", "--complex"), "resolve",
         "2027-01-25", "lkn28.resolve.first.remote_complex"),
        (("khieu_nai", "2026-11-20", "--accepted", "2026-11-25", "--second"), "resolve", "2027-01-11",
         "lkn37.resolve.second"),
        (("phan_anh", "2026-02-13"), "resolve", "2026-03-06", "office.resolve.phan_anh"),
        (("phan_anh", "2026-08-20"), "resolve", "2026-09-07", "office.resolve.phan_anh"),
        (("to_cao_info", "2026-11-20"), "accept", "2026-12-02", "ltc25.accept.to_cao_info"),
    ],
)  # fmt: skip
def test_due_dates_follow_the_rule_in_force_and_the_calendar(
    tmp_path: Path, args: tuple[str, ...], step: str, due: str, rule: str
) -> None:
    found = _by_step(_json(*args, data_dir=tmp_path))[step]
    assert (found["due"], found["rule"]) == (due, rule)


def test_in_person_receipt_adds_the_notification_step(tmp_path: Path) -> None:
    # Not in person: the office's first answer (2 working days, to verify); in person: art. 28.
    first = _by_step(_json("phan_anh", "2026-11-20", data_dir=tmp_path))["notify"]
    assert first["rule"] == "office.notify.phan_anh" and first["due"] == "2026-11-25" and first["verify"]
    notify = _by_step(_json("phan_anh", "2026-11-20", "--in-person", data_dir=tmp_path))["notify"]
    assert notify["due"] == "2026-12-07" and "Tiếp công dân" in notify["citation"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("khieu", "2026-11-20"), "Loại vụ việc không hợp lệ: «khieu»"),
        (("phan_anh", "2026-02-30"), "Ngày tiếp nhận không hợp lệ: «2026-02-30»"),
        (("phan_anh", "20/11/2026"), "cần một ngày có thật dạng YYYY-MM-DD"),
        (
            ("khieu_nai", "2026-11-20", "--accepted", "2026-11-19"),
            "Ngày thụ lý 19/11/2026 trước ngày tiếp nhận",
        ),
        (("khieu_nai", "2026-11-20", "--accepted", "hôm qua"), "Ngày thụ lý không hợp lệ"),
        (("to_cao", "2026-11-20", "--complex", "--very-complex"), "Chỉ chọn một trong"),
        (("phan_anh", "2026-11-20", "--remote"), "không áp dụng cho phản ánh"),
        (("phan_anh", "2026-11-20", "--accepted", "2026-11-21"), "không có bước thụ lý"),
        (("phan_anh", "1890-01-01"), "phải trong các năm"),
    ],
)
def test_bad_input_is_refused_in_vietnamese_with_exit_code_2(
    tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    result = _run("deadlines", *args, data_dir=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr and result.stderr.startswith("Lỗi: ")
    assert result.stdout == ""


def test_with_db_the_office_overrides_count(tmp_path: Path) -> None:
    db = tmp_path / "office.db"
    services = command_line_services(resolve(f"sqlite:///{db}", data_dir=tmp_path))
    try:
        services.work_calendar.add_day_off(date(2026, 11, 25), "Nghỉ theo Quyết định 15/QĐ-UBND", None)
    finally:
        services.close()
    plain = _by_step(_json("phan_anh", "2026-11-20", data_dir=tmp_path / "none"))["resolve"]
    office = _by_step(_json("phan_anh", "2026-11-20", "--db", str(db), data_dir=tmp_path))["resolve"]
    assert (plain["due"], office["due"]) == ("2026-12-07", "2026-12-08")
    assert {"date": "2026-11-25", "reason": "Nghỉ theo Quyết định 15/QĐ-UBND"} in office["skipped"]
    text = _run("--db", str(db), "deadlines", "phan_anh", "2026-11-20", data_dir=tmp_path)
    assert "lịch làm việc của cơ quan" in text.stdout and "Thứ Ba 08/12/2026" in text.stdout
