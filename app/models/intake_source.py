"""Where imported cases came from: one ImportBatch per file, and the once-only rule per source."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, LocalDateTime
from app.models.case import Case
from app.models.partial_index import partial_index


class ImportBatch(Base):
    """One import of a spreadsheet or Facebook export: what came in, and the counts the officer saw."""

    __tablename__ = "import_batch"

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(30))
    file_name: Mapped[str] = mapped_column(String(255))
    file_sha256: Mapped[str] = mapped_column(String(64), default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    started_at: Mapped[datetime] = mapped_column(LocalDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(LocalDateTime())
    total_rows: Mapped[int] = mapped_column(Integer, default=0)
    imported: Mapped[int] = mapped_column(Integer, default=0)
    already_present: Mapped[int] = mapped_column(Integer, default=0)
    warned: Mapped[int] = mapped_column(Integer, default=0)
    rejected: Mapped[int] = mapped_column(Integer, default=0)
    mapping: Mapped[str] = mapped_column(Text, default="")


SOURCE_REF_WHERE = "source <> '' AND external_ref <> ''"

partial_index(
    "uq_case_source_external_ref", Case.source, Case.external_ref, unique=True, where=SOURCE_REF_WHERE
)
"""A case from an outside system is registered once: re-importing an export adds nothing twice."""

# Partial (migration 0007): a case typed at the desk has neither, so its save writes no page here.
for _name, _column in (
    ("ix_case_merged_into", Case.merged_into_id),
    ("ix_case_import_batch", Case.import_batch_id),
):
    partial_index(_name, _column, where=f"{_column.key} IS NOT NULL")
