"""``hotline-desk reply …`` and ``hotline-desk callback …`` on a real database, audited as cli:<user>."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from app.__main__ import main
from app.domain.enums import CaseStatus
from app.models import AuditLog, Case
from app.services.accounts.auth_service import cli_actor
from app.services.cases.dto import NewCase
from app.settings import resolve
from tests.sample_office import command_line_services


def test_draft_approve_send_and_call_back_from_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HOTLINE_DATA_DIR", str(tmp_path))
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    services = command_line_services(resolve(db, data_dir=tmp_path))
    received = datetime.now().replace(microsecond=0)
    case_id = services.cases.create_case(
        NewCase(content="Ổ gà lớn trước số 12 Lạch Tray", citizen_name="Phạm Văn Hùng", received_at=received),
        None,
    ).id
    number = services.detail.get(case_id).number
    services.close()

    def run(*args: str) -> tuple[int, str]:
        code = main([*args, "--db", db])
        out = capsys.readouterr()
        return code, out.out + out.err

    assert run("reply", "send", number) == (2, f"Lỗi: Vụ việc {number} chưa có dự thảo trả lời.\n")
    assert run("reply", "draft", number, "--text", "  ")[0] == 2
    code, text = run("reply", "draft", number, "--text", "Đã vá ổ gà ngày hôm nay.")
    assert code == 0 and "Chờ lãnh đạo duyệt" in text
    code, text = run("reply", "return", number, "--comment", "Ghi rõ đơn vị thi công")
    assert code == 0 and "trả lại" in text
    assert run("reply", "approve", number)[0] == 2  # returned: not pending any more
    assert (
        run("reply", "draft", number, "--text", "Ngày hôm nay Công ty Công trình đô thị đã vá ổ gà.")[0] == 0
    )
    assert run("reply", "approve", number)[0] == 0
    code, text = run("callback", "record", number, "--result", "hai_long")
    assert code == 2 and "chưa đóng" in text
    assert run("reply", "send", number, "--method", "phone")[0] == 0
    code, text = run("callback", "list")
    assert code == 0 and number in text
    code, text = run("callback", "record", number, "--result", "chua_hai_long", "--note", "Ổ gà lại vỡ")
    assert code == 0 and "mở lại" in text
    services = command_line_services(resolve(db, data_dir=tmp_path))
    with services.sessions() as session:
        case = session.get(Case, case_id)
        assert case is not None and case.status == CaseStatus.IN_PROGRESS.value
        rows = session.execute(
            select(AuditLog.username, AuditLog.action).where(AuditLog.object_id == str(case_id))
        ).all()
    services.close()
    actions = [a for user, a in rows if user == cli_actor()]
    for step in ("case.reply_draft", "case.reply_submitted", "case.reply_returned", "case.reply_approved",
                 "case.reply_sent", "case.callback", "case.reopened"):  # fmt: skip
        assert step in actions, step


def test_notices_from_the_command_line_are_audited_and_refused_in_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import subprocess

    from app.domain.enums import CaseKind, Channel

    monkeypatch.setenv("HOTLINE_DATA_DIR", str(tmp_path))
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    services = command_line_services(resolve(db, data_dir=tmp_path))
    received = datetime.now().replace(microsecond=0)
    feedback = services.cases.create_case(NewCase(content="Đèn đường hỏng", received_at=received), None).id
    complaint = services.cases.create_case(
        NewCase(content="Khiếu nại việc thu phí trông xe", citizen_name="Vũ Thị Hoa", received_at=received,
                kind=CaseKind.COMPLAINT, channel=Channel.WALK_IN),
        None,
    ).id  # fmt: skip
    numbers = [services.detail.get(i).number for i in (feedback, complaint)]
    services.close()

    def run(*args: str) -> tuple[int, str]:
        code = main([*args, "--db", db])
        out = capsys.readouterr()
        return code, out.out + out.err

    out = tmp_path / "tb.pdf"
    code, text = run("reply", "notice", numbers[0], "--kind", "thu_ly", "--out", str(out))
    assert code == 2 and "Phản ánh không có thủ tục thụ lý giải quyết" in text and not out.exists()
    code, text = run("reply", "notice", numbers[1], "--kind", "ket_qua", "--out", str(out))
    assert code == 2 and "chưa giải quyết xong" in text and not out.exists()
    code, text = run("reply", "notice", numbers[1], "--kind", "khong_thu_ly", "--out", str(out))
    assert code == 2 and "Hãy ghi lý do không thụ lý" in text
    code, text = run(
        "reply", "notice", numbers[1], "--kind", "khong_thu_ly", "--out", str(out), "--document-no", "9",
        "--reason", "Việc thu phí không phải quyết định hành chính",
    )  # fmt: skip
    assert code == 0 and text.startswith(f"Đã in thông báo không thụ lý vụ việc {numbers[1]}")
    pdf = " ".join(
        subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout.split()
    )
    assert "Số: 9/TB-" in pdf and "Về việc không thụ lý giải quyết khiếu nại" in pdf and "Vũ Thị Hoa" in pdf
    services = command_line_services(resolve(db, data_dir=tmp_path))
    with services.sessions() as session:
        rows = session.execute(
            select(AuditLog.username, AuditLog.action).where(AuditLog.object_id == str(complaint))
        ).all()
    services.close()
    assert (cli_actor(), "case.form_printed") in [tuple(r) for r in rows]
