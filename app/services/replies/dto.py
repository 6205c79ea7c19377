"""Frozen views the loop back to the citizen hands to screens and commands."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True, slots=True)
class FirstAnswerView:
    """The notify step of one case: its due date and, once given, the first answer."""

    case_id: int
    number: str
    due: date | None
    rule: str
    answered_on: date | None = None
    method: str = ""
    method_label: str = ""
    text: str = ""
    on_time: bool | None = None
    """None while unanswered; else whether it was given by the due date."""


@dataclass(frozen=True, slots=True)
class DraftView:
    """The current reply draft of a case (text scrubbed for a sealed denunciation)."""

    id: int
    case_id: int
    number: str
    status: str
    status_label: str
    text: str
    version: int
    submitted_text: str
    comment: str
    author_id: int | None
    approver_id: int | None
    updated_at: datetime
    changed_since_submitted: bool


@dataclass(frozen=True, slots=True)
class TemplateView:
    """One reply template (shipped text, or the office's own edit)."""

    code: str
    kind: str
    field: str | None
    title: str
    text: str
    edited: bool


@dataclass(frozen=True, slots=True)
class CallbackItem:
    """A closed case waiting for its satisfaction call-back."""

    case_id: int
    number: str
    kind: str
    channel: str
    department_id: int | None
    closed_at: datetime
    citizen_name: str
    phone: str
    attempts: int


@dataclass(frozen=True, slots=True)
class CallbackSampling:
    """Which closed cases enter the call-back list: channels and the share of them (percent)."""

    channels: tuple[str, ...]
    rate: int
