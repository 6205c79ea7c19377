"""``hotline-desk deadlines`` with extensions, suspensions, written petitions and estimated days."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest


def _run(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HOTLINE_DATA_DIR": str(data_dir), "PYTHONIOENCODING": "utf-8"}
    env.pop("HOTLINE_DB_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "app", "deadlines", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def _steps(*args: str, data_dir: Path) -> dict[str, dict[str, Any]]:
    result = _run(*args, "--json", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    return {item["step"]: item for item in json.loads(result.stdout)}


def test_two_extensions_and_a_suspension_answer_when_the_result_is_due(tmp_path: Path) -> None:
    # very complex tố cáo accepted 02/03/2026; suspended 10–19/03 (10 days); extensions of 30 days
    # decided 30/03 and 28/04: 30 + 10 + 30 + 30 = 100 days from 02/03 → Wed 10/06/2026
    steps = _steps(
        "to_cao", "2026-02-26", "--accepted", "2026-03-02", "--very-complex",
        "--suspend", "2026-03-10:2026-03-19",
        "--extension", "2026-03-30:30", "--extension", "2026-04-28:30",
        data_dir=tmp_path,
    )  # fmt: skip
    resolve = steps["resolve"]
    assert resolve["due"] == "2026-06-10" and resolve["count"] == 90 and resolve["main"]
    assert (
        "không tính 10 ngày tạm đình chỉ 10/03/2026–19/03/2026 (Luật Tố cáo 2018, Điều 34 khoản 2)"
        in (resolve["explanation"])
    )
    assert resolve["depends_on_estimated"] is False and resolve["skipped"] == []
    assert all("depends_on_estimated" in s and "skipped" in s for s in steps.values())


def test_json_lists_every_skipped_day_and_the_estimated_ones(tmp_path: Path) -> None:
    resolve = _steps("phan_anh", "2027-02-01", data_dir=tmp_path)["resolve"]
    assert resolve["due"] == "2027-02-22" and resolve["depends_on_estimated"] is True
    skipped = [s["date"] for s in resolve["skipped"]]
    assert skipped[:7] == [f"2027-02-{k:02d}" for k in range(4, 11)]
    assert {"date": "2027-02-04", "reason": "Tết Nguyên đán (trước Giao thừa)"} in resolve["skipped"]
    assert [u["date"] for u in resolve["uncertain_days"]] == [f"2027-02-{k:02d}" for k in (4, 5, 8, 9, 10)]
    assert "(tạm tính)" in resolve["explanation"]
    text = _run("phan_anh", "2027-02-01", data_dir=tmp_path).stdout
    assert "Giải quyết: hạn Thứ Hai 22/02/2027 (tạm tính)" in text


def test_a_written_petition_gets_the_processing_step(tmp_path: Path) -> None:
    steps = _steps("to_cao", "2025-12-26", "--written", data_dir=tmp_path)
    assert steps["process"]["due"] == "2026-01-12" and steps["process"]["rule"] == "tt05.process.to_cao"
    assert steps["transfer"]["due"] == "2026-01-06" and steps["accept"]["due"] == "2026-01-08"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("to_cao", "2026-02-26", "--accepted", "2026-03-02", "--complex", "--extension", "2026-04-02:30"),
         "hết hạn giải quyết 01/04/2026; chỉ được gia hạn trước khi hết thời hạn (Luật Tố cáo 2018, Điều 30)"),
        (("to_cao", "2026-02-26", "--accepted", "2026-03-02", "--complex", "--extension", "2026-03-20:31"),
         "vượt quá 30 ngày mỗi lần (Luật Tố cáo 2018, Điều 30)"),
        (("khieu_nai", "2026-06-01", "--accepted", "2026-06-01", "--suspend", "2026-06-10:2026-06-20"),
         "chỉ có hiệu lực từ 01/07/2026"),
        (("khieu_nai", "2026-03-02", "--accepted", "2026-03-03", "--extension", "2026-03-05:10"),
         "không được gia hạn thời hạn giải quyết (Luật Khiếu nại 2011, Điều 28, 37)"),
        (("phan_anh", "2026-03-02", "--extension", "2026-03-05:10"), "không được gia hạn"),
        (("to_cao", "2026-02-26", "--accepted", "2026-03-02", "--suspend", "2026-03-10:2026-03-20",
          "--suspend", "2026-03-15:2026-03-22"), "chồng nhau"),
        (("to_cao", "2026-02-26", "--accepted", "2026-03-02", "--suspend", "2026-03-10:2026-03-05"),
         "trước khi bắt đầu"),
        (("to_cao", "2026-02-26", "--accepted", "2026-03-02", "--extension", "2026-03-05"), "NGÀY_QUYẾT_ĐỊNH:SỐ_NGÀY"),
        (("to_cao", "2026-02-26", "--suspend", "2026-03-10"), "TỪ:ĐẾN"),
        (("to_cao", "2026-02-26", "--in-person", "--written"), "Chỉ chọn một trong --in-person hoặc --written"),
    ],
)  # fmt: skip
def test_refused_extension_or_suspension_exits_2_with_the_reason(
    tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    result = _run(*args, data_dir=tmp_path)
    assert result.returncode == 2, result.stdout
    assert result.stderr.startswith("Lỗi: ") and message in result.stderr
    assert result.stdout == ""
