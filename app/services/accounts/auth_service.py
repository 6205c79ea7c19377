"""Accounts: login with lock-out, password change, idle unlock; every attempt audited."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.domain.enums import Role
from app.domain.passwords import dummy_hash, hash_password, verify_password, weakness
from app.domain.permissions import Actor
from app.models import User
from app.services.accounts.account_admin import Account as Account
from app.services.accounts.account_admin import AccountAdmin, department_limits
from app.services.accounts.cli_actor import cli_actor as cli_actor
from app.services.accounts.guard import Guard as Guard
from app.services.accounts.guard import PermissionDenied as PermissionDenied
from app.services.audit.audit_service import AuditService
from app.services.core.errors import ServiceError, ValidationError

MAX_FAILURES = 5
LOCK_MINUTES = 15
WRONG = "Sai tên đăng nhập hoặc mật khẩu."


class AuthError(ServiceError):
    """A refused login; the message is safe to show (it never says which of name/password is wrong)."""


class AuthService(AccountAdmin):
    """Login, lock-out and passwords over ``user_account``; administration from ``AccountAdmin``."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        audit: AuditService,
        clock: Callable[[], datetime] = datetime.now,
    ) -> None:
        self._sessions = sessions
        self._audit = audit
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
                verify_password(password, dummy_hash())
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
        # Receiver, handler: their own department. Chief: the departments he is limited to
        # (``user_department``), none stored = every department. Administrator: no case scope.
        allowed: frozenset[int] = frozenset()
        if user.department_id is not None and user.role in (Role.RECEIVER, Role.HANDLER):
            allowed = frozenset({user.department_id})
        elif user.role == Role.CHIEF:
            allowed = frozenset(department_limits(session, user.id))
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

    def needs_setup(self) -> bool:
        """True until an active administrator has a password (first start)."""
        with self._sessions() as session:
            stmt = select(User.id).where(
                User.role == Role.ADMIN, User.active.is_(True), User.password_hash != ""
            )
            return session.scalars(stmt).first() is None
