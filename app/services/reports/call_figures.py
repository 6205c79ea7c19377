"""The periodic report's figures of the duty phone (issue 16), read by the report's own query.

The rule is the call log's (``app.services.calls``): a call or SMS received is logged when a
case was made from it, when it was dismissed as recorded in another case, or when a case of the
same caller was received in its window; a test holds the two queries to the same numbers.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import Connection, and_, case, exists, func, or_, select

from app.models import Case, Citizen, PhoneLogEntry
from app.reports.types import CountRow, CountTable

E = PhoneLogEntry
RECEIVED_KINDS = ("incoming", "missed", "voicemail", "rejected", "sms_in")


def call_tables(conn: Connection, first: date, last: date) -> tuple[CountTable, ...]:
    """Two tables (received by reconciliation result; missed calls by call-back), or none at all
    when the office imported no call log for the period."""
    start, end = datetime.combine(first, time.min), datetime.combine(last + timedelta(days=1), time.min)
    in_window = exists(
        select(Case.id)
        .join(Citizen, Citizen.id == Case.citizen_id)
        .where(Citizen.phone == E.phone, Case.received_at >= E.match_from, Case.received_at < E.match_until)
    )
    logged = or_(
        E.state.in_(("matched", "logged")),
        and_(E.state == "dismissed", E.dismiss_reason == "other_case"),
        and_(E.state == "open", E.phone.is_not(None), in_window),
    )
    dismissed = and_(E.state == "dismissed", E.dismiss_reason != "other_case")
    missed = E.callback_due.is_not(None)
    row = conn.execute(
        select(
            func.count(),
            func.sum(case((logged, 1), else_=0)),
            func.sum(case((dismissed, 1), else_=0)),
            func.sum(case((and_(missed, E.called_back_at.is_not(None)), 1), else_=0)),
            func.sum(case((and_(missed, E.called_back_at.is_(None)), 1), else_=0)),
        ).where(E.at >= start, E.at < end, E.kind.in_(RECEIVED_KINDS))
    ).one()
    total, n_logged, n_dismissed, back, not_back = (int(v or 0) for v in row)
    if not total:
        return ()
    return (
        CountTable(
            "Cuộc gọi, tin nhắn đến máy trực (đối chiếu với sổ)",
            ("Kết quả đối chiếu", "Số cuộc gọi, tin nhắn"),
            (
                CountRow("Đã ghi nhận thành vụ việc", (n_logged,)),
                CountRow("Bỏ qua có lý do", (n_dismissed,)),
                CountRow("Chưa ghi nhận", (total - n_logged - n_dismissed,)),
            ),
        ),
        CountTable(
            "Cuộc gọi nhỡ (có số máy)",
            ("Gọi lại", "Số cuộc gọi"),
            (CountRow("Nhỡ đã gọi lại", (back,)), CountRow("Nhỡ chưa gọi lại", (not_back,))),
        ),
    )
