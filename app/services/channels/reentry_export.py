"""Export phone, Facebook and walk-in cases for re-entry into the national PAKN system or city platform."""

from __future__ import annotations

import csv
import json
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, aliased, sessionmaker

from app.domain.enums import CaseKind, CaseStatus, Channel
from app.domain.permissions import Action
from app.models import Case, Citizen, Department, Field
from app.resources import resource_path
from app.services.accounts.signed_in import SignedIn
from app.services.channels.import_types import AuditTrail
from app.services.core.db_errors import translated
from app.services.core.errors import ServiceError, ValidationError

DEFAULT_CHANNELS: tuple[Channel, ...] = (Channel.HOTLINE, Channel.FACEBOOK, Channel.WALK_IN)
"""Cases that never reached the outside systems by themselves."""

_VALUES = {
    "row", "number", "received_at", "received_date", "received_time", "channel", "kind", "field",
    "department", "citizen_name", "phone", "id_number", "address", "location", "title", "content",
    "request", "status", "due_date",
}  # fmt: skip
_IDENTITY = {"citizen_name", "phone", "id_number", "address"}


@dataclass(frozen=True, slots=True)
class ReentryColumn:
    header: str
    value: str = ""
    text: str = ""


@dataclass(frozen=True, slots=True)
class ReentryProfile:
    key: str
    label: str
    columns: tuple[ReentryColumn, ...]


@dataclass(frozen=True, slots=True)
class ReentryResult:
    """What was written and marked as exported."""

    path: Path
    count: int
    numbers: tuple[str, ...]


