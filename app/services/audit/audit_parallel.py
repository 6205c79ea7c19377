"""A long SQLite audit chain checked on every core: id ranges in worker processes, stitched in order.

Each row carries the hash of the row before it, so a range can be checked on its own from its
first row's ``prev_hash``; stitching then checks that each range's first ``prev_hash`` is the
previous range's last hash. Rows up to the id the caller read in its snapshot never change
(the log is append-only), so the workers' own read snapshots see the same rows.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from app.domain.audit_chain import GENESIS, AuditRow, Break, ChainChecker

PARALLEL_FROM = 200_000
"""Rows from which the extra processes pay for their start (about a second)."""
_SELECT = (
    "SELECT id, at, user_id, username, action, object_type, object_id, before, after, prev_hash, row_hash "
    "FROM audit_log WHERE id BETWEEN ? AND ? ORDER BY id"
)


@dataclass(frozen=True, slots=True)
class RangeResult:
    """What one worker found in ids ``start``..``end`` (``first_id`` None: no row there)."""

    first_id: int | None
    first_prev: str
    found: Break | None
    checked: int
    last_id: int
    last_hash: str
    held: int


def worker_count() -> int:
    return min(os.cpu_count() or 1, 8)


def _check_range(
    path: str, start: int, end: int, head_id: int | None, anchors: Mapping[int, str]
) -> RangeResult:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        cursor = conn.execute(_SELECT, (start, end))
        batch = cursor.fetchmany(5000)
        if not batch:
            return RangeResult(None, "", None, 0, 0, "", 0)
        first_id, first_prev = int(batch[0][0]), str(batch[0][9])
        checker = ChainChecker(first_id, first_prev, head_id=head_id, anchors=anchors)
        found = None
        while batch and found is None:
            found = checker.feed(AuditRow(*r) for r in batch)
            batch = cursor.fetchmany(5000)
        return RangeResult(
            first_id, first_prev, found, checker.checked, checker.last_id, checker.prev_hash, checker.held
        )
    finally:
        conn.close()


def check_ranges(
    path: str, top: int, head_id: int | None, anchors: Mapping[int, str], workers: int
) -> list[RangeResult]:
    """Check ids 1..``top`` in ``workers`` processes (spawned: safe beside Qt and threads)."""
    import multiprocessing  # here: every process imports this module, few verify a long log
    from concurrent.futures import ProcessPoolExecutor

    size = -(-top // (workers * 4))
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = [
            pool.submit(
                _check_range,
                path,
                s,
                min(s + size - 1, top),
                head_id,
                {n: h for n, h in anchors.items() if s <= n < s + size},
            )
            for s in range(1, top + 1, size)
        ]
        return [f.result() for f in futures]


def stitch(
    results: Sequence[RangeResult], head_id: int | None, anchors: Mapping[int, str]
) -> tuple[ChainChecker, Break | None]:
    """One checker as if it had walked every range in order, and the first break (as the
    sequential walk names it: a missing row at a range's edge, a link that does not hold)."""
    total = ChainChecker(1, GENESIS, head_id=head_id, anchors=anchors)
    for result in results:
        if result.first_id is None:
            continue
        if head_id is not None and result.first_id > head_id:
            inserted = result.first_id
            return total, Break(inserted, f"dòng nhật ký số {inserted} bị chèn thêm sau dòng cuối của chuỗi")
        if result.first_id != total.expected_id:
            gap = total.expected_id or 1
            if result.first_id < gap:
                return total, Break(
                    result.first_id, f"dòng nhật ký số {result.first_id} bị chèn thêm hoặc đánh số lại"
                )
            return total, Break(
                gap, f"dòng nhật ký số {gap} đã bị xóa (sau dòng {gap - 1} là dòng {result.first_id})"
            )
        if result.first_prev != total.prev_hash:
            return total, Break(
                result.first_id,
                f"dòng nhật ký số {result.first_id} không nối với dòng trước (bị chèn hoặc xóa)",
            )
        total.checked += result.checked
        total.held = max(total.held, result.held)
        if result.found is not None:
            return total, result.found
        total.expected_id, total.prev_hash, total.last_id = (
            result.last_id + 1,
            result.last_hash,
            result.last_id,
        )
    return total, None
