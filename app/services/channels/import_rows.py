"""One sheet row → a case to import, or a rejection with its reason (the import rules of issue 7)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.enums import CaseKind, Channel
from app.domain.imports.columns import ColumnMapping, ImportField
from app.domain.imports.dates import parse_received, parse_time_of_day
from app.domain.imports.values import ValueMatcher, catalog_matcher, channel_matcher, kind_matcher
from app.domain.phone import PhoneNumber, format_phone, normalize_phone
from app.domain.text import clean_text
from app.models import Department, Field
from app.services.cases.case_rules import MAX_CONTENT, MAX_SHORT
from app.services.channels.import_reader import RawRow, cell_text
from app.services.channels.import_types import RejectedRow

F = ImportField
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class ImportRecord:
    """A row ready to become a case; ``raw`` keeps values the register could not place."""

    row: int
    received_at: datetime
    content: str
    external_ref: str = ""
    citizen_name: str = ""
    phone: str | None = None
    phone_valid: bool = True
    id_number: str = ""
    address: str = ""
    location: str = ""
    kind: CaseKind = CaseKind.FEEDBACK
    channel: Channel = Channel.OTHER
    field_id: int | None = None
    department_id: int | None = None
    warnings: tuple[str, ...] = ()
    raw: Mapping[str, str] = field(default_factory=dict)
    messages: tuple[str, ...] = ()
    """A conversation's messages as transcript lines: a later export appends the new ones."""


@dataclass(frozen=True, slots=True)
class Lookups:
    """Value vocabularies: kinds and channels from the synonyms, fields and departments from the DB."""

    kinds: ValueMatcher[CaseKind]
    channels: ValueMatcher[Channel]
    fields: ValueMatcher[int]
    departments: ValueMatcher[int]


def load_lookups(session: Session, values: Mapping[str, Mapping[str, Iterable[str]]]) -> Lookups:
    """Kinds and channels from the synonyms file; fields and departments as the office named them."""
    fields = session.execute(select(Field.id, Field.name, Field.code)).all()
    depts = session.execute(select(Department.id, Department.name, Department.code)).all()
    return Lookups(
        kinds=kind_matcher(values),
        channels=channel_matcher(values),
        fields=catalog_matcher((r[0], r[1], r[2]) for r in fields),
        departments=catalog_matcher((r[0], r[1], r[2]) for r in depts),
    )


