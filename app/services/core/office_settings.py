"""Office-wide lists kept in the ``setting`` table as JSON: the hotline numbers, the Facebook page names."""

from __future__ import annotations

import json
from collections.abc import Iterable

from sqlalchemy.orm import Session

from app.domain.text import clean_text
from app.models import Setting

PAGE_NAMES_KEY = "facebook.page_names"
HOTLINES_KEY = "office.hotlines"


def store_list(session: Session, key: str, values: Iterable[str]) -> list[str]:
    """Store ``values`` (cleaned, in order, without repeats) inside the caller's transaction."""
    cleaned = list(dict.fromkeys(n for n in (clean_text(x, multiline=False) for x in values) if n))
    if not cleaned:
        return cleaned
    value = json.dumps(cleaned, ensure_ascii=False)
    found = session.get(Setting, key)
    if found is None:
        session.add(Setting(key=key, value=value))
    else:
        found.value = value
    return cleaned
