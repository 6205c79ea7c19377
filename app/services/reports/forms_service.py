"""Per-case forms (Phiếu chuyển đơn, Phiếu hướng dẫn, Giấy biên nhận, Phiếu thông tin vụ việc)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.domain.enums import CaseKind
from app.domain.permissions import Action
from app.domain.text import clean_text
from app.models import Case, CaseEvent
from app.reports.forms_types import CaseForm, CaseSheet, GuidanceNote, Receipt, ReceiptItem, TransferSlip
from app.reports.types import DocumentHeader, Recipients, Signature
from app.services.accounts.signed_in import SignedIn
from app.services.core.db_errors import translated
from app.services.core.errors import NotFoundError, ValidationError
from app.services.core.printable import require_printable
from app.services.reports import forms_data
from app.services.reports.register_rows import FORM_EVENT
from app.services.reports.register_service import issuing_body

SEALED_SHEET_NOTE = "Bản đã che thông tin người tố cáo (Điều 9 Luật Tố cáo)."
UNREDACTED_SHEET_NOTE = (
    "Bản có thông tin người tố cáo: chỉ người có thẩm quyền được xem (Điều 9 Luật Tố cáo)."
)


class FormKind(StrEnum):
    """Which form to print."""

    TRANSFER = "transfer"
    GUIDANCE = "guidance"
    RECEIPT = "receipt"
    SHEET = "sheet"

    @property
    def label(self) -> str:
        return FORM_LABELS[self]


FORM_LABELS = {
    FormKind.TRANSFER: "Phiếu chuyển đơn",
    FormKind.GUIDANCE: "Phiếu hướng dẫn",
    FormKind.RECEIPT: "Giấy biên nhận",
    FormKind.SHEET: "Phiếu thông tin vụ việc",
}
UNSEALABLE = (FormKind.TRANSFER, FormKind.SHEET)
"""Forms that print a denouncer's identity when asked for an unredacted copy."""
SYMBOLS = {FormKind.TRANSFER: "PC", FormKind.GUIDANCE: "PHD", FormKind.RECEIPT: "GBN", FormKind.SHEET: ""}


@dataclass(frozen=True, slots=True)
class FormOptions:
    """What the officer typed before printing.

    ``recipient``: the body the case is transferred to (default: the case's department) or, for
    the guidance note, the competent body the citizen should go to (required). ``document_number``
    is typed by the office ("12" or "12/PC-UBND"); blank leaves room to write it by hand.
    ``unredacted`` prints a denouncer's identity on the transfer slip and the case sheet (an
    authorised officer's own copy); the guidance note and the receipt never print it.
    """

    recipient: str = ""
    document_number: str = ""
    issued_on: date | None = None  # None: today
    guidance: str = ""
    documents: tuple[ReceiptItem, ...] = ()
    signer_name: str = ""
    signer_title: str = ""
    authority: str = "TM. ỦY BAN NHÂN DÂN"
    delegation: str = ""
    unredacted: bool = False
    user_id: int | None = None


