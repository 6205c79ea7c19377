"""Frozen data objects of the office and its catalogues, as the UI and CLI receive them."""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.enums import Channel


@dataclass(frozen=True, slots=True)
class OfficeInfo:
    id: int
    name: str
    short_name: str
    parent_body: str
    place_name: str
    leader_name: str
    leader_title: str
    hotline: str
    address: str


@dataclass(frozen=True, slots=True)
class DepartmentItem:
    id: int
    name: str
    code: str
    active: bool


@dataclass(frozen=True, slots=True)
class FieldItem:
    id: int
    code: str
    name: str
    active: bool


@dataclass(frozen=True, slots=True)
class UserItem:
    id: int
    username: str
    full_name: str
    role: str
    department_id: int | None
    default_channel: Channel
    active: bool
