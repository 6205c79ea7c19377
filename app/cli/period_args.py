"""The period options shared by ``report`` and ``register``: --period | --from/--to, --cutoff."""

from __future__ import annotations

import argparse
import sys
from datetime import date

from app.domain.periods import Period, PeriodError, date_range, parse_period


def add_period_arguments(parser: argparse.ArgumentParser) -> None:
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--period", help="2026-Q2 | 2026-05 | 2026-H1 | 2026-9M | 2026 | 2026-W19")
    which.add_argument("--from", dest="date_from", type=date.fromisoformat, help="YYYY-MM-DD")
    parser.add_argument("--to", dest="date_to", type=date.fromisoformat, help="YYYY-MM-DD")
    parser.add_argument("--cutoff", action="store_true", help="kỳ số liệu từ ngày 15 đến ngày 14")


def period_from(args: argparse.Namespace) -> Period | None:
    """The chosen period, or ``None`` after printing what is wrong (Vietnamese)."""
    try:
        if args.period:
            return parse_period(args.period, cutoff=args.cutoff)
        if args.date_to is None:
            print("Lỗi: cần cả --from và --to.", file=sys.stderr)
            return None
        return date_range(args.date_from, args.date_to)
    except PeriodError as error:
        print(f"Lỗi: {error}", file=sys.stderr)
        return None
