"""The duty phone's own records (nhật ký cuộc gọi, tin nhắn) imported from its backups.

One ``PhoneLogImport`` per file, one ``PhoneLogEntry`` per call or SMS. An entry is reconciled
against the register by the same caller's cases inside its window (``match_from`` …
``match_until``, set at import from the working calendar), or by an explicit link (``case_id``)
when the officer made a case from it; the officer may also dismiss it with a reason (audited).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, LocalDateTime
from app.models.partial_index import partial_index

CALLBACK_OPEN = "callback_due IS NOT NULL AND called_back_at IS NULL"
"""The call-back tasks still open: few rows of a large log, so a partial index keeps them at hand."""


class PhoneLogImport(Base):
    """One imported call-log or SMS file and the counts the officer saw."""

    __tablename__ = "phone_log_import"

    id: Mapped[int] = mapped_column(primary_key=True)
    file_name: Mapped[str] = mapped_column(String(255))
    file_sha256: Mapped[str] = mapped_column(String(64), default="")
    file_format: Mapped[str] = mapped_column(String(20))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    imported_at: Mapped[datetime] = mapped_column(LocalDateTime())
    read_count: Mapped[int] = mapped_column(Integer, default=0)
    new_count: Mapped[int] = mapped_column(Integer, default=0)
    already_count: Mapped[int] = mapped_column(Integer, default=0)
    rejected_count: Mapped[int] = mapped_column(Integer, default=0)


class PhoneLogEntry(Base):
    """One call or SMS of the duty phone. ``phone`` is E.164, or NULL for a withheld number."""

    __tablename__ = "phone_log_entry"
    __table_args__ = (
        UniqueConstraint("fingerprint"),
        Index("ix_phone_log_entry_at", "at"),
        Index("ix_phone_log_entry_phone", "phone", "at"),
        Index("ix_phone_log_entry_open", "state", "at"),
        partial_index("ix_phone_log_entry_callback", "callback_due", where=CALLBACK_OPEN),
    )  # fmt: skip

    id: Mapped[int] = mapped_column(primary_key=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("phone_log_import.id"))
    fingerprint: Mapped[str] = mapped_column(String(40))
    at: Mapped[datetime] = mapped_column(LocalDateTime())
    kind: Mapped[str] = mapped_column(String(12))
    """incoming, outgoing, missed, voicemail, rejected, blocked, sms_in, sms_out."""
    type_code: Mapped[int] = mapped_column(Integer)
    """The app's own ``type`` value (calls 1–7, SMS 1–6)."""
    phone: Mapped[str | None] = mapped_column(String(30))
    raw_number: Mapped[str] = mapped_column(String(60), default="")
    duration_s: Mapped[int] = mapped_column(Integer, default=0)
    contact_name: Mapped[str] = mapped_column(String(150), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    match_from: Mapped[datetime] = mapped_column(LocalDateTime())
    match_until: Mapped[datetime] = mapped_column(LocalDateTime())
    callback_due: Mapped[datetime | None] = mapped_column(LocalDateTime())
    """A missed call with a number: the next working morning (a call-back task until then)."""
    state: Mapped[str] = mapped_column(String(12), default="open")
    """open (to reconcile), logged (a case was made from it), dismissed, none (outgoing, blocked)."""
    case_id: Mapped[int | None] = mapped_column(ForeignKey("case_file.id"))
    dismiss_reason: Mapped[str] = mapped_column(String(30), default="")
    dismiss_note: Mapped[str] = mapped_column(String(300), default="")
    handled_by: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    handled_at: Mapped[datetime | None] = mapped_column(LocalDateTime())
    called_back_at: Mapped[datetime | None] = mapped_column(LocalDateTime())
    """A manual «Đã gọi lại»; a later outgoing call in an import closes the task without it."""
    called_back_via: Mapped[str] = mapped_column(String(12), default="")
    """``call`` (an outgoing call found in an import) or ``manual``."""
