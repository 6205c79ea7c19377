"""What a new office declares on its first day, and what is wrong with it (pure checks).

The first-run wizard and ``hotline-desk init`` fill a :class:`FirstDay`; :func:`problems` names
each field that cannot be saved, in Vietnamese, so the form can highlight it and keep the rest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.domain.office_kind import OfficeKind
from app.domain.phone import normalize_phone
from app.domain.text import clean_text, fold

_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")


@dataclass(frozen=True, slots=True)
class FirstAccount:
    """An account the setup creates with a temporary password (changed at its first login)."""

    username: str
    full_name: str


@dataclass(frozen=True, slots=True)
class FirstDay:
    """The office as it introduces itself: printed on every report, letter and register."""

    name: str
    kind: OfficeKind
    leader_name: str
    leader_title: str = "Chủ tịch"
    short_name: str = "UBND"
    parent_body: str = "UBND thành phố Hải Phòng"
    place_name: str = "Hải Phòng"
    address: str = ""
    hotlines: tuple[str, ...] = ()
    facebook_pages: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()
    officer: FirstAccount | None = None
    chief: FirstAccount | None = None


def problems(day: FirstDay) -> dict[str, str]:
    """Field name → what is wrong with it; empty when the setup can be saved."""
    found: dict[str, str] = {}
    if not clean_text(day.name, multiline=False):
        found["name"] = "Tên cơ quan không được để trống."
    if not clean_text(day.leader_name, multiline=False):
        found["leader_name"] = "Cần họ tên người ký văn bản, báo cáo (lãnh đạo cơ quan)."
    if not clean_text(day.leader_title, multiline=False):
        found["leader_title"] = "Cần chức vụ của người ký (ví dụ: Chủ tịch)."
    for number in day.hotlines:
        phone = normalize_phone(number)
        if phone is not None and not phone.valid:
            found["hotlines"] = f"Số đường dây nóng «{number.strip()}» không hợp lệ."
            break
    found.update(_department_problems(day.departments))
    found.update(_account_problems(day))
    return found


def _department_problems(departments: tuple[str, ...]) -> dict[str, str]:
    names = [clean_text(d, multiline=False) for d in departments]
    if not any(names):
        return {"departments": "Cần ít nhất một đơn vị xử lý."}
    seen: set[str] = set()
    for name in filter(None, names):
        key = fold(name)
        if key in seen:
            return {"departments": f"Đơn vị «{name}» bị trùng tên."}
        seen.add(key)
    return {}


def _account_problems(day: FirstDay) -> dict[str, str]:
    found: dict[str, str] = {}
    usernames: set[str] = {"admin"}
    for field, account in (("officer", day.officer), ("chief", day.chief)):
        if account is None:
            continue
        name = account.username.strip().lower()
        if not _USERNAME.match(name):
            found[field] = (
                f"Tên đăng nhập «{account.username}» chỉ gồm chữ thường không dấu, số, dấu . _ - (2–40 ký tự)."
            )
        elif name in usernames:
            found[field] = f"Tên đăng nhập «{name}» đã được dùng."
        usernames.add(name)
    return found


def cleaned_departments(departments: tuple[str, ...]) -> tuple[str, ...]:
    """The department names as they will be stored: trimmed, without blanks."""
    return tuple(n for n in (clean_text(d, multiline=False) for d in departments) if n)
