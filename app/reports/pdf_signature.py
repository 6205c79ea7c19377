"""The closing block: "Nơi nhận:" on the left, the signature (authority, title, name) on the right."""

from __future__ import annotations

from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from app.reports.pdf_fonts import BOLD, BOLD_ITALIC, REGULAR
from app.reports.text import esc, nfc, recipient_lines
from app.reports.types import Recipients, Signature

_RECIPIENTS_HEAD = ParagraphStyle("nn_head", fontName=BOLD_ITALIC, fontSize=12, leading=14)
_RECIPIENT = ParagraphStyle("nn_line", fontName=REGULAR, fontSize=11, leading=13, alignment=TA_LEFT)
_AUTHORITY = ParagraphStyle("sig_auth", fontName=BOLD, fontSize=13, leading=16, alignment=TA_CENTER)
SIGNING_SPACE = 28 * mm  # room for the hand signature and the seal


def signature_block(signature: Signature, recipients: Recipients, width: float) -> Flowable:
    """Two-column table kept on one page: recipients (12/11 pt) and the signature block."""
    left: list[Flowable] = [Paragraph("Nơi nhận:", _RECIPIENTS_HEAD)]
    left += [
        Paragraph(esc(line), _RECIPIENT) for line in recipient_lines(recipients.lines, recipients.archive)
    ]
    right: list[Flowable] = []
    for line in (signature.authority, signature.delegation, signature.signer_title):
        if nfc(line).strip():
            right.append(Paragraph(esc(nfc(line).strip().upper()), _AUTHORITY))
    right.append(Spacer(1, SIGNING_SPACE))
    right.append(Paragraph(esc(nfc(signature.signer_name).strip()), _AUTHORITY))
    left_width = width * 0.45
    table = Table([[left, right]], colWidths=[left_width, width - left_width])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONT", (0, 0), (-1, -1), REGULAR, 11),  # else Table sets Helvetica
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                # "Nơi nhận:" sits on the line of the first authority line.
                ("TOPPADDING", (0, 0), (0, 0), 3),
            ]
        )
    )
    table.spaceBefore = 12
    return table
