"""Accounts: login with lock-out, password change and reset, disabling; every attempt audited."""

from __future__ import annotations

import getpass
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.domain.enums import Role
from app.domain.passwords import DUMMY_HASH, hash_password, temporary_password, verify_password, weakness
from app.domain.permissions import Action, Actor, CaseScope, NotPermitted, authorize
from app.models import Department, User
from app.services.audit_service import AuditActor, AuditService
from app.services.catalog_service import CatalogService
from app.services.errors import NotFoundError, ServiceError, ValidationError

MAX_FAILURES = 5
LOCK_MINUTES = 15
WRONG = "Sai tên đăng nhập hoặc mật khẩu."


class AuthError(ServiceError):
    """A refused login; the message is safe to show (it never says which of name/password is wrong)."""


class PermissionDenied(ServiceError):
    """The officer's role or scope does not allow the action."""


class Guard:
    """One-line permission check for services: ``Guard.check(actor, Action.ASSIGN, scope)``."""

    @staticmethod
    def check(actor: Actor, action: Action, scope: CaseScope | None = None) -> None:
        try:
            authorize(actor, action, scope)
        except NotPermitted as error:
            raise PermissionDenied(error.message) from None


@dataclass(frozen=True, slots=True)
class Account:
    """One row of ``user list``."""

    username: str
    full_name: str
    role: str
    department: str
    active: bool
    locked_until: datetime | None
    must_change: bool
    last_login_at: datetime | None
    has_password: bool


def cli_actor() -> str:
    """The audit name of whoever runs a command: ``cli:<os user>``."""
    try:
        return f"cli:{getpass.getuser()}"
    except Exception:  # pragma: no cover - no user name in the environment
        return "cli:?"


