"""Which page of the user manual (``docs/manual/*.md``) F1 opens, for the screen and the role in front of it."""

from __future__ import annotations

from pathlib import Path

from app.resources import manual_root

INDEX = "index.md"

ROLE_PAGES: dict[str, str] = {
    "receiver": "tiep-nhan.md",
    "handler": "xu-ly.md",
    "chief": "lanh-dao.md",
    "admin": "quan-tri.md",
}
"""A role's own page: where the case list and the case window send F1."""

SCREEN_PAGES: dict[str, str] = {
    "intake": "tiep-nhan.md",
    "calls": "tiep-nhan.md",
    "imports": "tiep-nhan.md",
    "reports": "lanh-dao.md",
    "consolidation": "lanh-dao.md",
    "escalation": "lanh-dao.md",
    "catalog": "quan-tri.md",
    "backup": "quan-tri.md",
    "audit": "quan-tri.md",
}
"""Screens that belong to one task whoever opens them; the others open the role's page."""


def manual_page(screen: str, role: str) -> Path:
    """The Markdown file for ``screen`` (a key of ``app.ui.pages.PAGES``) seen by ``role``."""
    name = SCREEN_PAGES.get(screen) or ROLE_PAGES.get(role) or INDEX
    path = manual_root() / name
    return path if path.is_file() else manual_root() / INDEX
