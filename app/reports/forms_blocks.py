"""Bodies of the receipt (Giấy biên nhận) and of the one-page case sheet (Phiếu thông tin vụ việc)."""

from __future__ import annotations

from collections.abc import Callable

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from app.reports.forms_types import CaseSheet, Receipt
from app.reports.nd30 import Styles
from app.reports.nd30_header import title_block
from app.reports.nd30_plain import PlainHeaderBlock
from app.reports.pdf_fonts import BOLD, REGULAR
from app.reports.pdf_signature import SIGNING_SPACE
from app.reports.pdf_tables import grid
from app.reports.text import esc, fmt_date, fmt_datetime, local_time, nd30_day, nd30_month, nfc

Builder = Callable[[int], list[Flowable]]
BLANK_ITEMS = 4  # empty numbered lines when no document was listed, to fill in by hand
FIELD_LIMITS = (1500, 900, 600, 400, 250)
TIMELINE_ROWS = (30, 15, 10, 6, 4)
NOTE_LIMITS = (300, 200, 150, 100, 60)
REPLY_LIMITS = (800, 500, 300, 200, 120)
_SECTION = ParagraphStyle("section", fontName=BOLD, fontSize=12, leading=15, spaceBefore=8, spaceAfter=3)


def _short(text: str, limit: int) -> str:
    text = " ".join(nfc(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _two_signatures(left: tuple[str, str], right: tuple[str, str], styles: Styles, width: float) -> Table:
    """Two signature columns: a title in bold capitals, "(Ký, ghi rõ họ tên)", room, the name."""
    cells = []
    for title, name in (left, right):
        cells.append(
            [
                Paragraph(f"<b>{esc(title.upper())}</b>", styles.centred),
                Paragraph("<i>(Ký, ghi rõ họ tên)</i>", styles.centred),
                Spacer(1, SIGNING_SPACE - 6 * mm),
                Paragraph(f"<b>{esc(name)}</b>", styles.centred),
            ]
        )
    table = Table([cells], colWidths=[width / 2, width / 2])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONT", (0, 0), (-1, -1), REGULAR, 11)]))
    table.spaceBefore = 10
    return table


def receipt(form: Receipt, styles: Styles, width: float) -> Builder:
    """Giấy biên nhận thông tin, tài liệu: who handed what to whom, when; both sides sign."""
    person = form.facts.petitioner

    def build(level: int) -> list[Flowable]:
        story = title_block(form.header, styles, width)
        at = local_time(form.handed_at)
        place = nfc(form.place).strip() or nfc(form.facts.office).strip()
        receiver = nfc(form.receiver_name).strip() or "." * 40
        giver = f"Ông (bà) {nfc(person.name).strip() or '.' * 40}"
        if not person.sealed:
            if nfc(person.id_number).strip():
                giver += f"; số CCCD/hộ chiếu: {nfc(person.id_number).strip()}"
            if nfc(person.address).strip():
                giver += f"; địa chỉ: {nfc(person.address).strip()}"
        lines = [
            f"Vào hồi {at:%H} giờ {at:%M} phút, ngày {nd30_day(at)} tháng {nd30_month(at)} năm {at.year}, "
            f"tại {place}.",
            f"Bên nhận: {receiver}, cán bộ {nfc(form.receiver_body).strip()}.",
            f"Bên giao: {giver}.",
            f"Bên nhận đã nhận của bên giao các thông tin, tài liệu, bằng chứng về {nfc(form.facts.kind)} "
            f"(hồ sơ số {nfc(form.facts.case_number)}) như sau:",
        ]
        first = Paragraph(esc(lines[0]), styles.body)
        first.spaceBefore = 10
        story += [first, *(Paragraph(esc(line), styles.body) for line in lines[1:])]
        items = [(i.name, i.quantity, i.note) for i in form.items] or [("", "", "")] * BLANK_ITEMS
        body = [
            [n, _short(name, FIELD_LIMITS[level]), qty, note] for n, (name, qty, note) in enumerate(items, 1)
        ]
        widths = [12 * mm, width - 12 * mm - 52 * mm, 22 * mm, 30 * mm]
        head = ["STT", "Tên thông tin, tài liệu, bằng chứng", "Số lượng", "Ghi chú"]
        table = grid(head, body, widths, styles)
        table.spaceBefore, table.spaceAfter = 4, 8
        story.append(table)
        story.append(Paragraph("Giấy biên nhận được lập thành 02 bản, mỗi bên giữ 01 bản./.", styles.body))
        shown = "" if person.sealed else nfc(person.name).strip()
        story.append(
            _two_signatures(("Bên giao", shown), ("Bên nhận", nfc(form.receiver_name)), styles, width)
        )
        return story

    return build


def _fields_table(fields: tuple[tuple[str, str], ...], styles: Styles, width: float, limit: int) -> Table:
    rows = [
        [Paragraph(f"<b>{esc(label)}</b>", styles.cell), Paragraph(esc(_short(value, limit)), styles.cell)]
        for label, value in fields
    ]
    table = Table(rows, colWidths=[42 * mm, width - 42 * mm])
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("FONT", (0, 0), (-1, -1), REGULAR, 11),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _section(text: str, styles: Styles) -> Paragraph:
    heading = Paragraph(esc(text), _SECTION)
    heading.keepWithNext = True
    return heading


def case_sheet(form: CaseSheet, styles: Styles, width: float) -> Builder:
    """All fields, the latest steps of the history and the replies; shortened until one page."""

    def build(level: int) -> list[Flowable]:
        title = Paragraph(esc(nfc(form.header.title).upper()), styles.title)
        title.spaceBefore = 14
        number = Paragraph(f"<b>Số hồ sơ: {esc(form.case_number)}</b>", styles.centred)
        story: list[Flowable] = [PlainHeaderBlock(form.header), title, number, Spacer(1, 6)]
        story.append(_section("I. THÔNG TIN VỤ VIỆC", styles))
        story.append(_fields_table(form.fields, styles, width, FIELD_LIMITS[level]))
        story.append(_section("II. DIỄN BIẾN XỬ LÝ", styles))
        keep = TIMELINE_ROWS[level]
        steps = form.timeline[-keep:]
        if not steps:
            story.append(Paragraph("Chưa có bước xử lý nào.", styles.note))
        else:
            if len(form.timeline) > len(steps):
                earlier = len(form.timeline) - len(steps)
                story.append(
                    Paragraph(f"({earlier} bước đầu không in; xem trong chương trình.)", styles.note)
                )
            body = [
                [
                    fmt_datetime(s.at),
                    s.officer,
                    _short(f"{s.action}: {s.note}" if s.note else s.action, NOTE_LIMITS[level]),
                ]
                for s in steps
            ]
            widths = [34 * mm, 36 * mm, width - 70 * mm]
            story.append(grid(["Thời gian", "Cán bộ", "Nội dung"], body, widths, styles, text_col=2))
        story.append(_section("III. TRẢ LỜI CÔNG DÂN", styles))
        if not form.replies:
            story.append(Paragraph("Chưa trả lời công dân.", styles.note))
        else:
            body = [
                [fmt_date(r.replied_on), r.method, r.document_no, _short(r.text, REPLY_LIMITS[level])]
                for r in form.replies
            ]
            widths = [24 * mm, 32 * mm, 28 * mm, width - 84 * mm]
            story.append(
                grid(["Ngày", "Hình thức", "Số văn bản", "Nội dung"], body, widths, styles, text_col=3)
            )
        footer = []
        if nfc(form.sealed_note).strip():
            footer.append(esc(form.sealed_note))
        if form.printed_at is not None:
            by = f"; người in: {esc(form.printed_by)}" if nfc(form.printed_by).strip() else ""
            footer.append(f"In lúc {fmt_datetime(form.printed_at)}{by}.")
        if footer:
            story.append(Paragraph("<br/>".join(footer), styles.note))
        return story

    return build
