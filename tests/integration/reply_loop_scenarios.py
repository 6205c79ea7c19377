"""The loop back to the citizen through the real services, shared by the SQLite and PostgreSQL tests."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.bootstrap import Services
from app.domain.enums import CaseKind, CaseStatus, Channel, ReplyMethod, Role
from app.domain.permissions import Actor
from app.domain.reply_loop import CallbackResult, DraftStatus, FirstAnswerMethod
from app.models import AuditLog, Case, CaseEvent, Reply, ReplyDraft
from app.services.accounts.guard import PermissionDenied
from app.services.cases.dto import NewCase
from app.services.core.errors import ConflictError, NotFoundError, TransitionError, ValidationError
from app.services.core.sealing import SEALED

NOW = datetime(2026, 11, 20, 9, 30)
"""Friday 20/11/2026."""
PASSWORD = "Tr@cBan-2026"


@dataclass(frozen=True)
class Team:
    handler: Actor
    other_handler: Actor
    chief: Actor
    department: int
    other_department: int


def team(services: Services) -> Team:
    departments = services.catalog.departments()
    mine, other = departments[0].id, departments[-1].id

    def make(name: str, role: Role, department: int) -> Actor:
        services.auth.add_user("cli:test", name, role, f"Cán bộ {name}", department)
        services.auth.set_password("cli:test", name, PASSWORD)
        return services.auth.login(name, PASSWORD)

    return Team(
        make("xu.ly", Role.HANDLER, mine), make("xu.ly.khac", Role.HANDLER, other),
        make("lanh.dao", Role.CHIEF, mine), mine, other,
    )  # fmt: skip


def new_case(services: Services, crew: Team, **extra: object) -> int:
    """A phản ánh received by phone on Monday 16/11/2026, given to the crew's handler, in progress."""
    department = crew.department
    services.signed_in.sign_out()
    values: dict[str, object] = {
        "content": "Đèn chiếu sáng ngõ 45 Lạch Tray hỏng nhiều ngày.",
        "citizen_name": "Lê Văn Dân", "phone": "0912345678", "received_at": datetime(2026, 11, 16, 8, 0),
        "department_id": department, **extra,
    }  # fmt: skip
    case_id = services.cases.create_case(NewCase(**values), None).id  # type: ignore[arg-type]
    services.cases.assign(case_id, department, crew.handler.user_id, "Giao xử lý", None)
    services.cases.change_status(case_id, CaseStatus.IN_PROGRESS, "", None)
    return case_id


def audit_actions(services: Services, case_id: int) -> list[str]:
    with services.sessions() as session:
        return list(
            session.scalars(
                select(AuditLog.action)
                .where(AuditLog.object_type == "case", AuditLog.object_id == str(case_id))
                .order_by(AuditLog.id)
            )
        )


def status_of(services: Services, case_id: int) -> str:
    with services.sessions() as session:
        case = session.get(Case, case_id)
        assert case is not None
        return case.status


def first_answer_closes_the_notify_step(services: Services) -> None:
    crew = team(services)
    case_id = new_case(services, crew)
    services.signed_in.sign_in(crew.handler)
    before = services.first_answers.view(case_id)
    assert before.answered_on is None and before.due == date(2026, 11, 18)
    assert "Quy định của cơ quan" in before.rule
    assert case_id in [v.case_id for v in services.first_answers.unanswered()]
    with pytest.raises(ValidationError, match="Chưa nhập nội dung"):
        services.first_answers.record(case_id, FirstAnswerMethod.CALL_BACK, date(2026, 11, 17), "  ")
    done = services.first_answers.record(
        case_id, FirstAnswerMethod.CALL_BACK, date(2026, 11, 19), "Đã tiếp nhận, Phòng Kinh tế xử lý."
    )
    assert done.answered_on == date(2026, 11, 19) and done.on_time is False and done.method_label == "Gọi lại"
    assert case_id not in [v.case_id for v in services.first_answers.unanswered()]
    with pytest.raises(TransitionError, match="đã có trả lời ban đầu"):
        services.first_answers.record(case_id, FirstAnswerMethod.MESSAGE, date(2026, 11, 19), "Lần hai")
    assert "case.first_answer" in audit_actions(services, case_id)


