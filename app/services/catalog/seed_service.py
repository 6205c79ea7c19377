"""First-start data: the office, default fields and departments, the first officer."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from app.domain.enums import Role
from app.domain.office_kind import OfficeKind, office_kind_of
from app.domain.text import clean_text
from app.models import Department, Field, Office, User
from app.resources import resource_path
from app.services.core.db_errors import translated


@dataclass(frozen=True, slots=True)
class OfficeSetup:
    """What ``hotline-desk init`` asks for.

    The default is a blank office (no name, no signer, no departments, only the administrator):
    the administrator's first sign-in opens the first-run setup, and nothing prints before it.
    The sample office of ``demo`` and the tests is :data:`app.services.demo.sample_office.SAMPLE_OFFICE`.
    """

    name: str = ""
    short_name: str = "UBND"
    parent_body: str = "UBND thành phố Hải Phòng"
    place_name: str = "Hải Phòng"
    leader_name: str = ""
    leader_title: str = "Chủ tịch"
    hotline: str = ""
    admin_username: str = "admin"
    admin_full_name: str = "Quản trị hệ thống"
    officer_username: str = ""
    officer_full_name: str = "Cán bộ trực"
    kind: OfficeKind | None = None
    """Which department presets (xã, phường, đặc khu, Sở); None: read from the office's name."""

    def office_kind(self) -> OfficeKind:
        return self.kind or office_kind_of(self.name)


def load_catalog() -> dict[str, object]:
    with resource_path("data", "fields.json").open(encoding="utf-8") as handle:
        data: dict[str, object] = json.load(handle)
    return data


def department_presets(kind: OfficeKind) -> list[str]:
    """The departments an office of this kind starts with (``resources/data/fields.json``)."""
    presets = load_catalog()["departments"]
    assert isinstance(presets, dict)
    names = presets.get(kind.value) or presets[OfficeKind.OTHER.value]
    return [str(name) for name in names]


def current_office_id(sessions: sessionmaker[Session]) -> int | None:
    with translated(), sessions() as session:
        return session.scalar(select(func.min(Office.id)))


def ensure_office(sessions: sessionmaker[Session], setup: OfficeSetup | None = None) -> int:
    """Create the office with its default catalogues once; return its id either way."""
    existing = current_office_id(sessions)
    if existing is not None:
        return existing
    setup = setup or OfficeSetup()
    catalog = load_catalog()
    with translated(), sessions.begin() as session:
        office = Office(
            name=clean_text(setup.name, multiline=False),
            short_name=setup.short_name,
            parent_body=setup.parent_body,
            place_name=setup.place_name,
            leader_name=setup.leader_name,
            leader_title=setup.leader_title,
            hotline=setup.hotline,
            address="",
        )
        session.add(office)
        session.flush()
        fields = catalog["fields"]
        assert isinstance(fields, list)
        for order, item in enumerate(fields):
            session.add(Field(code=item["code"], name=item["name"], sort_order=order, active=True))
        if office.name:  # a blank office gets its departments from the first-run setup
            for name in department_presets(setup.office_kind()):
                session.add(Department(office_id=office.id, name=name, code="", active=True))
        session.add(
            User(
                username=setup.admin_username,
                full_name=setup.admin_full_name,
                role=Role.ADMIN.value,
                default_channel="hotline",
                active=True,
            )
        )
        if not setup.officer_username:
            return office.id
        session.add(
            User(
                username=setup.officer_username,
                full_name=setup.officer_full_name,
                role=Role.RECEIVER.value,
                default_channel="hotline",
                active=True,
            )
        )
        return office.id
