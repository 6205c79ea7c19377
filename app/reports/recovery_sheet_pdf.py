"""Phiếu khóa khôi phục: the office's backup key on paper, for the safe (NĐ 30 layout, one page)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from app.reports.nd30 import Nd30Document, make_styles
from app.reports.nd30_plain import PlainHeaderBlock
from app.reports.pdf_fonts import BOLD
from app.reports.types import DocumentHeader

QR_SIZE = 48 * mm


@dataclass(frozen=True, slots=True)
class RecoverySheet:
    """What the sheet prints; ``key_text`` is the key itself (14 groups of four characters)."""

    header: DocumentHeader
    office: str
    printed_at: datetime
    printed_by: str
    fingerprint: str
    key_text: str


def _qr(text: str) -> Drawing:
    widget = QrCodeWidget(text, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(QR_SIZE, QR_SIZE, transform=[QR_SIZE / (x1 - x0), 0, 0, QR_SIZE / (y1 - y0), 0, 0])
    drawing.add(widget)
    drawing.hAlign = "CENTER"
    return drawing


def _key_table(key_text: str) -> Table:
    groups = key_text.split()
    rows = [groups[i : i + 7] for i in range(0, len(groups), 7)]
    style = ParagraphStyle("key", fontName="Courier-Bold", fontSize=17, leading=22, alignment=TA_CENTER)
    table = Table([[Paragraph(g, style) for g in row] for row in rows], colWidths=[21 * mm] * 7)
    table.setStyle(
        TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "#555555"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")])
    )
    return table


def write_sheet_pdf(sheet: RecoverySheet, out: Path) -> Path:
    """One A4 page: header, what the key is for, the key in groups and as a QR code, how to use it."""
    styles = make_styles()
    doc = Nd30Document(str(out), title="Phiếu khóa khôi phục bản sao lưu", author=sheet.office)
    strong = ParagraphStyle("strong", parent=styles.body, fontName=BOLD, firstLineIndent=0)
    plain = ParagraphStyle("plain", parent=styles.body, firstLineIndent=0)
    story = [
        PlainHeaderBlock(sheet.header),
        Spacer(1, 14),
        Paragraph("PHIẾU KHÓA KHÔI PHỤC BẢN SAO LƯU", styles.title),
        Paragraph("(MẬT — cất trong tủ hồ sơ của cơ quan)", styles.centred),
        Spacer(1, 10),
        Paragraph(f"Cơ quan: <b>{escape(sheet.office)}</b>", plain),
        Paragraph(f"Ngày in: {sheet.printed_at:%d/%m/%Y %H:%M}; người in: {escape(sheet.printed_by)}", plain),
        Paragraph(f"Dấu vân tay của khóa: <b>{escape(sheet.fingerprint)}</b>", plain),
        Spacer(1, 6),
        Paragraph("Khóa khôi phục (56 ký tự):", strong),
        _key_table(sheet.key_text),
        Spacer(1, 8),
        _qr(sheet.key_text),
        Spacer(1, 8),
        Paragraph(
            "Mọi bản sao lưu của chương trình Hotline Desk tại cơ quan được mã hóa bằng khóa này, "
            "nên ổ USB hay ổ mạng bị mất cũng không lộ danh tính người tố cáo, người phản ánh. "
            "Khi máy tính hỏng hoặc cài lại, muốn khôi phục dữ liệu trên máy mới phải nhập đúng khóa này "
            "(màn hình «Sao lưu &amp; khôi phục» hoặc lệnh hotline-desk restore). "
            "Mất phiếu và mất máy cùng lúc thì không ai mở được các bản sao lưu.",
            styles.body,
        ),
        Paragraph(
            "Không chụp ảnh, không gửi phiếu qua mạng. Khóa không có chữ số 0, 1, 8, 9: gõ 0 thay cho O "
            "hay 1 thay cho I vẫn được chấp nhận; khoảng trắng và chữ hoa, chữ thường không quan trọng. "
            "Bản sao lưu nào ghi cùng dấu vân tay trên thì mở được bằng khóa này.",
            styles.body,
        ),
    ]
    doc.build(story)
    return out