def load_profiles(path: Path | None = None) -> dict[str, ReentryProfile]:
    """The column orders of ``reentry_columns.json`` (editable data, checked on load)."""
    path = path or resource_path("data", "reentry_columns.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    out: dict[str, ReentryProfile] = {}
    for key, spec in data["profiles"].items():
        cols = tuple(
            ReentryColumn(c["header"], c.get("value", ""), c.get("text", "")) for c in spec["columns"]
        )
        unknown = [c.value for c in cols if c.value and c.value not in _VALUES]
        if unknown:
            raise ValueError(f"reentry_columns.json, {key}: không biết giá trị {unknown}")
        out[key] = ReentryProfile(key, spec.get("label", key), cols)
    return out


def _title(content: str) -> str:
    first = content.strip().split("\n", 1)[0]
    sentence = re.split(r"(?<=[.!?])\s", first, maxsplit=1)[0]
    return sentence if len(sentence) <= 120 else sentence[:117].rsplit(" ", 1)[0] + "…"


def _phone(value: str | None) -> str:
    if not value:
        return ""
    return "0" + value[3:] if value.startswith("+84") else value


def _as_text(ws: Any, value: object) -> object:
    """A citizen's text starting with ``=`` stays text in Excel, never a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(ws, value=value)
        cell.data_type = "s"
        return cell
    return value


class ReentryExportService:
    """Pending cases to xlsx/csv in a profile's column order, each marked so it is exported once."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        clock: Callable[[], datetime] = datetime.now,
        profiles: dict[str, ReentryProfile] | None = None,
        audit: AuditTrail | None = None,
        *,
        signed_in: SignedIn,
    ) -> None:
        self._signed_in = signed_in
        self._sessions = sessions
        self._clock = clock
        self._profiles = profiles or load_profiles()
        self._audit = audit

    def profiles(self) -> list[tuple[str, str]]:
        return [(p.key, p.label) for p in self._profiles.values()]

    def pending_count(self, channels: Sequence[Channel] = DEFAULT_CHANNELS) -> int:
        """How many cases are waiting to be exported."""
        with translated(), self._sessions() as session:
            stmt = select(func.count()).select_from(Case).where(*self._pending(channels, None, None, False))
            return int(session.scalar(stmt) or 0)

    @staticmethod
    def _pending(
        channels: Sequence[Channel], since: date | None, until: date | None, again: bool
    ) -> list[Any]:
        conds: list[Any] = [Case.channel.in_([c.value for c in channels]), Case.merged_into_id.is_(None)]
        if not again:
            conds.append(Case.exported_at.is_(None))
        if since is not None:
            conds.append(Case.received_at >= datetime.combine(since, time.min))
        if until is not None:
            conds.append(Case.received_at < datetime.combine(until + timedelta(days=1), time.min))
        return conds

    def export(
        self,
        out: Path,
        profile: str = "pakn_quoc_gia",
        *,
        channels: Sequence[Channel] = DEFAULT_CHANNELS,
        received_from: date | None = None,
        received_to: date | None = None,
        include_exported: bool = False,
        actor: object = None,
    ) -> ReentryResult:
        """Write the file (.xlsx or .csv by its suffix) and mark its cases, in one transaction.

        Nothing pending: no file is written. The audit log names ``actor`` and what left the office.
        """
        self._signed_in.check(Action.EXPORT)
        spec = self._profiles.get(profile)
        if spec is None:
            raise ValidationError("profile", f"Không có mẫu xuất «{profile}».")
        out = Path(out)
        if out.suffix.lower() not in (".xlsx", ".csv"):
            raise ValidationError("path", "Chọn tên tệp .xlsx hoặc .csv.")
        now = self._clock().replace(microsecond=0)
        with translated(), self._sessions.begin() as session:
            rows = self._rows(session, channels, received_from, received_to, include_exported)
            if not rows:
                return ReentryResult(out, 0, ())
            table: list[list[object]] = [[c.header for c in spec.columns]]
            table += [[self._cell(c, r, i) for c in spec.columns] for i, r in enumerate(rows, start=1)]
            tmp = self._write(out, table)
            try:
                self._mark(session, [r.id for r in rows], now)
                if self._audit is not None:
                    after = {"profile": profile, "file": out.name, "count": len(rows), "again": include_exported,
                             "first_number": rows[0].number, "last_number": rows[-1].number}  # fmt: skip
                    self._audit.record(session, actor, "case.reentry_export", "file", out.name, None, after)
                os.replace(tmp, out)  # last: a failure above leaves no file and no mark
            except OSError as error:
                raise ServiceError(f"Không ghi được tệp «{out.name}»: {error.strerror or error}") from None
            finally:
                Path(tmp).unlink(missing_ok=True)
        return ReentryResult(out, len(rows), tuple(r.number for r in rows))

    @staticmethod
    def _mark(session: Session, ids: list[int], now: datetime) -> None:
        for start in range(0, len(ids), 500):
            session.execute(update(Case).where(Case.id.in_(ids[start : start + 500])).values(exported_at=now))

    def _rows(
        self,
        session: Session,
        channels: Sequence[Channel],
        since: date | None,
        until: date | None,
        again: bool,
    ) -> list[Any]:
        Dept = aliased(Department)
        stmt = (
            select(
                Case.id, Case.number, Case.received_at, Case.channel, Case.kind, Case.status, Case.content,
                Case.request, Case.location, Case.due_date, Citizen.full_name, Citizen.phone,
                Citizen.id_number, Citizen.address, Field.name.label("field_name"), Dept.name.label("dept_name"),
            )
            .outerjoin(Citizen, Citizen.id == Case.citizen_id)
            .outerjoin(Field, Field.id == Case.field_id)
            .outerjoin(Dept, Dept.id == Case.department_id)
            .where(*self._pending(channels, since, until, again))
            .order_by(Case.received_at, Case.id)
        )  # fmt: skip
        return list(session.execute(stmt))

    @staticmethod
    def _cell(col: ReentryColumn, r: Any, row_no: int) -> object:
        if not col.value:
            return col.text
        if col.value in _IDENTITY and CaseKind(r.kind).is_sealed:
            return ""  # a denouncer's identity does not leave the office (Luật Tố cáo art. 9)
        values: dict[str, Callable[[], object]] = {
            "row": lambda: row_no,
            "number": lambda: r.number,
            "received_at": lambda: f"{r.received_at:%d/%m/%Y %H:%M}",
            "received_date": lambda: f"{r.received_at:%d/%m/%Y}",
            "received_time": lambda: f"{r.received_at:%H:%M}",
            "channel": lambda: Channel(r.channel).label,
            "kind": lambda: CaseKind(r.kind).label,
            "field": lambda: r.field_name or "",
            "department": lambda: r.dept_name or "",
            "citizen_name": lambda: r.full_name or "",
            "phone": lambda: _phone(r.phone),
            "id_number": lambda: r.id_number or "",
            "address": lambda: r.address or "",
            "location": lambda: r.location or "",
            "title": lambda: _title(r.content or ""),
            "content": lambda: r.content or "",
            "request": lambda: r.request or "",
            "status": lambda: CaseStatus(r.status).label,
            "due_date": lambda: f"{r.due_date:%d/%m/%Y}" if r.due_date else "",
        }
        return values[col.value]()

    @staticmethod
    def _write(out: Path, table: Iterable[list[object]]) -> str:
        out.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=".xuat-", suffix=out.suffix)
        os.close(fd)
        try:
            if out.suffix.lower() == ".csv":
                with open(tmp, "w", encoding="utf-8-sig", newline="") as handle:
                    csv.writer(handle).writerows(table)
            else:
                from openpyxl import Workbook  # lazy: start-up never loads openpyxl

                wb = Workbook(write_only=True)
                ws = wb.create_sheet("Vụ việc xuất")
                for line in table:
                    ws.append([_as_text(ws, v) for v in line])
                wb.save(tmp)
        except OSError as error:
            Path(tmp).unlink(missing_ok=True)
            raise ServiceError(f"Không ghi được tệp «{out.name}»: {error.strerror or error}") from None
        return tmp
