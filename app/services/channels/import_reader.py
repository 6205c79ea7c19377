"""Read spreadsheet rows (xlsx streamed, csv decoded) with clear Vietnamese refusals for bad files."""

from __future__ import annotations

import csv
import hashlib
import io
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, Protocol

from app.domain.imports.encoding import LegacyEncodingError, decode_csv
from app.services.channels.import_types import ImportRefused

ERROR_VALUES = frozenset(
    {"#REF!", "#VALUE!", "#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#SPILL!", "#CALC!"}
)
MAX_BYTES = 500 * 1024 * 1024

ENCRYPTED = (
    "Tệp Excel đang được đặt mật khẩu. Hãy mở bằng Excel, gỡ mật khẩu (Tệp → Thông tin → Bảo vệ sổ làm "
    "việc → Mã hóa bằng mật khẩu, xóa trống), lưu lại rồi nhập."
)
LEGACY_XLS = "Tệp Excel 97–2003 (.xls) chưa đọc được. Hãy mở bằng Excel và lưu lại dạng .xlsx rồi nhập."
CORRUPT = "Tệp Excel bị hỏng hoặc không phải tệp Excel (.xlsx). Hãy mở thử bằng Excel, lưu lại rồi nhập."
UNREADABLE = "Không đọc được tệp «{name}»: {detail}"
EMPTY = "Tệp «{name}» không có dữ liệu."
DAMAGED_AT = "Tệp Excel bị hỏng ở khoảng dòng {row} ({detail}). Không có dòng nào được nhập; hãy mở bằng Excel, lưu lại rồi nhập."
FORMULA_NO_VALUE = "ô {cell} chứa công thức chưa có giá trị tính sẵn (mở tệp bằng Excel, lưu lại rồi nhập)"
FORMULA_ERROR = "ô {cell} có lỗi công thức {value}"


@dataclass(frozen=True, slots=True)
class RawRow:
    """One sheet row: 1-based ``number`` as in Excel, cell values, and why some cells have none."""

    number: int
    values: tuple[object, ...]
    problems: dict[int, str] = field(default_factory=dict)


class Table(Protocol):
    """A readable spreadsheet: sheet names, the first rows of a sheet, then all of its rows."""

    file_name: str
    note: str

    def sheets(self) -> list[str]: ...

    def head(self, sheet: str, n: int) -> list[tuple[object, ...]]: ...

    def rows(self, sheet: str) -> Iterator[RawRow]: ...

    def estimate(self, sheet: str) -> int: ...

    def close(self) -> None: ...


def sniff_kind(path: Path) -> str:
    """``xlsx``, ``csv``, ``facebook`` (JSON, a zip or folder of it), ``facebook_html`` (the same
    export in Facebook's HTML format), ``encrypted``, ``xls`` or ``unknown``."""
    if path.is_dir():
        if next(path.rglob("message_*.json"), None):
            return "facebook"
        return "facebook_html" if next(path.rglob("message_*.html"), None) else "unknown"
    if not path.is_file():
        return "missing"
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "encrypted" if _is_encrypted_ole(path) else "xls"
    if head.startswith(b"PK"):
        try:
            with zipfile.ZipFile(path) as zf:
                names = zf.namelist()
        except zipfile.BadZipFile:
            return "unknown"
        if any(n.startswith("xl/") for n in names):
            return "xlsx"
        if any(re.search(r"message_\d+\.json$", n) for n in names):
            return "facebook"
        if any(re.search(r"message_\d+\.html$", n) for n in names):
            return "facebook_html"
        return "unknown"
    suffix = path.suffix.lower()
    if suffix == ".json" or head.lstrip().startswith(b"{"):
        return "facebook" if suffix == ".json" else "csv"
    if suffix in (".xlsx", ".xlsm"):
        return "unknown"
    return "csv"


def _is_encrypted_ole(path: Path) -> bool:
    marker = "EncryptionInfo".encode("utf-16-le")
    with path.open("rb") as handle:
        return marker in handle.read(4 * 1024 * 1024)


