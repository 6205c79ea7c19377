"""Deadline data in the database: rule table, calendar overrides, clock facts and local targets."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, LocalDateTime


class DeadlineRuleRow(Base):
    """One row of the legal deadline table (DOMAIN §4), kept as its JSON object."""

    __tablename__ = "deadline_rule"

    code: Mapped[str] = mapped_column(String(80), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    data: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(LocalDateTime())
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))


class CalendarDay(Base):
    """An office override of the working-day calendar: a day off or a make-up working day."""

    __tablename__ = "calendar_day"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    working: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(String(200), default="")
    updated_at: Mapped[datetime] = mapped_column(LocalDateTime())
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))


class CaseExtension(Base):
    """A written decision extending the resolve deadline (quyết định gia hạn)."""

    __tablename__ = "case_extension"
    __table_args__ = (Index("ix_case_extension_case", "case_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id", ondelete="CASCADE"))
    decision_no: Mapped[str] = mapped_column(String(60))
    decided_on: Mapped[date] = mapped_column(Date)
    days: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(LocalDateTime())


class CaseSuspension(Base):
    """The clock stopped (tạm đình chỉ) from ``start_on`` to ``end_on`` inclusive."""

    __tablename__ = "case_suspension"
    __table_args__ = (Index("ix_case_suspension_case", "case_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id", ondelete="CASCADE"))
    start_on: Mapped[date] = mapped_column(Date)
    end_on: Mapped[date | None] = mapped_column(Date)
    decision_no: Mapped[str] = mapped_column(String(60), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    resume_no: Mapped[str] = mapped_column(String(60), default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(LocalDateTime())


class TargetProfile(Base):
    """An office service level (chỉ tiêu nội bộ): ``count`` ``unit`` for matching cases."""

    __tablename__ = "target_profile"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str | None] = mapped_column(String(20))
    channel: Mapped[str | None] = mapped_column(String(30))
    field_id: Mapped[int | None] = mapped_column(ForeignKey("field.id"))
    urgency: Mapped[str | None] = mapped_column(String(20))
    count: Mapped[int] = mapped_column(Integer)
    unit: Mapped[str] = mapped_column(String(20), default="working_days")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime] = mapped_column(LocalDateTime())
