"""Values kept as JSON in the ``setting`` table, read and written inside the caller's transaction.

Among them the office-wide lists: the hotline numbers and the Facebook page names (the Facebook
import tells the page from citizens by them).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy.orm import Session

from app.domain.text import clean_text
from app.models import Setting

PAGE_NAMES_KEY = "facebook.page_names"
HOTLINES_KEY = "office.hotlines"


def get_setting(session: Session, key: str, default: Any) -> Any:
    """The stored value of ``key``, or ``default`` when it is missing or not JSON."""
    raw = session.get(Setting, key)
    if raw is None:
        return default
    try:
        return json.loads(raw.value)
    except ValueError:
        return default


def put_setting(session: Session, key: str, value: Any) -> None:
    text = json.dumps(value, ensure_ascii=False)
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=text))
    else:
        row.value = text


def store_list(session: Session, key: str, values: Iterable[str]) -> list[str]:
    """Store ``values`` (cleaned, in order, without repeats); an empty list leaves ``key`` as it was."""
    cleaned = list(dict.fromkeys(n for n in (clean_text(x, multiline=False) for x in values) if n))
    if cleaned:
        put_setting(session, key, cleaned)
    return cleaned