class RowConverter:
    """Applies the mapping and the rules to each row; pure apart from the clock it is given."""

    def __init__(
        self,
        mapping: ColumnMapping,
        lookups: Lookups,
        default_channel: Channel,
        now: datetime,
        *,
        day_first: bool = True,
    ) -> None:
        self._cols = dict(mapping.by_target)
        self._header_row = mapping.header_row
        self._lk = lookups
        self._default_channel = default_channel
        self._now = now
        self._day_first = day_first
        self._phones: dict[str, PhoneNumber | None] = {}

    def _cell(self, row: RawRow, target: ImportField) -> object:
        index = self._cols.get(target)
        if index is None or index >= len(row.values):
            return None
        return row.values[index]

    def _text(self, row: RawRow, target: ImportField, max_length: int, multiline: bool = False) -> str:
        return clean_text(cell_text(self._cell(row, target)), max_length=max_length, multiline=multiline)

    def _problem(self, row: RawRow, target: ImportField) -> str:
        index = self._cols.get(target)
        return row.problems.get(index, "") if index is not None else ""

    def is_data(self, row: RawRow) -> bool:
        """Rows below the header that carry a case (not blank lines, totals or signature blocks)."""
        if row.number <= self._header_row:
            return False
        keys = (F.RECEIVED_AT, F.CONTENT, F.TITLE, F.EXTERNAL_REF, F.CITIZEN_NAME, F.PHONE)
        return any(self._cell(row, k) not in (None, "") or self._problem(row, k) for k in keys)

    def convert(self, row: RawRow) -> ImportRecord | RejectedRow:
        """The case a data row describes, or why it cannot be imported."""
        values = tuple(cell_text(v) for v in row.values)
        for target in (F.RECEIVED_AT, F.CONTENT):
            if self._problem(row, target):
                return RejectedRow(row.number, f"{target.label}: {self._problem(row, target)}.", values)
        received, error = self._received(row)
        if received is None:
            return RejectedRow(row.number, error, values)
        title = self._text(row, F.TITLE, MAX_SHORT)
        body = self._text(row, F.CONTENT, MAX_CONTENT, multiline=True)
        content = body if not title or title in body else f"{title}\n{body}".strip()
        if not content:
            return RejectedRow(row.number, "Thiếu nội dung phản ánh, kiến nghị.", values)
        warnings: list[str] = []
        raw: dict[str, str] = {}
        for target, index in self._cols.items():
            if index in row.problems and target not in (F.RECEIVED_AT, F.CONTENT):
                warnings.append(f"{target.label}: {row.problems[index]}.")
        phone, phone_valid = self._phone(row, warnings, raw)
        id_number = self._text(row, F.ID_NUMBER, 40).replace(" ", "")
        if id_number and (not id_number.isalnum() or len(id_number) > 20):
            warnings.append(f"Số CCCD/CMND «{id_number}» không hợp lệ; giữ nguyên trong lịch sử nhập.")
            raw["id_number"], id_number = id_number, ""
        return ImportRecord(
            row=row.number,
            received_at=received,
            content=content[:MAX_CONTENT],
            external_ref=self._text(row, F.EXTERNAL_REF, MAX_SHORT),
            citizen_name=self._text(row, F.CITIZEN_NAME, 150),
            phone=phone,
            phone_valid=phone_valid,
            id_number=id_number,
            address=self._text(row, F.ADDRESS, MAX_SHORT),
            location=self._text(row, F.LOCATION, MAX_SHORT),
            kind=self._choice(row, F.KIND, self._lk.kinds, CaseKind.FEEDBACK, warnings, raw),
            channel=self._choice(row, F.CHANNEL, self._lk.channels, self._default_channel, warnings, raw),
            field_id=self._catalog(row, F.FIELD, self._lk.fields, warnings, raw),
            department_id=self._catalog(row, F.DEPARTMENT, self._lk.departments, warnings, raw),
            warnings=tuple(warnings),
            raw=raw,
        )

    def _received(self, row: RawRow) -> tuple[datetime | None, str]:
        raw = self._cell(row, F.RECEIVED_AT)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None, "Thiếu thời gian tiếp nhận."
        parsed = parse_received(raw, day_first=self._day_first)
        if parsed.value is None:
            return None, parsed.error
        value = parsed.value
        if not parsed.has_time:
            at = parse_time_of_day(self._cell(row, F.RECEIVED_TIME))
            if at is not None:
                value = datetime.combine(value.date(), at)
        if value > self._now + timedelta(minutes=5):
            return None, f"Thời gian tiếp nhận {value:%d/%m/%Y %H:%M} ở tương lai."
        if value.year < 2000:
            return None, f"Thời gian tiếp nhận {value:%d/%m/%Y} không hợp lệ (trước năm 2000)."
        return value, ""

    def _phone(self, row: RawRow, warnings: list[str], raw: dict[str, str]) -> tuple[str | None, bool]:
        typed = self._text(row, F.PHONE, 40)
        if typed not in self._phones:  # callers repeat: parse each number once per file
            self._phones[typed] = normalize_phone(typed)
        phone = self._phones[typed]
        if phone is None:
            return None, True
        if not phone.valid:
            warnings.append(f"Số điện thoại «{typed}» không đúng định dạng; lưu nguyên như trong tệp.")
            raw["phone"] = typed
        if phone.others:
            extra = ", ".join(format_phone(other) for other in phone.others)
            warnings.append(
                f"Ô số điện thoại có nhiều số: giữ {format_phone(phone.value)} làm số điện thoại, "
                f"ghi {extra} làm số liên hệ khác."
            )
            raw["extra_phones"] = extra
        return phone.value, phone.valid

    def _choice(
        self,
        row: RawRow,
        target: ImportField,
        matcher: ValueMatcher[T],
        default: T,
        warnings: list[str],
        raw: dict[str, str],
    ) -> T:
        typed = self._text(row, target, MAX_SHORT)
        found = matcher.match(typed) if typed else default
        if found is None:
            raw[target.value] = typed
            shown = default.label if isinstance(default, CaseKind | Channel) else ""
            warnings.append(f"{target.label} «{typed}» không nhận ra; tạm ghi «{shown}».")
            return default
        return found

    def _catalog(
        self,
        row: RawRow,
        target: ImportField,
        matcher: ValueMatcher[int],
        warnings: list[str],
        raw: dict[str, str],
    ) -> int | None:
        typed = self._text(row, target, MAX_SHORT)
        found = matcher.match(typed) if typed else None
        if typed and found is None:
            raw[target.value] = typed
            warnings.append(
                f"{target.label} «{typed}» không có trong danh mục; giữ nguyên trong lịch sử nhập."
            )
        return found
