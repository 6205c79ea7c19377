"""Excel writers against bare openpyxl, the database read included in both.

Run: .venv/bin/python bench/bench_excel_rows.py --db PATH [--month 2025-03] [--repeat 2]
Target (issue 18, item 5): the register (Sổ tiếp công dân) and the periodic report's case list
within 1.3× of bare openpyxl writing the same rows (write-only, no styles), each side reading
its rows from the database. One month of a real register (every channel); the ratio is per
row, so a month stands for a year. Each figure is the best of ``--repeat`` runs, interleaved;
the ratio compares CPU time (on a shared machine wall time mostly measures the neighbours).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from openpyxl import Workbook

from app.bootstrap import command_line_services
from app.domain.periods import parse_period
from app.reports.register_excel import write_register_xlsx
from app.reports.register_types import ReceptionRegister
from app.reports.types import PeriodicReport
from app.services.reports.register_service import RegisterOptions
from app.services.reports.report_service import ReportOptions, write_report
from app.settings import resolve


def _bare(rows: Iterable[object], values: Callable[[object], list[object]], out: Path) -> int:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("rows")
    count = 0
    for row in rows:
        sheet.append(values(row))
        count += 1
    workbook.save(out)
    return count


def _register_values(r: object) -> list[object]:
    return [r.received_on, r.name_address(), r.id_number, r.summary, r.classification,  # type: ignore[attr-defined]
            r.people, r.resolved_by, r.accepted, r.guided, r.transferred, r.follow_up]  # type: ignore[attr-defined]  # fmt: skip


def _case_values(r: object) -> list[object]:
    return [r.number, r.external_ref, r.received_at, r.channel, r.kind, r.field, r.department,  # type: ignore[attr-defined]
            r.status, r.due_on, r.replied_on, r.on_time, r.petitioner, r.phone, r.summary]  # type: ignore[attr-defined]  # fmt: skip


def _timed(fn: Callable[[], object]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def _best(runs: list[tuple[float, float]]) -> tuple[float, float]:
    return min(runs, key=lambda r: r[1])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--month", default="2025-03")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    db = Path(args.db)
    services = command_line_services(resolve(f"sqlite:///{db}", data_dir=db.parent))
    period = parse_period(args.month)
    register: ReceptionRegister = services.registers.build(RegisterOptions(period))
    report: PeriodicReport = services.reports.build(ReportOptions(period))
    print(f"{db} ({db.stat().st_size / 1e9:.2f} GB), {period.title}: register rows {register.row_count:,}, "
          f"report case rows {report.case_count:,}")  # fmt: skip
    runs: dict[str, list[tuple[float, float]]] = {k: [] for k in ("reg_bare", "reg", "rep_bare", "rep")}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        for _ in range(args.repeat):
            runs["reg_bare"].append(_timed(lambda: _bare(register.rows, _register_values, out / "a.xlsx")))
            runs["reg"].append(_timed(lambda: write_register_xlsx(register, out / "b.xlsx")))
            runs["rep_bare"].append(_timed(lambda: _bare(report.cases, _case_values, out / "c.xlsx")))
            runs["rep"].append(_timed(lambda: write_report(report, "xlsx", out / "d.xlsx")))
    for name, ours, bare, rows in (
        ("register xlsx", "reg", "reg_bare", register.row_count or 0),
        ("report xlsx (summary + case list)", "rep", "rep_bare", report.case_count),
    ):
        (o_wall, o_cpu), (b_wall, b_cpu) = _best(runs[ours]), _best(runs[bare])
        ratio = o_cpu / b_cpu
        print(f"{name:<36} ours {o_wall:6.2f} s wall {o_cpu:6.2f} s cpu ({o_cpu / rows * 1000:.3f} ms/row)   "
              f"bare {b_wall:6.2f} s wall {b_cpu:6.2f} s cpu   ratio {ratio:.2f}× cpu, {o_wall / b_wall:.2f}× wall"
              f"   target ≤ 1.3×  {'OK' if ratio <= 1.3 else 'SLOW'}")  # fmt: skip
    services.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
