"""A case (vụ việc) with its history events, replies and attachments."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, LocalDateTime
from app.models.partial_index import partial_index


class CaseCounter(Base):
    """Last case sequence used per office and year: numbers are unique and gap-free."""

    __tablename__ = "case_counter"

    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)


class Case(Base):
    """One item received from a citizen, with its classification and legal clock."""

    __tablename__ = "case_file"
    __table_args__ = (
        UniqueConstraint("office_id", "year", "seq"),
        UniqueConstraint("number"),
        Index("ix_case_received", "received_at", "id"),
        Index("ix_case_citizen", "citizen_id", "received_at"),
        Index("ix_case_status_due", "status", "due_date"),
        Index("ix_case_department", "department_id", "received_at"),
        Index("ix_case_officer", "officer_id", "status"),
        # Partial (migration 0007): a new case has none of these, so a save writes no page for them.
        partial_index("ix_case_external", "external_ref", where="external_ref <> ''"),
        partial_index(
            "ix_case_closed", "closed_at", "received_at", where="closed_at IS NOT NULL"
        ).ddl_if(dialect="postgresql"),
        Index(  # SQLite (0017): covering, for the cases carried into a period and closed since
            "ix_case_closed", "closed_at", "received_at", "department_id", "status", "kind", "channel",
            "field_id", "due_date",
            sqlite_where=text("closed_at IS NOT NULL"),
        ).ddl_if(dialect="sqlite"),
        # Periodic reports (migration 0015): a period's cases read from ranges the period bounds.
        Index(
            "ix_case_report", "received_at", "channel", "kind", "field_id", "department_id",
            "status", "closed_at", "due_date",
        ).ddl_if(dialect="postgresql"),
        # SQLite (migration 0017): a period's cases by month, in the order the report groups them.
        Index(
            "ix_case_month", func.substr(text("received_at"), 1, 7), "department_id", "status", "kind",
            "channel", "field_id", text("substr(closed_at, 1, 10) <= due_date"), "closed_at", "due_date",
            "received_at",
        ).ddl_if(dialect="sqlite"),
        partial_index("ix_case_open", "received_at", where="closed_at IS NULL").ddl_if(dialect="postgresql"),
        Index(  # SQLite (0017): covering (closed_at is NULL in it, but SQLite reads it from an index)
            "ix_case_open", "received_at", "department_id", "status", "kind", "channel", "field_id", "due_date",
            "closed_at",
            sqlite_where=text("closed_at IS NULL"),
        ).ddl_if(dialect="sqlite"),
    )  # fmt: skip

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(30))
    received_at: Mapped[datetime] = mapped_column(LocalDateTime())
    channel: Mapped[str] = mapped_column(String(30))
    kind: Mapped[str] = mapped_column(String(20))
    urgency: Mapped[str] = mapped_column(String(20), default="normal")
    status: Mapped[str] = mapped_column(String(20), default="received")
    field_id: Mapped[int | None] = mapped_column(ForeignKey("field.id"))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"))
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    receiver_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    citizen_id: Mapped[int | None] = mapped_column(ForeignKey("citizen.id"))
    content: Mapped[str] = mapped_column(Text)
    request: Mapped[str] = mapped_column(Text, default="")
    location: Mapped[str] = mapped_column(String(300), default="")
    external_ref: Mapped[str] = mapped_column(String(300), default="")
    call_seconds: Mapped[int | None] = mapped_column(Integer)
    due_date: Mapped[date | None] = mapped_column(Date)
    due_rule: Mapped[str] = mapped_column(Text, default="")
    # Legal clock (migration 0002): thụ lý, conditions that pick the rule, the office's own target.
    accepted_on: Mapped[date | None] = mapped_column(Date)
    acceptance_no: Mapped[str] = mapped_column(String(60), default="", server_default="")
    complex: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    very_complex: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    remote: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    second_instance: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    target_date: Mapped[date | None] = mapped_column(Date)
    target_rule: Mapped[str] = mapped_column(Text, default="", server_default="")
    closed_at: Mapped[datetime | None] = mapped_column(LocalDateTime())
    # The day a «chưa hài lòng» call-back last reopened the case (migration 0016): its acceptance
    # and resolve deadlines count from it, through every recompute.
    reopened_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(LocalDateTime())
    updated_at: Mapped[datetime] = mapped_column(LocalDateTime())
    version: Mapped[int] = mapped_column(Integer, default=1)
    # Imports, merges and re-entry export (migration 0004; see app/models/intake_source.py).
    source: Mapped[str] = mapped_column(String(30), default="", server_default="")
    import_batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"))
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("case_file.id"))
    exported_at: Mapped[datetime | None] = mapped_column(LocalDateTime())


class CaseEvent(Base):
    """One line of a case's history: who did what, when and why."""

    __tablename__ = "case_event"
    __table_args__ = (Index("ix_case_event_case", "case_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(LocalDateTime())
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    action: Mapped[str] = mapped_column(String(30))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[str] = mapped_column(Text, default="")


class Reply(Base):
    """The answer given to the citizen (trả lời / phản hồi)."""

    __tablename__ = "reply"
    __table_args__ = (Index("ix_reply_case", "case_id"), Index("ix_reply_day", "replied_on"))

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id", ondelete="CASCADE"))
    replied_on: Mapped[date] = mapped_column(Date)
    method: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    document_no: Mapped[str] = mapped_column(String(60), default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(LocalDateTime())


class Attachment(Base):
    """A file attached to a case, copied into the data directory under its checksum."""

    __tablename__ = "attachment"
    __table_args__ = (Index("ix_attachment_case", "case_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id", ondelete="CASCADE"))
    file_name: Mapped[str] = mapped_column(String(255))
    stored_name: Mapped[str] = mapped_column(String(100))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    added_at: Mapped[datetime] = mapped_column(LocalDateTime())
