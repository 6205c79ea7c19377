"""The Sổ tiếp công dân both writers render: its header, period and one row per reception."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from app.reports.types import DocumentHeader

COMPLAINT = "Khiếu nại"
DENUNCIATION = "Tố cáo"
PETITION = "Kiến nghị, phản ánh"

# The twelve columns of the register: (number, heading). Columns 9-11 sit under "Hướng xử lý".
DIRECTION = "Hướng xử lý"
COLUMNS: tuple[str, ...] = (
    "STT",
    "Ngày tiếp",
    "Họ tên, địa chỉ",
    "Số CCCD/ Hộ chiếu",
    "Tóm tắt nội dung",
    "Phân loại",
    "Số người cùng nội dung",
    "Cơ quan đã giải quyết",
    "Thụ lý",
    "Hướng dẫn (cơ quan, số văn bản)",
    "Chuyển đơn (cơ quan, số văn bản)",
    "Theo dõi kết quả",
)
DIRECTION_COLUMNS = (8, 9, 10)  # zero-based indexes of Thụ lý, Hướng dẫn, Chuyển đơn
NO_ROWS = "Trong kỳ không tiếp công dân nào."


@dataclass(frozen=True)
class RegisterRow:
    """One reception. Identity fields arrive already redacted ("(được bảo mật)") when sealed.

    ``accepted``, ``guided`` and ``transferred`` hold the text of the chosen direction (for
    instance "x", or the body and document number); the other two stay blank.
    """

    received_on: date
    name: str
    address: str = ""
    id_number: str = ""
    summary: str = ""
    classification: str = PETITION
    people: int = 1
    resolved_by: str = ""
    accepted: str = ""
    guided: str = ""
    transferred: str = ""
    follow_up: str = ""

    def name_address(self) -> str:
        """Column 3: the name, then the address on the next line (a sealed identity once)."""
        name, address = self.name.strip(), self.address.strip()
        return "\n".join(part for part in (name, "" if address == name else address) if part)


@dataclass(frozen=True)
class ReceptionRegister:
    """The register for one period.

    ``rows`` may be a one-shot generator (streamed); pass a re-iterable object to render the same
    register to both PDF and Excel. ``row_count`` only feeds the progress total. ``scope`` says
    which receptions are listed (walk-in only or every channel); ``notes`` print under the table.
    """

    header: DocumentHeader
    period_label: str
    period_start: date
    period_end: date
    rows: Iterable[RegisterRow] = ()
    row_count: int | None = None
    scope: str = ""
    notes: tuple[str, ...] = ()
    audit_anchor: str = ""
    """The audit chain's end when the register was made, printed at the foot of every page."""
