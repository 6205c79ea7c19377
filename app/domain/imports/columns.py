"""Recognise a spreadsheet's header row and which column holds what (synonyms as data)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from app.domain.imports.keys import match_key
from app.resources import resource_path

HEADER_SCAN_ROWS = 30
"""Title rows above the header: how far down the header row is looked for."""


class ImportField(StrEnum):
    """What a column of an imported sheet can hold."""

    EXTERNAL_REF = "external_ref"
    RECEIVED_AT = "received_at"
    RECEIVED_TIME = "received_time"
    CITIZEN_NAME = "citizen_name"
    PHONE = "phone"
    ID_NUMBER = "id_number"
    ADDRESS = "address"
    LOCATION = "location"
    TITLE = "title"
    CONTENT = "content"
    KIND = "kind"
    FIELD = "field"
    CHANNEL = "channel"
    DEPARTMENT = "department"
    IGNORE = "ignore"

    @property
    def label(self) -> str:
        return FIELD_LABELS[self]


FIELD_LABELS: dict[ImportField, str] = {
    ImportField.EXTERNAL_REF: "Mã phản ánh (mã PAKN)",
    ImportField.RECEIVED_AT: "Thời gian tiếp nhận",
    ImportField.RECEIVED_TIME: "Giờ tiếp nhận (cột riêng)",
    ImportField.CITIZEN_NAME: "Họ và tên",
    ImportField.PHONE: "Số điện thoại",
    ImportField.ID_NUMBER: "Số CCCD/CMND",
    ImportField.ADDRESS: "Địa chỉ",
    ImportField.LOCATION: "Địa điểm phản ánh",
    ImportField.TITLE: "Tiêu đề",
    ImportField.CONTENT: "Nội dung",
    ImportField.KIND: "Loại (phân loại)",
    ImportField.FIELD: "Lĩnh vực",
    ImportField.CHANNEL: "Kênh tiếp nhận",
    ImportField.DEPARTMENT: "Đơn vị xử lý",
    ImportField.IGNORE: "(Không nhập)",
}

REQUIRED: tuple[ImportField, ...] = (ImportField.RECEIVED_AT, ImportField.CONTENT)


@dataclass(frozen=True, slots=True)
class Synonyms:
    """The shipped vocabulary: header synonyms, value synonyms, source profiles."""

    headers: Mapping[ImportField, tuple[str, ...]]
    values: Mapping[str, Mapping[str, tuple[str, ...]]]
    sources: Mapping[str, Mapping[str, str]]

    @classmethod
    def load(cls, path: Path | None = None) -> Synonyms:
        """Read ``import_synonyms.json`` (default: the shipped copy)."""
        path = path or resource_path("data", "import_synonyms.json")
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        headers = {ImportField(k): tuple(v) for k, v in data["headers"].items()}
        values = {k: {code: tuple(words) for code, words in v.items()} for k, v in data["values"].items()}
        return cls(headers, values, data["sources"])


@dataclass(frozen=True, slots=True)
class ColumnMatch:
    """One column of the header row and what it was recognised as (``None``: not recognised)."""

    index: int
    header: str
    key: str
    target: ImportField | None
    score: int


@dataclass(frozen=True, slots=True)
class ColumnMapping:
    """The mapping result: header row, each column's meaning, what is still missing."""

    header_row: int
    columns: tuple[ColumnMatch, ...]
    by_target: Mapping[ImportField, int] = field(default_factory=dict)

    @property
    def missing(self) -> tuple[ImportField, ...]:
        """Required targets without a column (content may come from the title column)."""
        have = set(self.by_target)
        if ImportField.TITLE in have:
            have.add(ImportField.CONTENT)
        return tuple(t for t in REQUIRED if t not in have)

    @property
    def usable(self) -> bool:
        return not self.missing

    @property
    def unrecognised(self) -> tuple[ColumnMatch, ...]:
        return tuple(c for c in self.columns if c.target is None and c.header)

    def remembered(self) -> dict[str, str]:
        """What to store per source: header key → target (``ignore`` for skipped columns)."""
        out: dict[str, str] = {}
        for col in self.columns:
            if col.key:
                out[col.key] = (col.target or ImportField.IGNORE).value
        return out

    def with_target(self, index: int, target: ImportField | None) -> ColumnMapping:
        """The officer's correction: column ``index`` now means ``target`` (taken from any other)."""
        cols = []
        for col in self.columns:
            new_target = col.target
            if col.index == index:
                new_target = target
            elif target not in (None, ImportField.IGNORE) and col.target == target:
                new_target = None
            score = 101 if col.index == index else col.score
            cols.append(ColumnMatch(col.index, col.header, col.key, new_target, score))
        return _finish(self.header_row, cols)