class AuthService:
    """Login and account administration over ``user_account``."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        audit: AuditService,
        catalog: CatalogService,
        clock: Callable[[], datetime] = datetime.now,
    ) -> None:
        self._sessions = sessions
        self._audit = audit
        self._catalog = catalog
        self._clock = clock

    # --- login ----------------------------------------------------------------------------
    def login(self, username: str, password: str) -> Actor:
        """The officer's ``Actor``; ``AuthError`` (committed and audited) when refused."""
        name = username.strip().lower()
        refusal: str | None = None
        with self._sessions.begin() as session:
            user = session.scalars(select(User).where(User.username == name).with_for_update()).first()
            now = self._clock()
            if user is None:
                verify_password(password, DUMMY_HASH)
                self._audit.record(
                    session, f"?{name[:60]}", "login.failed", "user", name, None, {"lý do": "không có"}
                )
                refusal = WRONG
            else:
                refusal = self._check(session, user, password, now)
                if refusal is None:
                    user.failed_count, user.locked_until, user.last_login_at = 0, None, now
                    actor = self._actor(session, user)
                    self._audit.record(session, actor, "login", "user", user.username)
        if refusal is not None:
            raise AuthError(refusal)
        return actor

    def _check(self, session: Session, user: User, password: str, now: datetime) -> str | None:
        who = (user.id, user.username)
        if not user.active:
            self._fail(session, who, "disabled")
            return "Tài khoản đã bị vô hiệu hóa. Hãy liên hệ quản trị viên."
        if user.locked_until is not None and user.locked_until > now:
            self._fail(session, who, "locked")
            return f"Tài khoản đang tạm khóa vì nhập sai mật khẩu nhiều lần. Hãy thử lại sau {user.locked_until:%H:%M}."
        if not user.password_hash:
            self._fail(session, who, "no password")
            return "Tài khoản chưa có mật khẩu. Hãy nhờ quản trị viên đặt lại mật khẩu."
        if verify_password(password, user.password_hash):
            return None
        user.failed_count = (user.failed_count or 0) + 1
        if user.failed_count >= MAX_FAILURES:
            user.failed_count, user.locked_until = 0, now + timedelta(minutes=LOCK_MINUTES)
            self._fail(session, who, "wrong password, locked")
            return f"{WRONG} Tài khoản bị khóa {LOCK_MINUTES} phút vì nhập sai {MAX_FAILURES} lần."
        self._fail(session, who, "wrong password")
        left = MAX_FAILURES - user.failed_count
        return f"{WRONG} Còn {left} lần thử trước khi tài khoản bị khóa {LOCK_MINUTES} phút."

    def _fail(self, session: Session, who: tuple[int, str], reason: str) -> None:
        actor = Actor(who[0], who[1], "", "")
        self._audit.record(session, actor, "login.failed", "user", who[1], None, {"reason": reason})

    def _actor(self, session: Session, user: User) -> Actor:
        # A chief sees every department (empty set = no limit) until per-chief limits are stored.
        if user.department_id is not None and user.role in (Role.RECEIVER, Role.HANDLER):
            allowed = frozenset({user.department_id})
        else:
            allowed = frozenset()
        return Actor(
            user.id, user.username, user.full_name, user.role, user.department_id, allowed, user.must_change
        )

    # --- passwords ------------------------------------------------------------------------
    def change_password(self, actor: Actor, old: str, new: str) -> Actor:
        """Set a new password after checking the old one; the returned actor no longer must change."""
        problem = weakness(new, actor.username)
        if problem:
            raise ValidationError("new_password", problem)
        if new == old:
            raise ValidationError("new_password", "Mật khẩu mới phải khác mật khẩu cũ.")
        with self._sessions.begin() as session:
            user = self._user(session, actor.username)
            if not verify_password(old, user.password_hash):
                raise ValidationError("old_password", "Mật khẩu hiện tại không đúng.")
            user.password_hash, user.must_change = hash_password(new), False
            self._audit.record(session, actor, "password.change", "user", user.username)
            return self._actor(session, user)

    def check_password(self, actor: Actor, password: str) -> bool:
        """Whether ``password`` is the actor's (unlocking the idle screen); failures audited."""
        with self._sessions.begin() as session:
            user = self._user(session, actor.username)
            ok = user.active and verify_password(password, user.password_hash)
            self._audit.record(session, actor, "unlock" if ok else "unlock.failed", "user", actor.username)
        return ok

    def admin_reset(self, actor: AuditActor, username: str) -> str:
        """A new temporary password for ``username`` (must be changed at next login); unlocks it."""
        _require_admin(actor)
        temporary = temporary_password()
        with self._sessions.begin() as session:
            user = self._user(session, username)
            user.password_hash, user.must_change = hash_password(temporary), True
            user.failed_count, user.locked_until = 0, None
            self._audit.record(session, actor, "password.reset", "user", user.username)
        return temporary

    def set_password(self, actor: AuditActor, username: str, password: str) -> None:
        """Set a chosen password (``init --admin-password``); it need not be changed at login."""
        _require_admin(actor)
        if problem := weakness(password, username):
            raise ValidationError("password", problem)
        with self._sessions.begin() as session:
            user = self._user(session, username)
            user.password_hash, user.must_change, user.failed_count, user.locked_until = (
                hash_password(password), False, 0, None,
            )  # fmt: skip
            self._audit.record(session, actor, "password.set", "user", user.username)

    # --- administration -------------------------------------------------------------------
    def add_user(
        self, actor: AuditActor, username: str, role: Role, full_name: str = "", department: str | None = None
    ) -> str:
        """Create an account; returns its temporary password."""
        _require_admin(actor)
        department_id = self._department_id(department)
        self._catalog.save_user(username, full_name or username, role, department_id)
        name = username.strip().lower()
        after = {"role": role.value, "department_id": department_id, "full_name": full_name}
        self._audit.record_standalone(actor, "user.add", "user", name, None, after)
        return self.admin_reset(actor, name)

    def disable(self, actor: AuditActor, username: str) -> None:
        """Refuse every future login of ``username`` (history keeps the account)."""
        _require_admin(actor)
        if isinstance(actor, Actor) and actor.username == username.strip().lower():
            raise ServiceError("Không thể tự vô hiệu hóa tài khoản đang đăng nhập.")
        with self._sessions.begin() as session:
            user = self._user(session, username)
            user.active = False
            self._audit.record(
                session, actor, "user.disable", "user", user.username, {"active": True}, {"active": False}
            )

    def accounts(self) -> list[Account]:
        """Every account with its lock-out state, by user name."""
        with self._sessions() as session:
            departments = {int(i): str(n) for i, n in session.execute(select(Department.id, Department.name))}
            return [
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
                )
                for u in session.scalars(select(User).order_by(User.username))
            ]

    def needs_setup(self) -> bool:
        """True until an active administrator has a password (first start)."""
        with self._sessions() as session:
            stmt = select(User.id).where(
                User.role == Role.ADMIN, User.active.is_(True), User.password_hash != ""
            )
            return session.scalars(stmt).first() is None

    def _user(self, session: Session, username: str) -> User:
        user = session.scalars(select(User).where(User.username == username.strip().lower())).first()
        if user is None:
            raise NotFoundError(f"Không có tài khoản «{username}».")
        return user

    def _department_id(self, department: str | None) -> int | None:
        if not department:
            return None
        with self._sessions() as session:
            for dep_id, name, code in session.execute(
                select(Department.id, Department.name, Department.code)
            ):
                if department.strip().casefold() in (name.casefold(), code.casefold(), str(dep_id)):
                    return int(dep_id)
        raise ValidationError("department", f"Không có đơn vị «{department}».")


def _require_admin(actor: AuditActor) -> None:
    if isinstance(actor, Actor) and actor.role != Role.ADMIN:
        raise ServiceError("Chỉ quản trị viên được quản lý tài khoản.")
