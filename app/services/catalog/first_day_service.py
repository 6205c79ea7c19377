"""The first-run setup: the office names itself, its signer, numbers, pages, departments and first accounts.

Run once by the administrator (the wizard after the first sign-in, or ``hotline-desk init
--office …``); everything is written in one transaction, audited, and the new accounts get
temporary passwords that must be changed at their first login.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.domain.enums import Role
from app.domain.first_day import FirstAccount, FirstDay, cleaned_departments, problems
from app.domain.office_kind import OfficeKind
from app.domain.passwords import hash_password, temporary_password
from app.domain.permissions import Action
from app.domain.phone import format_phone, normalize_phone
from app.domain.text import clean_text, fold
from app.models import Department, Office, User
from app.services.accounts.signed_in import SignedIn
from app.services.catalog.seed_service import department_presets
from app.services.core.db_errors import translated
from app.services.core.errors import NotFoundError, ValidationError
from app.services.core.json_settings import HOTLINES_KEY, PAGE_NAMES_KEY, store_list


class FirstDayInvalid(ValidationError):
    """The setup cannot be saved; ``problems`` names every field at fault (the first is ``field``)."""

    def __init__(self, found: dict[str, str]) -> None:
        field, message = next(iter(found.items()))
        super().__init__(field, message)
        self.problems = dict(found)


@dataclass(frozen=True, slots=True)
class IssuedAccount:
    """An account the setup made, with the temporary password to hand over on paper."""

    username: str
    full_name: str
    role: Role
    temporary_password: str


class FirstDayService:
    """Whether the office still needs its first-run setup, the presets it starts from, and applying it."""

    def __init__(self, sessions: sessionmaker[Session], office_id: int, *, signed_in: SignedIn) -> None:
        self._sessions = sessions
        self._office_id = office_id
        self._signed_in = signed_in

    def needed(self) -> bool:
        """True while the office has no name or no signer (nothing can be printed yet)."""
        with translated(), self._sessions() as session:
            office = session.get(Office, self._office_id)
            return office is None or not office.name.strip() or not office.leader_name.strip()

    @staticmethod
    def presets(kind: OfficeKind) -> list[str]:
        """The departments an office of ``kind`` usually has (editable in the wizard)."""
        return department_presets(kind)

    def apply(self, day: FirstDay) -> tuple[IssuedAccount, ...]:
        """Save the office as declared, in one audited transaction; nothing changes if a field is wrong."""
        self._signed_in.check(Action.MANAGE_SETTINGS, "office")
        self._signed_in.check(Action.MANAGE_USERS, "user")
        if found := problems(day):
            raise FirstDayInvalid(found)
        with translated(), self._sessions.begin() as session:
            office = session.get(Office, self._office_id)
            if office is None:
                raise NotFoundError("Chưa khai báo cơ quan.")
            before = _office_values(office)
            hotlines = [format_phone(p.value) for p in map(normalize_phone, day.hotlines) if p is not None]
            office.name = clean_text(day.name, multiline=False)
            office.short_name = clean_text(day.short_name, multiline=False)
            office.parent_body = clean_text(day.parent_body, multiline=False)
            office.place_name = clean_text(day.place_name, multiline=False) or "Hải Phòng"
            office.address = clean_text(day.address, multiline=False)
            office.leader_name = clean_text(day.leader_name, multiline=False)
            office.leader_title = clean_text(day.leader_title, multiline=False)
            office.hotline = (hotlines[0] if hotlines else "")[:40]
            after = _office_values(office) | {"kind": day.kind.value}
            numbers = store_list(session, HOTLINES_KEY, hotlines)
            pages = store_list(session, PAGE_NAMES_KEY, day.facebook_pages)
            departments = self._departments(session, cleaned_departments(day.departments))
            self._signed_in.record(
                session, "office.setup", "office", office.id, before,
                after | {"hotlines": numbers, "facebook_pages": pages, "departments": departments},
            )  # fmt: skip
            issued = tuple(
                self._account(session, account, role)
                for account, role in ((day.officer, Role.RECEIVER), (day.chief, Role.CHIEF))
                if account is not None
            )
        return issued

    def _departments(self, session: Session, names: tuple[str, ...]) -> list[str]:
        """Keep the named departments active (adding the new ones); retire the others."""
        existing = {
            fold(d.name): d
            for d in session.scalars(select(Department).where(Department.office_id == self._office_id))
        }
        wanted = {fold(n): n for n in names}
        for key, department in existing.items():
            department.active = key in wanted
        for key, name in wanted.items():
            if key not in existing:
                session.add(Department(office_id=self._office_id, name=name, code="", active=True))
        session.flush()
        return list(wanted.values())

    def _account(self, session: Session, account: FirstAccount, role: Role) -> IssuedAccount:
        name = account.username.strip().lower()
        if session.scalars(select(User.id).where(User.username == name)).first() is not None:
            raise FirstDayInvalid(
                {"officer" if role is Role.RECEIVER else "chief": f"Tên đăng nhập «{name}» đã được dùng."}
            )
        temporary = temporary_password()
        full_name = clean_text(account.full_name, multiline=False) or name
        session.add(
            User(
                username=name, full_name=full_name, role=role.value, default_channel="hotline",
                password_hash=hash_password(temporary), must_change=True, failed_count=0, active=True,
            )
        )  # fmt: skip
        session.flush()
        self._signed_in.record(
            session, "user.add", "user", name, None, {"full_name": full_name, "role": role.value}
        )
        return IssuedAccount(name, full_name, role, temporary)


def _office_values(office: Office) -> dict[str, str]:
    attrs = (
        "name",
        "short_name",
        "parent_body",
        "place_name",
        "address",
        "leader_name",
        "leader_title",
        "hotline",
    )
    return {a: getattr(office, a) for a in attrs}