def draft_approve_send(services: Services) -> None:
    crew = team(services)
    case_id = new_case(services, crew)
    drafts = services.reply_drafts
    services.signed_in.sign_in(crew.handler)
    with pytest.raises(ValidationError, match="Chưa nhập nội dung"):
        drafts.save(case_id, "   ")
    with pytest.raises(NotFoundError, match="chưa có dự thảo"):
        drafts.send(case_id, ReplyMethod.PHONE, NOW.date())
    code, text = services.reply_templates.fill_for_case(case_id)
    assert code == "phan_anh" and "Lê Văn Dân" in text and "16/11/2026" in text
    draft = drafts.save(case_id, text, template_code=code)
    with pytest.raises(TransitionError, match="đã được lãnh đạo duyệt"):
        drafts.send(case_id, ReplyMethod.PHONE, NOW.date())
    with pytest.raises(PermissionDenied):
        drafts.approve(case_id)  # a handler does not sign
    drafts.submit(case_id)
    changed = drafts.save(
        case_id, text + "\nĐã thay bóng đèn ngày 19/11/2026.", expected_version=draft.version
    )
    assert changed.changed_since_submitted
    services.signed_in.sign_in(crew.chief)
    assert [v.case_id for v in drafts.awaiting_approval()] == [case_id]
    with pytest.raises(ConflictError, match=r"(?s)sửa sau khi trình duyệt.*\+ Đã thay bóng đèn"):
        drafts.approve(case_id)
    assert drafts.current(case_id).status == DraftStatus.PENDING.value  # type: ignore[union-attr]
    drafts.return_draft(case_id, "Ghi rõ ngày sửa xong và đơn vị thực hiện.")
    services.signed_in.sign_in(crew.handler)
    returned = drafts.current(case_id)
    assert returned is not None and returned.status == "returned" and "ngày sửa xong" in returned.comment
    final = drafts.save(case_id, "Kính gửi Ông Lê Văn Dân. Ngày 19/11/2026 Phòng Kinh tế đã thay bóng đèn.")
    drafts.submit(case_id)
    services.signed_in.sign_in(crew.chief)
    with pytest.raises(ConflictError):
        drafts.approve(case_id, expected_version=final.version - 1)
    drafts.approve(case_id, expected_version=final.version)
    services.signed_in.sign_in(crew.handler)
    reply_id = drafts.send(case_id, ReplyMethod.PHONE, NOW.date())
    assert status_of(services, case_id) == CaseStatus.REPLIED.value
    with services.sessions() as session:
        reply = session.get(Reply, reply_id)
        assert reply is not None and reply.text.startswith("Kính gửi Ông Lê Văn Dân. Ngày 19/11")
    actions = audit_actions(services, case_id)
    for step in ("reply_draft", "reply_submitted", "reply_returned", "reply_approved", "reply_sent"):
        assert f"case.{step}" in actions, step


def refusals_change_nothing(services: Services) -> None:
    crew = team(services)
    case_id = new_case(services, crew)
    services.signed_in.sign_in(crew.other_handler)
    with pytest.raises(PermissionDenied) as refused:
        services.reply_drafts.save(case_id, "Trả lời của người ngoài đơn vị")
    services.signed_in.sign_in(crew.handler)
    with pytest.raises(PermissionDenied) as refused_approve:
        services.reply_drafts.return_draft(case_id, "Không được")
    assert refused.value.message and refused_approve.value.message
    with services.sessions() as session:
        assert session.scalar(select(func.count(ReplyDraft.id))) == 0
        denied = session.scalar(select(func.count(AuditLog.id)).where(AuditLog.action.like("%denied%")))
    assert denied and denied >= 2
    # A chief may approve his own draft.
    services.signed_in.sign_in(crew.chief)
    services.reply_drafts.save(case_id, "Lãnh đạo tự soạn trả lời.")
    services.reply_drafts.submit(case_id)
    assert services.reply_drafts.approve(case_id).status == DraftStatus.APPROVED.value


