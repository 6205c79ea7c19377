"""Read «SMS Backup & Restore» ``calls-*.xml`` / ``sms-*.xml`` streaming, safe against entity attacks.

The published format: a ``<calls count>`` root with one ``<call number duration date type
presentation contact_name readable_date …/>`` per call, or a ``<smses count>`` root with
``<sms address date type body contact_name …/>`` (and ``<mms>``, skipped). ``date`` is UTC epoch
milliseconds. The app writes a character outside the BMP (an emoji) as two numeric references to
its UTF-16 surrogates (``&#55357;&#56832;``), which XML forbids; they are joined back before
parsing. The file is fed to expat in chunks (a 50,000-call file never sits in memory as a tree)
and any DTD is refused outright, so neither a "billion laughs" bomb nor an external entity can
be expanded (what ``defusedxml`` does, without a new dependency).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO
from xml.parsers import expat

from app.services.calls.phone_events import (
    CALL_TYPES,
    SMS_TYPES,
    PhoneEvent,
    RowProblem,
    caller_number,
    from_epoch_ms,
)
from app.services.core.errors import ServiceError

CHUNK = 1 << 20
_PAIR = re.compile(rb"&#(\d{5});&#(\d{5});")
_LONE = re.compile(rb"&#(5[5-7]\d{3});")


class CallFileRefused(ServiceError):
    """The whole file is refused (damaged, another app's, dangerous); nothing was imported."""


@dataclass
class XmlResult:
    """What one backup file held."""

    file_format: str
    events: list[PhoneEvent] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    read: int = 0
    skipped: int = 0
    declared: int | None = None


class _Stop(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _join_surrogates(data: bytes) -> bytes:
    def pair(found: re.Match[bytes]) -> bytes:
        high, low = int(found.group(1)), int(found.group(2))
        if 0xD800 <= high <= 0xDBFF and 0xDC00 <= low <= 0xDFFF:
            return b"&#%d;" % (0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
        return found.group(0)

    def lone(found: re.Match[bytes]) -> bytes:
        return b"&#65533;" if 0xD800 <= int(found.group(1)) <= 0xDFFF else found.group(0)

    return _LONE.sub(lone, _PAIR.sub(pair, data))


def _text(value: str | None, limit: int) -> str:
    cleaned = unicodedata.normalize("NFC", (value or "").replace("\x00", "")).strip()
    return cleaned[:limit]


class _Reader:
    """Expat callbacks: the root says which kind of file; each record becomes an event or a problem."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.result: XmlResult | None = None
        self.parser = expat.ParserCreate()
        self.parser.StartElementHandler = self._start
        self.parser.StartDoctypeDeclHandler = self._doctype
        self.parser.EntityDeclHandler = self._entity
        self.parser.ExternalEntityRefHandler = self._external
        self.parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def _doctype(self, *_args: object) -> None:
        raise _Stop(
            f"Tệp «{self.name}» có khai báo DOCTYPE/thực thể XML (có thể là «bom XML» làm treo máy); "
            "bản sao lưu của SMS Backup & Restore không có phần này. Không nhập tệp."
        )

    def _entity(self, *_args: object) -> None:
        self._doctype()

    def _external(self, *_args: object) -> int:
        self._doctype()
        return 0

    def _start(self, tag: str, attrs: dict[str, str]) -> None:
        result = self.result
        if result is None:
            if tag not in ("calls", "smses"):
                raise _Stop(
                    f"Tệp «{self.name}» không phải bản sao lưu cuộc gọi/tin nhắn của ứng dụng «SMS Backup & "
                    f"Restore» (thẻ gốc là <{tag[:40]}>, cần <calls> hoặc <smses>). Không nhập tệp."
                )
            declared = attrs.get("count", "")
            self.result = XmlResult(tag, declared=int(declared) if declared.isdigit() else None)
            return
        line = self.parser.CurrentLineNumber
        if tag == "call" and result.file_format == "calls":
            result.read += 1
            self._take(result, self._call(line, attrs))
        elif tag == "sms" and result.file_format == "smses":
            result.read += 1
            self._take(result, self._sms(line, attrs))
        elif tag == "mms":
            result.skipped += 1

    @staticmethod
    def _take(result: XmlResult, item: PhoneEvent | RowProblem | None) -> None:
        if isinstance(item, PhoneEvent):
            result.events.append(item)
        elif isinstance(item, RowProblem):
            result.problems.append(item)
        else:
            result.skipped += 1

    @staticmethod
    def _call(line: int, a: dict[str, str]) -> PhoneEvent | RowProblem:
        try:
            at = from_epoch_ms(a.get("date", ""))
        except (ValueError, OverflowError, OSError):
            return RowProblem(
                line, f"Thời gian «{a.get('date', '')[:20]}» không đọc được (cần số mili giây)."
            )
        code = a.get("type", "")
        kind = CALL_TYPES.get(int(code)) if code.isdigit() else None
        if kind is None:
            return RowProblem(line, f"Loại cuộc gọi «{code[:10]}» không rõ (cần 1–7).")
        raw = _text(a.get("number"), 60)
        duration = a.get("duration", "0").strip()
        name = _text(a.get("contact_name"), 150)
        return PhoneEvent(
            line, at, kind, int(code), caller_number(raw, a.get("presentation")), raw,
            int(duration) if duration.isdigit() else 0, "" if name == "(Unknown)" else name,
        )  # fmt: skip

    @staticmethod
    def _sms(line: int, a: dict[str, str]) -> PhoneEvent | RowProblem | None:
        try:
            at = from_epoch_ms(a.get("date", ""))
        except (ValueError, OverflowError, OSError):
            return RowProblem(
                line, f"Thời gian «{a.get('date', '')[:20]}» không đọc được (cần số mili giây)."
            )
        code = a.get("type", "")
        kind = SMS_TYPES.get(int(code)) if code.isdigit() else None
        if kind is None:
            return None  # a draft, outbox, failed or queued message: not exchanged with anyone
        raw = _text(a.get("address"), 60)
        name = _text(a.get("contact_name"), 150)
        return PhoneEvent(
            line, at, kind, int(code), caller_number(raw), raw, 0,
            "" if name == "(Unknown)" else name, _text(a.get("body"), 20_000),
        )  # fmt: skip


def read_backup_xml(path: Path, cancel: Callable[[], bool] | None = None) -> XmlResult:
    """Every record of the file, or ``CallFileRefused`` with a Vietnamese reason (nothing kept)."""
    reader = _Reader(path.name)
    try:
        with path.open("rb") as stream:
            _feed(reader, stream, cancel)
    except _Stop as stop:
        raise CallFileRefused(stop.message) from None
    except expat.ExpatError as error:
        raise CallFileRefused(_describe(path.name, error)) from None
    except OSError as error:
        raise CallFileRefused(f"Không đọc được tệp «{path.name}»: {error.strerror}.") from None
    if reader.result is None:
        raise CallFileRefused(f"Tệp «{path.name}» rỗng.")
    return reader.result


def _feed(reader: _Reader, stream: BinaryIO, cancel: Callable[[], bool] | None) -> None:
    carry = b""
    while True:
        chunk = stream.read(CHUNK)
        if not chunk:
            reader.parser.Parse(_join_surrogates(carry), True)
            return
        data = carry + chunk
        cut = data.rfind(b">") + 1  # a character reference never spans a '>'
        carry = data[cut:]
        reader.parser.Parse(_join_surrogates(data[:cut]), False)
        if cancel is not None and cancel():
            raise _Stop("Đã dừng nhập theo yêu cầu; chưa có cuộc gọi nào được ghi.")


_TRUNCATED = {
    expat.errors.codes[expat.errors.XML_ERROR_NO_ELEMENTS],
    expat.errors.codes[expat.errors.XML_ERROR_UNCLOSED_TOKEN],
    expat.errors.codes[expat.errors.XML_ERROR_PARTIAL_CHAR],
}


def _describe(name: str, error: expat.ExpatError) -> str:
    if error.code in _TRUNCATED and error.lineno > 1:
        return (
            f"Tệp «{name}» bị cắt cụt (dừng giữa chừng ở dòng {error.lineno}): có thể chép từ điện thoại chưa "
            "xong. Hãy xuất lại bản sao lưu. Không có cuộc gọi, tin nhắn nào được nhập."
        )
    if error.code == expat.errors.codes[expat.errors.XML_ERROR_AMPLIFICATION_LIMIT_BREACH]:
        return f"Tệp «{name}» là «bom XML» (thực thể nở ra quá lớn). Không nhập tệp."
    return (
        f"Tệp «{name}» không phải tệp XML hợp lệ (dòng {error.lineno}, cột {error.offset}: "
        f"{expat.errors.messages[error.code] if error.code else error}). Không có cuộc gọi, tin nhắn nào được nhập."
    )
