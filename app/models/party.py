"""Citizens and organisations who bring a case (người phản ánh, kiến nghị)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, LocalDateTime


class Citizen(Base):
    """A petitioner. ``phone`` is stored in E.164 (or the short code / digits typed)."""

    __tablename__ = "citizen"
    __table_args__ = (
        Index("ix_citizen_phone", "phone"),
        Index("ix_citizen_id_number", "id_number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(150), default="")
    phone: Mapped[str | None] = mapped_column(String(30))
    phone_valid: Mapped[bool] = mapped_column(default=True)
    id_number: Mapped[str | None] = mapped_column(String(20))
    address: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(LocalDateTime())
