"""What a form needs from the database: the case, its petitioner (sealed or not), history, replies."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.case_events import CASE_EVENT_LABELS
from app.domain.enums import CaseKind, CaseStatus, Channel, ReplyMethod, Urgency
from app.domain.phone import format_phone
from app.models import Case, CaseEvent, Citizen, Department, Field, Office, Reply, User
from app.reports.forms_types import CaseFacts, Petitioner, ReplyEntry, TimelineEntry
from app.services.core.errors import NotFoundError
from app.services.core.sealing import SEALED, scrub
from app.services.reports.register_rows import FORM_EVENT

CHANNEL_PHRASES: dict[Channel, str] = {
    Channel.WALK_IN: "trực tiếp",
    Channel.LETTER: "qua đường bưu chính",
    Channel.HOTLINE: "qua đường dây nóng",
    Channel.FACEBOOK: "qua trang Facebook",
    Channel.SMART_HAIPHONG: "qua ứng dụng Smart Hải Phòng",
    Channel.CALL_CENTER_1022: "qua Tổng đài 1022",
    Channel.EMAIL: "qua thư điện tử",
    Channel.PORTAL: "qua Cổng dịch vụ công",
    Channel.OTHER: "",
}
KIND_WORDS: dict[CaseKind, str] = {
    CaseKind.FEEDBACK: "phản ánh",
    CaseKind.PETITION: "kiến nghị",
    CaseKind.COMPLAINT: "khiếu nại",
    CaseKind.DENUNCIATION: "tố cáo",
    CaseKind.DENUNCIATION_INFO: "thông tin có nội dung tố cáo",
}
LABELS = {**CASE_EVENT_LABELS, FORM_EVENT: "In biểu mẫu"}


@dataclass(frozen=True)
class Loaded:
    """One case read in one transaction, identity still in clear (sealing happens in the builders)."""

    case: Case
    kind: CaseKind
    citizen: Citizen | None
    office: Office
    department: str
    field: str
    officer: str
    receiver: str
    events: tuple[CaseEvent, ...]
    replies: tuple[Reply, ...]
    users: dict[int, str]

    @property
    def secrets(self) -> tuple[str, ...]:
        """The denouncer's identity as typed: name, address, ID number, phone."""
        c = self.citizen
        return (c.full_name, c.address, c.id_number or "", c.phone or "") if c else ()


def load(session: Session, case_id: int) -> Loaded:
    """Read the case and everything around it (NotFoundError when it does not exist)."""
    case = session.get(Case, case_id)
    if case is None:
        raise NotFoundError("Không tìm thấy vụ việc.")
    office = session.get(Office, case.office_id)
    assert office is not None
    users = {row.id: row.full_name for row in session.execute(select(User.id, User.full_name))}
    dept = session.get(Department, case.department_id) if case.department_id else None
    field = session.get(Field, case.field_id) if case.field_id else None
    events = session.scalars(
        select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(CaseEvent.at, CaseEvent.id)
    ).all()
    replies = session.scalars(
        select(Reply).where(Reply.case_id == case_id).order_by(Reply.replied_on, Reply.id)
    ).all()
    return Loaded(
        case=case,
        kind=CaseKind(case.kind),
        citizen=session.get(Citizen, case.citizen_id) if case.citizen_id else None,
        office=office,
        department=dept.name if dept else "",
        field=field.name if field else "",
        officer=users.get(case.officer_id or 0, ""),
        receiver=users.get(case.receiver_id or 0, ""),
        events=tuple(events),
        replies=tuple(replies),
        users=users,
    )


def petitioner(data: Loaded, sealed: bool) -> Petitioner:
    """The petitioner as printed: "(được bảo mật)" in place of a sealed identity."""
    c = data.citizen
    name = c.full_name.strip() if c else ""
    if sealed:
        who = "người tố cáo" if data.kind is CaseKind.DENUNCIATION else "người cung cấp thông tin"
        return Petitioner(f"{who} {SEALED}", SEALED, "", "", sealed=True)
    if not name:
        return Petitioner(
            "công dân (không nêu họ tên)", "", c.address if c else "", (c.id_number or "") if c else ""
        )
    return Petitioner(f"ông (bà) {name}", name, c.address if c else "", (c.id_number or "") if c else "")