def sealed_reply_hides_identity(services: Services) -> None:
    crew = team(services)
    case_id = new_case(
        services, crew, kind=CaseKind.DENUNCIATION, channel=Channel.WALK_IN,
        citizen_name="Hoàng Thị Kín", phone="0987654321",
        content="Tôi là Hoàng Thị Kín, ĐT 0987 654 321, tố cáo cán bộ nhận tiền.",
    )  # fmt: skip
    services.signed_in.sign_in(crew.handler)
    _code, text = services.reply_templates.fill_for_case(case_id)
    assert "Hoàng Thị Kín" not in text and SEALED in text
    services.reply_drafts.save(case_id, "Kính gửi bà Hoàng Thị Kín (0987 654 321): đã nhận tố cáo.")
    shown = services.reply_drafts.current(case_id)
    assert shown is not None and "Hoàng Thị Kín" not in shown.text and "654" not in shown.text
    services.reply_drafts.submit(case_id)
    services.signed_in.sign_in(crew.chief)
    (queued,) = services.reply_drafts.awaiting_approval()
    assert queued.case_id == case_id and "Hoàng Thị Kín" not in queued.text and "654" not in queued.text


def callback_reopens(services: Services) -> None:
    crew = team(services)
    case_id = new_case(services, crew)
    services.signed_in.sign_in(crew.handler)
    with pytest.raises(TransitionError, match="chưa đóng"):
        services.callbacks.record(case_id, CallbackResult.SATISFIED)
    for round_ in range(2):
        services.signed_in.sign_in(crew.handler)
        services.reply_drafts.save(case_id, f"Trả lời lần {round_ + 1}: đã sửa đèn.")
        services.reply_drafts.submit(case_id)
        services.signed_in.sign_in(crew.chief)
        services.reply_drafts.approve(case_id)
        services.reply_drafts.send(case_id, ReplyMethod.PHONE, NOW.date())
        assert case_id in [i.case_id for i in services.callbacks.due_list()]
        with pytest.raises(ValidationError, match="chưa hài lòng về điều gì"):
            services.callbacks.record(case_id, CallbackResult.NOT_SATISFIED)
        assert services.callbacks.record(case_id, CallbackResult.NOT_SATISFIED, "Đèn lại hỏng") is True
        assert status_of(services, case_id) == CaseStatus.IN_PROGRESS.value
    with services.sessions() as session:
        case = session.get(Case, case_id)
        assert case is not None and case.closed_at is None
        assert case.due_date is not None and case.due_date > date(2026, 11, 30)  # restarted from 20/11
        assert "Mở lại ngày 20/11/2026" in case.due_rule
        reopened = session.scalar(
            select(func.count(CaseEvent.id)).where(
                CaseEvent.case_id == case_id, CaseEvent.action == "reopened"
            )
        )
    assert reopened == 2
    assert case_id not in [i.case_id for i in services.callbacks.due_list()]
    assert audit_actions(services, case_id).count("case.callback") == 2


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def reply_letter_from_the_approved_text(services: Services, folder: Path) -> None:
    crew = team(services)
    case_id = new_case(services, crew)
    services.signed_in.sign_in(crew.handler)
    services.reply_drafts.save(case_id, "Ngày 19/11/2026, Phòng Kinh tế đã thay bóng đèn ngõ 45 Lạch Tray.")
    with pytest.raises(TransitionError, match="đã được lãnh đạo duyệt"):
        services.reply_letters.export(case_id, folder / "early.pdf")
    assert not (folder / "early.pdf").exists()
    services.reply_drafts.submit(case_id)
    services.signed_in.sign_in(crew.chief)
    services.reply_drafts.approve(case_id)
    out = services.reply_letters.export(case_id, folder / "letter.pdf", document_number="12")
    text = " ".join(pdf_text(out).split())
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Số: 12/TB-", "ngày 20 tháng 11 năm 2026",
        "VĂN BẢN TRẢ LỜI PHẢN ÁNH, KIẾN NGHỊ", "Kính gửi: Ông/Bà Lê Văn Dân.",
        "Ngày 19/11/2026, Phòng Kinh tế đã thay bóng đèn ngõ 45 Lạch Tray.", "Nơi nhận:", "- Như trên;",
        "TM. ỦY BAN NHÂN DÂN",
    ):  # fmt: skip
        assert expected in text, expected
    assert "case.form_printed" in audit_actions(services, case_id)


