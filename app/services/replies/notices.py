"""The notices the law names for a complaint or a denunciation, ready to sign (NĐ 30/2020 layout).

«Thông báo thụ lý», «thông báo không thụ lý» and «thông báo kết quả giải quyết» of a khiếu nại or
a tố cáo, from the texts of ``notices.json`` (forms of TT 05/2021/TT-TTCP, marked verify). The
notice is written by the reply letter's writer and audited the same way; a sealed denunciation's
notice shows the denouncer only in a copy asked for by an officer with the unseal right.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from app.domain.enums import CaseKind, CaseStatus
from app.domain.permissions import Action
from app.domain.reply_loop import NOTICE_PLACEHOLDERS, NoticeKind, fill_template, placeholders_of
from app.domain.text import clean_text
from app.models import Case
from app.reports.reply_letter import ReplyLetter, write_reply_letter_pdf
from app.resources import resource_path
from app.services.accounts.signed_in import SignedIn
from app.services.core.db_errors import translated
from app.services.core.errors import TransitionError, ValidationError
from app.services.replies import letter_parts
from app.services.replies.history import load_case
from app.services.replies.reply_letter import approved_text

NOTICE_KINDS = (CaseKind.COMPLAINT, CaseKind.DENUNCIATION)
RESOLVED = (CaseStatus.RESOLVED, CaseStatus.REPLIED, CaseStatus.CLOSED)
"""A result notice is printed once the case is resolved (and after the citizen was answered)."""


@dataclass(frozen=True, slots=True)
class NoticeOptions:
    """What the officer types: the number the office gives, the reason of a refusal, the result.

    ``result`` defaults to the reply the chief approved; ``result_document`` names the decision
    (khiếu nại) or the conclusion (tố cáo) the result notice refers to: "số 15/QĐ-UBND ngày …".
    """

    document_number: str = ""
    issued_on: date | None = None
    reason: str = ""
    result: str = ""
    result_document: str = ""
    unredacted: bool = False


def notice_texts() -> dict[str, dict[str, dict[str, Any]]]:
    """Per case kind and notice kind: title, subtitle, symbol, form, paragraphs, closing, copies."""
    path = resource_path("data", "notices.json")
    return dict(json.loads(path.read_text(encoding="utf-8"))["notices"])


def _refusal(kind: CaseKind, notice: NoticeKind) -> str | None:
    """Why ``notice`` does not exist for a case of ``kind`` (None when it does)."""
    if kind in NOTICE_KINDS:
        return None
    if kind is CaseKind.DENUNCIATION_INFO:
        return (
            f"Thông tin có nội dung tố cáo không phải là tố cáo theo Luật Tố cáo (Điều 25): không có "
            f"{notice.label.lower()}. Hãy in văn bản trả lời."
        )
    return (
        f"{kind.label} không có thủ tục thụ lý giải quyết: {notice.label.lower()} chỉ dành cho khiếu nại, "
        "tố cáo. Hãy in văn bản trả lời phản ánh, kiến nghị."
    )


def _d(day: date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


class NoticeService:
    """Builds and writes a case's notices; every refusal is a Vietnamese sentence, nothing written."""

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
        self._texts = notice_texts()

    def offered(self, case_id: int) -> bool:
        """Whether the case is of a kind the notices exist for (khiếu nại, tố cáo)."""
        self._signed_in.check_case(Action.READ_CONTENT, case_id)
        with translated(), self._sessions() as session:
            return CaseKind(load_case(session, case_id).kind) in NOTICE_KINDS

    def build(
        self, case_id: int, notice: NoticeKind, options: NoticeOptions = NoticeOptions()
    ) -> ReplyLetter:
        """The notice as a letter object (for the PDF writer); refused when the law has no such notice."""
        self._signed_in.check_case(Action.READ_CONTENT, case_id)
        with translated(), self._sessions() as session:
            case = load_case(session, case_id)
            refused = _refusal(CaseKind(case.kind), notice)
            if refused:
                raise TransitionError(refused)
            self._check(case, notice, options)
            who = letter_parts.sender(session, case, self._signed_in, unredacted=options.unredacted)
            office = letter_parts.office_of(session, self._office_id)
            result = clean_text(options.result) or _without_addressee(approved_text(session, case) or "")
            if notice is NoticeKind.RESULT and not result:
                raise ValidationError(
                    "result", "Chưa có nội dung kết quả giải quyết: hãy nhập, hoặc in sau khi lãnh đạo đã duyệt "
                    "văn bản trả lời."
                )  # fmt: skip
            values = self._values(case, office.name, who, options, result)
            data = self._texts[case.kind][notice.value]
            paragraphs = tuple(_fill(p, values) for p in data["paragraphs"] if _has_values(p, values))
            return ReplyLetter(
                letter_parts.header(office, data, options.document_number, options.issued_on or self._clock().date()),
                _addressee(CaseKind(case.kind), who), paragraphs, _fill(str(data["closing"]), values),
                letter_parts.leader_signature(office),
                letter_parts.copies(session, case, tuple(str(c) for c in data.get("copies", ()))),
            )  # fmt: skip

    def export(
        self, case_id: int, notice: NoticeKind, out: Path, options: NoticeOptions = NoticeOptions()
    ) -> Path:
        """Write the PDF and note the printing in the case history (audited like the other forms)."""
        letter = self.build(case_id, notice, options)
        write_reply_letter_pdf(letter, out)
        data = {"form": f"notice_{notice.value}", "unredacted": options.unredacted}
        letter_parts.record_printed(self._sessions, self._signed_in, self._clock(), case_id, letter, data)
        return out

    def _check(self, case: Case, notice: NoticeKind, options: NoticeOptions) -> None:
        status = CaseStatus(case.status)
        if notice is NoticeKind.ACCEPTED and case.accepted_on is None:
            raise TransitionError(
                f"Vụ việc {case.number} chưa được thụ lý: hãy ghi ngày và số quyết định thụ lý ở phần "
                "Thời hạn trước khi in thông báo thụ lý."
            )
        if notice is NoticeKind.NOT_ACCEPTED:
            if case.accepted_on is not None:
                raise TransitionError(
                    f"Vụ việc {case.number} đã thụ lý ngày {_d(case.accepted_on)}: không in thông báo không thụ lý."
                )
            if not clean_text(options.reason):
                raise ValidationError("reason", "Hãy ghi lý do không thụ lý (lý do được in trong thông báo).")
        if notice is NoticeKind.RESULT and status not in RESOLVED:
            raise TransitionError(
                f"Vụ việc {case.number} chưa giải quyết xong (trạng thái «{status.label}»): chỉ in thông báo "
                "kết quả giải quyết khi vụ việc đã giải quyết."
            )

    def _values(
        self, case: Case, office: str, who: letter_parts.Sender, options: NoticeOptions, result: str
    ) -> dict[str, str]:
        if who.sealed:
            person = f"người tố cáo {who.name}"
        else:
            person = f"Ông/Bà {who.name}" + (
                f" (địa chỉ: {who.address.strip()})" if who.address.strip() else ""
            )
        return {
            "co_quan": office, "so_vu_viec": case.number, "ngay_tiep_nhan": _d(case.received_at.date()),
            "nguoi_gui": person, "noi_dung": _sentence(who.hide(case.content)),
            "ngay_thu_ly": _d(case.accepted_on), "so_thu_ly": clean_text(case.acceptance_no, multiline=False),
            "han_giai_quyet": _d(case.due_date), "ly_do": _sentence(who.hide(clean_text(options.reason))),
            "ket_qua": _sentence(who.hide(result)),
            "van_ban_ket_qua": clean_text(options.result_document, multiline=False),
        }  # fmt: skip


def _addressee(kind: CaseKind, who: letter_parts.Sender) -> str:
    return f"{'Người tố cáo' if kind is CaseKind.DENUNCIATION else 'Ông/Bà'} {who.name}"


def _without_addressee(text: str) -> str:
    """The approved reply without its «Kính gửi: …» line (the notice has its own)."""
    return "\n".join(line for line in text.splitlines() if not line.strip().lower().startswith("kính gửi"))


def _has_values(text: str, values: Mapping[str, str]) -> bool:
    return all(values.get(name) for name in placeholders_of(text))


def _fill(text: str, values: Mapping[str, str]) -> str:
    return fill_template(text, values, NOTICE_PLACEHOLDERS)


def _sentence(text: str) -> str:
    """One paragraph's worth of typed text, ending with its full stop."""
    text = " ".join(text.split())
    return text if not text or text[-1] in ".!?…:" else text + "."
