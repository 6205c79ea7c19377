"""Write a per-case form as a one-page Nghị định 30 PDF (transfer slip, guidance, receipt, sheet)."""

from __future__ import annotations

import os
from collections.abc import Callable

from reportlab.platypus import Flowable, KeepInFrame, Paragraph

from app.reports.forms_blocks import case_sheet, receipt
from app.reports.forms_types import CaseFacts, CaseForm, GuidanceNote, Receipt, TransferSlip
from app.reports.nd30 import Nd30Document, Styles, make_styles
from app.reports.nd30_header import title_block
from app.reports.output import atomic_target
from app.reports.pdf_signature import signature_block
from app.reports.text import esc, fmt_date, nfc

Builder = Callable[[int], list[Flowable]]
LEVELS = 5  # how far long texts may be shortened to keep the form on one page
SUMMARY_LIMITS = (2000, 1200, 800, 500, 300)


def short(text: str, limit: int) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, "…" marking the cut."""
    text = " ".join(nfc(text).split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;.") + "…"


def kinh_gui(recipient: str, styles: Styles) -> Paragraph:
    """ "Kính gửi: …" centred under the title."""
    return Paragraph(f"Kính gửi: {esc(nfc(recipient).strip().rstrip('.'))}.", styles.centred)


def sentence(text: str) -> str:
    """A sentence with its full stop (a summary typed without one gets it)."""
    text = nfc(text).strip()
    return text if not text or text[-1] in ".!?…" else text + "."


def _received(facts: CaseFacts, issuing: str) -> str:
    who = nfc(facts.petitioner.salutation)
    address = nfc(facts.petitioner.address).strip()
    where = f"; địa chỉ: {address}" if address and not facts.petitioner.sealed else ""
    how = f" {nfc(facts.channel_phrase).strip()}" if nfc(facts.channel_phrase).strip() else ""
    return (
        f"Ngày {fmt_date(facts.received_at.date())}, {issuing} tiếp nhận{how} {nfc(facts.kind)} của "
        f"{who}{where} (hồ sơ số {nfc(facts.case_number)})."
    )


def transfer_slip(form: TransferSlip, styles: Styles, width: float) -> Builder:
    issuing = nfc(form.facts.office).strip()

    def build(level: int) -> list[Flowable]:
        facts = form.facts
        request = nfc(form.request).strip() or (
            f"Đề nghị {nfc(form.recipient)} xem xét, giải quyết theo thẩm quyền, trả lời công dân "
            f"và thông báo kết quả cho {issuing} theo quy định./."
        )
        story = title_block(form.header, styles, width)
        story.append(kinh_gui(form.recipient, styles))
        body = [
            _received(facts, issuing),
            f"Nội dung: {sentence(short(facts.summary, SUMMARY_LIMITS[level]))}",
            f"Sau khi xem xét nội dung, căn cứ quy định của pháp luật, {issuing} chuyển "
            f"{nfc(facts.kind)} nêu trên đến {nfc(form.recipient)} để xem xét, giải quyết theo thẩm quyền.",
            request,
        ]
        first = Paragraph(esc(body[0]), styles.body)
        first.spaceBefore = 10
        story += [first, *(Paragraph(esc(text), styles.body) for text in body[1:])]
        story.append(signature_block(form.signature, form.recipients, width))
        return story

    return build


def guidance_note(form: GuidanceNote, styles: Styles, width: float) -> Builder:
    issuing = nfc(form.facts.office).strip()

    def build(level: int) -> list[Flowable]:
        facts, person = form.facts, form.facts.petitioner
        story = title_block(form.header, styles, width)
        addressee = "Ông (bà) " + (nfc(person.name).strip() or "công dân")
        story.append(kinh_gui(addressee, styles))
        body = [
            _received(facts, issuing),
            f"Nội dung: {sentence(short(facts.summary, SUMMARY_LIMITS[level]))}",
            f"Căn cứ quy định của pháp luật, nội dung trên không thuộc thẩm quyền giải quyết của {issuing}. "
            f"{issuing[:1].upper()}{issuing[1:]} hướng dẫn ông (bà) gửi đơn đến "
            f"{nfc(form.competent_body).strip()} để được xem xét, giải quyết theo quy định.",
        ]
        guidance = nfc(form.guidance).strip()
        if guidance:
            body.append(sentence(short(guidance, SUMMARY_LIMITS[level])))
        body.append(f"{issuing[:1].upper()}{issuing[1:]} thông báo để ông (bà) biết và thực hiện./.")
        first = Paragraph(esc(body[0]), styles.body)
        first.spaceBefore = 10
        story += [first, *(Paragraph(esc(text), styles.body) for text in body[1:])]
        story.append(signature_block(form.signature, form.recipients, width))
        return story

    return build


def _height(story: list[Flowable], width: float, height: float) -> float:
    total = 0.0
    for flowable in story:
        _, h = flowable.wrap(width, height)
        total += h + flowable.getSpaceBefore() + flowable.getSpaceAfter()
    return total


def one_page(build: Builder, width: float, height: float) -> list[Flowable]:
    """The longest version of the form that fits one page; the shortest, shrunk, as a last resort."""
    for level in range(LEVELS):
        story = build(level)
        if _height(story, width, height) <= height - 2:
            return story
    return [KeepInFrame(width, height - 2, build(LEVELS - 1), mode="shrink")]


def write_form_pdf(form: CaseForm, path: str | os.PathLike[str]) -> None:
    """Render one form to ``path`` as a single A4 portrait page (atomically)."""
    styles = make_styles()
    with atomic_target(path) as tmp:
        doc = Nd30Document(str(tmp), title=nfc(form.header.title), author=nfc(form.header.issuing_body))
        width, height = doc.width, doc.height
        if isinstance(form, TransferSlip):
            build = transfer_slip(form, styles, width)
        elif isinstance(form, GuidanceNote):
            build = guidance_note(form, styles, width)
        elif isinstance(form, Receipt):
            build = receipt(form, styles, width)
        else:
            build = case_sheet(form, styles, width)
        doc.build(one_page(build, width, height))
