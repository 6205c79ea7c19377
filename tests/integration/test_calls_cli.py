"""``hotline-desk calls import`` and ``calls unmatched`` as an officer runs them (issue 16)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from app.domain.enums import CaseKind, Channel
from app.services.cases.dto import NewCase
from app.settings import resolve
from tests.sample_office import command_line_services

CALLS = Path(__file__).parents[1] / "fixtures" / "calls"


def _run(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HOTLINE_DATA_DIR": str(data_dir), "PYTHONIOENCODING": "utf-8"}
    env.pop("HOTLINE_DB_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "app", *args], capture_output=True, text=True, env=env, timeout=180
    )


def _register(data_dir: Path) -> None:
    services = command_line_services(resolve(None, data_dir=data_dir))
    try:
        for when, phone, kind in (
            ("2026-02-09 09:20", "0912000001", CaseKind.FEEDBACK),
            ("2026-02-23 09:00", "0912000003", CaseKind.FEEDBACK),
            ("2026-01-05 10:00", "0912000009", CaseKind.DENUNCIATION),
        ):
            services.cases.create_case(
                NewCase(content="Phản ánh", received_at=datetime.fromisoformat(when), phone=phone, kind=kind,
                        citizen_name="Nguyễn Văn Tố", channel=Channel.WALK_IN),
                None,
            )  # fmt: skip
    finally:
        services.close()


def test_import_dry_run_then_import_then_unmatched_json(tmp_path: Path) -> None:
    _register(tmp_path)
    file = str(CALLS / "calls-20260301080000.xml")
    dry = _run("calls", "import", file, "--dry-run", data_dir=tmp_path)
    assert dry.returncode == 0, dry.stderr
    assert "Kiểm tra (chưa ghi gì)" in dry.stdout and "Cuộc gọi, tin nhắn đã đọc: 431" in dry.stdout
    assert "Khớp vụ việc: 2" in dry.stdout and "Đã gọi lại: 1" in dry.stdout
    empty = _run("calls", "unmatched", "--json", data_dir=tmp_path)
    assert json.loads(empty.stdout) == []  # the dry run wrote nothing

    done = _run("calls", "import", file, data_dir=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Đã nhập trước đây: 0" in done.stdout
    again = _run("calls", "import", file, data_dir=tmp_path)
    assert "Đã nhập trước đây: 431" in again.stdout and "Khớp vụ việc: 0" in again.stdout

    listed = _run("calls", "unmatched", "--json", data_dir=tmp_path)
    assert listed.returncode == 0, listed.stderr
    items = json.loads(listed.stdout)
    assert {"time", "phone", "kind", "duration_s"} <= set(items[0])
    assert {i["kind"] for i in items} <= {"missed", "incoming", "rejected", "voicemail", "sms"}
    assert all(i["phone"] is None or i["phone"].startswith("+84") for i in items)
    assert any(i["phone"] is None for i in items)  # withheld numbers stay listed
    datetime.fromisoformat(items[0]["time"])
    phones = {i["phone"] for i in items}
    assert "+84912000001" not in phones and "+84912000002" in phones
    assert "Nguyễn Văn Tố" not in listed.stdout  # the denouncer's number is listed without a name

    text = _run("calls", "unmatched", data_dir=tmp_path)
    assert "Số ẩn" in text.stdout and "0912 000 002" in text.stdout


def test_sms_and_bad_files_through_the_cli(tmp_path: Path) -> None:
    sms = _run("calls", "import", str(CALLS / "sms-20260301080000.xml"), data_dir=tmp_path)
    assert sms.returncode == 0, sms.stderr
    items = json.loads(_run("calls", "unmatched", "--json", data_dir=tmp_path).stdout)
    assert [i["kind"] for i in items] == ["sms", "sms", "sms"]
    bomb = _run("calls", "import", str(CALLS / "bomb.xml"), data_dir=tmp_path)
    assert bomb.returncode == 2 and "bom XML" in bomb.stderr
    cut = _run("calls", "import", str(CALLS / "calls-truncated.xml"), data_dir=tmp_path)
    assert cut.returncode == 2 and "bị cắt cụt" in cut.stderr and "dòng 220" in cut.stderr
    csv = _run("calls", "import", str(CALLS / "call-log-tong-dai.csv"), data_dir=tmp_path)
    assert csv.returncode == 0 and "Dòng 6: Thời gian 07/12/2099 09:00 ở tương lai" in csv.stdout
    assert len(json.loads(_run("calls", "unmatched", "--json", data_dir=tmp_path).stdout)) == 3 + 4
