"""Account administration: add, edit, limit, reset, disable, enable, unlock; audited with before/after."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from app.domain.enums import Role
from app.domain.passwords import hash_password, temporary_password, weakness
from app.domain.permissions import Action, Actor
from app.domain.text import clean_text
from app.models import Department, User, UserDepartment
from app.services.accounts.guard import Guard, PermissionDenied
from app.services.audit.audit_service import AuditActor, AuditService
from app.services.core.errors import NotFoundError, ServiceError, ValidationError


@dataclass(frozen=True, slots=True)
class Account:
    """One account as the administrator sees it (``user list``, the accounts tab)."""

    username: str
    full_name: str
    role: str
    department: str
    active: bool
    locked_until: datetime | None
    must_change: bool
    last_login_at: datetime | None
    has_password: bool
    department_id: int | None = None
    limited_to: tuple[int, ...] = ()
    """A chief's departments (ids); empty = every department."""
    limited_names: tuple[str, ...] = ()
    locked: bool = False
    """Locked out right now (``locked_until`` is still in the future)."""


class AccountAdmin:
    """The administrator's part of :class:`AuthService` (``user …`` commands, the accounts tab).

    Each method takes the acting officer (or ``cli:<user>``) first, checks ``MANAGE_USERS``
    and writes the change and its audit row in one transaction.
    """

    _sessions: sessionmaker[Session]
    _audit: AuditService
    _clock: Callable[[], datetime]

    def admin_reset(self, actor: AuditActor, username: str) -> str:
        """A new temporary password for ``username`` (must be changed at next login); unlocks it."""
        self._guard(actor)
        temporary = temporary_password()
        with self._sessions.begin() as session:
            user = self._user(session, username)
            before = {"must_change": user.must_change, "locked_until": _when(user.locked_until)}
            user.password_hash, user.must_change = hash_password(temporary), True
            user.failed_count, user.locked_until = 0, None
            after = {"must_change": True, "locked_until": None}
            self._audit.record(session, actor, "password.reset", "user", user.username, before, after)
        return temporary

    def set_password(self, actor: AuditActor, username: str, password: str) -> None:
        """Set a chosen password (``init --admin-password``); it need not be changed at login."""
        self._guard(actor)
        if problem := weakness(password, username):
            raise ValidationError("password", problem)
        with self._sessions.begin() as session:
            user = self._user(session, username)
            user.password_hash, user.must_change, user.failed_count, user.locked_until = (
                hash_password(password), False, 0, None,
            )  # fmt: skip
            self._audit.record(session, actor, "password.set", "user", user.username)

    # --- administration (each call: Guard, one transaction, audited with before/after) -----
    def add_user(
        self,
        actor: AuditActor,
        username: str,
        role: Role,
        full_name: str = "",
        department: int | str | None = None,
        limited_to: Iterable[int | str] = (),
    ) -> str:
        """Create an account (a chief optionally limited to departments); returns its temporary password."""
        self._guard(actor)
        name = _username(username)
        role = _role(role)
        temporary = temporary_password()
        with self._sessions.begin() as session:
            if session.scalars(select(User.id).where(User.username == name)).first() is not None:
                raise ValidationError("username", f"Tên đăng nhập «{name}» đã được dùng.")
            user = User(
                username=name,
                full_name=_full_name(full_name or name),
                role=role.value,
                department_id=_department_ref(session, department) if department not in (None, "") else None,
                password_hash=hash_password(temporary),
                must_change=True,
                failed_count=0,
                active=True,
            )
            session.add(user)
            session.flush()
            self._store_limits(session, user, limited_to)
            self._audit.record(session, actor, "user.add", "user", name, None, _snapshot(session, user))
        return temporary

    def update_account(
        self,
        actor: AuditActor,
        username: str,
        *,
        full_name: str | None = None,
        role: Role | str | None = None,
        department: int | str | None = None,
        limited_to: Iterable[int | str] | None = None,
    ) -> None:
        """Change name, role, department or a chief's departments in one step.

        ``None`` keeps a value; ``department=""`` clears it; ``limited_to=()`` lets a chief see
        every department. A chief who gets another role loses his limits. Nobody changes his own
        role, and the last active administrator keeps his.
        """
        self._guard(actor)
        with self._sessions.begin() as session:
            user = self._user(session, username)
            before = _snapshot(session, user)
            if full_name is not None:
                user.full_name = _full_name(full_name)
            if department is not None:
                user.department_id = _department_ref(session, department) if department != "" else None
            new_role = _role(role) if role is not None else None
            if new_role is not None and new_role != user.role:
                if _is_self(actor, user):
                    raise ServiceError(
                        "Không thể tự đổi vai trò của tài khoản đang đăng nhập; hãy nhờ quản trị viên khác."
                    )
                if user.role == Role.ADMIN and user.active:
                    _keep_an_admin(session, user, "đổi vai trò của")
                user.role = new_role.value
                if new_role != Role.CHIEF:
                    session.execute(delete(UserDepartment).where(UserDepartment.user_id == user.id))
            if limited_to is not None:
                self._store_limits(session, user, limited_to)
            self._record_change(session, actor, "user.update", user, before)

    def set_chief_departments(
        self, actor: AuditActor, username: str, department_ids: Iterable[int | str]
    ) -> tuple[int, ...]:
        """Limit a chief to these departments (ids, or names/codes); empty = every department."""
        self._guard(actor)
        with self._sessions.begin() as session:
            user = self._user(session, username)
            before = _snapshot(session, user)
            stored = self._store_limits(session, user, department_ids)
            self._record_change(session, actor, "user.limit", user, before)
        return stored

    def disable(self, actor: AuditActor, username: str) -> None:
        """Refuse every future login of ``username`` (history keeps the account)."""
        self._guard(actor)
        with self._sessions.begin() as session:
            user = self._user(session, username)
            if _is_self(actor, user):
                raise ServiceError("Không thể tự vô hiệu hóa tài khoản đang đăng nhập.")
            if user.role == Role.ADMIN and user.active:
                _keep_an_admin(session, user, "vô hiệu hóa")
            before = _snapshot(session, user)
            user.active = False
            self._record_change(session, actor, "user.disable", user, before)

    def enable(self, actor: AuditActor, username: str) -> None:
        """Let a disabled account log in again (with the password it had)."""
        self._guard(actor)
        with self._sessions.begin() as session:
            user = self._user(session, username)
            before = _snapshot(session, user)
            user.active = True
            self._record_change(session, actor, "user.enable", user, before)

    def unlock(self, actor: AuditActor, username: str) -> None:
        """End a lock-out after too many wrong passwords now, instead of in 15 minutes."""
        self._guard(actor)
        with self._sessions.begin() as session:
            user = self._user(session, username)
            before = {"locked_until": _when(user.locked_until), "failed_count": user.failed_count or 0}
            user.failed_count, user.locked_until = 0, None
            after = {"locked_until": None, "failed_count": 0}
            if before != after:
                self._audit.record(session, actor, "user.unlock", "user", user.username, before, after)

    def accounts(self, actor: AuditActor = None) -> list[Account]:
        """Every account with its lock-out state and a chief's departments, by user name."""
        self._guard(actor)
        now = self._clock()
        with self._sessions() as session:
            departments = {int(i): str(n) for i, n in session.execute(select(Department.id, Department.name))}
            limits: dict[int, list[int]] = {}
            for user_id, dep_id in session.execute(
                select(UserDepartment.user_id, UserDepartment.department_id)
            ):
                limits.setdefault(user_id, []).append(dep_id)
            accounts = []
            for u in session.scalars(select(User).order_by(User.username)):
                limited = tuple(sorted(limits.get(u.id, []), key=lambda i: departments.get(i, "")))
                accounts.append(
                    Account(
                        u.username,
                        u.full_name,
                        u.role,
                        departments.get(u.department_id or 0, ""),
                        u.active,
                        u.locked_until,
                        u.must_change,
                        u.last_login_at,
                        bool(u.password_hash),
                        u.department_id,
                        limited,
                        tuple(departments.get(i, str(i)) for i in limited),
                        u.locked_until is not None and u.locked_until > now,
                    )
                )
            return accounts

    def _guard(self, actor: AuditActor) -> None:
        """An officer needs ``MANAGE_USERS`` (a refusal is audited); a named non-officer actor
        (``cli:…``) is the machine's owner."""
        if isinstance(actor, Actor):
            try:
                Guard.check(actor, Action.MANAGE_USERS)
            except PermissionDenied:
                message = f"Chỉ quản trị viên được quản lý tài khoản; tài khoản «{actor.username}» không có quyền này."
                after = {"action": Action.MANAGE_USERS.value, "message": message}
                self._audit.record_standalone(actor, "denied", "user", "", None, after)
                raise PermissionDenied(message) from None

    def _user(self, session: Session, username: str) -> User:
        user = session.scalars(
            select(User).where(User.username == username.strip().lower()).with_for_update()
        ).first()
        if user is None:
            raise NotFoundError(f"Không có tài khoản «{username}».")
        return user

    def _store_limits(self, session: Session, user: User, refs: Iterable[int | str]) -> tuple[int, ...]:
        ids = tuple(sorted({_department_ref(session, ref) for ref in refs}))
        if ids and user.role != Role.CHIEF:
            raise ValidationError(
                "departments", "Chỉ tài khoản lãnh đạo mới được giới hạn theo đơn vị xử lý."
            )
        session.execute(delete(UserDepartment).where(UserDepartment.user_id == user.id))
        session.add_all(UserDepartment(user_id=user.id, department_id=i) for i in ids)
        session.flush()
        return ids

    def _record_change(
        self, session: Session, actor: AuditActor, action: str, user: User, before: dict[str, Any]
    ) -> None:
        """Audit only the values that changed; nothing changed, nothing recorded."""
        session.flush()
        after = _snapshot(session, user)
        changed = [key for key in after if after[key] != before.get(key)]
        if changed:
            self._audit.record(
                session,
                actor,
                action,
                "user",
                user.username,
                {k: before.get(k) for k in changed},
                {k: after[k] for k in changed},
            )


