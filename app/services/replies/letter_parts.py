"""What every letter to the citizen shares: the office's header and signature, the (sealed) sender,
and the audited «form printed» history row. Used by the reply letter and the notices."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from app.domain.enums import CaseKind
from app.domain.permissions import Action
from app.domain.text import clean_text
from app.models import Case, Citizen, Department, Office
from app.reports.reply_letter import ReplyLetter
from app.reports.types import DocumentHeader, Recipients, Signature
from app.services.accounts.signed_in import SignedIn
from app.services.core.db_errors import translated
from app.services.core.errors import NotFoundError
from app.services.core.printable import require_printable
from app.services.core.sealing import SEALED, scrub
from app.services.replies.history import add_event, begin, load_case

PRINTED_EVENT = "form_printed"
UNREDACTED_NOTE = " (bản có thông tin người tố cáo)"


@dataclass(frozen=True)
class Sender:
    """The citizen as a letter may print him: ``name`` is «(được bảo mật)» on a sealed copy."""

    name: str
    address: str
    sealed: bool
    secrets: tuple[str, ...]

    def hide(self, text: str) -> str:
        """``text`` with the sealed identity taken out (unchanged on an open copy)."""
        return scrub(text, *self.secrets) if self.sealed else text


def sender(session: Session, case: Case, signed_in: SignedIn, *, unredacted: bool) -> Sender:
    """Who wrote in; a sealed kind shows the identity only when asked by an officer with the unseal right."""
    sealed = CaseKind(case.kind).is_sealed
    if sealed and unredacted:
        signed_in.check_case(Action.UNSEAL, case.id)
    citizen = session.get(Citizen, case.citizen_id) if case.citizen_id else None
    if sealed and not unredacted:
        secrets = (citizen.full_name, citizen.phone, citizen.id_number, citizen.address) if citizen else ()
        return Sender(SEALED, "", True, tuple(s for s in secrets if s))
    name = (citizen.full_name if citizen else "") or "công dân"
    return Sender(name, citizen.address if citizen else "", False, ())


def office_of(session: Session, office_id: int) -> Office:
    office = session.get(Office, office_id)
    if office is None:
        raise NotFoundError("Chưa có thông tin cơ quan.")
    return office


def header(
    office: Office, texts: Mapping[str, Any], number: str, issued_on: date, *, title: str | None = None
) -> DocumentHeader:
    """The NĐ 30/2020 header of a letter of ``office``: title, summary line and symbol from ``texts``."""
    suffix = "".join(office.short_name.upper().split()) or "UBND"
    return DocumentHeader(
        parent_body=office.parent_body.upper(), issuing_body=office.name.upper(),
        title=title or str(texts["title"]), subtitle=str(texts["subtitle"]),
        document_number=clean_text(number, multiline=False), document_symbol=f"{texts['symbol']}-{suffix}",
        place=office.place_name or "Hải Phòng", issued_on=issued_on,
    )  # fmt: skip


def leader_signature(office: Office) -> Signature:
    require_printable(office.name, office.leader_name)
    return Signature(
        signer_title=(office.leader_title or "Chủ tịch").upper(), signer_name=office.leader_name,
        authority="TM. ỦY BAN NHÂN DÂN",
    )  # fmt: skip


def copies(session: Session, case: Case, extra: tuple[str, ...] = ()) -> Recipients:
    """Nơi nhận: «Như trên», the handling department, any copies the texts name, «Lưu: VT, hồ sơ …»."""
    department = session.get(Department, case.department_id) if case.department_id else None
    lines = ["Như trên", *([department.name] if department else []), *extra]
    return Recipients(tuple(lines), f"hồ sơ {case.number}")


def full_number(letter: ReplyLetter) -> str:
    """«12/TB-UBND» from what the office typed («12»); blank stays blank (written by hand)."""
    number = letter.header.document_number
    return f"{number}/{letter.header.document_symbol}" if number and "/" not in number else number


def record_printed(
    sessions: sessionmaker[Session],
    signed_in: SignedIn,
    at: datetime,
    case_id: int,
    letter: ReplyLetter,
    data: Mapping[str, object],
) -> None:
    """One «form printed» history row in its own transaction (audited; ``cli:<user>`` on the command line)."""
    number = full_number(letter)
    unredacted = bool(data.get("unredacted"))
    note = f"{letter.header.title} ({letter.header.subtitle})" + (f" số {number}" if number else "")
    with translated(), begin(sessions, signed_in) as session:
        case = load_case(session, case_id)
        actor = signed_in.actor
        add_event(session, case, at.replace(microsecond=0), actor.user_id if actor else None, PRINTED_EVENT,
                  note + (UNREDACTED_NOTE if unredacted else ""), {**data, "number": number})  # fmt: skip
