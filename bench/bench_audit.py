"""Benchmark: audit cost per case save, and ``verify`` over a 1,000,000-row chain.

Run: ``python -m bench.bench_audit [--rows 1000000] [--saves 300] [--db URL]`` (default: a temporary
SQLite file). Targets: ≤ 1 ms added per case save; whole-chain verify of 1M rows ≤ 30 s (issue 5);
verify held against anchors (anchor file + 20 typed anchors spread over the chain) ≤ 10 s (issue 13).
From 200,000 rows a SQLite chain is checked on every core; the CPU printed includes the workers.
``--file PATH`` keeps the filled SQLite file and reuses it on the next run (the fill takes a minute).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import event, func, insert, select, update

from app.bootstrap import Services, command_line_services
from app.domain.audit_chain import row_hash, to_json
from app.models import AuditHead, AuditLog
from app.services.audit.audit_anchors import parse_typed, short_code
from app.services.audit.audit_service import verify
from app.services.cases.dto import NewCase
from app.settings import resolve


def _save_ms(services: Services, saves: int) -> float:
    times = []
    for i in range(saves):
        started = time.perf_counter()
        services.cases.create_case(NewCase(content=f"Đèn đường hỏng số {i}", citizen_name="Lê Văn A"), None)
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def bench_saves(services: Services, saves: int) -> None:
    """Alternate rounds with and without the audit hook so warm-up and file growth cancel out."""
    _save_ms(services, 20)  # warm up
    with_audit, without = [], []
    for _ in range(4):
        with_audit.append(_save_ms(services, saves // 4))
        event.remove(services.sessions, "after_flush", services.audit._after_flush)
        without.append(_save_ms(services, saves // 4))
        services.audit.install(services.sessions)
    a, b = statistics.median(with_audit), statistics.median(without)
    print(
        f"case save, median of {saves}: {a:.2f} ms with audit, {b:.2f} ms without → audit adds {a - b:.2f} ms"
    )


def fill(services: Services, rows: int) -> None:
    """Append ``rows`` valid chained rows straight into the table (fast path, same hashes)."""
    with services.engine.begin() as conn:
        last_id, prev = conn.execute(AuditHead.__table__.select().with_only_columns(
            AuditHead.last_id, AuditHead.last_hash)).one()  # fmt: skip
        at = datetime(2026, 1, 1, 8, 0)
        batch = []
        for i in range(last_id + 1, last_id + rows + 1):
            after = to_json({"event_id": i, "to_status": "assigned", "officer_id": i % 17})
            at += timedelta(seconds=3)
            digest = row_hash(i, at, 3, "trucban", "case.assigned", "case", str(i // 4), None, after, prev)
            batch.append({"id": i, "at": at, "user_id": 3, "username": "trucban", "action": "case.assigned",
                          "object_type": "case", "object_id": str(i // 4), "before": None, "after": after,
                          "prev_hash": prev, "row_hash": digest})  # fmt: skip
            prev = digest
            if len(batch) == 20000:
                conn.execute(insert(AuditLog), batch)
                batch.clear()
        if batch:
            conn.execute(insert(AuditLog), batch)
        conn.execute(
            update(AuditHead).where(AuditHead.id == 1).values(last_id=last_id + rows, last_hash=prev)
        )


def _cpu() -> float:
    """CPU seconds of this process and of the worker processes it waited for."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--saves", type=int, default=300)
    parser.add_argument("--db")
    parser.add_argument("--file", help="a SQLite file to fill once and reuse")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp())
    reuse = bool(args.file) and Path(args.file).exists()
    url = args.db or (
        f"sqlite:///{Path(args.file).resolve()}" if args.file else f"sqlite:///{tmp / 'bench.db'}"
    )
    services = command_line_services(resolve(url, data_dir=tmp))
    print(f"database: {services.engine.dialect.name}")
    if not reuse:
        bench_saves(services, args.saves)
        started = time.perf_counter()
        fill(services, args.rows)
        print(f"filled {args.rows:,} rows in {time.perf_counter() - started:.1f} s")
    cpu = _cpu()
    alone = verify(services.engine)
    cpu = _cpu() - cpu
    print(f"verify, chain alone: {alone.checked:,} rows in {alone.seconds:.1f} s wall, {cpu:.1f} s CPU, "
          f"ok={alone.ok}   (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")  # fmt: skip
    services.audit.anchor("bench")  # the anchor file's line for the chain's end
    with services.engine.connect() as conn:
        top = int(conn.execute(select(func.max(AuditLog.id))).scalar() or 0)
        picks = sorted(random.Random(13).sample(range(1, top + 1), 20))
        rows = conn.execute(select(AuditLog.id, AuditLog.row_hash).where(AuditLog.id.in_(picks))).all()
    typed = [parse_typed(f"{i}:{short_code(h)}") for i, h in rows]
    cpu = _cpu()
    report = services.audit.verify(typed=typed)
    cpu = _cpu() - cpu
    verdict = "OK" if report.seconds <= 10 and report.ok else "SLOW" if report.ok else "BROKEN"
    print(f"verify with {report.anchors} anchors: {report.checked:,} rows in {report.seconds:.1f} s wall, "
          f"{cpu:.1f} s CPU, ok={report.ok}   target 10 s   {verdict}")  # fmt: skip
    quick = services.audit.quick_check()
    print(f"quick_check: {quick.checked} rows in {quick.seconds * 1000:.1f} ms, ok={quick.ok}")
    services.close()


if __name__ == "__main__":
    main()
