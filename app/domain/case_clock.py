"""The facts of a case's legal clock: receipt, acceptance, reopening, extensions, suspensions.

Checked for consistency on construction; :mod:`app.domain.deadlines` turns them into due dates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import NamedTuple

from app.domain.deadline_rules import Flags
from app.domain.enums import CaseKind


class ClockError(ValueError):
    """The facts of a case's clock are impossible or break the law (message in Vietnamese)."""


class Extension(NamedTuple):
    """A written decision extending the resolve deadline (quyết định gia hạn)."""

    decision_no: str
    decided_on: date
    days: int


class Suspension(NamedTuple):
    """Clock stopped from ``start`` to ``end`` inclusive (``end`` None: still suspended)."""

    start: date
    end: date | None = None


@dataclass(frozen=True)
class CaseClock:
    """The facts that fix a case's deadlines. Lists of plain tuples are accepted."""

    kind: CaseKind
    received_on: date
    accepted_on: date | None = None
    complex: bool = False
    very_complex: bool = False
    remote: bool = False
    second_instance: bool = False
    in_person: bool = False
    extensions: Sequence[Extension] = ()
    suspensions: Sequence[Suspension] = ()
    written: bool = False
    reopened_on: date | None = None
    """The day a «chưa hài lòng» call-back reopened the case: acceptance and resolution count
    again from it (under the rules in force on the day of receipt); extensions and suspensions
    of the earlier round no longer count."""

    def __post_init__(self) -> None:
        try:
            object.__setattr__(self, "kind", CaseKind(self.kind))
        except ValueError:
            raise ClockError(f"Loại vụ việc không hợp lệ: {self.kind!r}") from None
        object.__setattr__(self, "extensions", tuple(Extension(*x) for x in self.extensions))
        object.__setattr__(self, "suspensions", tuple(Suspension(*x) for x in self.suspensions))
        if self.accepted_on is not None and self.accepted_on < self.received_on:
            raise ClockError(
                f"Ngày thụ lý {day_text(self.accepted_on)} trước ngày tiếp nhận {day_text(self.received_on)}"
            )
        if self.reopened_on is not None and self.reopened_on < self.received_on:
            raise ClockError(
                f"Ngày mở lại {day_text(self.reopened_on)} trước ngày tiếp nhận {day_text(self.received_on)}"
            )

    def since_reopening(self) -> CaseClock:
        """The clock of the round that began on ``reopened_on``: only its extensions and suspensions."""
        day = self.reopened_on
        if day is None:
            return self
        return replace(
            self,
            extensions=tuple(x for x in self.extensions if x.decided_on >= day),
            suspensions=tuple(s for s in self.suspensions if s.start > day),
        )

    @property
    def flags(self) -> Flags:
        """The conditions rules depend on."""
        return Flags(
            self.complex, self.very_complex, self.remote, self.second_instance, self.in_person, self.written
        )


def day_text(day: date) -> str:
    """``07/12/2026``: a day as the messages print it."""
    return f"{day.day:02d}/{day.month:02d}/{day.year}"