def department_limits(session: Session, user_id: int) -> list[int]:
    stmt = select(UserDepartment.department_id).where(UserDepartment.user_id == user_id)
    return sorted(session.scalars(stmt))


def _snapshot(session: Session, user: User) -> dict[str, Any]:
    return {
        "full_name": user.full_name,
        "role": user.role,
        "department_id": user.department_id,
        "active": user.active,
        "limited_to": department_limits(session, user.id),
    }


def _when(value: datetime | None) -> str | None:
    return value.isoformat(timespec="minutes") if value is not None else None


def _is_self(actor: AuditActor, user: User) -> bool:
    return isinstance(actor, Actor) and actor.username == user.username


def _keep_an_admin(session: Session, user: User, verb: str) -> None:
    others = (
        select(User.id)
        .where(User.role == Role.ADMIN, User.active.is_(True), User.id != user.id)
        .with_for_update()
    )
    if session.scalars(others).first() is None:
        raise ServiceError(
            f"Không thể {verb} quản trị viên cuối cùng đang hoạt động. "
            "Hãy tạo hoặc kích hoạt lại một tài khoản quản trị khác trước."
        )


def _username(value: str) -> str:
    name = clean_text(value, multiline=False).lower()
    if not name or not name.isascii() or not name.replace(".", "").replace("_", "").isalnum():
        raise ValidationError("username", "Tên đăng nhập chỉ gồm chữ không dấu, số, dấu chấm hoặc gạch dưới.")
    if len(name) > 60:
        raise ValidationError("username", "Tên đăng nhập dài quá 60 ký tự.")
    return name


def _full_name(value: str) -> str:
    name = clean_text(value, multiline=False, max_length=100)
    if not name:
        raise ValidationError("full_name", "Họ tên cán bộ không được để trống.")
    return name


def _role(value: Role | str) -> Role:
    try:
        return Role(value)
    except ValueError:
        raise ValidationError("role", f"Không có vai trò «{value}».") from None


def _department_ref(session: Session, ref: int | str) -> int:
    """A department id from its id, or from its name, code or number as typed on the command line."""
    rows = session.execute(select(Department.id, Department.name, Department.code)).all()
    if isinstance(ref, int):
        if any(dep_id == ref for dep_id, _, _ in rows):
            return ref
    else:
        wanted = clean_text(ref, multiline=False).casefold()
        for dep_id, name, code in rows:
            if wanted and wanted in (name.casefold(), code.casefold(), str(dep_id)):
                return int(dep_id)
    raise ValidationError("department", f"Không có đơn vị «{ref}».")
