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
from app.domain.text import clean_text
from app.models import Case, Citizen, Department, Office, ReplyDraft
from app.reports.reply_letter import ReplyLetter, write_reply_letter_pdf
from app.reports.types import DocumentHeader, Recipients, Signature
from app.resources import resource_path
from app.services.accounts.signed_in import SignedIn
from app.services.core.db_errors import translated
from app.services.core.errors import NotFoundError, TransitionError
from app.services.core.sealing import SEALED, scrub
from app.services.replies.history import add_event, begin, load_case

PRINTED_EVENT = "form_printed"


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
            sealed = CaseKind(case.kind).is_sealed
            if sealed and unredacted:
                self._signed_in.check_case(Action.UNSEAL, case_id)
            draft = _approved(session, case)
            office = session.get(Office, self._office_id)
            if office is None:
                raise NotFoundError("Chưa có thông tin cơ quan.")
            citizen = session.get(Citizen, case.citizen_id) if case.citizen_id else None
            department = session.get(Department, case.department_id) if case.department_id else None
            text = draft.text
            name = (citizen.full_name if citizen else "") or "công dân"
            if sealed and not unredacted:
                secrets = (
                    (citizen.full_name, citizen.phone, citizen.id_number, citizen.address) if citizen else ()
                )
                text, name = scrub(text, *secrets), SEALED
            return self._letter(case, office, department, name, text, document_number, issued_on)

    def _letter(
        self, case: Case, office: Office, department: Department | None, name: str, text: str,
        number: str, issued_on: date | None,
    ) -> ReplyLetter:  # fmt: skip
        data = self._texts[case.kind]
        suffix = "".join(office.short_name.upper().split()) or "UBND"
        header = DocumentHeader(
            parent_body=office.parent_body.upper(), issuing_body=office.name.upper(), title=data["title"],
            subtitle=data["subtitle"], document_number=clean_text(number, multiline=False),
            document_symbol=f"{data['symbol']}-{suffix}", place=office.place_name or "Hải Phòng",
            issued_on=issued_on or self._clock().date(),
        )  # fmt: skip
        prefix = "Người tố cáo" if CaseKind(case.kind) is CaseKind.DENUNCIATION else "Ông/Bà"
        signature = Signature(
            signer_title=(office.leader_title or "Chủ tịch").upper(), signer_name=office.leader_name,
            authority="TM. ỦY BAN NHÂN DÂN",
        )  # fmt: skip
        copies = ["Như trên"] + ([department.name] if department else [])
        closing = str(data["closing"]).replace("{co_quan}", office.name)
        return ReplyLetter(
            header, f"{prefix} {name}", tuple(text.split("\n")), closing, signature,
            Recipients(tuple(copies), f"hồ sơ {case.number}"),
        )  # fmt: skip

    def export(self, case_id: int, out: Path, *, document_number: str = "", unredacted: bool = False) -> Path:
        """Write the PDF and note the printing in the case history (audited)."""
        letter = self.build(case_id, document_number=document_number, unredacted=unredacted)
        write_reply_letter_pdf(letter, out)
        number = letter.header.document_number
        if number and "/" not in number:
            number = f"{number}/{letter.header.document_symbol}"
        note = f"{letter.header.title} ({letter.header.subtitle})" + (f" số {number}" if number else "")
        with translated(), begin(self._sessions, self._signed_in) as session:
            case = load_case(session, case_id)
            actor = self._signed_in.actor
            data = {"form": "reply_letter", "number": number, "unredacted": unredacted}
            add_event(session, case, self._clock().replace(microsecond=0), actor.user_id if actor else None,
                      PRINTED_EVENT, note + (" (bản có thông tin người tố cáo)" if unredacted else ""), data)  # fmt: skip
        return out


def _approved(session: Session, case: Case) -> ReplyDraft:
    draft = session.execute(
        select(ReplyDraft).where(ReplyDraft.case_id == case.id).order_by(ReplyDraft.id.desc()).limit(1)
    ).scalar_one_or_none()
    if draft is None or draft.status not in (DraftStatus.APPROVED.value, DraftStatus.SENT.value):
        raise TransitionError("Chỉ in được văn bản trả lời đã được lãnh đạo duyệt.")
    return draft