def facts(data: Loaded, sealed: bool) -> CaseFacts:
    """The case as the transfer slip, guidance note and receipt tell it."""
    content = data.case.content
    return CaseFacts(
        office=data.office.name,
        case_number=data.case.number,
        received_at=data.case.received_at,
        kind=KIND_WORDS[data.kind],
        channel_phrase=CHANNEL_PHRASES[Channel(data.case.channel)],
        summary=scrub(content, *data.secrets) if sealed else content,
        petitioner=petitioner(data, sealed),
    )


def sheet_fields(data: Loaded, sealed: bool) -> tuple[tuple[str, str], ...]:
    """Every field of the case sheet; optional ones only when filled in."""
    case, c = data.case, data.citizen
    clean = (lambda text: scrub(text, *data.secrets)) if sealed else (lambda text: text)
    status = CaseStatus(case.status)
    due = f"{case.due_date:%d/%m/%Y}" if case.due_date else ""
    if due and case.due_rule:
        due += f" ({case.due_rule.splitlines()[0][:160]})"
    accepted = " ".join(
        p for p in (case.acceptance_no, f"{case.accepted_on:%d/%m/%Y}" if case.accepted_on else "") if p
    )
    identity = [
        ("Người phản ánh", SEALED if sealed else (c.full_name if c else "")),
        ("Điện thoại", SEALED if sealed and c and c.phone else (format_phone(c.phone) if c else "")),
        ("Số CCCD/hộ chiếu", SEALED if sealed and c and c.id_number else ((c.id_number or "") if c else "")),
        ("Địa chỉ", SEALED if sealed and c and c.address else (c.address if c else "")),
    ]
    rows = [
        ("Mã ngoài", case.external_ref, False),
        ("Thời điểm tiếp nhận", f"{case.received_at:%d/%m/%Y %H:%M}", True),
        ("Kênh tiếp nhận", Channel(case.channel).label, True),
        ("Loại", data.kind.label, True),
        ("Mức độ", Urgency(case.urgency).label, True),
        ("Lĩnh vực", data.field, True),
        *[(label, value, True) for label, value in identity],
        ("Địa điểm sự việc", clean(case.location), False),
        ("Nội dung", clean(case.content), True),
        ("Yêu cầu của công dân", clean(case.request), False),
        ("Đơn vị xử lý", data.department, True),
        ("Cán bộ xử lý", data.officer, True),
        ("Cán bộ tiếp nhận", data.receiver, True),
        ("Thụ lý", accepted, False),
        ("Hạn xử lý", due, True),
        ("Trạng thái", status.label, True),
        ("Kết thúc", f"{case.closed_at:%d/%m/%Y %H:%M}" if case.closed_at else "", False),
    ]
    return tuple((label, value or "") for label, value, always in rows if always or value)


def timeline(data: Loaded, sealed: bool) -> tuple[TimelineEntry, ...]:
    """History lines: what was done, with the status reached and the note (scrubbed when sealed)."""
    out = []
    for e in data.events:
        action = LABELS.get(e.action, e.action)
        if e.to_status and e.action in ("status", "reopened", "reply") and e.to_status != e.from_status:
            action += f" → {CaseStatus(e.to_status).label}"
        note = scrub(e.note, *data.secrets) if sealed else e.note
        out.append(TimelineEntry(e.at, data.users.get(e.user_id or 0, ""), action, note))
    return tuple(out)


def replies(data: Loaded, sealed: bool) -> tuple[ReplyEntry, ...]:
    return tuple(
        ReplyEntry(
            r.replied_on,
            ReplyMethod(r.method).label,
            r.document_no,
            scrub(r.text, *data.secrets) if sealed else r.text,
        )
        for r in data.replies
    )
