"""Read side of the audit log (nhật ký hệ thống) for the chief and the administrator: filters, pages, export."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, false, func, or_, select
from sqlalchemy.orm import Session, sessionmaker

from app.domain import audit_actions as words
from app.domain.permissions import Action, Actor, allowed
from app.domain.text import fold
from app.models import AuditLog, Case, Department, Field, User
from app.services.accounts.signed_in import SignedIn
from app.services.core.db_errors import translated

PAGE_SIZE = 200
EXPORT_CHUNK = 2000
MIN_LABEL_MATCH = 3
"""Free text this long also finds actions by their label ("dang nhap" → «Đăng nhập»)."""
HIDDEN = "(ẩn)"
PRIVATE_KEYS = frozenset({"content", "citizen_name", "phone", "address", "request"})
"""Citizen data copied into a few case events; only officers who may read case content see it."""

_COLUMNS: tuple[Any, ...] = (
    AuditLog.id, AuditLog.at, AuditLog.username, AuditLog.action, AuditLog.object_type,
    AuditLog.object_id, AuditLog.before, AuditLog.after,
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class AuditFilter:
    """What to show; empty fields mean any. ``action`` ending in "." is a prefix ("case.")."""

    date_from: date | None = None
    date_to: date | None = None
    username: str = ""
    """Account name, exact or its beginning."""
    action: str = ""
    object_type: str = ""
    object_id: str = ""
    """An object's id; for cases also the case number ("2026/000123")."""
    text: str = ""
    """Free text over account, object id, before/after snapshots and action labels."""

    def describe(self) -> str:
        """The filter in words, for the export's title and its audit row ("" when there is none)."""
        parts: list[str] = []
        if self.date_from and self.date_to:
            parts.append(f"từ ngày {self.date_from:%d/%m/%Y} đến ngày {self.date_to:%d/%m/%Y}")
        elif self.date_from:
            parts.append(f"từ ngày {self.date_from:%d/%m/%Y}")
        elif self.date_to:
            parts.append(f"đến ngày {self.date_to:%d/%m/%Y}")
        if self.username.strip():
            parts.append(f"tài khoản «{self.username.strip()}»")
        if self.action.strip():
            parts.append(f"hành động «{words.action_label(self.action.strip())}»")
        if self.object_type.strip():
            parts.append(f"đối tượng «{words.object_label(self.object_type.strip())}»")
        if self.object_id.strip():
            parts.append(f"mã «{self.object_id.strip()}»")
        if self.text.strip():
            parts.append(f"có chữ «{self.text.strip()}»")
        return ", ".join(parts)

    def as_record(self) -> dict[str, str]:
        """The non-empty fields as JSON-friendly text (for the ``audit.export`` row)."""
        return {k: str(v) for k, v in asdict(self).items() if v not in (None, "")}


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One audit row ready to show: labels in Vietnamese, snapshots as readable lines."""

    id: int
    at: datetime
    username: str
    action: str
    action_label: str
    object_type: str
    object_label: str
    object_id: str
    object_ref: str
    """What an officer recognises: the case number for a case, else the stored id."""
    before: str
    after: str
    change: str
    """Before and after in one line ("trạng thái: Mới tiếp nhận → Đã giao xử lý")."""


@dataclass(frozen=True, slots=True)
class AuditEntryPage:
    """Rows newest first; pass ``next_after_id`` back for the next page (None: no more)."""

    rows: tuple[AuditEntry, ...]
    next_after_id: int | None


class AuditQuery:
    """Filters and pages over ``audit_log`` by id (keyset, newest first): instant on a million rows."""

    def __init__(self, sessions: sessionmaker[Session], *, signed_in: SignedIn) -> None:
        self._sessions = sessions
        self._signed_in = signed_in

    def _check(self, actor: Actor) -> None:
        """Chief or administrator only; a refusal is itself audited."""
        self._signed_in.as_actor(actor).check(Action.VIEW_AUDIT, "audit_log")

    def page(
        self, actor: Actor, flt: AuditFilter, after_id: int | None = None, limit: int = PAGE_SIZE
    ) -> AuditEntryPage:
        """One page of rows older than ``after_id`` (all from the newest when None)."""
        self._check(actor)
        with translated(), self._sessions() as session:
            rows = self._fetch(session, actor, flt, after_id, limit)
        next_id = rows[-1].id if len(rows) == limit else None
        return AuditEntryPage(tuple(rows), next_id)

    def export_rows(self, actor: Actor, flt: AuditFilter) -> Iterator[AuditEntry]:
        """Every matching row, newest first, read in chunks (for the Excel writer).

        The permission is checked here, at the call, not at the first ``next()``.
        """
        self._check(actor)
        return self._stream(actor, flt)

    def count(self, actor: Actor, flt: AuditFilter) -> int:
        """How many rows match (a full scan when filtered: for exports and tests, not per keystroke)."""
        self._check(actor)
        with translated(), self._sessions() as session:
            private = not allowed(actor, Action.READ_CONTENT)
            stmt = self._filtered(session, select(func.count()).select_from(AuditLog), flt, private)
            return int(session.execute(stmt).scalar() or 0)

    # --- internals ----------------------------------------------------------------------
    def _stream(self, actor: Actor, flt: AuditFilter) -> Iterator[AuditEntry]:
        after_id: int | None = None
        while True:
            with translated(), self._sessions() as session:
                rows = self._fetch(session, actor, flt, after_id, EXPORT_CHUNK)
            yield from rows
            if len(rows) < EXPORT_CHUNK:
                return
            after_id = rows[-1].id

    def _fetch(
        self, session: Session, actor: Actor, flt: AuditFilter, after_id: int | None, limit: int
    ) -> list[AuditEntry]:
        private = not allowed(actor, Action.READ_CONTENT)
        stmt = self._filtered(session, select(*_COLUMNS), flt, private)
        if after_id is not None:
            stmt = stmt.where(AuditLog.id < after_id)
        raw = session.execute(stmt.order_by(AuditLog.id.desc()).limit(limit)).all()
        if not raw:
            return []
        names = _names(session)
        numbers = _case_numbers(session, [r.object_id for r in raw if r.object_type == "case"])
        return [_entry(r, names, numbers, private) for r in raw]

    def _filtered(self, session: Session, stmt: Select[Any], flt: AuditFilter, private: bool) -> Select[Any]:
        """``private``: the viewer reads no case content, so the text never searches the values."""
        conds: list[ColumnElement[bool]] = []
        if flt.date_from is not None:
            conds.append(AuditLog.at >= datetime.combine(flt.date_from, time.min))
        if flt.date_to is not None:
            conds.append(AuditLog.at < datetime.combine(flt.date_to + timedelta(days=1), time.min))
        username = _clean(flt.username).lower()
        if username:
            conds.append(func.lower(AuditLog.username).like(_escape(username) + "%", escape="\\"))
        action = _clean(flt.action)
        if action.endswith("."):
            conds.append(AuditLog.action.like(_escape(action) + "%", escape="\\"))
        elif action:
            conds.append(AuditLog.action == action)
        object_type = _clean(flt.object_type)
        if object_type:
            conds.append(AuditLog.object_type == object_type)
        object_id = _clean(flt.object_id)
        if object_id:
            conds.append(self._object_condition(session, object_type, object_id))
        text = _clean(flt.text)
        if text:
            conds.append(_text_condition(text, private))
        return stmt.where(*conds) if conds else stmt

    @staticmethod
    def _object_condition(session: Session, object_type: str, object_id: str) -> ColumnElement[bool]:
        """An id as stored; for cases a case number is looked up first (officers know numbers)."""
        if object_type not in ("", "case") or object_id.isdigit():
            return AuditLog.object_id == object_id
        case_id = session.execute(select(Case.id).where(Case.number == object_id)).scalar()
        if case_id is None:
            return AuditLog.object_id == object_id if object_type == "" else false()
        by_number = (AuditLog.object_type == "case") & (AuditLog.object_id == str(case_id))
        return by_number if object_type else or_(by_number, AuditLog.object_id == object_id)


def _text_condition(text: str, private: bool) -> ColumnElement[bool]:
    pattern = "%" + _escape(text.lower()) + "%"
    columns: list[Any] = [AuditLog.username, AuditLog.object_id]
    if not private:  # masked values must not be found either: a hit would tell what they hold
        columns += [AuditLog.before, AuditLog.after]
    conds: list[ColumnElement[bool]] = [func.lower(c).like(pattern, escape="\\") for c in columns]
    folded = fold(text)
    codes = [code for code, label in words.ACTION_LABELS.items() if folded in fold(label)]
    if codes and len(folded) >= MIN_LABEL_MATCH:
        conds.append(AuditLog.action.in_(codes))
    return or_(*conds)


def _entry(row: Any, names: words.Names, numbers: dict[str, str], private: bool) -> AuditEntry:
    before = words.parse_snapshot(row.before)
    after = words.parse_snapshot(row.after)
    if private:
        before, after = _masked(before), _masked(after)
    ref = numbers.get(row.object_id, row.object_id) if row.object_type == "case" else row.object_id
    return AuditEntry(
        id=row.id,
        at=row.at,
        username=row.username,
        action=row.action,
        action_label=words.action_label(row.action),
        object_type=row.object_type,
        object_label=words.object_label(row.object_type),
        object_id=row.object_id,
        object_ref=ref,
        before=words.describe_snapshot(before, names),
        after=words.describe_snapshot(after, names),
        change=words.describe_change(before, after, names),
    )


def _masked(data: dict[str, Any]) -> dict[str, Any]:
    return {k: (HIDDEN if k in PRIVATE_KEYS and v else v) for k, v in data.items()}


def _names(session: Session) -> dict[str, dict[int, str]]:
    """Officers, departments and fields by id (small tables): ids in snapshots read as names."""
    users = {
        int(i): str(n or u) for i, n, u in session.execute(select(User.id, User.full_name, User.username))
    }
    departments = {int(i): str(n) for i, n in session.execute(select(Department.id, Department.name))}
    fields = {int(i): str(n) for i, n in session.execute(select(Field.id, Field.name))}
    return {
        "officer_id": users,
        "user_id": users,
        "department_id": departments,
        "limited_to": departments,
        "field_id": fields,
    }


def _case_numbers(session: Session, object_ids: Sequence[str]) -> dict[str, str]:
    ids = {int(i) for i in object_ids if i.isdigit()}
    if not ids:
        return {}
    rows = session.execute(select(Case.id, Case.number).where(Case.id.in_(ids)))
    return {str(i): str(n) for i, n in rows}


def _clean(value: str) -> str:
    return unicodedata.normalize("NFC", value).strip()


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
