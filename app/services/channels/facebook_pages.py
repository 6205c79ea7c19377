"""The office's Facebook page name(s): how the Facebook import tells the page from citizens.

Kept in the ``setting`` table (``facebook.page_names``, a JSON list); declared by the first-run
setup or set by the first import that names them (``--page-name`` or the import screen), and
used by every later one.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session, sessionmaker

from app.services.core.json_settings import PAGE_NAMES_KEY, get_setting, store_list


def stored_page_names(sessions: sessionmaker[Session]) -> tuple[str, ...]:
    """The remembered page names (none before the setup or the first import that named them)."""
    with sessions() as session:
        names = get_setting(session, PAGE_NAMES_KEY, [])
    if not isinstance(names, list):
        return ()
    return tuple(str(n) for n in names if isinstance(n, str) and n)


def remember_page_names(session: Session, names: Iterable[str]) -> None:
    """Store ``names`` (cleaned, in order, without repeats) inside the caller's transaction."""
    store_list(session, PAGE_NAMES_KEY, names)
