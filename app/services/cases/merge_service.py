"""Merge two cases into one; the merged number keeps pointing at the surviving case for good."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from app.domain.enums import CaseKind, CaseStatus, can_move
from app.domain.permissions import Action
from app.domain.text import clean_text
from app.models import Attachment, Case, CaseEvent, Citizen
from app.services.accounts.signed_in import SignedIn
from app.services.core.db_errors import translated
from app.services.core.errors import ConflictError, NotFoundError, ValidationError
from app.services.core.snapshot_reads import snapshot

MAX_HOPS = 20


@dataclass(frozen=True, slots=True)
class MergeResult:
    """Which case survived and which number now points to it."""

    survivor_id: int
    survivor_number: str
    merged_id: int
    merged_number: str
    moved_attachments: int


@dataclass(frozen=True, slots=True)
class CaseRef:
    """The case to open: ``id``/``number`` of the surviving case; ``via`` the merged number asked for."""

    id: int
    number: str
    via: str = ""


class MergeService:
    """Merges duplicates (lưu đơn trùng) and resolves merged numbers for search and opening."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        clock: Callable[[], datetime] = datetime.now,
        *,
        signed_in: SignedIn,
    ) -> None:
        self._signed_in = signed_in
        self._sessions = sessions
        self._clock = clock

    def merge(
        self,
        survivor_id: int,
        merged_id: int,
        note: str,
        user_id: int | None,
        expected_versions: tuple[int | None, int | None] = (None, None),
    ) -> MergeResult:
        """Fold ``merged_id`` into ``survivor_id``: its history, content and files stay reachable there."""
        if survivor_id == merged_id:
            raise ValidationError("merged_id", "Hãy chọn hai vụ việc khác nhau để gộp.")
        self._signed_in.check_case(Action.CHANGE_STATUS, survivor_id)
        self._signed_in.check_case(Action.CHANGE_STATUS, merged_id)
        note = clean_text(note, max_length=2000)
        now = self._clock().replace(microsecond=0)
        with translated(), self._sessions.begin() as session:
            survivor = self._load(session, survivor_id, expected_versions[0])
            merged = self._load(session, merged_id, expected_versions[1])
            for case in (survivor, merged):
                if case.merged_into_id is not None:
                    target = session.get(Case, case.merged_into_id)
                    shown = target.number if target else "vụ việc khác"
                    raise ValidationError("merged_id", f"Vụ việc {case.number} đã được gộp vào {shown}.")
            if CaseKind(survivor.kind).is_sealed != CaseKind(merged.kind).is_sealed:
                raise ValidationError(
                    "merged_id",
                    "Không gộp vụ việc có nội dung tố cáo (thông tin người tố cáo được bảo mật) với vụ việc thông thường.",
                )
            moved = self._move(session, survivor, merged)
            self._retire(session, survivor, merged, note, user_id, now)
            citizen = session.get(Citizen, merged.citizen_id) if merged.citizen_id else None
            data = {
                "merged_id": merged.id,
                "merged_number": merged.number,
                "received_at": merged.received_at.isoformat(sep=" "),
                "channel": merged.channel,
                "citizen_name": citizen.full_name if citizen and not CaseKind(merged.kind).is_sealed else "",
                "content": merged.content,
                "moved_attachments": moved,
            }
            text_ = f"Gộp vụ việc {merged.number} (tiếp nhận {merged.received_at:%d/%m/%Y %H:%M}) vào vụ việc này."
            if note:
                text_ += f" Lý do: {note}"
            session.add(self._event(survivor.id, user_id, now, "merged", text_, data))
            survivor.updated_at, survivor.version = now, survivor.version + 1
            return MergeResult(survivor.id, survivor.number, merged.id, merged.number, moved)

    def resolve(self, case_id: int) -> CaseRef:
        """The case to show for ``case_id``: itself, or where it was merged to (following the chain)."""
        with translated(), snapshot(self._sessions) as session:
            case = session.get(Case, case_id)
            if case is None:
                raise NotFoundError("Không tìm thấy vụ việc.")
            return self._follow(session, case)

    def resolve_number(self, number: str) -> CaseRef | None:
        """The case a number leads to (a merged number leads to the surviving case); ``None`` if unknown."""
        number = clean_text(number, multiline=False)
        with translated(), snapshot(self._sessions) as session:
            case = session.scalars(select(Case).where(Case.number == number)).first()
            return self._follow(session, case) if case is not None else None

    # --- helpers ------------------------------------------------------------------------
    @staticmethod
    def _follow(session: Session, case: Case) -> CaseRef:
        start, hops = case, 0
        while case.merged_into_id is not None and hops < MAX_HOPS:
            nxt = session.get(Case, case.merged_into_id)
            if nxt is None:
                break
            case, hops = nxt, hops + 1
        return CaseRef(case.id, case.number, start.number if case.id != start.id else "")

    @staticmethod
    def _load(session: Session, case_id: int, expected_version: int | None) -> Case:
        case = session.get(Case, case_id)
        if case is None:
            raise NotFoundError("Không tìm thấy vụ việc.")
        if expected_version is not None and case.version != expected_version:
            raise ConflictError(
                f"Vụ việc {case.number} vừa được người khác cập nhật. Hãy tải lại rồi gộp lại."
            )
        return case

    @staticmethod
    def _move(session: Session, survivor: Case, merged: Case) -> int:
        """Attachments follow the content; cases merged into ``merged`` now point at the survivor."""
        moved = session.scalar(select(func.count()).where(Attachment.case_id == merged.id))
        session.execute(update(Attachment).where(Attachment.case_id == merged.id).values(case_id=survivor.id))
        session.execute(
            update(Case).where(Case.merged_into_id == merged.id).values(merged_into_id=survivor.id)
        )
        return int(moved or 0)

    def _retire(
        self, session: Session, survivor: Case, merged: Case, note: str, user_id: int | None, now: datetime
    ) -> None:
        current = CaseStatus(merged.status)
        target = CaseStatus.FILED if can_move(current, CaseStatus.FILED) else current
        merged.status = target.value
        merged.merged_into_id = survivor.id
        merged.closed_at = merged.closed_at or now
        merged.updated_at, merged.version = now, merged.version + 1
        text_ = f"Đã gộp vào vụ việc {survivor.number}; theo dõi tiếp tại vụ việc đó."
        if note:
            text_ += f" Lý do: {note}"
        event = self._event(merged.id, user_id, now, "merged_into", text_, {"survivor_id": survivor.id})
        event.from_status, event.to_status = current.value, target.value
        session.add(event)

    @staticmethod
    def _event(
        case_id: int, user_id: int | None, now: datetime, action: str, note: str, data: dict[str, object]
    ) -> CaseEvent:
        return CaseEvent(
            case_id=case_id,
            at=now,
            user_id=user_id,
            action=action,
            from_status=None,
            to_status=None,
            note=note,
            data=json.dumps(data, ensure_ascii=False),
        )
