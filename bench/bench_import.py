"""Import benchmark: a 100k-row Smart Hải Phòng export, dry run, import, re-import; intake duplicate check.

Usage::

    python bench/bench_import.py --rows 100000                 # fresh database in a temp folder
    python bench/bench_import.py --dup-db /tmp/i1m.db           # + duplicate check on a 1M-case file

Budgets (issue 7): import of 100k rows with validation and duplicate check ≤ 180 s; duplicate
check at intake ≤ 100 ms on a 1M-case database.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from openpyxl import Workbook

from app.bootstrap import command_line_services
from app.services.cases.dto import NewCase
from app.services.demo.demo_data import FAMILY, GIVEN, MIDDLE, PLACES, STREETS, DemoGenerator
from app.settings import resolve

HEADERS = ["STT", "Mã PAKN", "Thời gian tiếp nhận", "Họ và tên", "Số điện thoại", "Địa chỉ",
           "Nội dung phản ánh", "Lĩnh vực", "Loại", "Đơn vị xử lý"]  # fmt: skip
FIELDS = ["Trật tự đô thị", "Môi trường", "Giao thông", "Đất đai", "Xây dựng", "Y tế", "Chuyển đổi số",
          "Văn hoá thể thao"]  # fmt: skip


def make_sheet(path: Path, rows: int, seed: int = 7) -> None:
    """A realistic export: title rows, codes, mixed date forms, 1% bad rows, some unknown values."""
    rng = random.Random(seed)
    gen = DemoGenerator(seed, date.today() - timedelta(days=1))
    cases = gen.cases(rows, max(1, rows // 3))
    people = gen.citizens(max(1, rows // 3))
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("PAKN")
    ws.append(["UBND THÀNH PHỐ HẢI PHÒNG"])
    ws.append(["DANH SÁCH PHẢN ÁNH, KIẾN NGHỊ TIẾP NHẬN QUA SMART HẢI PHÒNG"])
    ws.append([])
    ws.append(HEADERS)
    for i, c in enumerate(cases, start=1):
        who = people[c.citizen_key]
        received: object = c.received_at if i % 3 else f"{c.received_at:%d/%m/%Y %H:%M}"
        phone = "0" + who.phone[3:] if i % 50 else "12345"
        content = c.content if i % 100 else ""
        ws.append([i, f"SHP-{i:08d}", received, who.full_name, phone, who.address, content,
                   rng.choice(FIELDS), rng.choice(["Phản ánh", "phan anh", "KIẾN NGHỊ"]),
                   "Phòng Kinh tế, Hạ tầng và Đô thị"])  # fmt: skip
    wb.save(path)


def bench_import(db: str, data_dir: Path, rows: int, keep: Path) -> None:
    sheet = keep / f"bench_{rows}.xlsx"
    if not sheet.exists():
        t = time.perf_counter()
        make_sheet(sheet, rows)
        print(f"tạo tệp {rows:,} dòng: {time.perf_counter() - t:.1f} s ({sheet.stat().st_size / 1e6:.1f} MB)")
    services = command_line_services(resolve(db, data_dir=data_dir))
    try:
        for label, dry in (("chạy thử", True), ("nhập", False), ("nhập lại", False)):
            t = time.perf_counter()
            report = services.imports.run(sheet, "smart_haiphong", dry_run=dry)
            took = time.perf_counter() - t
            print(f"{label:9s} {took:6.1f} s  nhập {report.imported:,}  có sẵn {report.already_present:,}  "
                  f"cảnh báo {report.warned:,}  từ chối {len(report.rejected):,}")  # fmt: skip
    finally:
        services.close()


def bench_duplicates(db: str, probes: int) -> None:
    services = command_line_services(resolve(db))
    rng = random.Random(3)
    try:
        today = datetime.now().replace(microsecond=0)
        gen = DemoGenerator(11, today.date())
        samples = gen.cases(probes, 10)
        services.duplicates.check(NewCase(content="Khởi động: đọc chỉ mục", phone="0912345678"))  # warm-up
        timings = []
        cpu = []
        hits = 0
        for n, c in enumerate(samples):
            place = rng.choice(PLACES)
            street = rng.choice(STREETS)
            name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
            new = NewCase(
                content=c.content,
                phone=f"09{rng.randrange(10**8):08d}" if n % 2 else "",
                citizen_name=name,
                address=f"Số {rng.randint(1, 300)} đường {street}, {place}",
                location=f"đường {street}" if n % 3 == 0 else "",
            )
            t, c = time.perf_counter(), time.process_time()
            found = services.duplicates.check(new)
            timings.append((time.perf_counter() - t) * 1000)
            cpu.append((time.process_time() - c) * 1000)
            hits += bool(found)
        for label, values in (("thời gian thực", timings), ("CPU", cpu)):
            values.sort()
            p95 = values[int(len(values) * 0.95) - 1]
            print(f"so trùng khi tiếp nhận ({probes} lần, {label}): trung vị {statistics.median(values):.1f} ms, "
                  f"p95 {p95:.1f} ms, tối đa {values[-1]:.1f} ms")  # fmt: skip
        print(f"{hits}/{probes} lần có gợi ý trùng")
    finally:
        services.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--db", help="cơ sở dữ liệu để nhập (mặc định: tệp mới trong thư mục tạm)")
    parser.add_argument("--dup-db", help="cơ sở dữ liệu lớn để đo so trùng khi tiếp nhận")
    parser.add_argument("--probes", type=int, default=300)
    parser.add_argument("--keep", type=Path, default=Path(tempfile.gettempdir()))
    args = parser.parse_args()
    if args.rows:
        with tempfile.TemporaryDirectory() as tmp:
            db = args.db or f"sqlite:///{Path(tmp) / 'bench.db'}"
            bench_import(db, Path(tmp), args.rows, args.keep)
    if args.dup_db:
        bench_duplicates(args.dup_db, args.probes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