def sealed_letter_hides_identity(services: Services, folder: Path) -> None:
    crew = team(services)
    case_id = new_case(
        services, crew, kind=CaseKind.DENUNCIATION, channel=Channel.WALK_IN, citizen_name="Hoàng Thị Kín",
        phone="0987654321", content="Tố cáo cán bộ địa chính nhận tiền.",
    )  # fmt: skip
    services.signed_in.sign_in(crew.handler)
    services.reply_drafts.save(case_id, "Bà Hoàng Thị Kín: kết quả xác minh đã có.")
    services.reply_drafts.submit(case_id)
    services.signed_in.sign_in(crew.chief)
    services.reply_drafts.approve(case_id)
    services.signed_in.sign_in(crew.handler)
    text = pdf_text(services.reply_letters.export(case_id, folder / "sealed.pdf"))
    assert "Hoàng Thị" not in text and "0987" not in text and SEALED in " ".join(text.split())
    with pytest.raises(PermissionDenied):
        services.reply_letters.export(case_id, folder / "open.pdf", unredacted=True)
    services.signed_in.sign_in(crew.chief)
    opened = pdf_text(services.reply_letters.export(case_id, folder / "open.pdf", unredacted=True))
    assert "Hoàng Thị Kín" in opened


def report_counts_the_loop(services: Services, folder: Path) -> None:
    """The report's figures equal what was recorded: first answers, queue, call-backs, reopenings."""
    from openpyxl import load_workbook

    from app.domain.periods import month
    from app.services.reports.report_service import ReportOptions, write_report

    crew = team(services)
    services.signed_in.sign_in(crew.handler)
    on_time, late, waiting, unreached = (new_case(services, crew) for _ in range(4))
    services.signed_in.sign_in(crew.handler)
    services.first_answers.record(on_time, FirstAnswerMethod.MESSAGE, date(2026, 11, 17), "Đã tiếp nhận")
    services.first_answers.record(late, FirstAnswerMethod.CALL_BACK, date(2026, 11, 20), "Đã tiếp nhận")
    services.reply_drafts.save(waiting, "Dự thảo chờ duyệt")
    services.reply_drafts.submit(waiting)
    results = (CallbackResult.SATISFIED, CallbackResult.NOT_SATISFIED, CallbackResult.UNREACHABLE)
    for case_id, result in zip((on_time, late, unreached), results, strict=True):
        if status_of(services, case_id) != CaseStatus.REPLIED.value:
            services.signed_in.sign_in(crew.handler)
            services.reply_drafts.save(case_id, "Đã xử lý xong.")
            services.reply_drafts.submit(case_id)
            services.signed_in.sign_in(crew.chief)
            services.reply_drafts.approve(case_id)
            services.reply_drafts.send(case_id, ReplyMethod.PHONE, NOW.date())
        services.signed_in.sign_in(crew.handler)
        services.callbacks.record(case_id, result, "Ghi chú cuộc gọi")
    services.signed_in.sign_in(crew.chief)
    report = services.reports.build(ReportOptions(month(2026, 11), include_cases=False))
    tables = {t.title: {r.label: r.counts for r in t.rows} for t in report.tables}
    first = tables["Trả lời ban đầu cho công dân (báo đã tiếp nhận, đơn vị xử lý)"]
    assert first == {"Trả lời ban đầu đúng hạn": (1,), "Trả lời ban đầu quá hạn": (1,)}
    called = tables["Kết quả gọi lại hỏi ý kiến công dân"]
    assert called == {
        "Hài lòng": (1,),
        "Chưa hài lòng (vụ việc được mở lại)": (1,),
        "Không liên lạc được": (1,),
    }
    department = services.catalog.departments()[0].name
    assert tables["Ý kiến công dân khi gọi lại, theo đơn vị xử lý"] == {department: (1, 1, 1)}
    text = " ".join(report.paragraphs)
    assert "1 dự thảo trả lời công dân đang chờ lãnh đạo duyệt" in text and "tỷ lệ hài lòng 50,0%" in text
    out = write_report(report, "xlsx", folder / "report.xlsx")
    cells = [
        str(c)
        for ws in load_workbook(out).worksheets
        for row in ws.iter_rows(values_only=True)
        for c in row
        if c
    ]
    assert "Kết quả gọi lại hỏi ý kiến công dân" in cells and "Chưa hài lòng (vụ việc được mở lại)" in cells
    pdf = " ".join(pdf_text(write_report(report, "pdf", folder / "report.pdf")).split())
    assert "Kết quả gọi lại hỏi ý kiến công dân" in pdf and "Trả lời ban đầu quá hạn" in pdf


