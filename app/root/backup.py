"""Backups and restores of this database into the office's folder."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from app.root.base import ServiceRoot

if TYPE_CHECKING:
    from app.services.backup.backup_service import BackupService


class BackupServices(ServiceRoot):
    """Built on first use (the automatic backup's check, the backup page, ``hotline-desk backup``)."""

    @cached_property
    def backups(self) -> BackupService:
        """Backups and restores of this database into the office's folder."""
        from app.services.backup.backup_service import BackupService

        return BackupService(self.engine, self.settings.data_dir, self.clock, signed_in=self.signed_in)
