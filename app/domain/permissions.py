"""Who may do what (role × action) and on which cases (scope); ``Actor`` is the logged-in officer."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Actor:
    """The officer behind an action, as established at login."""

    user_id: int
    username: str
    full_name: str
    role: str
    department_id: int | None = None
    allowed_department_ids: frozenset[int] = field(default_factory=frozenset)
    must_change: bool = False
