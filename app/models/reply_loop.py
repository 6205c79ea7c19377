"""The loop back to the citizen: first answer, reply drafts the chief signs, satisfaction call-backs."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, LocalDateTime


class FirstAnswer(Base):
    """The first answer to the citizen (received, who handles it): closes the ``notify`` step."""

    __tablename__ = "case_first_answer"

    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id", ondelete="CASCADE"), primary_key=True)
    answered_on: Mapped[date] = mapped_column(Date)
    method: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    due_on: Mapped[date | None] = mapped_column(Date)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(LocalDateTime())


class ReplyDraft(Base):
    """A reply being written, sent for the chief's approval, returned, approved and sent."""

    __tablename__ = "reply_draft"
    __table_args__ = (
        Index("ix_reply_draft_case", "case_id"),
        Index("ix_reply_draft_status", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    template_code: Mapped[str] = mapped_column(String(80), default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    submitted_text: Mapped[str] = mapped_column(Text, default="")
    submitted_version: Mapped[int | None] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    approver_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    approved_at: Mapped[datetime | None] = mapped_column(LocalDateTime())
    reply_id: Mapped[int | None] = mapped_column(ForeignKey("reply.id"))
    created_at: Mapped[datetime] = mapped_column(LocalDateTime())
    updated_at: Mapped[datetime] = mapped_column(LocalDateTime())


class Callback(Base):
    """One satisfaction call-back after a case was closed (one per closing)."""

    __tablename__ = "case_callback"
    __table_args__ = (Index("ix_case_callback_case", "case_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id", ondelete="CASCADE"))
    closed_at: Mapped[datetime | None] = mapped_column(LocalDateTime())
    result: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"))
    field_id: Mapped[int | None] = mapped_column(ForeignKey("field.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    recorded_at: Mapped[datetime] = mapped_column(LocalDateTime())
