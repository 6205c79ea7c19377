"""The permission check every service makes: ``Guard.check(actor, action, scope)``."""

from __future__ import annotations

from app.domain.permissions import Action, Actor, CaseScope, NotPermitted, authorize
from app.services.core.errors import ServiceError


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
