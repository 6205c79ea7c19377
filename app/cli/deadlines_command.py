"""``hotline-desk deadlines``: every legal deadline of a case, with rule, citation and reasons."""

from __future__ import annotations

import argparse
import json
import re
from datetime import date
from typing import Any

from app.domain.deadline_rules import RuleSet, RuleTableError
from app.domain.deadlines import CaseClock, ClockError, DueDate, compute_due_dates
from app.domain.enums import CaseKind
from app.domain.working_calendar import WorkingCalendar
from app.services.core.errors import ValidationError
from app.services.deadlines.deadline_store import office_calendar
from app.services.deadlines.legal_due_policy import can_accept, main_due, relevant_flags

STEP_LABELS = {"notify": "Thông báo", "accept": "Thụ lý", "transfer": "Chuyển đơn", "resolve": "Giải quyết"}
WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
FLAG_OPTIONS = {
    "complex": "--complex (phức tạp)",
    "very_complex": "--very-complex (đặc biệt phức tạp)",
    "remote": "--remote (vùng sâu, vùng xa)",
    "second_instance": "--second (khiếu nại lần hai)",
}
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
FIRST_YEAR, LAST_YEAR = 2000, 2100


def add_deadlines_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    """Register the subcommand (called from app.cli.parser)."""
    kinds = ", ".join(f"{k.value} ({k.label})" for k in CaseKind)
    cmd = sub.add_parser(
        "deadlines",
        parents=[common],
        help="tính các thời hạn theo luật của một vụ việc (không cần cơ sở dữ liệu)",
        description="In từng bước với hạn, quy tắc, căn cứ pháp lý và các ngày nghỉ được bỏ qua. "
        "Có --db thì dùng bảng thời hạn và ngày nghỉ riêng của cơ quan trong cơ sở dữ liệu.",
    )
    cmd.add_argument("kind", metavar="KIND", help=f"loại vụ việc: {kinds}")
    cmd.add_argument("received", metavar="RECEIVED", help="ngày tiếp nhận, dạng YYYY-MM-DD")
    cmd.add_argument("--accepted", metavar="DATE", help="ngày thụ lý, dạng YYYY-MM-DD")
    cmd.add_argument("--complex", action="store_true", help="vụ việc phức tạp")
    cmd.add_argument("--very-complex", action="store_true", help="vụ việc đặc biệt phức tạp")
    cmd.add_argument("--remote", action="store_true", help="vùng sâu, vùng xa đi lại khó khăn")
    cmd.add_argument("--second", action="store_true", help="giải quyết khiếu nại lần hai")
    cmd.add_argument("--in-person", action="store_true", help="tiếp nhận trực tiếp tại nơi tiếp công dân")
    cmd.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    cmd.set_defaults(handler=cmd_deadlines)


def _day(value: str, what: str) -> date:
    try:
        if not _ISO_DAY.fullmatch(value.strip()):
            raise ValueError
        day = date.fromisoformat(value.strip())
    except ValueError:
        raise ValidationError(
            what, f"{what} không hợp lệ: «{value}» (cần một ngày có thật dạng YYYY-MM-DD, ví dụ 2026-11-20)."
        ) from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValidationError(what, f"{what} phải trong các năm {FIRST_YEAR}–{LAST_YEAR}.")
    return day


def _kind(value: str) -> CaseKind:
    try:
        return CaseKind(value.strip().lower())
    except ValueError:
        choices = ", ".join(f"{k.value} ({k.label})" for k in CaseKind)
        raise ValidationError(
            "kind", f"Loại vụ việc không hợp lệ: «{value}». Chọn một trong: {choices}."
        ) from None


