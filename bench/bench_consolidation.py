"""Consolidation benchmark: 114 unit packages of one quarter read, checked, added up and written.

Run: .venv/bin/python bench/bench_consolidation.py [--dir /tmp/hotline-bench/consolidation] [--reuse]
     [--runs 5] [--seeds 6] [--cases 4000]
Target (issue 17): 114 unit packages of a quarter ≤ 10 s, memory ≤ 200 MB.

``--seeds`` demo databases (different seeds and offices) each export their real report and
package for the quarter; every one of the 114 communes of Hải Phòng then gets a package made from
one of them (figures, case list and PDF as written by the app, under the commune's name and code),
so the consolidation reads 114 full packages. Each run is a fresh process (imports included in
neither the time nor excluded from the memory): it prints the seconds to read and check, to write
the workbook, to write the PDF with its package, and the peak resident memory.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

PERIOD = "2026-Q3"


def _unit_packages(base: Path, seeds: int, cases: int) -> list[Path]:
    from app.bootstrap import command_line_services
    from app.domain.periods import parse_period
    from app.services.catalog.seed_service import OfficeSetup
    from app.services.reports.report_service import ReportOptions, write_report
    from app.settings import resolve

    period, out = parse_period(PERIOD), []
    for seed in range(1, seeds + 1):
        folder = base / f"db{seed}"
        folder.mkdir(parents=True, exist_ok=True)
        services = command_line_services(
            resolve(f"sqlite:///{folder / 'h.db'}", data_dir=folder),
            setup=OfficeSetup(name=f"Ủy ban nhân dân xã Mẫu {seed}"), today=lambda: date(2026, 12, 7),
            clock=lambda: datetime(2026, 12, 7, 9),
        )  # fmt: skip
        try:
            services.demo.generate(cases, seed=seed, end=date(2026, 11, 30))
            options = ReportOptions(period, document_number=f"{seed}/BC-UBND")
            report = services.reports.build(options)
            write_report(report, "pdf", folder / "bc.pdf")
            out.append(services.consolidation.write_package(options, report, folder / "bc.pdf", "pdf"))
        finally:
            services.close()
    return out


def _inbox(base: Path, sources: list[Path]) -> Path:
    """One package per commune of Hải Phòng, each from one of the real packages."""
    from app.reports.report_package import read_cases, read_package, read_pdf, write_package
    from app.services.consolidation.unit_list import shipped_lists

    inbox = base / "inbox"
    inbox.mkdir(parents=True, exist_ok=True)
    communes = shipped_lists()[0].units
    packages = [read_package(p) for p in sources]
    with tempfile.TemporaryDirectory() as tmp:
        pdfs = []
        for i, p in enumerate(packages):
            pdfs.append(Path(tmp) / f"{i}.pdf")
            pdfs[-1].write_bytes(read_pdf(p.path))
        for i, unit in enumerate(communes):
            source = packages[i % len(packages)]
            header = replace(source.report.header, issuing_body=f"UBND {unit.name}".upper())
            meta = replace(source.meta, unit_name=f"Ủy ban nhân dân {unit.name[0].lower()}{unit.name[1:]}",
                           unit_code=unit.code)  # fmt: skip
            write_package(inbox / f"{unit.code}.hdbc", meta, replace(source.report, header=header),
                          pdfs[i % len(pdfs)], read_cases(source.path))  # fmt: skip
    return inbox


def run_once(inbox: Path, city: Path) -> None:
    """One measured consolidation in this process; prints a JSON line."""
    from app.bootstrap import command_line_services
    from app.domain.periods import parse_period
    from app.services.catalog.seed_service import OfficeSetup
    from app.services.consolidation.consolidated import ConsolidationOptions
    from app.settings import resolve

    city.mkdir(parents=True, exist_ok=True)
    services = command_line_services(resolve(f"sqlite:///{city / 'city.db'}", data_dir=city),
                                     setup=OfficeSetup(name="Văn phòng Ủy ban nhân dân thành phố Hải Phòng"))  # fmt: skip
    service = services.consolidation
    service.office_list()  # loads the shipped list once, as the page does on opening
    start = time.perf_counter()
    result = service.consolidate([inbox], ConsolidationOptions(parse_period(PERIOD), "12/BC-VP"))
    checked = time.perf_counter()
    service.write(result, "xlsx", city / "tong-hop.xlsx")
    excel = time.perf_counter()
    service.write(result, "pdf", city / "tong-hop.pdf")
    done = time.perf_counter()
    services.close()
    print(json.dumps({
        "packages": len(result.included), "refused": sum(1 for x in result.log if x.kind.value == "refused"),
        "cases_in_packages": sum(p.case_rows for p in result.included),
        "received": result.report.xld01.received_in_period if result.report.xld01 else 0,
        "check": checked - start, "xlsx": excel - checked, "pdf": done - excel, "total": done - start,
        "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }))  # fmt: skip


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", type=Path, default=Path("/tmp/hotline-bench/consolidation"))
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seeds", type=int, default=6)
    parser.add_argument("--cases", type=int, default=4000, help="demo cases per database (two years)")
    parser.add_argument("--run-once", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run_once:
        run_once(args.run_once, args.dir / "city")
        return 0
    inbox = args.dir / "inbox"
    if not (args.reuse and inbox.exists() and len(list(inbox.glob("*.hdbc"))) == 114):
        started = time.perf_counter()
        inbox = _inbox(args.dir, _unit_packages(args.dir, args.seeds, args.cases))
        print(f"built 114 packages from {args.seeds} demo databases in {time.perf_counter() - started:.1f} s")
    size = sum(p.stat().st_size for p in inbox.glob("*.hdbc")) / 1e6
    runs = []
    for _ in range(args.runs):
        out = subprocess.run([sys.executable, __file__, "--dir", str(args.dir), "--run-once", str(inbox)],
                             check=True, capture_output=True, text=True).stdout  # fmt: skip
        runs.append(json.loads(out.strip().splitlines()[-1]))
    first = runs[0]
    print(f"packages: {first['packages']} ({size:.1f} MB), refused: {first['refused']}, "
          f"case rows inside: {first['cases_in_packages']}, received in the quarter (sum): {first['received']}")  # fmt: skip
    for key in ("check", "xlsx", "pdf", "total"):
        values = [r[key] for r in runs]
        print(
            f"{key:>6}: p50 {statistics.median(values):.2f} s  p95 {_pct(values, 0.95):.2f} s  (n={len(values)})"
        )
    rss = [r["max_rss_mb"] for r in runs]
    print(
        f"peak RSS: p50 {statistics.median(rss):.0f} MB  max {max(rss):.0f} MB (whole process, imports included)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
