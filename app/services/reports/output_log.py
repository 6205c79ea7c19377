"""Exports and prints of reports, registers and lists go into the audit log (who, what, where)."""

from __future__ import annotations

from pathlib import Path

from app.services.accounts.signed_in import SignedIn
from app.services.audit.audit_service import AuditActor, AuditService


class OutputLog:
    """``exported``/``printed`` after a file is written or pages are sent to a printer."""

    def __init__(self, audit: AuditService, signed_in: SignedIn) -> None:
        self._audit = audit
        self._signed_in = signed_in

    def exported(self, what: str, period: str, path: Path, fallback: AuditActor = None) -> None:
        """``what`` ("report", "register"…) for ``period`` was saved as ``path``."""
        after = {"file": str(path), "format": path.suffix.lstrip(".").lower()}
        self._audit.record_standalone(
            self._signed_in.who(fallback), f"{what}.export", what, period, None, after
        )

    def printed(self, what: str, period: str, pages: int) -> None:
        """``pages`` pages of ``what`` for ``period`` were sent to a printer."""
        self._audit.record_standalone(
            self._signed_in.who(), f"{what}.print", what, period, None, {"pages": pages}
        )
