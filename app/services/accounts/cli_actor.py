"""Who runs a ``hotline-desk`` command, as the audit log names him (no login on the command line)."""

from __future__ import annotations

import getpass


def cli_actor() -> str:
    """The audit name of whoever runs a command: ``cli:<os user>``."""
    try:
        return f"cli:{getpass.getuser()}"
    except Exception:  # pragma: no cover - no user name in the environment
        return "cli:?"
