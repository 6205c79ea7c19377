"""Local service levels (chỉ tiêu của cơ quan): target profiles and a case's target date."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from app.domain.due_explain import day_runs
from app.domain.enums import CaseKind, Channel, Urgency
from app.domain.permissions import Action
from app.domain.text import clean_text
from app.domain.working_calendar import WorkingCalendar
from app.models import Field, TargetProfile
from app.services.accounts.signed_in import SignedIn
from app.services.core.db_errors import translated
from app.services.core.errors import NotFoundError, ValidationError
from app.services.deadlines.deadline_dto import UNITS, RecomputeResult, TargetProfileView
from app.services.deadlines.deadline_store import DeadlineStore

MAX_TARGET_COUNT = 365
Recompute = Callable[[], RecomputeResult]


def match_profile(
    profiles: Iterable[TargetProfileView],
    kind: CaseKind | str,
    channel: Channel | str,
    field_id: int | None,
    urgency: Urgency | str,
) -> TargetProfileView | None:
    """The active profile for a case: every set criterion matches; most specific, then shortest."""
    facts = {
        "kind": CaseKind(kind),
        "channel": Channel(channel),
        "field_id": field_id,
        "urgency": Urgency(urgency),
    }
    found = [
        p
        for p in profiles
        if p.active and all(getattr(p, k) is None or getattr(p, k) == v for k, v in facts.items())
    ]
    if not found:
        return None
    return min(found, key=lambda p: (-p.criteria(), p.unit != "working_days", p.count, p.id or 0))


def target_for(profile: TargetProfileView, received_on: date, calendar: WorkingCalendar) -> tuple[date, str]:
    """The target date of a case received on ``received_on`` and the sentence explaining it."""
    if profile.unit == "working_days":
        due, skipped = calendar.add_working_days(received_on, profile.count)
    else:
        due, skipped = calendar.add_calendar_days(received_on, profile.count)
    text = (
        f"Chỉ tiêu của cơ quan «{profile.name}»: {profile.count} {UNITS[profile.unit]} "
        f"kể từ ngày tiếp nhận {received_on:%d/%m/%Y}"
    )
    if skipped:
        named = [(d, calendar.non_working_reason(d) or "") for d in skipped]
        text += "; không tính các ngày nghỉ: " + "; ".join(day_runs(named))
    return due, text + ". Không phải thời hạn theo luật."


class TargetService:
    """Create, change and remove target profiles; open cases follow at once."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        store: DeadlineStore,
        recompute: Recompute,
        clock: Callable[[], datetime] = datetime.now,
        *,
        signed_in: SignedIn,
    ) -> None:
        self._signed_in = signed_in
        self._sessions = sessions
        self._store = store
        self._recompute = recompute
        self._clock = clock

    def profiles(self) -> list[TargetProfileView]:
        """Every profile, active or not, in creation order."""
        return list(self._store.reload().profiles)

    def preview(
        self,
        kind: CaseKind,
        channel: Channel,
        field_id: int | None,
        urgency: Urgency,
        received_at: datetime,
    ) -> tuple[date, str] | None:
        """The target a case with these facts would get (the intake form shows it apart)."""
        snapshot = self._store.snapshot()
        profile = match_profile(snapshot.profiles, kind, channel, field_id, urgency)
        return None if profile is None else target_for(profile, received_at.date(), snapshot.calendar)

    def save_profile(self, profile: TargetProfileView) -> tuple[int, RecomputeResult]:
        """Add (``id`` None) or change a profile; returns its id and the recompute of open cases."""
        self._signed_in.check(Action.MANAGE_SETTINGS)
        name = clean_text(profile.name, max_length=200, multiline=False)
        if not name:
            raise ValidationError("name", "Chưa nhập tên chỉ tiêu.")
        if profile.unit not in UNITS:
            raise ValidationError("unit", "Đơn vị phải là ngày làm việc hoặc ngày.")
        count = profile.count
        if isinstance(count, bool) or not isinstance(count, int) or not 0 < count <= MAX_TARGET_COUNT:
            raise ValidationError("count", f"Số ngày của chỉ tiêu phải từ 1 đến {MAX_TARGET_COUNT}.")
        with translated(), self._sessions.begin() as session:
            if profile.field_id is not None and session.get(Field, profile.field_id) is None:
                raise ValidationError("field", "Lĩnh vực không tồn tại.")
            row = TargetProfile() if profile.id is None else session.get(TargetProfile, profile.id)
            if row is None:
                raise NotFoundError("Không tìm thấy chỉ tiêu.")
            before = _profile_values(row) if profile.id is not None else None
            row.name, row.count, row.unit, row.active = name, count, profile.unit, profile.active
            row.kind = profile.kind.value if profile.kind else None
            row.channel = profile.channel.value if profile.channel else None
            row.urgency = profile.urgency.value if profile.urgency else None
            row.field_id = profile.field_id
            row.updated_at = self._clock().replace(microsecond=0)
            session.add(row)
            session.flush()
            profile_id = row.id
            self._signed_in.record(
                session, "settings.change", "target_profile", profile_id, before, _profile_values(row)
            )
        self._store.reload()
        return profile_id, self._recompute()

    def delete_profile(self, profile_id: int) -> RecomputeResult:
        """Remove a profile; open cases it applied to get the next matching one (or none)."""
        self._signed_in.check(Action.MANAGE_SETTINGS)
        with translated(), self._sessions.begin() as session:
            row = session.get(TargetProfile, profile_id)
            if row is None:
                raise NotFoundError("Không tìm thấy chỉ tiêu.")
            self._signed_in.record(
                session, "settings.change", "target_profile", profile_id, _profile_values(row), None
            )
            session.delete(row)
        self._store.reload()
        return self._recompute()


def _profile_values(row: TargetProfile) -> dict[str, Any]:
    return {
        "name": row.name, "count": row.count, "unit": row.unit, "active": row.active, "kind": row.kind,
        "channel": row.channel, "urgency": row.urgency, "field_id": row.field_id,
    }  # fmt: skip
