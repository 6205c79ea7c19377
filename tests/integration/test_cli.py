"""The command line as an office administrator uses it: init, demo, find."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def _run(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HOTLINE_DATA_DIR": str(data_dir), "PYTHONIOENCODING": "utf-8"}
    env.pop("HOTLINE_DB_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "app", *args], capture_output=True, text=True, env=env, timeout=120
    )


def test_init_demo_find_round_trip(tmp_path: Path) -> None:
    init = _run("init", "--office", "UBND xã Cẩm Giàng", "--leader", "Nguyễn Văn Hùng", data_dir=tmp_path)
    assert init.returncode == 0, init.stderr
    assert "UBND xã Cẩm Giàng" in init.stdout
    assert (tmp_path / "hotline.db").is_file()

    demo = _run("demo", "--cases", "3000", "--seed", "7", "--quiet", data_dir=tmp_path)
    assert demo.returncode == 0, demo.stderr
    assert "3,000" in demo.stdout

    found = _run("find", "cong thoat nuoc", "--json", data_dir=tmp_path)
    assert found.returncode == 0, found.stderr
    rows = json.loads(found.stdout)
    assert rows and all("Cống thoát nước" in r["excerpt"] for r in rows)
    assert {"number", "received_at", "status", "due_date"} <= rows[0].keys()

    phone = rows[0]["phone"]
    if phone and phone != "(được bảo mật)":
        by_phone = json.loads(_run("find", phone.replace(" ", "."), "--json", data_dir=tmp_path).stdout)
        assert rows[0]["number"] in {r["number"] for r in by_phone}


def test_explicit_db_option_wins_over_the_data_dir(tmp_path: Path) -> None:
    target = tmp_path / "khac.db"
    result = _run("--db", str(target), "init", data_dir=tmp_path / "unused")
    assert result.returncode == 0, result.stderr
    assert target.is_file()


def test_find_with_nothing_found_says_so(tmp_path: Path) -> None:
    _run("init", data_dir=tmp_path)
    result = _run("find", "khong co gi", data_dir=tmp_path)
    assert result.returncode == 0 and "Không tìm thấy" in result.stdout