def open_table(path: Path) -> Table:
    """Open ``path`` for reading; :class:`ImportRefused` with the reason when it cannot be."""
    if not path.is_file():
        raise ImportRefused(f"Không tìm thấy tệp «{path}».")
    if path.stat().st_size == 0:
        raise ImportRefused(EMPTY.format(name=path.name))
    if path.stat().st_size > MAX_BYTES:
        raise ImportRefused(f"Tệp «{path.name}» lớn hơn 500 MB; hãy tách thành nhiều tệp nhỏ hơn.")
    kind = sniff_kind(path)
    if kind == "encrypted":
        raise ImportRefused(ENCRYPTED)
    if kind == "xls":
        raise ImportRefused(LEGACY_XLS)
    if kind == "unknown":
        raise ImportRefused(CORRUPT)
    if kind == "xlsx":
        return XlsxTable(path)
    if kind == "csv":
        return CsvTable(path)
    raise ImportRefused("Đây là tệp tin nhắn Facebook; hãy chọn nguồn «Trang Facebook» để nhập.")


class CsvTable:
    """A CSV file decoded whole (UTF-8 with/without BOM, UTF-16, Windows-1258)."""

    def __init__(self, path: Path) -> None:
        self.file_name = path.name
        try:
            decoded = decode_csv(path.read_bytes())
        except LegacyEncodingError as error:
            raise ImportRefused(error.message) from None
        except OSError as error:
            raise ImportRefused(UNREADABLE.format(name=path.name, detail=error.strerror)) from None
        self.note = decoded.note
        text = decoded.text
        try:
            dialect: Any = csv.Sniffer().sniff(text[:20_000], delimiters=",;\t|")
        except csv.Error:
            dialect = csv.excel
        try:
            self._rows = [
                tuple(c.strip() or None for c in r)
                for r in csv.reader(io.StringIO(text, newline=""), dialect)
            ]
        except csv.Error as error:
            raise ImportRefused(f"Tệp CSV sai cấu trúc: {error}") from None
        if not any(any(r) for r in self._rows):
            raise ImportRefused(EMPTY.format(name=path.name))

    def sheets(self) -> list[str]:
        return [""]

    def head(self, sheet: str, n: int) -> list[tuple[object, ...]]:
        return list(self._rows[:n])

    def rows(self, sheet: str) -> Iterator[RawRow]:
        for number, values in enumerate(self._rows, start=1):
            yield RawRow(number, values)

    def estimate(self, sheet: str) -> int:
        return len(self._rows)

    def close(self) -> None:
        self._rows = []


