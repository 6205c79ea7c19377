"""Office details and catalogues: departments, fields (lĩnh vực) and officers."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from app.domain.enums import Channel, Role
from app.domain.text import clean_text, fold
from app.models import Department, Field, Office, User
from app.services.db_errors import translated
from app.services.dto import DepartmentItem, FieldItem, OfficeInfo, UserItem
from app.services.errors import NotFoundError, ValidationError


class CatalogService:
    """Reads and edits the office's reference data."""

    def __init__(self, sessions: sessionmaker[Session], office_id: int) -> None:
        self._sessions = sessions
        self._office_id = office_id

    # --- office -------------------------------------------------------------------------
    def office(self) -> OfficeInfo:
        with translated(), self._sessions() as session:
            o = session.get(Office, self._office_id)
            if o is None:
                raise NotFoundError("Chưa khai báo cơ quan.")
            return _office_info(o)

    def update_office(self, info: OfficeInfo) -> None:
        name = clean_text(info.name, multiline=False)
        if not name:
            raise ValidationError("name", "Tên cơ quan không được để trống.")
        with translated(), self._sessions.begin() as session:
            o = session.get(Office, self._office_id)
            if o is None:
                raise NotFoundError("Chưa khai báo cơ quan.")
            o.name = name
            for attr in (
                "short_name",
                "parent_body",
                "place_name",
                "leader_name",
                "leader_title",
                "hotline",
                "address",
            ):
                setattr(o, attr, clean_text(getattr(info, attr), multiline=False))

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
        name = clean_text(name, multiline=False, max_length=200)
        if not name:
            raise ValidationError("name", "Tên đơn vị không được để trống.")
        try:
            with translated(), self._sessions.begin() as session:
                if dept_id is None:
                    dept = Department(office_id=self._office_id, name=name, code=code, active=active)
                    session.add(dept)
                else:
                    found = session.get(Department, dept_id)
                    if found is None:
                        raise NotFoundError("Không tìm thấy đơn vị.")
                    dept = found
                    dept.name, dept.code, dept.active = name, code, active
                session.flush()
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
        name = clean_text(name, multiline=False, max_length=200)
        if not name:
            raise ValidationError("name", "Tên lĩnh vực không được để trống.")
        code = code or "_".join(fold(name).split())[:40]
        try:
            with translated(), self._sessions.begin() as session:
                if field_id is None:
                    item = Field(code=code, name=name, sort_order=1000, active=active)
                    session.add(item)
                else:
                    found = session.get(Field, field_id)
                    if found is None:
                        raise NotFoundError("Không tìm thấy lĩnh vực.")
                    item = found
                    item.name, item.active = name, active
                session.flush()
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
        username = clean_text(username, multiline=False).lower()
        full_name = clean_text(full_name, multiline=False, max_length=100)
        if not username or not username.replace(".", "").replace("_", "").isalnum():
            raise ValidationError("username", "Tên đăng nhập chỉ gồm chữ không dấu, số, dấu chấm.")
        if not full_name:
            raise ValidationError("full_name", "Họ tên cán bộ không được để trống.")
        try:
            with translated(), self._sessions.begin() as session:
                if user_id is None:
                    user = User(username=username, full_name=full_name)
                    session.add(user)
                else:
                    found = session.get(User, user_id)
                    if found is None:
                        raise NotFoundError("Không tìm thấy cán bộ.")
                    user = found
                user.username, user.full_name, user.role = username, full_name, role.value
                user.department_id, user.default_channel = department_id, default_channel.value
                user.active = active
                session.flush()
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


def _user_item(u: User) -> UserItem:
    return UserItem(
        u.id, u.username, u.full_name, u.role, u.department_id, Channel(u.default_channel), u.active
    )
