"""A plain CSV call log (date/time, number, direction/type, duration), headers recognised by synonyms."""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from app.domain.imports.dates import guess_day_first, parse_received, parse_time_of_day
from app.domain.imports.encoding import LegacyEncodingError, decode_csv
from app.domain.imports.keys import match_key
from app.resources import resource_path
from app.services.calls.phone_events import EventKind, PhoneEvent, RowProblem, caller_number, office_tz
from app.services.calls.sbr_xml import CallFileRefused

_ZONED = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})$")
_CLOCK = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{2})$")
_WORDS = re.compile(r"^(?:(\d+)\s*(?:giờ|h))?\s*(?:(\d+)\s*(?:phút|p|m|min))?\s*(?:(\d+)\s*(?:giây|s|sec))?$")
TYPE_CODES = {EventKind.INCOMING: 1, EventKind.OUTGOING: 2, EventKind.MISSED: 3, EventKind.VOICEMAIL: 4,
              EventKind.REJECTED: 5, EventKind.BLOCKED: 6, EventKind.SMS_IN: 1, EventKind.SMS_OUT: 2}  # fmt: skip


@dataclass(frozen=True, slots=True)
class CallColumns:
    """The shipped vocabulary of ``call_log_columns.json``: header and type synonyms as match keys."""

    headers: dict[str, frozenset[str]]
    types: dict[str, EventKind]

    @classmethod
    def load(cls, path: Path | None = None) -> CallColumns:
        data = json.loads(
            (path or resource_path("data", "call_log_columns.json")).read_text(encoding="utf-8")
        )
        headers = {k: frozenset(match_key(w) for w in v) for k, v in data["headers"].items()}
        types = {match_key(w): EventKind(kind) for kind, words in data["types"].items() for w in words}
        return cls(headers, types)


@dataclass
class CsvResult:
    file_format: str = "csv"
    events: list[PhoneEvent] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    read: int = 0
    skipped: int = 0
    declared: int | None = None


def _find_columns(header: Sequence[str], vocab: CallColumns) -> dict[str, int]:
    found: dict[str, int] = {}
    keys = [match_key(h) for h in header]
    for target in ("at", "time", "number", "type", "duration", "name", "body"):
        for i, key in enumerate(keys):
            if key and key in vocab.headers[target] and i not in found.values():
                found[target] = i
                break
    return found


def duration_seconds(raw: str) -> int | None:
    """``75``, ``1:15``, ``00:01:15``, ``1 phút 15 giây`` → 75; None when unreadable."""
    text = raw.strip().lower()
    if not text:
        return 0
    if text.isdigit():
        return int(text)
    clock = _CLOCK.match(text)
    if clock:
        return int(clock.group(1) or 0) * 3600 + int(clock.group(2)) * 60 + int(clock.group(3))
    words = _WORDS.match(text)
    if words and any(words.groups()):
        h, m, s = (int(g or 0) for g in words.groups())
        return h * 3600 + m * 60 + s
    return None


def _rows(text: str) -> Iterator[tuple[int, list[str]]]:
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:20_000], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    for row in reader:
        yield reader.line_num, [c.strip() for c in row]


def read_call_csv(path: Path, vocab: CallColumns | None = None) -> CsvResult:
    """Every row as an event or a problem with its line; ``CallFileRefused`` when no time column."""
    vocab = vocab or CallColumns.load()
    try:
        decoded = decode_csv(path.read_bytes())
    except LegacyEncodingError as error:
        raise CallFileRefused(error.message) from None
    except OSError as error:
        raise CallFileRefused(f"Không đọc được tệp «{path.name}»: {error.strerror}.") from None
    try:
        rows = list(_rows(unicodedata.normalize("NFC", decoded.text)))
    except csv.Error as error:
        raise CallFileRefused(f"Tệp CSV «{path.name}» sai cấu trúc: {error}.") from None
    header_at = next((i for i, (_n, r) in enumerate(rows) if any(r)), None)
    if header_at is None:
        raise CallFileRefused(f"Tệp «{path.name}» rỗng.")
    columns = _find_columns(rows[header_at][1], vocab)
    if "at" not in columns or "number" not in columns:
        missing = " và ".join(
            w for w, k in (("«Thời gian»", "at"), ("«Số điện thoại»", "number")) if k not in columns
        )
        raise CallFileRefused(
            f"Tệp CSV «{path.name}» không có cột {missing} (dòng tiêu đề: "
            f"{', '.join(rows[header_at][1])[:200]}). Cần ít nhất cột thời gian (ví dụ «Thời gian», «Ngày giờ», "
            "«Date») và cột số máy («Số điện thoại», «Number»). Không có dòng nào được nhập."
        )
    data = [(n, r) for n, r in rows[header_at + 1 :] if any(r)]
    day_first = guess_day_first(_cell(r, columns["at"]) for _n, r in data[:200])
    result = CsvResult()
    for line, row in data:
        result.read += 1
        item = _convert(line, row, columns, vocab, day_first)
        (result.events if isinstance(item, PhoneEvent) else result.problems).append(item)  # type: ignore[arg-type]
    return result


def _cell(row: Sequence[str], index: int | None) -> str:
    return row[index] if index is not None and index < len(row) else ""


def _convert(
    line: int, row: list[str], columns: dict[str, int], vocab: CallColumns, day_first: bool
) -> PhoneEvent | RowProblem:
    at = _when(row, columns, day_first)
    if isinstance(at, str):
        return RowProblem(line, at)
    type_text = _cell(row, columns.get("type"))
    kind = vocab.types.get(match_key(type_text)) if type_text else EventKind.INCOMING
    if kind is None:
        return RowProblem(line, f"Loại cuộc gọi «{type_text[:30]}» không rõ (ví dụ: đến, đi, nhỡ, từ chối).")
    duration = duration_seconds(_cell(row, columns.get("duration")))
    if duration is None:
        return RowProblem(line, f"Thời lượng «{_cell(row, columns.get('duration'))[:20]}» không đọc được.")
    raw = _cell(row, columns["number"])[:60]
    code = 7 if match_key(type_text) in ("7", "answeredexternally") else TYPE_CODES[kind]
    return PhoneEvent(
        line, at, kind, code, caller_number(raw), raw, duration,
        _cell(row, columns.get("name"))[:150], _cell(row, columns.get("body"))[:20_000],
    )  # fmt: skip


def _when(row: list[str], columns: dict[str, int], day_first: bool) -> datetime | str:
    raw = _cell(row, columns["at"])
    if not raw:
        return "Thiếu thời gian cuộc gọi."
    if _ZONED.match(raw):  # an ISO time with its offset (UTC from a PBX): to Asia/Ho_Chi_Minh wall time
        try:
            zoned = datetime.fromisoformat(raw.replace("Z", "+00:00").replace(" +", "+"))
        except ValueError:
            return f"Thời gian «{raw[:30]}» không đọc được."
        return zoned.astimezone(office_tz()).replace(tzinfo=None, microsecond=0)
    parsed = parse_received(raw, day_first=day_first)
    if parsed.value is None:
        return parsed.error or f"Thời gian «{raw[:30]}» không đọc được."
    value = parsed.value
    if not parsed.has_time and "time" in columns:
        clock = parse_time_of_day(_cell(row, columns["time"]))
        if clock is None:
            return f"Giờ «{_cell(row, columns['time'])[:20]}» không đọc được."
        value = datetime.combine(value.date(), clock)
    return value
