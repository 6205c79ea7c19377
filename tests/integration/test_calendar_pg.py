"""On PostgreSQL too: the office drops a doubtful day (deadlines follow) and check flags a bad clock."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from app.domain.enums import CaseKind
from app.models import Case, CaseSuspension
from app.services.cases.dto import NewCase
from app.services.deadlines.clock_audit import clock_violations
from app.settings import resolve
from tests.sample_office import command_line_services

NOW = datetime(2026, 11, 20, 9, 30)


def test_drop_day_and_clock_audit_on_postgresql(pg_url: str, tmp_path: Path) -> None:
    services = command_line_services(
        resolve(pg_url, data_dir=tmp_path), clock=lambda: NOW, today=lambda: NOW.date()
    )
    try:
        case_id = services.cases.create_case(NewCase(content="Kiến nghị", kind=CaseKind.PETITION), None).id
        other = services.cases.create_case(NewCase(content="Tố cáo", kind=CaseKind.DENUNCIATION), None).id
        result = services.work_calendar.drop_day(date(2026, 11, 24), "Chưa có văn bản", None)
        assert (result.open_cases, result.examined, result.changed) == (2, 2, 2)
        with services.sessions() as session:
            assert session.get(Case, case_id).due_date == date(2026, 12, 4)  # type: ignore[union-attr]
            # tố cáo received Fri 20/11: 7 working days, 02/12 with 24/11 off → 01/12 without it
            assert session.get(Case, other).due_date == date(2026, 12, 1)  # type: ignore[union-attr]
        # only the cases that day can affect: one after every date finds none, and a full
        # recompute has nothing left to change (typed date parameters on PostgreSQL)
        result = services.work_calendar.add_day_off(date(2027, 6, 1), "Thử", None)
        assert (result.examined, result.changed) == (0, 0)
        assert services.deadlines.recompute_open().changed == 0
        assert clock_violations(services.engine) == []
        with services.sessions.begin() as session:
            case = session.get(Case, case_id)
            assert case is not None
            case.kind, case.received_at, case.accepted_on = (
                "khieu_nai",
                datetime(2026, 5, 29, 9),
                date(2026, 6, 1),
            )
            session.add(
                CaseSuspension(
                    case_id=case_id,
                    start_on=date(2026, 6, 10),
                    end_on=date(2026, 6, 20),
                    decision_no="1/QĐ",
                    reason="cũ",
                    created_at=datetime(2026, 6, 10),
                )
            )
        found = clock_violations(services.engine)
        assert len(found) == 1 and "chỉ có hiệu lực từ 01/07/2026" in found[0]
    finally:
        services.close()