def reopened_cases_remind_the_officer(services: Services) -> None:
    crew = team(services)
    case_id = new_case(services, crew)
    services.signed_in.sign_in(crew.handler)
    services.reply_drafts.save(case_id, "Đã sửa đèn.")
    services.reply_drafts.submit(case_id)
    services.signed_in.sign_in(crew.chief)
    services.reply_drafts.approve(case_id)
    services.reply_drafts.send(case_id, ReplyMethod.PHONE, NOW.date())
    assert services.callbacks.reopened_open(officer_id=crew.handler.user_id) == []
    services.callbacks.record(case_id, CallbackResult.NOT_SATISFIED, "Đèn lại tắt")
    number = services.reply_drafts.current(case_id).number  # type: ignore[union-attr]
    services.signed_in.sign_in(crew.handler)
    assert services.callbacks.reopened_open(officer_id=crew.handler.user_id) == [
        (case_id, number, "Đèn lại tắt")
    ]
    assert services.callbacks.reopened_open(officer_id=crew.other_handler.user_id) == []


def _reply_and_close(services: Services, crew: Team, case_id: int) -> None:
    services.signed_in.sign_in(crew.handler)
    services.reply_drafts.save(case_id, "Đã sửa đèn.")
    services.reply_drafts.submit(case_id)
    services.signed_in.sign_in(crew.chief)
    services.reply_drafts.approve(case_id)
    services.reply_drafts.send(case_id, ReplyMethod.PHONE, NOW.date())


def _due(services: Services, case_id: int) -> tuple[date | None, str]:
    with services.sessions() as session:
        case = session.get(Case, case_id)
        assert case is not None
        return case.due_date, case.due_rule


def reopened_deadline_survives_recompute(services: Services) -> None:
    """A case reopened on Friday 20/11 keeps counting from 20/11 through every bulk recompute.

    Received Monday 16/11: 10 working days from receipt end on 01/12 (24/11 is a day off from
    2026); from the reopening on 20/11 they end on 07/12. A day off added on Thursday 03/12 moves
    the reopened deadline to 08/12 (and could not touch a deadline counted from receipt).
    """
    crew = team(services)
    case_id = new_case(services, crew)
    _reply_and_close(services, crew, case_id)
    services.signed_in.sign_in(crew.handler)
    services.callbacks.record(case_id, CallbackResult.NOT_SATISFIED, "Đèn lại tắt")
    reopened, rule = _due(services, case_id)
    assert reopened == date(2026, 12, 7), rule
    assert "Mở lại ngày 20/11/2026" in rule
    services.signed_in.sign_out()  # the command line's own rights: settings and rule changes
    services.deadlines.recompute_open()  # after a rule-table change
    assert _due(services, case_id) == (reopened, rule)
    services.work_calendar.add_day_off(date(2026, 12, 3), "Nghỉ bù theo quyết định của thành phố", None)
    moved, moved_rule = _due(services, case_id)
    assert moved == date(2026, 12, 8), moved_rule
    assert "Mở lại ngày 20/11/2026" in moved_rule and "03/12/2026" in moved_rule
    services.work_calendar.remove_override(date(2026, 12, 3))
    assert _due(services, case_id) == (reopened, rule)
    field = services.catalog.fields()[-1].id  # a new field alone: the clock and its restart stay
    services.cases.reclassify(
        case_id, kind=CaseKind.FEEDBACK, field_id=field, note="Đổi lĩnh vực", user_id=None
    )
    assert _due(services, case_id) == (reopened, rule)
    services.cases.reclassify(
        case_id, kind=CaseKind.PETITION, field_id=field, note="Là kiến nghị", user_id=None
    )
    assert _due(services, case_id)[0] == reopened  # a new kind: still counted from the reopening
    deadlines = services.deadlines.case_deadlines(case_id)
    (resolve,) = [d for d in deadlines.due_dates if d.step == "resolve"]
    assert resolve.start_date == date(2026, 11, 20) and "kể từ ngày mở lại 20/11/2026" in resolve.explanation
    (notify,) = [d for d in deadlines.due_dates if d.step == "notify"]
    assert notify.start_date == date(2026, 11, 16)  # the first answer was due from receipt, as it was


def history_notes(services: Services, case_id: int) -> list[str]:
    with services.sessions() as session:
        return list(
            session.scalars(select(CaseEvent.note).where(CaseEvent.case_id == case_id).order_by(CaseEvent.id))
        )
