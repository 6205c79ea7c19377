"""The clock service refuses what the law does not allow, naming the article; nothing is stored."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from app.bootstrap import Services
from app.domain.enums import CaseKind, Channel
from app.models import Case, CaseExtension, CaseSuspension
from app.services.cases.dto import NewCase
from app.services.core.errors import ValidationError


def _case(services: Services, kind: CaseKind, received: datetime) -> int:
    new = NewCase(content="Đơn thử", kind=kind, channel=Channel.LETTER, received_at=received)
    return services.cases.create_case(new, None).id


def _count(services: Services, table: type) -> int:
    with services.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(table)) or 0)


def test_a_complaint_cannot_be_suspended_before_1_7_2026(services: Services) -> None:
    case_id = _case(services, CaseKind.COMPLAINT, datetime(2026, 5, 4, 9, 0))
    services.case_clock.record_acceptance(case_id, date(2026, 5, 5), "01/TB", None)
    with services.sessions() as session:
        version = session.get(Case, case_id).version  # type: ignore[union-attr]
    with pytest.raises(ValidationError) as info:
        services.case_clock.suspend(case_id, date(2026, 5, 20), "02/QĐ", "Chờ giám định", None)
    assert (
        "chỉ có hiệu lực từ 01/07/2026" in info.value.message and "Luật 136/2025/QH15" in info.value.message
    )
    assert _count(services, CaseSuspension) == 0
    with services.sessions() as session:
        assert session.get(Case, case_id).version == version  # type: ignore[union-attr]
    # from 01/07/2026 the same case may be suspended
    changed = services.case_clock.suspend(case_id, date(2026, 7, 1), "03/QĐ", "Chờ giám định", None)
    assert changed.paused and _count(services, CaseSuspension) == 1


def test_an_extension_after_the_deadline_is_refused_with_the_article(services: Services) -> None:
    # tố cáo received 01/09/2026, accepted Thu 03/09: 30 days end Sat 03/10 → Mon 05/10/2026
    case_id = _case(services, CaseKind.DENUNCIATION, datetime(2026, 9, 1, 9, 0))
    services.case_clock.record_acceptance(case_id, date(2026, 9, 3), "01/QĐ", None)
    services.case_clock.set_conditions(case_id, None, complex=True)
    with pytest.raises(ValidationError) as info:
        services.case_clock.add_extension(case_id, "05/QĐ", date(2026, 10, 6), 30, None)
    assert (
        "hết hạn giải quyết 05/10/2026" in info.value.message
        and "Luật Tố cáo 2018, Điều 30" in info.value.message
    )
    assert _count(services, CaseExtension) == 0
    services.case_clock.add_extension(
        case_id, "04/QĐ", date(2026, 10, 5), 30, None
    )  # on the last day: allowed
    assert _count(services, CaseExtension) == 1
