"""The recovery sheet's content: the office (from the register) and its backup key."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, select

from app.models import Office
from app.reports.recovery_sheet_pdf import RecoverySheet, write_sheet_pdf
from app.reports.types import DocumentHeader
from app.services.backup.backup_key import OfficeKey
from app.services.core.db_errors import translated


def write_recovery_sheet(engine: Engine, key: OfficeKey, out: Path, now: datetime, printed_by: str) -> Path:
    """Write the one-page PDF the chief keeps in the safe."""
    with translated(), engine.connect() as conn:
        office = conn.execute(select(Office).order_by(Office.id).limit(1)).one()
    sheet = RecoverySheet(
        header=DocumentHeader(
            parent_body=office.parent_body.upper(),
            issuing_body=office.name.upper(),
            title="PHIẾU KHÓA KHÔI PHỤC BẢN SAO LƯU",
            place=office.place_name or "Hải Phòng",
        ),
        office=office.name,
        printed_at=now,
        printed_by=printed_by,
        fingerprint=key.fingerprint,
        key_text=key.recovery_text(),
    )
    return write_sheet_pdf(sheet, out)
