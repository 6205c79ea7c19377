"""Reply templates per kind and field: shipped as data, edited by the office, filled for a case."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from app.domain.enums import CaseKind
from app.domain.permissions import Action
from app.domain.reply_loop import PLACEHOLDERS, TemplateError, check_template, fill_template
from app.domain.text import clean_text
from app.models import Case, Citizen, Department, Field, Office, Setting
from app.resources import resource_path
from app.services.accounts.signed_in import SignedIn
from app.services.core.db_errors import translated
from app.services.core.errors import NotFoundError, ValidationError
from app.services.core.sealing import SEALED, scrub
from app.services.replies.dto import TemplateView
from app.services.replies.history import begin, load_case

SETTING_KEY = "reply_templates"
"""The office's own template texts, ``{code: text}`` as JSON in the settings table."""


def shipped_templates() -> list[dict[str, Any]]:
    """The templates shipped in ``resources/data/reply_templates.json`` (each checked)."""
    path = resource_path("data", "reply_templates.json")
    items = list(json.loads(path.read_text(encoding="utf-8"))["templates"])
    for item in items:
        check_template(item["text"])
    return items


class ReplyTemplateService:
    """Lists, edits and fills reply templates; editing is a settings change (audited)."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        office_id: int,
        today: Callable[[], date],
        *,
        signed_in: SignedIn,
    ) -> None:
        self._sessions = sessions
        self._office_id = office_id
        self._today = today
        self._signed_in = signed_in
        self._shipped = shipped_templates()

    def templates(self) -> list[TemplateView]:
        """Every template, with the office's edits applied."""
        with self._sessions() as session:
            edits = _edits(session)
        return [
            TemplateView(t["code"], t["kind"], t.get("field"), t["title"], edits.get(t["code"], t["text"]),
                         t["code"] in edits)
            for t in self._shipped
        ]  # fmt: skip

    def save(self, code: str, text: str) -> None:
        """Replace the text of template ``code``; an unknown placeholder is refused, nothing saved."""
        self._signed_in.check(Action.MANAGE_SETTINGS, "reply_template", code)
        if code not in {t["code"] for t in self._shipped}:
            raise NotFoundError(f"Không có mẫu trả lời «{code}».")
        body = clean_text(text, max_length=20_000)
        try:
            check_template(body)
        except TemplateError as error:
            raise ValidationError("template", str(error)) from None
        with translated(), begin(self._sessions, self._signed_in) as session:
            edits = _edits(session)
            before = edits.get(code)
            edits[code] = body
            row = session.get(Setting, SETTING_KEY)
            value = json.dumps(edits, ensure_ascii=False)
            if row is None:
                session.add(Setting(key=SETTING_KEY, value=value))
            else:
                row.value = value
            self._signed_in.record(
                session, "reply_template.save", "reply_template", code, {"text": before}, {"text": body}
            )

    def fill_for_case(self, case_id: int) -> tuple[str, str]:
        """(template code, text) of the template for this case's kind and field, filled in.

        A sealed denunciation's identity is never written into the text: «(được bảo mật)».
        """
        self._signed_in.check_case(Action.REPLY, case_id)
        with self._sessions() as session:
            case = load_case(session, case_id)
            field = session.get(Field, case.field_id) if case.field_id else None
            chosen = self._choose(case.kind, field.code if field else None, _edits(session))
            values = _values(session, case, field, self._today(), self._office_id)
        return chosen[0], fill_template(chosen[1], values)

    def _choose(self, kind: str, field_code: str | None, edits: dict[str, str]) -> tuple[str, str]:
        same_kind = [t for t in self._shipped if t["kind"] == kind]
        exact = [t for t in same_kind if t.get("field") and t.get("field") == field_code]
        general = [t for t in same_kind if not t.get("field")]
        found = (exact or general)[0] if exact or general else None
        if found is None:
            raise NotFoundError(f"Chưa có mẫu trả lời cho loại vụ việc «{CaseKind(kind).label}».")
        return found["code"], edits.get(found["code"], found["text"])


def _edits(session: Session) -> dict[str, str]:
    row = session.get(Setting, SETTING_KEY)
    return dict(json.loads(row.value)) if row is not None else {}


def _values(session: Session, case: Case, field: Field | None, today: date, office_id: int) -> dict[str, str]:
    citizen = session.get(Citizen, case.citizen_id) if case.citizen_id else None
    department = session.get(Department, case.department_id) if case.department_id else None
    office = session.get(Office, office_id)
    name = citizen.full_name if citizen and citizen.full_name else ""
    content = (case.content or "").strip()[:300]
    if CaseKind(case.kind).is_sealed:
        name = SEALED
        if citizen is not None:
            content = scrub(content, citizen.full_name, citizen.phone, citizen.id_number, citizen.address)
    values = {
        "cong_dan": name or "công dân",
        "so_vu_viec": case.number,
        "ngay_tiep_nhan": case.received_at.strftime("%d/%m/%Y"),
        "ngay_tra_loi": today.strftime("%d/%m/%Y"),
        "don_vi": department.name if department else "đơn vị xử lý",
        "noi_dung": content,
        "linh_vuc": field.name if field else "",
        "co_quan": office.name if office else "",
    }
    assert set(values) == set(PLACEHOLDERS)
    return values
