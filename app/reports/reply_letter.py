"""The reply letter the chief signs (Nghị định 30/2020 layout), from the approved reply text."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from reportlab.platypus import Flowable, Paragraph

from app.reports.forms_pdf import kinh_gui
from app.reports.nd30 import Nd30Document, Styles, make_styles
from app.reports.nd30_header import title_block
from app.reports.output import atomic_target
from app.reports.pdf_signature import signature_block
from app.reports.text import esc, nfc
from app.reports.types import DocumentHeader, Recipients, Signature

_ADDRESSEE = re.compile(r"kính gửi\s*:?[^.!?]*[.!?]?", re.IGNORECASE)
"""A paragraph that is only the "Kính gửi: …" line of the typed text."""


@dataclass(frozen=True)
class ReplyLetter:
    """Header, addressee, the approved paragraphs, the closing sentence, signature and Nơi nhận.

    The paragraphs are the approved text as it is (already without a sealed identity).
    """

    header: DocumentHeader
    recipient: str
    paragraphs: tuple[str, ...]
    closing: str
    signature: Signature
    recipients: Recipients


def _story(letter: ReplyLetter, styles: Styles, width: float) -> list[Flowable]:
    """Every approved paragraph as it is: a signed letter is never shortened (it may run on)."""
    story = title_block(letter.header, styles, width)
    story.append(kinh_gui(letter.recipient, styles))
    paragraphs = [nfc(t).strip() for t in letter.paragraphs]
    paragraphs = [t for t in paragraphs if t and not _ADDRESSEE.fullmatch(t)]  # printed above already
    for index, text in enumerate(paragraphs):
        para = Paragraph(esc(text), styles.body)
        if index == 0:
            para.spaceBefore = 10
        story.append(para)
    if nfc(letter.closing).strip():
        story.append(Paragraph(esc(nfc(letter.closing).strip()), styles.body))
    story.append(signature_block(letter.signature, letter.recipients, width))
    return story


def write_reply_letter_pdf(letter: ReplyLetter, path: str | os.PathLike[str]) -> None:
    """A4 portrait, as many pages as the approved text needs, written atomically."""
    styles = make_styles()
    with atomic_target(path) as tmp:
        doc = Nd30Document(str(tmp), title=nfc(letter.header.title), author=nfc(letter.header.issuing_body))
        doc.build(_story(letter, styles, doc.width))
