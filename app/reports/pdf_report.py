"""Write a :class:`PeriodicReport` as a Nghị định 30 PDF with summary tables, charts and a case list."""

from __future__ import annotations

import os
from collections.abc import Iterator

from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
)

from app.reports.nd30 import LANDSCAPE_WIDTH, Feed, Nd30Document, Styles, make_styles
from app.reports.nd30_header import title_block
from app.reports.output import CancelFn, ProgressFn, Ticker, atomic_target
from app.reports.pdf_appendix import CasePages
from app.reports.pdf_charts import breakdown_chart, monthly_chart
from app.reports.pdf_signature import signature_block
from app.reports.pdf_tables import (
    captioned,
    comparison_table,
    count_table,
    department_table,
    topics_table,
    xld01_table,
)
from app.reports.report_notes import notes_story
from app.reports.streams import case_total, peek_cases
from app.reports.text import document_date, document_number_line, esc, nfc
from app.reports.types import CaseRow, PeriodicReport

NO_CASES = "Trong kỳ không tiếp nhận vụ việc nào."
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


def _summary(report: PeriodicReport, styles: Styles, width: float, no_cases: bool) -> list[Flowable]:
    story: list[Flowable] = title_block(report.header, styles, width)
    story += [Paragraph(esc(p), styles.body) for p in report.paragraphs if nfc(p).strip()]
    sections: list[tuple[str, list[Flowable]]] = []
    intake: list[Flowable] = [Paragraph(f"Kỳ báo cáo: {esc(report.period_label)}.", styles.body)]
    if no_cases:
        intake.append(Paragraph(NO_CASES, styles.body))
    if report.comparison:
        intake += captioned(
            "So sánh với kỳ trước và cùng kỳ năm trước",
            comparison_table(report.comparison, styles, width),
            styles,
        )
    if report.monthly:
        intake += [Spacer(1, 10), monthly_chart(report.monthly, width)]
    sections.append(("Tình hình tiếp nhận", intake))
    breakdown: list[Flowable] = []
    for table in report.tables:
        breakdown += count_table(table, styles, width)
        if table.chart and table.rows:
            breakdown += [Spacer(1, 10), breakdown_chart(table, width)]
    if breakdown:
        sections.append(("Phân loại vụ việc", breakdown))
    if report.xld01 is not None:
        sections.append(("Kết quả xử lý đơn (Biểu 01/XLD)", xld01_table(report.xld01, styles, width)))
    if report.departments:
        sections.append(
            ("Kết quả giải quyết của các đơn vị", [department_table(report.departments, styles, width)])
        )
    if report.top_topics:
        sections.append(("Nội dung được phản ánh nhiều", [topics_table(report.top_topics, styles, width)]))
    for number, (name, parts) in zip(ROMAN, sections, strict=False):
        heading = Paragraph(f"{number}. {esc(name.upper())}", styles.heading)
        story.append(CondPageBreak(60))
        story.append(heading)
        story += parts
    closing = [Paragraph(esc(p), styles.body) for p in report.closing if nfc(p).strip()]
    block = signature_block(report.signature, report.recipients, width)
    # Keep the last paragraph with the signature so it never stands alone on a page.
    story += closing[:-1]
    story.append(KeepTogether([*closing[-1:], block]))
    return story


def _appendix(
    report: PeriodicReport, styles: Styles, rows: Iterator[CaseRow], width: float, ticker: Ticker
) -> list[Flowable]:
    header = report.header
    number = document_number_line(header).removeprefix("Số:").strip()
    issued = document_date(header.issued_on, header.signing_month, header.signing_month_known)
    body = header.body_name or header.issuing_body
    reference = f"Kèm theo Báo cáo số {number} {issued} của {body}"
    return [
        NextPageTemplate("landscape"),
        PageBreak(),
        Paragraph("<b>PHỤ LỤC</b>", styles.centred),
        Paragraph("<b>DANH SÁCH VỤ VIỆC TIẾP NHẬN</b>", styles.centred),
        Paragraph(f"<b>{esc(report.period_label)}</b>", styles.centred),
        Paragraph(f"<i>({esc(reference)})</i>", styles.centred),
        Paragraph("", styles.body),
        Feed(CasePages(rows, width, ticker)),
    ]


def write_report_pdf(
    report: PeriodicReport,
    path: str | os.PathLike[str],
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> None:
    """Render ``report`` to ``path`` (atomically; nothing is left behind on error or cancel).

    Raises :class:`~app.reports.errors.ReportWriteError` when the file cannot be written and
    :class:`~app.reports.errors.ReportCancelled` when ``cancel()`` turns true.
    """
    styles = make_styles()
    ticker = Ticker(progress, cancel, case_total(report), every=200)
    ticker.check()
    rows = peek_cases(report)
    with atomic_target(path) as tmp:
        doc = Nd30Document(
            str(tmp),
            title=nfc(report.header.title),
            author=nfc(report.header.issuing_body),
            footer=report.audit_anchor,
        )
        story = _summary(report, styles, doc.width, report.case_list and rows is None)
        if report.notes:
            story += notes_story(report, styles)
        if rows is not None:
            story += _appendix(report, styles, rows, LANDSCAPE_WIDTH, ticker)
        doc.build(story)
        ticker.check()
    if progress is not None:
        progress(ticker.done, ticker.total if ticker.total is not None else ticker.done)
