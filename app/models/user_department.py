"""The departments a chief (lãnh đạo) is limited to; no rows means every department."""

from __future__ import annotations

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class UserDepartment(Base):
    """One department a chief may see and work on (the login ``Actor`` carries the set)."""

    __tablename__ = "user_department"

    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True)
    department_id: Mapped[int] = mapped_column(
        ForeignKey("department.id", ondelete="CASCADE"), primary_key=True
    )
