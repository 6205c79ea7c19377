"""``hotline-desk deadlines``: every legal deadline of a case, with rule, citation and reasons."""

from __future__ import annotations

import argparse
import json
import re
from datetime import date
from typing import TYPE_CHECKING, Any

from app.domain.enums import CaseKind
from app.services.core.errors import ValidationError

if TYPE_CHECKING:
    from app.domain.deadline_rules import RuleSet
    from app.domain.deadlines import CaseClock, DueDate, Extension, Suspension
    from app.domain.working_calendar import WorkingCalendar

STEP_LABELS = {
    "process": "Xử lý đơn",
    "notify": "Thông báo",
    "accept": "Thụ lý",
    "transfer": "Chuyển đơn",
    "resolve": "Giải quyết",
}
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
    cmd.add_argument(
        "--written",
        action="store_true",
        help="đơn gửi bằng văn bản (thư, thư điện tử, cổng thông tin): thêm bước xử lý đơn (TT 05/2021)",
    )
    cmd.add_argument(
        "--extension",
        action="append",
        default=[],
        metavar="DECISION_DATE:DAYS",
        help="một lần gia hạn: ngày quyết định và số ngày, ví dụ 2026-04-20:30 (lặp lại cho lần sau)",
    )
    cmd.add_argument(
        "--suspend",
        action="append",
        default=[],
        metavar="FROM:TO",
        help="một đợt tạm đình chỉ, ví dụ 2026-03-10:2026-03-19 (TO để trống: chưa kết thúc)",
    )
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
    from app.domain.deadlines import CaseClock, ClockError
    from app.services.deadlines.legal_due_policy import can_accept, relevant_flags

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
    if args.in_person and args.written:
        raise ValidationError("written", "Chỉ chọn một trong --in-person hoặc --written.")
    extensions = [_extension(text, n) for n, text in enumerate(args.extension, 1)]
    suspensions = [_suspension(text) for text in args.suspend]
    try:
        return CaseClock(
            kind,
            received,
            accepted,
            in_person=args.in_person,
            written=args.written,
            extensions=extensions,
            suspensions=suspensions,
            **flags,
        )
    except ClockError as error:
        raise ValidationError("accepted", str(error)) from None


def _extension(text: str, n: int) -> Extension:
    """``2026-04-20:30`` → the n-th extension decided that day for 30 days."""
    from app.domain.deadlines import Extension

    day, sep, days = text.partition(":")
    if not sep or not days.strip().isdigit():
        raise ValidationError(
            "extension",
            f"--extension «{text}» không hợp lệ (cần NGÀY_QUYẾT_ĐỊNH:SỐ_NGÀY, ví dụ 2026-04-20:30).",
        )
    return Extension(f"lần {n}", _day(day, "Ngày quyết định gia hạn"), int(days))


def _suspension(text: str) -> Suspension:
    """``2026-03-10:2026-03-19`` (or ``2026-03-10:`` while it goes on) → a suspension."""
    from app.domain.deadlines import Suspension

    start, sep, end = text.partition(":")
    if not sep:
        raise ValidationError(
            "suspend", f"--suspend «{text}» không hợp lệ (cần TỪ:ĐẾN, ví dụ 2026-03-10:2026-03-19)."
        )
    first = _day(start, "Ngày bắt đầu tạm đình chỉ")
    return Suspension(first, _day(end, "Ngày kết thúc tạm đình chỉ") if end.strip() else None)


def _sources(args: argparse.Namespace) -> tuple[RuleSet, WorkingCalendar, str]:
    from app.domain.deadline_rules import RuleSet, RuleTableError
    from app.services.deadlines.deadline_store import office_calendar

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
        "paused": due.paused,
        "depends_on_estimated": due.depends_on_estimated,
        "uncertain_days": [
            {"date": d.isoformat(), "name": name, "status": status} for d, name, status in due.uncertain
        ],
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
        marks += " (tạm tính)" if due.depends_on_estimated else ""
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
    from app.domain.deadlines import ClockError, compute_due_dates
    from app.services.deadlines.legal_due_policy import main_due

    rules, calendar, source = _sources(args)
    clock = build_clock(args, rules)
    try:
        dues = compute_due_dates(clock, rules, calendar, as_of=date.today())  # an open suspension: so far
    except ClockError as error:
        raise ValidationError("clock", str(error)) from None
    main = main_due(dues, clock)
    if args.json:
        print(json.dumps([_as_json(d, d is main) for d in dues], ensure_ascii=False, indent=1))
    else:
        _print_text(clock, dues, main, source)
    return 0
