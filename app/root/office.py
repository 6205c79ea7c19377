"""The office and its people: catalog (office, departments, fields, officers), its first-run
setup, accounts and login, the audit log's read side."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from app.root.base import ServiceRoot

if TYPE_CHECKING:
    from app.services.accounts.auth_service import AuthService
    from app.services.audit.audit_query import AuditQuery
    from app.services.catalog.catalog_service import CatalogService
    from app.services.catalog.first_day_service import FirstDayService


class OfficeServices(ServiceRoot):
    """Built on first use: the login screen needs ``auth`` and ``catalog``, a command rarely does."""

    @cached_property
    def catalog(self) -> CatalogService:
        from app.services.catalog.catalog_service import CatalogService

        return CatalogService(self.sessions, self.office_id, signed_in=self.signed_in)

    @cached_property
    def first_day(self) -> FirstDayService:
        """The office's first-run setup (wizard after the administrator's first sign-in, ``init``)."""
        from app.services.catalog.first_day_service import FirstDayService

        return FirstDayService(self.sessions, self.office_id, signed_in=self.signed_in)

    @cached_property
    def auth(self) -> AuthService:
        """Login, lock-out, passwords and account administration."""
        from app.services.accounts.auth_service import AuthService

        return AuthService(self.sessions, self.audit, self.clock)

    @cached_property
    def audit_query(self) -> AuditQuery:
        """The audit log's filters and pages (chief and administrator)."""
        from app.services.audit.audit_query import AuditQuery

        return AuditQuery(self.sessions, signed_in=self.signed_in)
