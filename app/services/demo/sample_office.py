"""The sample office of ``hotline-desk demo`` (and of the tests): a ward of Hải Phòng, fictional signer."""

from __future__ import annotations

from collections.abc import Sequence

from app.domain.first_day import FirstAccount, FirstDay
from app.domain.office_kind import office_kind_of
from app.services.catalog.dto import UserItem
from app.services.catalog.first_day_service import FirstDayService
from app.services.catalog.seed_service import OfficeSetup

SAMPLE_OFFICE = OfficeSetup(
    name="Ủy ban nhân dân phường Nhị Chiểu",
    leader_name="Nguyễn Văn Mẫu",
    leader_title="Chủ tịch",
    officer_username="trucban",
    officer_full_name="Cán bộ trực",
)


def sample_first_day(first_day: FirstDayService, users: Sequence[UserItem]) -> FirstDay:
    """The sample office as a first-run setup, for a database whose office is still blank."""
    kind = office_kind_of(SAMPLE_OFFICE.name)
    taken = {u.username for u in users}
    officer = (
        None
        if SAMPLE_OFFICE.officer_username in taken
        else FirstAccount(SAMPLE_OFFICE.officer_username, SAMPLE_OFFICE.officer_full_name)
    )
    return FirstDay(
        name=SAMPLE_OFFICE.name, kind=kind, leader_name=SAMPLE_OFFICE.leader_name,
        leader_title=SAMPLE_OFFICE.leader_title, departments=tuple(first_day.presets(kind)), officer=officer,
    )  # fmt: skip