class FormsService:
    """Builds form objects from a case id; :meth:`export` writes the PDF and logs the printing."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        office_id: int,
        clock: Callable[[], datetime] = datetime.now,
        *,
        signed_in: SignedIn,
    ) -> None:
        self._signed_in = signed_in
        self._sessions = sessions
        self._office_id = office_id
        self._clock = clock

    def case_id(self, number: str) -> int:
        """The id of the case numbered ``number`` ("2026-00042"); NotFoundError otherwise."""
        with translated(), self._sessions() as session:
            found = session.scalar(select(Case.id).where(Case.number == number.strip()))
        if found is None:
            raise NotFoundError(f"Không tìm thấy vụ việc số {number.strip()}.")
        return int(found)

    def build(self, kind: FormKind, case_id: int, options: FormOptions = FormOptions()) -> CaseForm:
        """The form object (for a preview or :func:`app.reports.forms_pdf.write_form_pdf`)."""
        self._signed_in.check_case(Action.READ_CONTENT, case_id)
        with translated(), self._sessions() as session:
            data = forms_data.load(session, case_id)
            printed_by = data.users.get(options.user_id or 0, "")
        require_printable(data.office.name, options.signer_name or data.office.leader_name)
        now = self._clock().replace(microsecond=0)
        sealed_kind = data.kind.is_sealed
        sealed = sealed_kind and not (options.unredacted and kind in UNSEALABLE)
        if sealed_kind and not sealed:  # an unredacted copy: the chief or an officer granted the case
            self._signed_in.check_case(Action.UNSEAL, case_id)
        header = self._header(data, kind, options, now.date())
        if kind is FormKind.SHEET:
            note = (UNREDACTED_SHEET_NOTE if options.unredacted else SEALED_SHEET_NOTE) if sealed_kind else ""
            return CaseSheet(
                header=header,
                case_number=data.case.number,
                fields=forms_data.sheet_fields(data, sealed),
                timeline=forms_data.timeline(data, sealed),
                replies=forms_data.replies(data, sealed),
                printed_at=now,
                printed_by=printed_by,
                sealed_note=note,
            )
        facts = forms_data.facts(data, sealed)
        if kind is FormKind.RECEIPT:
            return Receipt(
                header=header,
                facts=facts,
                handed_at=now,
                place=f"trụ sở {data.office.name}" if not data.office.address else data.office.address,
                receiver_name=printed_by or data.receiver,
                receiver_body=data.office.name,
                items=tuple(i for i in options.documents if clean_text(i.name)),
            )
        signature = Signature(
            signer_title=(options.signer_title or data.office.leader_title or "").upper(),
            signer_name=options.signer_name or data.office.leader_name,
            authority=options.authority,
            delegation=options.delegation,
        )
        recipient = clean_text(options.recipient, multiline=False)
        if kind is FormKind.GUIDANCE:
            if not recipient:
                raise ValidationError(
                    "recipient", "Hãy nhập cơ quan có thẩm quyền để hướng dẫn công dân đến."
                )
            return GuidanceNote(header, recipient, facts, signature, clean_text(options.guidance),
                                Recipients(("Như trên",), "hồ sơ"))  # fmt: skip
        recipient = recipient or data.department
        if not recipient:
            raise ValidationError("recipient", "Hãy nhập cơ quan, đơn vị nhận đơn chuyển.")
        copies = ["Như trên"]
        if not facts.petitioner.sealed and facts.petitioner.name:
            copies.append(f"Ông (bà) {facts.petitioner.name} (để biết)")
        return TransferSlip(header, recipient, facts, signature, Recipients(tuple(copies), "hồ sơ"))

    def export(self, kind: FormKind, case_id: int, out: Path, options: FormOptions = FormOptions()) -> Path:
        """Build, write ``out`` as a one-page PDF, and note the printing in the case history."""
        from app.reports.forms_pdf import write_form_pdf

        form = self.build(kind, case_id, options)
        write_form_pdf(form, out)
        self._record(kind, case_id, form, options)
        return out

    def _header(
        self, data: forms_data.Loaded, kind: FormKind, options: FormOptions, today: date
    ) -> DocumentHeader:
        office = data.office
        suffix = "".join(office.short_name.upper().split()) or "UBND"
        return DocumentHeader(
            parent_body=office.parent_body.upper(),
            issuing_body=issuing_body(office.short_name, office.name),
            title=kind.label,
            document_number=clean_text(options.document_number, multiline=False),
            document_symbol=f"{SYMBOLS[kind]}-{suffix}" if SYMBOLS[kind] else "",
            place=office.place_name or "Hải Phòng",
            issued_on=options.issued_on or today,
        )

    def _record(self, kind: FormKind, case_id: int, form: CaseForm, options: FormOptions) -> None:
        """A history line: which form, its number and addressee; never the sealed identity."""
        to = form.recipient if isinstance(form, TransferSlip) else ""
        to = form.competent_body if isinstance(form, GuidanceNote) else to
        number = form.header.document_number.strip() if SYMBOLS[kind] else ""
        if number and "/" not in number:
            number = f"{number}/{form.header.document_symbol}"
        note = kind.label + (f" số {number}" if number else "") + (f" gửi {to}" if to else "")
        data = {"form": kind.value, "to": to, "number": number, "unredacted": options.unredacted}
        with translated(), self._sessions.begin() as session:
            case = session.get(Case, case_id)
            if case is None:
                raise NotFoundError("Không tìm thấy vụ việc.")
            if options.unredacted and kind in UNSEALABLE and CaseKind(case.kind).is_sealed:
                note += " (bản có thông tin người tố cáo)"
            session.add(
                CaseEvent(
                    case_id=case_id,
                    at=self._clock().replace(microsecond=0),
                    user_id=options.user_id,
                    action=FORM_EVENT,
                    note=note,
                    data=json.dumps(data, ensure_ascii=False),
                )
            )
