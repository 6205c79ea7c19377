"""The reply letter ready to sign (NĐ 30/2020 layout) from the approved text; printing is audited.

Letter titles, symbols and closing sentences per kind are data (``reply_letters.json``, to be
checked by the office). Only an approved (or sent) reply prints. A sealed denunciation's letter
shows the identity only in a copy asked for by an officer with the unseal right.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.domain.enums import CaseKind
from app.domain.permissions import Action
from app.domain.reply_loop import DraftStatus
from app.models import Case, ReplyDraft
from app.reports.reply_letter import ReplyLetter, write_reply_letter_pdf
from app.resources import resource_path
from app.services.accounts.signed_in import SignedIn
from app.services.core.db_errors import translated
from app.services.core.errors import TransitionError
from app.services.replies import letter_parts
from app.services.replies.history import load_case


def letter_texts() -> dict[str, dict[str, Any]]:
    """Per kind: title, subtitle, symbol, basis, closing (shipped data, marked verify)."""
    path = resource_path("data", "reply_letters.json")
    return dict(json.loads(path.read_text(encoding="utf-8"))["letters"])


class ReplyLetterService:
    """Builds and writes the reply letter of a case."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        office_id: int,
        clock: Callable[[], datetime],
        *,
        signed_in: SignedIn,
    ) -> None:
        self._sessions = sessions
        self._office_id = office_id
        self._clock = clock
        self._signed_in = signed_in
        self._texts = letter_texts()

    def build(
        self,
        case_id: int,
        *,
        document_number: str = "",
        issued_on: date | None = None,
        unredacted: bool = False,
    ) -> ReplyLetter:
        """The letter object (for a preview or the PDF writer)."""
        self._signed_in.check_case(Action.READ_CONTENT, case_id)
        with translated(), self._sessions() as session:
            case = load_case(session, case_id)
            who = letter_parts.sender(session, case, self._signed_in, unredacted=unredacted)
            text = approved_text(session, case)
            if text is None:
                raise TransitionError("Chỉ in được văn bản trả lời đã được lãnh đạo duyệt.")
            text = who.hide(text)
            office = letter_parts.office_of(session, self._office_id)
            data = self._texts[case.kind]
            prefix = "Người tố cáo" if CaseKind(case.kind) is CaseKind.DENUNCIATION else "Ông/Bà"
            closing = str(data["closing"]).replace("{co_quan}", office.name)
            return ReplyLetter(
                letter_parts.header(office, data, document_number, issued_on or self._clock().date()),
                f"{prefix} {who.name}", tuple(text.split("\n")), closing, letter_parts.leader_signature(office),
                letter_parts.copies(session, case),
            )  # fmt: skip

    def export(self, case_id: int, out: Path, *, document_number: str = "", unredacted: bool = False) -> Path:
        """Write the PDF and note the printing in the case history (audited)."""
        letter = self.build(case_id, document_number=document_number, unredacted=unredacted)
        write_reply_letter_pdf(letter, out)
        data = {"form": "reply_letter", "unredacted": unredacted}
        letter_parts.record_printed(self._sessions, self._signed_in, self._clock(), case_id, letter, data)
        return out


def approved_text(session: Session, case: Case) -> str | None:
    """The text of the latest reply once the chief approved it (or it was sent); else None."""
    draft = session.execute(
        select(ReplyDraft).where(ReplyDraft.case_id == case.id).order_by(ReplyDraft.id.desc()).limit(1)
    ).scalar_one_or_none()
    if draft is None or draft.status not in (DraftStatus.APPROVED.value, DraftStatus.SENT.value):
        return None
    return draft.text
