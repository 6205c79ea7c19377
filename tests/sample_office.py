"""Services for tests on the demo's sample office (a name, a signer, departments, ``trucban``).

A fresh database is a blank office since the first-run setup (issue 12); most tests need the
office the demo creates, so this wrapper passes it unless a test gives its own ``setup``.
"""

from __future__ import annotations

from typing import Any

from app import bootstrap
from app.bootstrap import Services
from app.services.catalog.seed_service import OfficeSetup
from app.services.demo.sample_office import SAMPLE_OFFICE
from app.settings import Settings

SIGNED_INIT = ("--leader", "Trần Văn Ký", "--user", "trucban")
"""``hotline-desk init`` options beside ``--office``: a signer (so the office prints) and the duty officer."""
SAMPLE_INIT = ("--office", "UBND phường Hải An", *SIGNED_INIT)
"""``hotline-desk init`` options for an office that prints, with the duty officer ``trucban``."""


def command_line_services(settings: Settings, *, setup: OfficeSetup | None = None, **kwargs: Any) -> Services:
    return bootstrap.command_line_services(settings, setup=setup or SAMPLE_OFFICE, **kwargs)


def build_services(settings: Settings, *, setup: OfficeSetup | None = None, **kwargs: Any) -> Services:
    return bootstrap.build_services(settings, setup=setup or SAMPLE_OFFICE, **kwargs)
