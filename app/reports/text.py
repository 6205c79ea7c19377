"""Text rules shared by the writers: defensive NFC, Vietnamese number and date formats."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta, timezone

from app.reports.types import DocumentHeader

# Characters XML 1.0 (xlsx) cannot hold and that print as boxes in a PDF.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_NUMBER_GAP = "\u00a0" * 9
VIETNAM = timezone(timedelta(hours=7), "ICT")  # no daylight saving time


def nfc(value: object) -> str:
    """``value`` as NFC text without control characters ("" for None)."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value))
    if _CONTROL.search(text):
        text = _CONTROL.sub("", text)
    return text


def esc(value: object) -> str:
    """NFC text escaped for reportlab Paragraph markup."""
    return nfc(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def fmt_int(value: int) -> str:
    """1234567 → "1.234.567" (Vietnamese thousands separator)."""
    return f"{value:,}".replace(",", ".")


def fmt_pct(value: float | None, digits: int = 1) -> str:
    """0.853 → "85,3%"; None → ""."""
    if value is None:
        return ""
    return f"{value * 100:.{digits}f}%".replace(".", ",")


def fmt_change(current: int, base: int | None) -> str:
    """Relative change as "+20,0%" / "-5,0%"; blank when there is no base to compare with."""
    if base is None or base == 0:
        return ""
    change = (current - base) / base
    sign = "+" if change > 0 else ""
    return sign + fmt_pct(change)


def fmt_date(value: date | None) -> str:
    """dd/mm/yyyy, or "" for None."""
    return value.strftime("%d/%m/%Y") if value else ""


def local_time(value: datetime) -> datetime:
    """Naive Vietnam time for an aware datetime (Excel has no time zones); naive stays as is."""
    if value.tzinfo is None:
        return value
    return value.astimezone(VIETNAM).replace(tzinfo=None)


def fmt_datetime(value: datetime | None) -> str:
    """dd/mm/yyyy HH:MM in Vietnam time, or "" for None."""
    return local_time(value).strftime("%d/%m/%Y %H:%M") if value else ""


def month_label(value: date) -> str:
    """Chart label of a month: "03/2026"."""
    return value.strftime("%m/%Y")


def nd30_day(value: date) -> str:
    """Day as Nghị định 30 writes it: a leading zero below 10."""
    return f"{value.day:02d}"


def nd30_month(value: date) -> str:
    """Month as Nghị định 30 writes it: a leading zero only for January and February."""
    return f"{value.month:02d}" if value.month < 3 else str(value.month)


def place_date_line(
    place: str, issued_on: date | None, signing: date | None = None, month_known: bool = False
) -> str:
    """ "Hải Phòng, ngày 05 tháng 01 năm 2026"; undated, the day (and month, unless
    ``month_known``) left blank for the signer, the year of ``signing`` printed."""
    place = nfc(place).strip()
    prefix = f"{place}, " if place else ""
    if issued_on is None:
        return f"{prefix}{undated(signing, month_known)}"
    return f"{prefix}ngày {nd30_day(issued_on)} tháng {nd30_month(issued_on)} năm {issued_on.year}"


def undated(signing: date | None, month_known: bool) -> str:
    """ "ngày      tháng 12 năm 2026": what is known of a date the signer fills in."""
    gap = "\u00a0" * 6
    if signing is None:
        return f"ngày{gap}tháng{gap}năm{gap}"
    month = f" {nd30_month(signing)} " if month_known else gap
    return f"ngày{gap}tháng{month}năm {signing.year}"


def document_date(issued_on: date | None, signing: date | None = None, month_known: bool = False) -> str:
    """The date of a document as a reference cites it: "ngày 05 tháng 01 năm 2026"."""
    if issued_on is None:
        return undated(signing, month_known)
    return f"ngày {nd30_day(issued_on)} tháng {nd30_month(issued_on)} năm {issued_on.year}"


_BODY_ABBREVIATIONS = (("UBND ", "Ủy ban nhân dân "), ("HĐND ", "Hội đồng nhân dân "))


def body_name(name: str) -> str:
    """An office name as a sentence cites it: "UBND phường Hải An" → "Ủy ban nhân dân phường Hải An"."""
    text = nfc(name).strip()
    for short, full in _BODY_ABBREVIATIONS:
        if text.upper().startswith(short) and not text.isupper():
            return full + text[len(short) :]
    return text


def document_number_line(header: DocumentHeader) -> str:
    """ "Số: 05/BC-UBND"; a blank number leaves room for the clerk: "Số:         /BC-UBND"."""
    number = nfc(header.document_number).strip()
    symbol = nfc(header.document_symbol).strip()
    if not number:
        return f"Số:{_NUMBER_GAP}/{symbol}" if symbol else f"Số:{_NUMBER_GAP}"
    if "/" in number or not symbol:
        return f"Số: {number}"
    return f"Số: {number}/{symbol}"


def recipient_lines(lines: tuple[str, ...], archive: str) -> list[str]:
    """ "- Như trên;" … "- Lưu: VT, VP." (each line once prefixed and punctuated)."""
    out: list[str] = []
    for raw in lines:
        text = nfc(raw).strip().lstrip("-–•").strip().rstrip(";.,")
        if text:
            out.append(f"- {text};")
    archive_text = nfc(archive).strip().strip(".,; ")
    out.append(f"- Lưu: VT, {archive_text}." if archive_text else "- Lưu: VT.")
    return out
