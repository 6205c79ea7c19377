"""Reply drafts the chief signs: draft, send for approval, approve or return, record as sent.

Each step is one transaction with a history row (audited) on the case. A draft changed after it
was sent for approval cannot be approved as it is: the chief is shown what changed. Only an
approved reply can be recorded as sent, and sending closes the case («Đã trả lời công dân»).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.domain.enums import CaseKind, CaseStatus, ReplyMethod
from app.domain.permissions import Action
from app.domain.reply_loop import DraftStatus
from app.domain.text import clean_text
from app.models import Case, Citizen, Reply, ReplyDraft
from app.services.accounts.signed_in import SignedIn
from app.services.core.db_errors import translated
from app.services.core.errors import ConflictError, NotFoundError, TransitionError, ValidationError
from app.services.core.sealing import scrub
from app.services.replies.dto import DraftView
from app.services.replies.history import add_event, begin, case_id_by_number, load_case, touch

_ACTIVE = (DraftStatus.DRAFT, DraftStatus.PENDING, DraftStatus.RETURNED, DraftStatus.APPROVED)


class ReplyDraftService:
    """Write and read side of reply drafts (permissions checked here, not only in the screen)."""

    def __init__(
        self, sessions: sessionmaker[Session], clock: Callable[[], datetime], *, signed_in: SignedIn
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._signed_in = signed_in

    def _now(self) -> datetime:
        return self._clock().replace(microsecond=0)

    def _user(self) -> int | None:
        actor = self._signed_in.actor
        return actor.user_id if actor else None

    def case_id(self, number: str) -> int:
        """The id of the case with this printed number (for the command line)."""
        with self._sessions() as session:
            return case_id_by_number(session, number)

    def current(self, case_id: int) -> DraftView | None:
        """The case's latest draft (a sealed denunciation's text with the identity scrubbed)."""
        self._signed_in.check_case(Action.READ_CONTENT, case_id)
        with self._sessions() as session:
            case = load_case(session, case_id)
            draft = _latest(session, case_id)
            return _view(session, case, draft) if draft else None

    def save(
        self, case_id: int, text: str, *, expected_version: int | None = None, template_code: str = ""
    ) -> DraftView:
        """Write or change the draft; changing an approved one voids the approval."""
        body = clean_text(text, max_length=20_000)
        if not body:
            raise ValidationError("reply_text", "Chưa nhập nội dung trả lời công dân.")
        self._signed_in.check_case(Action.REPLY, case_id)
        with translated(), begin(self._sessions, self._signed_in) as session:
            case = load_case(session, case_id, lock=True)
            if not CaseStatus(case.status).is_open:
                raise TransitionError("Vụ việc đã kết thúc; hãy mở lại trước khi soạn trả lời.")
            draft = _active(session, case_id)
            now, user = self._now(), self._user()
            if draft is None:
                draft = ReplyDraft(
                    case_id=case_id, status=DraftStatus.DRAFT.value, text=body, template_code=template_code,
                    version=1, submitted_text="", comment="", author_id=user, created_at=now, updated_at=now,
                )  # fmt: skip
                session.add(draft)
            else:
                _check_version(draft, expected_version, case.number)
                if draft.text == body:
                    return _view(session, case, draft)
                draft.text, draft.version, draft.updated_at = body, draft.version + 1, now
                if draft.status in (DraftStatus.APPROVED.value, DraftStatus.RETURNED.value):
                    draft.status, draft.approver_id, draft.approved_at = DraftStatus.DRAFT.value, None, None
            add_event(session, case, now, user, "reply_draft", body[:200], {"version": draft.version})
            session.flush()
            return _view(session, case, draft)

    def submit(self, case_id: int) -> DraftView:
        """Send the draft to the chief for approval (its text as it is now)."""
        self._signed_in.check_case(Action.REPLY, case_id)
        with translated(), begin(self._sessions, self._signed_in) as session:
            case, draft = self._need_draft(session, case_id)
            changed = draft.text != draft.submitted_text
            if draft.status == DraftStatus.PENDING.value and not changed:
                raise TransitionError("Dự thảo đang chờ lãnh đạo duyệt.")
            if draft.status == DraftStatus.APPROVED.value:
                raise TransitionError("Dự thảo đã được duyệt; hãy ghi nhận đã gửi.")
            draft.status, draft.submitted_text = DraftStatus.PENDING.value, draft.text
            draft.submitted_version, draft.updated_at = draft.version, self._now()
            add_event(
                session, case, self._now(), self._user(), "reply_submitted", "", {"version": draft.version}
            )
            return _view(session, case, draft)

    def approve(self, case_id: int, *, expected_version: int | None = None) -> DraftView:
        """The chief approves the draft he was sent; a draft changed since is refused, with the changes."""
        self._signed_in.check_case(Action.APPROVE_REPLY, case_id)
        with translated(), begin(self._sessions, self._signed_in) as session:
            case, draft = self._need_draft(session, case_id)
            if draft.status != DraftStatus.PENDING.value:
                raise TransitionError(
                    f"Dự thảo đang ở trạng thái «{DraftStatus(draft.status).label}», chưa trình duyệt."
                )
            if draft.text != draft.submitted_text or (
                expected_version is not None and expected_version != draft.version
            ):
                raise ConflictError(
                    "Dự thảo đã được sửa sau khi trình duyệt; hãy xem thay đổi và để cán bộ trình lại.\n"
                    + changes(draft.submitted_text, draft.text)
                )
            now = self._now()
            draft.status, draft.approver_id, draft.approved_at = DraftStatus.APPROVED.value, self._user(), now
            draft.comment, draft.updated_at = "", now
            add_event(session, case, now, self._user(), "reply_approved", "", {"version": draft.version})
            return _view(session, case, draft)

    def return_draft(self, case_id: int, comment: str) -> DraftView:
        """The chief sends the draft back with a comment (kept in the case history)."""
        note = clean_text(comment, max_length=4000)
        if not note:
            raise ValidationError("comment", "Cần ghi ý kiến khi trả lại dự thảo.")
        self._signed_in.check_case(Action.APPROVE_REPLY, case_id)
        with translated(), begin(self._sessions, self._signed_in) as session:
            case, draft = self._need_draft(session, case_id)
            if draft.status != DraftStatus.PENDING.value:
                raise TransitionError("Chỉ trả lại được dự thảo đang chờ duyệt.")
            draft.status, draft.comment, draft.updated_at = DraftStatus.RETURNED.value, note, self._now()
            add_event(
                session, case, self._now(), self._user(), "reply_returned", note, {"version": draft.version}
            )
            return _view(session, case, draft)

    def send(self, case_id: int, method: ReplyMethod, replied_on: date, document_no: str = "") -> int:
        """Record the approved reply as sent: a reply row, the case «Đã trả lời công dân»."""
        self._signed_in.check_case(Action.REPLY, case_id)
        if replied_on > self._now().date():
            raise ValidationError("replied_on", "Ngày trả lời không được ở tương lai.")
        with translated(), begin(self._sessions, self._signed_in) as session:
            case, draft = self._need_draft(session, case_id)
            if draft.status != DraftStatus.APPROVED.value:
                raise TransitionError("Chỉ ghi nhận đã gửi được trả lời đã được lãnh đạo duyệt.")
            if replied_on < case.received_at.date():
                raise ValidationError("replied_on", "Ngày trả lời trước ngày tiếp nhận vụ việc.")
            now, user, current = self._now(), self._user(), case.status
            reply = Reply(
                case_id=case.id, replied_on=replied_on, method=method.value, text=draft.text,
                document_no=clean_text(document_no, max_length=60, multiline=False), user_id=user, created_at=now,
            )  # fmt: skip
            session.add(reply)
            session.flush()
            draft.status, draft.reply_id, draft.updated_at = DraftStatus.SENT.value, reply.id, now
            case.status, case.closed_at = CaseStatus.REPLIED.value, now
            touch(case, now)
            add_event(
                session, case, now, user, "reply_sent", f"{method.label}: {draft.text[:200]}",
                {"reply_id": reply.id, "version": draft.version}, from_status=current,
                to_status=CaseStatus.REPLIED.value,
            )  # fmt: skip
            return reply.id

    def awaiting_approval(self, limit: int = 200) -> list[DraftView]:
        """Drafts waiting for this chief (his departments), oldest first."""
        self._signed_in.check(Action.APPROVE_REPLY, "reply_draft")
        with self._sessions() as session:
            rows = session.execute(
                select(ReplyDraft, Case.id, Case.number, Case.kind, Case.citizen_id)
                .join(Case, Case.id == ReplyDraft.case_id)
                .where(ReplyDraft.status == DraftStatus.PENDING.value, *self._signed_in.visible_cases())
                .order_by(ReplyDraft.updated_at, ReplyDraft.id)
                .limit(limit)
            ).all()
            sealed = {r.citizen_id for r in rows if r.citizen_id and CaseKind(r.kind).is_sealed}
            citizens = {c.id: c for c in session.scalars(select(Citizen).where(Citizen.id.in_(sealed)))}
            return [
                _view(session, row, row[0], citizens) for row in rows
            ]  # case columns only, one citizen read

    def _need_draft(self, session: Session, case_id: int) -> tuple[Case, ReplyDraft]:
        case = load_case(session, case_id, lock=True)
        draft = _active(session, case_id)
        if draft is None:
            raise NotFoundError(f"Vụ việc {case.number} chưa có dự thảo trả lời.")
        return case, draft


def changes(before: str, after: str, limit: int = 30) -> str:
    """What changed between two texts, line by line (− removed, + added)."""
    lines = [
        ("− " if d[0] == "-" else "+ ") + d[2:]
        for d in difflib.ndiff(before.splitlines(), after.splitlines())
        if d[0] in "+-"
    ]
    return "\n".join(lines[:limit]) or "(chỉ khác khoảng trắng)"


def _check_version(draft: ReplyDraft, expected: int | None, number: str) -> None:
    if expected is not None and expected != draft.version:
        raise ConflictError(f"Dự thảo trả lời vụ việc {number} vừa được người khác sửa. Hãy tải lại.")


def _latest(session: Session, case_id: int) -> ReplyDraft | None:
    query = select(ReplyDraft).where(ReplyDraft.case_id == case_id).order_by(ReplyDraft.id.desc()).limit(1)
    return session.execute(query).scalar_one_or_none()


def _active(session: Session, case_id: int) -> ReplyDraft | None:
    draft = _latest(session, case_id)
    return draft if draft is not None and DraftStatus(draft.status) in _ACTIVE else None


class _CaseColumns(Protocol):
    """What a draft's view needs of its case (a Case, or a row of these columns)."""

    id: int
    number: str
    kind: str
    citizen_id: int | None


def _view(
    session: Session, case: _CaseColumns, draft: ReplyDraft, citizens: Mapping[int, Citizen] | None = None
) -> DraftView:
    text, submitted = draft.text, draft.submitted_text
    if CaseKind(case.kind).is_sealed and case.citizen_id:
        citizen = (
            citizens.get(case.citizen_id) if citizens is not None else session.get(Citizen, case.citizen_id)
        )
        if citizen is not None:
            secrets = (citizen.full_name, citizen.phone, citizen.id_number, citizen.address)
            text, submitted = scrub(text, *secrets), scrub(submitted, *secrets)
    return DraftView(
        draft.id, case.id, case.number, draft.status, DraftStatus(draft.status).label, text, draft.version,
        submitted, draft.comment, draft.author_id, draft.approver_id, draft.updated_at,
        draft.status == DraftStatus.PENDING.value and draft.text != draft.submitted_text,
    )  # fmt: skip
