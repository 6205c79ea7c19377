"""Pure hash chain of the audit log (nhật ký truy cập, thay đổi): canonical form and row hash."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

GENESIS = "0" * 64
"""``prev_hash`` of the first row."""


def to_json(value: Mapping[str, Any] | None) -> str | None:
    """The stored (and hashed) text of a before/after snapshot: canonical JSON, keys sorted."""
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


STAMP_LENGTH = len("2026-01-01 08:00:00.000000")


def stamp(at: datetime | str) -> str:
    """A time as hashed: naive ISO 8601 with microseconds (both databases keep microseconds).

    SQLite's stored text is already this form (``YYYY-MM-DD HH:MM:SS.ffffff``), so verification
    there hashes it as read instead of parsing and formatting a million times.
    """
    if isinstance(at, str):
        if len(at) == STAMP_LENGTH and at[10] == " ":
            return at
        at = datetime.fromisoformat(at)
    if at.tzinfo is not None:
        at = at.replace(tzinfo=None)
    return at.isoformat(sep=" ", timespec="microseconds")


@dataclass(frozen=True, slots=True)
class AuditRow:
    """One row of ``audit_log`` as stored; ``before``/``after`` are canonical JSON text or None."""

    id: int
    at: datetime | str
    """A datetime, or SQLite's stored text of it (read raw by the verifier)."""
    user_id: int | None
    username: str
    action: str
    object_type: str
    object_id: str
    before: str | None
    after: str | None
    prev_hash: str
    row_hash: str


CANONICAL = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def row_hash(
    row_id: int,
    at: datetime | str,
    user_id: int | None,
    username: str,
    action: str,
    object_type: str,
    object_id: str,
    before: str | None,
    after: str | None,
    prev_hash: str,
) -> str:
    """SHA-256 (hex) over a canonical JSON array of the fields, the previous hash last.

    One encoder built once gives exactly ``json.dumps(fields, ensure_ascii=False,
    separators=(",", ":"))`` (checked by a test) without building an encoder per row.
    """
    fields = [row_id, stamp(at), user_id, username, action, object_type, object_id, before, after, prev_hash]
    return hashlib.sha256(CANONICAL.encode(fields).encode("utf-8")).hexdigest()


def hash_of(row: AuditRow) -> str:
    """The hash ``row`` should carry, recomputed from its stored fields."""
    return row_hash(
        row.id, row.at, row.user_id, row.username, row.action, row.object_type, row.object_id,
        row.before, row.after, row.prev_hash,
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class Break:
    """The first place the chain does not hold: ``row_id`` and what is wrong (Vietnamese)."""

    row_id: int
    problem: str


class ChainChecker:
    """Feed rows in id order; ``feed`` returns the first break, ``finish`` checks the head."""

    def __init__(
        self,
        expected_id: int | None = 1,
        prev_hash: str = GENESIS,
        head_id: int | None = None,
        anchors: Mapping[int, str] | None = None,
    ) -> None:
        self.anchors = {n: h.lower() for n, h in (anchors or {}).items()}
        """Row count → (a prefix of) the hash of that row, recorded outside the database."""
        self.held = 0
        """The largest anchor the chain still reaches."""
        self.expected_id = expected_id
        self.head_id = head_id
        self.prev_hash = prev_hash
        self.checked = 0
        self.last_id = 0 if expected_id is None else expected_id - 1

    def feed(self, rows: Iterable[AuditRow]) -> Break | None:
        for row in rows:
            found = self._check(row)
            if found is not None:
                return found
            self.checked += 1
            self.expected_id, self.prev_hash, self.last_id = row.id + 1, row.row_hash, row.id
        return None

    def _check(self, row: AuditRow) -> Break | None:
        if self.head_id is not None and row.id > self.head_id:
            return Break(row.id, f"dòng nhật ký số {row.id} bị chèn thêm sau dòng cuối của chuỗi")
        if self.expected_id is not None and row.id > self.expected_id:
            gap = self.expected_id
            return Break(gap, f"dòng nhật ký số {gap} đã bị xóa (sau dòng {gap - 1} là dòng {row.id})")
        if self.expected_id is not None and row.id < self.expected_id:
            return Break(row.id, f"dòng nhật ký số {row.id} bị chèn thêm hoặc đánh số lại")
        if row.prev_hash != self.prev_hash:
            return Break(row.id, f"dòng nhật ký số {row.id} không nối với dòng trước (bị chèn hoặc xóa)")
        if hash_of(row) != row.row_hash:
            return Break(row.id, f"dòng nhật ký số {row.id} đã bị sửa sau khi ghi")
        anchored = self.anchors.get(row.id)
        if anchored is not None:
            if not row.row_hash.lower().startswith(anchored):
                return Break(
                    row.id,
                    f"dòng nhật ký số {row.id} khác với mốc ghi bên ngoài cơ sở dữ liệu "
                    "(chuỗi đã bị viết lại toàn bộ)",
                )
            self.held = row.id
        return None

    def finish(self, head_id: int | None, head_hash: str | None) -> Break | None:
        """Compare with the ``audit_head`` row and the anchors: the newest rows deleted, head forged."""
        beyond = [n for n in self.anchors if n > self.last_id]
        if beyond:
            if self.last_id == 0:
                return Break(1, f"nhật ký đã bị xóa sạch (mốc bên ngoài ghi đã có {max(beyond)} dòng)")
            return Break(
                self.last_id + 1,
                f"chuỗi chỉ còn {self.last_id} dòng nhưng mốc bên ngoài ghi đã có {max(beyond)} dòng: "
                f"các dòng từ số {self.last_id + 1} đã bị xóa",
            )
        if head_id is None:
            return None if self.last_id == 0 else Break(self.last_id, "mất dòng đầu chuỗi (audit_head)")
        if head_id > self.last_id:
            return Break(
                self.last_id + 1, f"các dòng nhật ký từ số {self.last_id + 1} đến {head_id} đã bị xóa"
            )
        if head_id < self.last_id or head_hash != self.prev_hash:
            return Break(
                self.last_id, f"dòng nhật ký số {self.last_id} không khớp với đầu chuỗi (audit_head)"
            )
        return None
