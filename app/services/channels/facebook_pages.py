"""The office's Facebook page name(s): how the Facebook import tells the page from citizens.

Kept in the ``setting`` table (``facebook.page_names``, a JSON list); set by the first import
that names them (``--page-name`` or the import screen) and used by every later one.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.domain.text import clean_text
from app.models import Setting

PAGE_NAMES_KEY = "facebook.page_names"


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
    cleaned = list(dict.fromkeys(n for n in (clean_text(x, multiline=False) for x in names) if n))
    if not cleaned:
        return
    value = json.dumps(cleaned, ensure_ascii=False)
    found = session.get(Setting, PAGE_NAMES_KEY)
    if found is None:
        session.add(Setting(key=PAGE_NAMES_KEY, value=value))
    else:
        found.value = value