class XlsxTable:
    """An .xlsx workbook read in streaming mode, with cached formula values and merged cells."""

    def __init__(self, path: Path) -> None:
        self.file_name = path.name
        self.note = ""
        self._path = path
        try:
            from openpyxl import load_workbook  # lazy: start-up never loads openpyxl

            self._wb = load_workbook(path, read_only=True, data_only=True)
        except Exception:
            raise ImportRefused(CORRUPT) from None
        self._scan: dict[str, tuple[bool, list[tuple[int, int, int, int]]]] = {}
        self._rows_hint = {ws.title: int(ws.max_row or 0) for ws in self._wb.worksheets}

    def sheets(self) -> list[str]:
        return [ws.title for ws in self._wb.worksheets if getattr(ws, "sheet_state", "visible") == "visible"]

    def estimate(self, sheet: str) -> int:
        """Rows as the sheet's <dimension> tag says (read before streaming resets it)."""
        return self._rows_hint.get(sheet, 0)

    def head(self, sheet: str, n: int) -> list[tuple[object, ...]]:
        out = []
        for row in self.rows(sheet):
            out.append(row.values)
            if len(out) >= n:
                break
        return out

    def _scan_sheet(self, sheet: str) -> tuple[bool, list[tuple[int, int, int, int]]]:
        """Whether the sheet has formulas, and its merged ranges (read_only mode hides both)."""
        if sheet not in self._scan:
            ws = self._wb[sheet]
            has_formula = False
            merges: list[tuple[int, int, int, int]] = []
            tail = b""
            with self._wb._archive.open(ws._worksheet_path) as src:
                while chunk := src.read(1 << 20):
                    data = tail + chunk
                    has_formula = has_formula or bool(re.search(rb"<(?:\w+:)?f[ >/]", data))
                    for ref in re.findall(rb'<(?:\w+:)?mergeCell ref="([A-Z]+\d+:[A-Z]+\d+)"', data):
                        from openpyxl.utils.cell import range_boundaries

                        merges.append(range_boundaries(ref.decode()))
                    tail = data[-200:]
            self._scan[sheet] = (has_formula, sorted(set(merges)))
        return self._scan[sheet]

    def rows(self, sheet: str) -> Iterator[RawRow]:
        has_formula, merges = self._scan_sheet(sheet)
        ws = self._wb[sheet]
        ws.reset_dimensions()  # a wrong <dimension> tag must not cut the sheet short
        cached = ws.iter_rows(values_only=True)
        formulas: Iterator[Sequence[object]] | None = None
        wb2 = None
        if has_formula:
            from openpyxl import load_workbook

            wb2 = load_workbook(self._path, read_only=True, data_only=False)
            ws2 = wb2[sheet]
            ws2.reset_dimensions()
            formulas = ws2.iter_rows(values_only=True)
        last = 0
        try:
            for row in self._rows(cached, formulas, _MergeFiller(merges)):
                last = row.number
                yield row
        except (ImportRefused, GeneratorExit):
            raise
        except Exception as error:  # damaged XML inside the workbook: refuse the whole file
            detail = str(error).splitlines()[0][:120] if str(error) else type(error).__name__
            raise ImportRefused(DAMAGED_AT.format(row=last + 1, detail=detail)) from None
        finally:
            if wb2 is not None:
                wb2.close()

    @staticmethod
    def _rows(
        cached: Iterator[Sequence[object]], formulas: Iterator[Sequence[object]] | None, filler: _MergeFiller
    ) -> Iterator[RawRow]:
        for number, values in enumerate(cached, start=1):
            problems: dict[int, str] = {}
            row = list(values)
            source = next(formulas, ()) if formulas is not None else ()
            for i, value in enumerate(row):
                if value is None and i < len(source) and _is_formula(source[i]):
                    problems[i] = FORMULA_NO_VALUE.format(cell=_cell(number, i))
                elif isinstance(value, str) and value in ERROR_VALUES:
                    problems[i] = FORMULA_ERROR.format(cell=_cell(number, i), value=value)
                    row[i] = None
            while row and row[-1] is None:
                row.pop()
            yield RawRow(number, filler.fill(number, row), problems)

    def close(self) -> None:
        self._wb.close()


def _is_formula(value: object) -> bool:
    return (isinstance(value, str) and value.startswith("=")) or type(value).__name__ in (
        "ArrayFormula",
        "DataTableFormula",
    )


def _cell(row: int, col: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(col + 1)}{row}"


class _MergeFiller:
    """Gives every cell of a merged range the value of its top-left cell (Excel shows it that way)."""

    def __init__(self, merges: list[tuple[int, int, int, int]]) -> None:
        self._starting: dict[int, list[tuple[int, int, int, int]]] = {}
        for m in merges:
            if (m[2] - m[0]) + (m[3] - m[1]) > 0:
                self._starting.setdefault(m[1], []).append(m)
        self._active: list[tuple[tuple[int, int, int, int], object]] = []

    def fill(self, number: int, row: list[object]) -> tuple[object, ...]:
        if not self._starting and not self._active:
            return tuple(row)
        self._active = [(m, v) for m, v in self._active if m[3] >= number]
        for m in self._starting.pop(number, []):
            self._active.append((m, row[m[0] - 1] if len(row) >= m[0] else None))
        for (min_col, _r, max_col, _x), value in self._active:
            if value is None:
                continue
            if len(row) < max_col:
                row.extend([None] * (max_col - len(row)))
            for c in range(min_col - 1, max_col):
                row[c] = value
        return tuple(row)


def file_sha256(path: Path) -> str:
    """Checksum of an imported file (of its message files, for an unpacked Facebook folder)."""
    digest = hashlib.sha256()
    for file in sorted(path.rglob("message_*.json")) if path.is_dir() else [path]:
        with file.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
    return digest.hexdigest()


def cell_text(value: object) -> str:
    """A cell as the officer would read it (dates dd/mm/yyyy hh:mm, whole numbers without .0)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return f"{value:%d/%m/%Y %H:%M}" if value.time() != time.min else f"{value:%d/%m/%Y}"
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