def _finish(header_row: int, cols: Sequence[ColumnMatch]) -> ColumnMapping:
    by_target = {c.target: c.index for c in cols if c.target not in (None, ImportField.IGNORE)}
    return ColumnMapping(header_row, tuple(cols), by_target)  # type: ignore[arg-type]


class HeaderMatcher:
    """Scores header cells against the synonyms (and an officer's remembered mapping)."""

    def __init__(self, synonyms: Synonyms, remembered: Mapping[str, str] | None = None) -> None:
        self._exact: dict[str, ImportField] = {}
        self._keys: list[tuple[str, ImportField]] = []
        for target, words in synonyms.headers.items():
            for word in words:
                key = match_key(word)
                self._exact.setdefault(key, target)
                self._keys.append((key, target))
        self._remembered = {k: ImportField(v) for k, v in (remembered or {}).items() if v in _VALID}

    def score(self, header: object) -> tuple[ImportField | None, int]:
        """Best target for one header cell and how sure (101 remembered, 100 exact, … 0)."""
        key = match_key(header)
        if not key or key.isdigit():
            return None, 0
        if key in self._remembered:
            return self._remembered[key], 101
        if key in self._exact:
            return self._exact[key], 100
        best: tuple[ImportField | None, int] = (None, 0)
        for syn, target in self._keys:
            if len(syn) >= 5 and key.startswith(syn):
                score = 80 + (19 * len(syn)) // len(key)
            elif len(syn) >= 6 and syn in key:
                score = 70 + (19 * len(syn)) // len(key)
            else:
                ratio = fuzz.ratio(key, syn)
                score = int(ratio * 0.8) if ratio >= 88 and len(syn) >= 5 else 0
            if score > best[1]:
                best = (target, score)
        return best

    def map_row(self, header_row: int, cells: Sequence[object]) -> ColumnMapping:
        """Assign each target to at most one column, best score first, leftmost on ties."""
        scored = [(i, str(c).strip() if c is not None else "", *self.score(c)) for i, c in enumerate(cells)]
        chosen: dict[int, tuple[ImportField | None, int]] = {}
        taken: set[ImportField] = set()
        for i, _h, target, score in sorted(scored, key=lambda s: (-s[3], s[0])):
            if target is None or score < 60:
                continue
            if target is not ImportField.IGNORE and target in taken:
                continue
            chosen[i] = (target, score)
            taken.add(target)
        cols = [ColumnMatch(i, h, match_key(h), *chosen.get(i, (None, 0))) for i, h, _t, _s in scored]
        return _finish(header_row, cols)


_VALID = {f.value for f in ImportField}


def detect_header(rows: Sequence[Sequence[object]], matcher: HeaderMatcher) -> ColumnMapping | None:
    """The header row among the first rows: the one recognising most fields (≥ 2, with a required one).

    ``header_row`` in the result is 1-based, as the officer sees it in Excel.
    """
    best: ColumnMapping | None = None
    best_score = 0
    for n, row in enumerate(rows[:HEADER_SCAN_ROWS], start=1):
        mapping = matcher.map_row(n, row)
        strong = [c for c in mapping.columns if c.target not in (None, ImportField.IGNORE) and c.score >= 80]
        wanted = {ImportField.RECEIVED_AT, ImportField.CONTENT, ImportField.TITLE}
        if len(strong) < 2 or not wanted & {c.target for c in strong}:
            continue
        if len(strong) > best_score:
            best, best_score = mapping, len(strong)
    return best
