"""Words for deadlines on screen: step and start-event labels, one due date as readable HTML."""

from __future__ import annotations

from datetime import date
from html import escape

from app.domain.deadlines import EVENT_LABELS, UNIT_LABELS, DueDate
from app.domain.due_explain import day_runs

STEP_LABELS = {
    "process": "Xử lý đơn",
    "notify": "Thông báo kết quả tiếp nhận",
    "accept": "Thụ lý",
    "transfer": "Chuyển đơn",
    "resolve": "Giải quyết",
}


def fmt(day: date | None) -> str:
    """``dd/MM/yyyy`` or a dash."""
    return day.strftime("%d/%m/%Y") if day else "—"


def skipped_text(skipped: tuple[tuple[date, str], ...]) -> str:
    """Every non-working day a count jumped over, as runs: ``01/05/2026–03/05/2026 (…, Thứ Bảy, Chủ nhật)``."""
    return "; ".join(day_runs(skipped))


def due_marks(due: DueDate) -> list[str]:
    """Short marks shown beside the date: paused, provisional, rule to verify."""
    marks = []
    if due.paused:
        marks.append("đang tạm đình chỉ")
    elif due.provisional:
        marks.append("dự kiến")
    if due.depends_on_estimated:
        marks.append("tạm tính")
    if due.verify:
        marks.append("quy định cần kiểm tra lại")
    return marks


def due_html(due: DueDate, main: bool) -> str:
    """One deadline: title and date, rule citation, start event, the count and the skipped days."""
    shown = (["hạn đang áp dụng"] if main else []) + due_marks(due)
    marks = "".join(f' <span style="color:#7a4a00">[{escape(m)}]</span>' for m in shown)
    colour = "#14324f" if main else "#333333"
    when = "chưa xác định (đang tạm đình chỉ)" if due.paused else fmt(due.due)
    lines = [
        f'<p style="margin:8px 0 2px 0"><b style="color:{colour}">{escape(due.title)}</b>'
        f" — hạn <b>{escape(when)}</b>{marks}</p>",
        _row("Căn cứ", due.citation),
        _row(
            "Tính từ",
            f"{EVENT_LABELS.get(due.start_event, due.start_event)} {fmt(due.start_date)}, "
            f"{due.count} {UNIT_LABELS.get(due.unit, due.unit)}",
        ),
    ]
    if due.skipped:
        lines.append(_row("Ngày nghỉ không tính", skipped_text(due.skipped)))
    if due.explanation and main:
        lines.append(_row("Giải thích", due.explanation))
    return "".join(lines)


def _row(label: str, text: str) -> str:
    return (
        f'<p style="margin:0 0 0 14px"><span style="color:#56606b">{escape(label)}:</span> {escape(text)}</p>'
    )
