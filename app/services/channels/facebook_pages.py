"""The office's Facebook page name(s): how the Facebook import tells the page from citizens.

Kept in the ``setting`` table (``facebook.page_names``, a JSON list); set by the first import
that names them (``--page-name`` or the import screen) and used by every later one.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.models import Setting
from app.services.core.json_settings import PAGE_NAMES_KEY, store_list


def stored_page_names(sessions: sessionmaker[Session]) -> tuple[str, ...]:
    """The remembered page names (none before the first import that named them)."""
    with sessions() as session:
        raw = session.scalar(select(Setting.value).where(Setting.key == PAGE_NAMES_KEY))
    try:
        names = json.loads(raw) if raw else []
    except json.JSONDecodeError:
        return ()
    return tuple(str(n) for n in names if isinstance(n, str) and n)


def remember_page_names(session: Session, names: Iterable[str]) -> None:
    """Store ``names`` (cleaned, in order, without repeats) inside the caller's transaction."""
    store_list(session, PAGE_NAMES_KEY, names)
