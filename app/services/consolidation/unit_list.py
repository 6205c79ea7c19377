"""Subordinate units: the lists shipped in resources/data and the office's own editable copy."""

from __future__ import annotations

import json
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.resources import resource_path
from app.services.core.errors import ValidationError

SHIPPED = ("data", "subordinate_units.json")
OFFICE_FILE = "don-vi-truc-thuoc.json"
DEFAULT_LIST = "hai-phong-xa"
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_PREFIXES = ("ủy ban nhân dân ", "uỷ ban nhân dân ", "ubnd ")


def name_key(name: str) -> str:
    """A comparison key: case, spacing, "UBND"/"Ủy ban nhân dân" and tone placement ignored.

    "Phường Hoà Bình" and "UBND phường Hòa Bình" give the same key; "Hải" and "Hai" do not.
    """
    text = " ".join(unicodedata.normalize("NFC", name).lower().split())
    for prefix in _PREFIXES:
        if text.startswith(prefix):
            text = text[len(prefix) :]
            break
    words = []
    for word in unicodedata.normalize("NFD", text).split(" "):
        tones = "".join(ch for ch in word if ch in _TONES)
        words.append("".join(ch for ch in word if ch not in _TONES) + tones)
    return re.sub(r"[.,;]", "", unicodedata.normalize("NFC", " ".join(words)))


@dataclass(frozen=True)
class Unit:
    """One subordinate unit: its current name, code and the other names it is known by."""

    name: str
    code: str = ""
    aliases: tuple[str, ...] = ()

    def keys(self) -> set[str]:
        keys = {name_key(self.name), *(name_key(a) for a in self.aliases)}
        if self.code:
            keys.add(f"#{self.code.lower()}")
        return keys


@dataclass(frozen=True)
class UnitList:
    """A named list of units; ``to_verify`` says what is known to be incomplete."""

    key: str
    title: str
    units: tuple[Unit, ...]
    source: str = ""
    to_verify: str = ""
    short: str = ""

    def find(self, name: str, code: str = "") -> Unit | None:
        """The unit a report's issuing unit is (by code first, then by name or old name)."""
        wanted = {name_key(name)} | ({f"#{code.lower()}"} if code else set())
        for unit in self.units:
            if unit.keys() & wanted:
                return unit
        return None

    def with_units(self, names: list[str]) -> UnitList:
        """A copy with ``names`` added (those already listed are skipped)."""
        added = tuple(Unit(n.strip()) for n in names if n.strip() and self.find(n) is None)
        return UnitList("office", self.title, self.units + added, self.source, self.to_verify, self.short)

    def without(self, names: list[str]) -> UnitList:
        """A copy without the units named (a unit that no longer reports here)."""
        gone = {name_key(n) for n in names}
        kept = tuple(u for u in self.units if not (u.keys() & gone))
        return UnitList("office", self.title, kept, self.source, self.to_verify, self.short)


def _unit_list(data: dict[str, Any]) -> UnitList:
    units = tuple(
        Unit(str(u["name"]), str(u.get("code", "")), tuple(str(a) for a in u.get("aliases", ())))
        for u in data["units"]
    )
    return UnitList(
        str(data["key"]),
        str(data["title"]),
        units,
        str(data.get("source", "")),
        str(data.get("to_verify", "")),
    )


def shipped_lists() -> tuple[UnitList, ...]:
    """The lists that come with the program (Hải Phòng's communes and wards, the city's departments)."""
    data = json.loads(resource_path(*SHIPPED).read_text(encoding="utf-8"))
    return tuple(_unit_list(item) for item in data["lists"])


def load_office_list(data_dir: Path) -> UnitList | None:
    """The office's own list, or None when it has not saved one."""
    path = data_dir / OFFICE_FILE
    if not path.exists():
        return None
    try:
        return _unit_list(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ValidationError(
            "units", f"Không đọc được danh sách đơn vị trực thuộc «{path}»: {exc}. Hãy chọn lại danh sách."
        ) from exc


def save_office_list(data_dir: Path, units: UnitList) -> Path:
    """Write the office's list atomically (a half-written list never replaces the old one)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / OFFICE_FILE
    payload = {
        "key": "office",
        "title": units.title,
        "source": units.source,
        "to_verify": units.to_verify,
        "short": units.short,
        "units": [{"name": u.name, "code": u.code, "aliases": list(u.aliases)} for u in units.units],
    }
    fd, tmp = tempfile.mkstemp(prefix=".~units-", suffix=".json", dir=data_dir)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as stream:
            json.dump(payload, stream, ensure_ascii=False, indent=1)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


def unit_code(name: str) -> str:
    """The code of a unit named ``name`` in the shipped lists, else a stable slug of the name."""
    for units in shipped_lists():
        found = units.find(name)
        if found is not None and found.code:
            return found.code
    ascii_name = unicodedata.normalize("NFD", name_key(name).replace("đ", "d"))
    return re.sub(r"[^a-z0-9]+", "-", "".join(c for c in ascii_name if ord(c) < 128)).strip("-")
