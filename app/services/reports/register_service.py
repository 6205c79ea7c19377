"""Sổ tiếp công dân: the receptions of a period, from the database, with denouncers sealed."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import Engine, func, select

from app.db.engine import reading
from app.domain.enums import CaseKind
from app.domain.periods import Period
from app.models import Case, Office
from app.reports.register_types import ReceptionRegister, RegisterRow
from app.reports.types import DocumentHeader
from app.services.accounts.signed_in import SignedIn
from app.services.core.db_errors import translated
from app.services.core.errors import ValidationError
from app.services.core.printable import require_printable
from app.services.reports import register_rows
from app.services.reports.report_service import _short_place

Progress = Callable[[int, int | None], None]
Cancel = Callable[[], bool]

SCOPE_WALK_IN = "Công dân đến trình bày trực tiếp tại nơi tiếp công dân"
SCOPE_ALL = "Gồm tiếp trực tiếp và tiếp nhận qua đường dây nóng, Facebook, ứng dụng, thư và các kênh khác"
NOTE_SEALED = (
    "Ghi chú: họ tên, địa chỉ, số giấy tờ của người tố cáo được bảo mật theo Điều 9 Luật Tố cáo "
    "(in “(được bảo mật)”)."
)
NOTE_UNREDACTED = (
    "Bản có đầy đủ thông tin người tố cáo: chỉ người có thẩm quyền được xem, không sao gửi "
    "(Điều 9 Luật Tố cáo)."
)


@dataclass(frozen=True, slots=True)
class RegisterOptions:
    """What the officer chose: the period, walk-ins only (the strict register) or every channel.

    ``unredacted`` prints denouncers' identities: only for an authorised officer's own copy.
    """

    period: Period
    walk_in_only: bool = False
    unredacted: bool = False


def issuing_body(short_name: str, name: str) -> str:
    """ "UBND PHƯỜNG NHỊ CHIỂU" from the short name and the office name, as the reports print it."""
    if short_name:
        return (short_name + " " + _short_place(name)).strip().upper()
    return name.upper()


class RegisterService:
    """Builds :class:`ReceptionRegister` objects; :func:`write_register` turns them into files."""

    def __init__(
        self,
        engine: Engine,
        office_id: int,
        today: Callable[[], date] = date.today,
        *,
        signed_in: SignedIn,
    ) -> None:
        self._signed_in = signed_in
        self._engine = reading(engine)
        self._office_id = office_id
        self._today = today

    def build(self, options: RegisterOptions) -> ReceptionRegister:
        """The register of ``options.period``; rows are read from the database when iterated."""
        self._signed_in.check_output("register", options.unredacted)
        period = options.period
        if period.start > self._today():
            raise ValidationError("period", "Kỳ đã chọn chưa bắt đầu: chưa có lượt tiếp công dân nào.")
        scope = register_rows.scope(period.start, period.end, options.walk_in_only)
        sealed_kinds = [k.value for k in CaseKind if k.is_sealed]
        with translated(), self._engine.connect() as conn:
            office = conn.execute(select(Office).where(Office.id == self._office_id)).one()
            total = conn.execute(select(func.count()).select_from(Case).where(*scope)).scalar_one()
            sealed = conn.execute(
                select(func.count()).select_from(Case).where(*scope, Case.kind.in_(sealed_kinds))
            ).scalar_one()
        require_printable(office.name, office.leader_name)
        notes: tuple[str, ...] = ()
        if sealed:
            notes = (NOTE_UNREDACTED,) if options.unredacted else (NOTE_SEALED,)
        return ReceptionRegister(
            header=DocumentHeader(
                parent_body=office.parent_body.upper(),
                issuing_body=issuing_body(office.short_name, office.name),
                title="SỔ TIẾP CÔNG DÂN",
                place=office.place_name or "Hải Phòng",
            ),
            period_label=period.title,
            period_start=period.start,
            period_end=period.end,
            rows=_Rows(self._engine, options),
            row_count=total,
            scope=SCOPE_WALK_IN if options.walk_in_only else SCOPE_ALL,
            notes=notes,
            audit_anchor=self._signed_in.audit_anchor(
                f"sổ tiếp công dân {period.title}", office.name
            ).footer(),
        )

    def count(self, period: Period, walk_in_only: bool = False) -> int:
        """How many receptions the register of ``period`` lists (for the screen, before export)."""
        scope = register_rows.scope(period.start, period.end, walk_in_only)
        with translated(), self._engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(Case).where(*scope)).scalar_one())


class _Rows:
    """Re-iterable stream of register rows (each pass reads the database again)."""

    def __init__(self, engine: Engine, options: RegisterOptions) -> None:
        self._engine = reading(engine)
        self._options = options

    def __iter__(self) -> Iterator[RegisterRow]:
        opts = self._options
        with translated(), self._engine.connect() as conn:
            yield from register_rows.read(
                conn, opts.period.start, opts.period.end, opts.walk_in_only, opts.unredacted
            )


def write_register(
    register: ReceptionRegister,
    fmt: str,
    out: Path,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> Path:
    """Render with the chosen writer (imported lazily: start-up never loads openpyxl/reportlab)."""
    if fmt == "xlsx":
        from app.reports.register_excel import write_register_xlsx

        write_register_xlsx(register, out, progress=progress, cancel=cancel)
    elif fmt == "pdf":
        from app.reports.register_pdf import write_register_pdf

        write_register_pdf(register, out, progress=progress, cancel=cancel)
    else:
        raise ValidationError("format", f"Định dạng «{fmt}» không hỗ trợ (chọn xlsx hoặc pdf).")
    return out
