"""Office details and catalogues: departments, fields (lĩnh vực) and officers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from app.domain.enums import Channel, Role
from app.domain.permissions import Action
from app.domain.text import clean_text, fold
from app.models import Department, Field, Office, User
from app.services.accounts.signed_in import SignedIn
from app.services.catalog.dto import DepartmentItem, FieldItem, OfficeInfo, UserItem
from app.services.core.db_errors import translated
from app.services.core.errors import NotFoundError, ValidationError


class CatalogService:
    """Reads and edits the office's reference data."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        office_id: int,
        *,
        signed_in: SignedIn,
    ) -> None:
        self._signed_in = signed_in
        self._sessions = sessions
        self._office_id = office_id

    def _check(self, action: Action, object_type: str) -> None:
        self._signed_in.check(action, object_type)

    def _record(
        self,
        session: Session,
        action: str,
        object_type: str,
        object_id: object,
        before: Mapping[str, Any] | None,
        after: Mapping[str, Any],
    ) -> None:
        """Audit a catalogue or settings change in its transaction, with before/after values."""
        if before != after:
            self._signed_in.record(session, action, object_type, object_id, before, after)

    # --- office -------------------------------------------------------------------------
    def office(self) -> OfficeInfo:
        with translated(), self._sessions() as session:
            o = session.get(Office, self._office_id)
            if o is None:
                raise NotFoundError("Chưa khai báo cơ quan.")
            return _office_info(o)

    def update_office(self, info: OfficeInfo) -> None:
        self._check(Action.MANAGE_SETTINGS, "office")
        name = clean_text(info.name, multiline=False)
        if not name:
            raise ValidationError("name", "Tên cơ quan không được để trống.")
        with translated(), self._sessions.begin() as session:
            o = session.get(Office, self._office_id)
            if o is None:
                raise NotFoundError("Chưa khai báo cơ quan.")
            attrs = (
                "name",
                "short_name",
                "parent_body",
                "place_name",
                "leader_name",
                "leader_title",
                "hotline",
                "address",
            )
            before = {a: getattr(o, a) for a in attrs}
            o.name = name
            for attr in attrs[1:]:
                setattr(o, attr, clean_text(getattr(info, attr), multiline=False))
            after = {a: getattr(o, a) for a in attrs}
            changed = [a for a in attrs if before[a] != after[a]]
            self._record(
                session, "settings.change", "office", o.id,
                {a: before[a] for a in changed}, {a: after[a] for a in changed},
            )  # fmt: skip

    # --- departments --------------------------------------------------------------------
    def departments(self, *, include_inactive: bool = False) -> list[DepartmentItem]:
        with translated(), self._sessions() as session:
            stmt = select(Department).where(Department.office_id == self._office_id)
            if not include_inactive:
                stmt = stmt.where(Department.active.is_(True))
            rows = session.scalars(stmt).all()
            items = [DepartmentItem(d.id, d.name, d.code, d.active) for d in rows]
        return sorted(items, key=lambda d: fold(d.name))

    def save_department(
        self, name: str, code: str = "", dept_id: int | None = None, active: bool = True
    ) -> int:
        self._check(Action.MANAGE_CATALOGUES, "department")
        name = clean_text(name, multiline=False, max_length=200)
        if not name:
            raise ValidationError("name", "Tên đơn vị không được để trống.")
        try:
            with translated(), self._sessions.begin() as session:
                before: dict[str, Any] | None = None
                if dept_id is None:
                    dept = Department(office_id=self._office_id, name=name, code=code, active=active)
                    session.add(dept)
                else:
                    found = session.get(Department, dept_id)
                    if found is None:
                        raise NotFoundError("Không tìm thấy đơn vị.")
                    dept = found
                    before = {"name": dept.name, "code": dept.code, "active": dept.active}
                    dept.name, dept.code, dept.active = name, code, active
                session.flush()
                after = {"name": name, "code": code, "active": active}
                self._record(session, "catalog.change", "department", dept.id, before, after)
                return dept.id
        except IntegrityError as error:
            raise ValidationError("name", f"Đơn vị «{name}» đã có trong danh mục.") from error

    # --- fields -------------------------------------------------------------------------
    def fields(self, *, include_inactive: bool = False) -> list[FieldItem]:
        with translated(), self._sessions() as session:
            stmt = select(Field).order_by(Field.sort_order, Field.id)
            if not include_inactive:
                stmt = stmt.where(Field.active.is_(True))
            return [FieldItem(f.id, f.code, f.name, f.active) for f in session.scalars(stmt)]

    def save_field(self, name: str, code: str = "", field_id: int | None = None, active: bool = True) -> int:
        self._check(Action.MANAGE_CATALOGUES, "field")
        name = clean_text(name, multiline=False, max_length=200)
        if not name:
            raise ValidationError("name", "Tên lĩnh vực không được để trống.")
        code = code or "_".join(fold(name).split())[:40]
        try:
            with translated(), self._sessions.begin() as session:
                before: dict[str, Any] | None = None
                if field_id is None:
                    item = Field(code=code, name=name, sort_order=1000, active=active)
                    session.add(item)
                else:
                    found = session.get(Field, field_id)
                    if found is None:
                        raise NotFoundError("Không tìm thấy lĩnh vực.")
                    item = found
                    before = {"name": item.name, "active": item.active}
                    item.name, item.active = name, active
                session.flush()
                self._record(
                    session, "catalog.change", "field", item.id, before, {"name": name, "active": active}
                )
                return item.id
        except IntegrityError as error:
            raise ValidationError("name", f"Lĩnh vực «{name}» đã có trong danh mục.") from error

    # --- users --------------------------------------------------------------------------
    def users(self, *, include_inactive: bool = False) -> list[UserItem]:
        with translated(), self._sessions() as session:
            stmt = select(User).order_by(User.full_name)
            if not include_inactive:
                stmt = stmt.where(User.active.is_(True))
            return [_user_item(u) for u in session.scalars(stmt)]

    def save_user(
        self,
        username: str,
        full_name: str,
        role: Role,
        department_id: int | None,
        default_channel: Channel = Channel.HOTLINE,
        user_id: int | None = None,
        active: bool = True,
    ) -> int:
        self._check(Action.MANAGE_USERS, "user")
        username = clean_text(username, multiline=False).lower()
        full_name = clean_text(full_name, multiline=False, max_length=100)
        if not username or not username.replace(".", "").replace("_", "").isalnum():
            raise ValidationError("username", "Tên đăng nhập chỉ gồm chữ không dấu, số, dấu chấm.")
        if not full_name:
            raise ValidationError("full_name", "Họ tên cán bộ không được để trống.")
        try:
            with translated(), self._sessions.begin() as session:
                before: dict[str, Any] | None = None
                if user_id is None:
                    user = User(username=username, full_name=full_name)
                    session.add(user)
                else:
                    found = session.get(User, user_id)
                    if found is None:
                        raise NotFoundError("Không tìm thấy cán bộ.")
                    user = found
                    before = _user_values(user)
                user.username, user.full_name, user.role = username, full_name, role.value
                user.department_id, user.default_channel = department_id, default_channel.value
                user.active = active
                session.flush()
                self._record(session, "catalog.change", "user", user.username, before, _user_values(user))
                return user.id
        except IntegrityError as error:
            raise ValidationError("username", f"Tên đăng nhập «{username}» đã được dùng.") from error


def _office_info(o: Office) -> OfficeInfo:
    return OfficeInfo(
        o.id,
        o.name,
        o.short_name,
        o.parent_body,
        o.place_name,
        o.leader_name,
        o.leader_title,
        o.hotline,
        o.address,
    )


def _user_values(u: User) -> dict[str, Any]:
    return {
        "full_name": u.full_name, "role": u.role, "department_id": u.department_id,
        "default_channel": u.default_channel, "active": u.active,
    }  # fmt: skip


def _user_item(u: User) -> UserItem:
    return UserItem(
        u.id, u.username, u.full_name, u.role, u.department_id, Channel(u.default_channel), u.active
    )
