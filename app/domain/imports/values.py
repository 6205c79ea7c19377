"""Recognise cell values (kind, channel, field, department) ignoring case, diacritics and spacing."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Generic, TypeVar

from rapidfuzz import fuzz, process

from app.domain.enums import CaseKind, Channel
from app.domain.imports.keys import match_key
from app.domain.text import fold

T = TypeVar("T")


class ValueMatcher(Generic[T]):
    """Maps spellings to values: exact key first, then a close fuzzy match (typos, abbreviations)."""

    def __init__(self, spellings: Iterable[tuple[str, T]], *, cutoff: int = 90) -> None:
        self._exact: dict[str, T] = {}
        for text, value in spellings:
            key = match_key(text)
            if key:
                self._exact.setdefault(key, value)
        self._keys = list(self._exact)
        self._cutoff = cutoff

    def match(self, raw: object) -> T | None:
        """The value ``raw`` spells, or ``None`` when nothing is close enough."""
        key = match_key(raw)
        if not key:
            return None
        if key in self._exact:
            return self._exact[key]
        if len(key) < 5 or not self._keys:
            return None
        found = process.extractOne(key, self._keys, scorer=fuzz.ratio, score_cutoff=self._cutoff)
        return self._exact[found[0]] if found else None


def kind_matcher(values: Mapping[str, Mapping[str, Iterable[str]]]) -> ValueMatcher[CaseKind]:
    """Kinds by their code, Vietnamese label and the synonyms file."""
    pairs: list[tuple[str, CaseKind]] = []
    for kind in CaseKind:
        pairs += [(kind.value, kind), (kind.label, kind)]
    for code, words in values.get("kind", {}).items():
        pairs += [(w, CaseKind(code)) for w in words]
    return ValueMatcher(pairs)


def channel_matcher(values: Mapping[str, Mapping[str, Iterable[str]]]) -> ValueMatcher[Channel]:
    """Channels by their code, Vietnamese label and the synonyms file."""
    pairs: list[tuple[str, Channel]] = []
    for channel in Channel:
        pairs += [(channel.value, channel), (channel.label, channel)]
    for code, words in values.get("channel", {}).items():
        pairs += [(w, Channel(code)) for w in words]
    return ValueMatcher(pairs)


def catalog_matcher(items: Iterable[tuple[int, str, str]]) -> ValueMatcher[int]:
    """Fields or departments as ``(id, name, code)``: matched by name or code.

    A name also matches without its leading "Phòng"/"Lĩnh vực" so "Kinh tế, Hạ tầng và Đô thị"
    finds "Phòng Kinh tế, Hạ tầng và Đô thị".
    """
    pairs: list[tuple[str, int]] = []
    for item_id, name, code in items:
        pairs.append((name, item_id))
        if code:
            pairs.append((code, item_id))
        words = name.split()
        folded = fold(" ".join(words))
        for prefix in _UNIT_PREFIXES:
            if folded.startswith(prefix + " "):
                pairs.append((" ".join(words[len(prefix.split()) :]), item_id))
    return ValueMatcher(pairs, cutoff=88)


_UNIT_PREFIXES = ("phong", "linh vuc", "ban", "trung tam")
