"""Rejected rows to an .xlsx the officer can fix and import again (same headers, plus the reason)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from app.services.channels.import_types import ImportReport
from app.services.core.errors import ServiceError

ROW_HEADER = "Dòng trong tệp gốc"
REASON_HEADER = "Lý do không nhập"


def _as_text(ws: object, value: str) -> object:
    """Cells go back as text (a value starting with ``=`` must not become a formula)."""
    if not value:
        return None
    if value[:1] in ("=", "+", "-", "@"):
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(ws, value=value)
        cell.data_type = "s"
        return cell
    return value


def write_rejects(report: ImportReport, out: Path) -> Path:
    """Write atomically (temp file, then rename), so a half-written file never replaces a good one.

    The original headers come first, so the fixed file is recognised like the original; the row
    number and the reason are the last two columns (not matched by the import, so harmless).
    """
    width = max([len(report.headers), *(len(r.values) for r in report.rejected)], default=0)
    headers = [*report.headers, *[""] * (width - len(report.headers))]
    from openpyxl import Workbook  # lazy: start-up never loads openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Dòng bị từ chối")
    bold = Font(bold=True)
    head = []
    for value in [*headers, ROW_HEADER, REASON_HEADER]:
        cell = WriteOnlyCell(ws, value=value)
        cell.font = bold
        head.append(cell)
    ws.append(head)
    for rej in report.rejected:
        values = [*rej.values, *[""] * (width - len(rej.values))]
        ws.append([*(_as_text(ws, v) for v in values), rej.row, rej.reason])
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=".tu-choi-", suffix=".xlsx")
    os.close(fd)
    try:
        wb.save(tmp)
        os.replace(tmp, out)
    except OSError as error:
        Path(tmp).unlink(missing_ok=True)
        raise ServiceError(f"Không ghi được tệp «{out.name}»: {error.strerror or error}") from None
    return out