def build_clock(args: argparse.Namespace, rules: RuleSet) -> CaseClock:
    """The clock the options describe; ValidationError (Vietnamese) on bad input."""
    kind = _kind(args.kind)
    received = _day(args.received, "Ngày tiếp nhận")
    accepted = _day(args.accepted, "Ngày thụ lý") if args.accepted else None
    if args.complex and args.very_complex:
        raise ValidationError("complex", "Chỉ chọn một trong --complex hoặc --very-complex.")
    flags = {"complex": args.complex, "very_complex": args.very_complex, "remote": args.remote,
             "second_instance": args.second}  # fmt: skip
    allowed = relevant_flags(rules, kind)
    wrong = [FLAG_OPTIONS[k] for k, on in flags.items() if on and k not in allowed]
    if wrong:
        raise ValidationError("flags", f"{', '.join(wrong)} không áp dụng cho {kind.label.lower()}.")
    if accepted is not None and not can_accept(rules, kind, received):
        raise ValidationError("accepted", f"{kind.label} không có bước thụ lý, bỏ --accepted.")
    try:
        return CaseClock(kind, received, accepted, in_person=args.in_person, **flags)
    except ClockError as error:
        raise ValidationError("accepted", str(error)) from None


def _sources(args: argparse.Namespace) -> tuple[RuleSet, WorkingCalendar, str]:
    db = getattr(args, "db", None)
    if not db:
        try:
            rules = RuleSet.load()
        except RuleTableError as error:
            raise ValidationError("rules", str(error)) from None
        return rules, office_calendar(rules, ()), "bảng thời hạn kèm chương trình"
    from app.bootstrap import command_line_services
    from app.settings import resolve

    services = command_line_services(resolve(db))
    try:
        snapshot = services.deadline_store.snapshot()
    finally:
        services.close()
    return snapshot.rules, snapshot.calendar, f"bảng thời hạn và lịch làm việc của cơ quan ({db})"


def _as_json(due: DueDate, main: bool) -> dict[str, Any]:
    return {
        "step": due.step,
        "step_label": STEP_LABELS.get(due.step, due.step),
        "due": due.due.isoformat(),
        "rule": due.rule_code,
        "title": due.title,
        "citation": due.citation,
        "explanation": due.explanation,
        "start_event": due.start_event,
        "start_date": due.start_date.isoformat(),
        "count": due.count,
        "unit": due.unit,
        "provisional": due.provisional,
        "verify": due.verify,
        "latest": due.latest.isoformat() if due.latest else None,
        "skipped": [{"date": d.isoformat(), "reason": reason} for d, reason in due.skipped],
        "main": main,
    }


def _print_text(clock: CaseClock, dues: list[DueDate], main: DueDate | None, source: str) -> None:
    head = f"{clock.kind.label} — tiếp nhận {_shown(clock.received_on)}"
    if clock.accepted_on:
        head += f"; thụ lý {_shown(clock.accepted_on)}"
    print(head)
    print(f"Theo {source}.")
    for n, due in enumerate(dues, 1):
        marks = " (dự kiến)" if due.provisional else ""
        marks += " ← hạn theo dõi của vụ việc" if due is main else ""
        print(f"\n{n}. {STEP_LABELS.get(due.step, due.step)}: hạn {_shown(due.due)}{marks}")
        print(
            f"   Quy tắc: {due.title} [{due.rule_code}]"
            + (" — cần cơ quan kiểm tra lại" if due.verify else "")
        )
        print(f"   Căn cứ: {due.citation}")
        print(f"   Cách tính: {due.explanation}")


def _shown(day: date) -> str:
    return f"{WEEKDAYS[day.weekday()]} {day:%d/%m/%Y}"


def cmd_deadlines(args: argparse.Namespace) -> int:
    """Print the deadlines; refused input raises ValidationError (exit 2 via commands.run)."""
    rules, calendar, source = _sources(args)
    clock = build_clock(args, rules)
    try:
        dues = compute_due_dates(clock, rules, calendar)
    except ClockError as error:
        raise ValidationError("clock", str(error)) from None
    main = main_due(dues, clock)
    if args.json:
        print(json.dumps([_as_json(d, d is main) for d in dues], ensure_ascii=False, indent=1))
    else:
        _print_text(clock, dues, main, source)
    return 0
