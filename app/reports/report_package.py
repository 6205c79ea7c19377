"""The report package (.hdbc): a zip with the figures as JSON, the case list, the PDF and checksums.

Layout (schema 1)::

    manifest.json   format, schema_version, app_version, SHA-256 of every member, content_sha256
    figures.json    {"meta": {...unit, code, period, number, date...}, "report": {...every figure...}}
    cases.jsonl     the appendix rows, one JSON object a line, no sealed identity
    report.pdf      the signed-off PDF exactly as the unit printed it

``content_sha256`` is the SHA-256 of the text ``format\\nschema\\napp_version\\n`` followed by one
``name\\tsha256\\n`` line per member in name order: changing any byte of a member, or the version
fields, breaks it. Reading checks the format, then the schema (an unknown newer one is refused
with its number), then every checksum, and only then parses the figures.

Why a zip and not the workbook with a protected data sheet: one file that e-mail, USB sticks and
the city's document system carry as is; the PDF the unit signed travels unchanged inside it;
Excel rewrites a workbook it merely opens (and its sheet protection is no integrity check), so
the figures would not survive a unit's office opening its own report; JSON is readable by any
program a city may use later, and a checksum over exact bytes is only possible for members
nothing rewrites.
"""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from app import __version__
from app.reports.errors import ReportError
from app.reports.output import atomic_target
from app.reports.package_json import decode_case, decode_report, encode_case, encode_report
from app.reports.types import CaseRow, PeriodicReport

FORMAT = "hotline-desk-report-package"
SCHEMA_VERSION = 1
KNOWN_SCHEMAS = frozenset({1})
SUFFIX = ".hdbc"
MANIFEST, FIGURES, CASES, PDF = "manifest.json", "figures.json", "cases.jsonl", "report.pdf"
MEMBERS = (FIGURES, CASES, PDF)
_MAX_FIGURES = 50 * 1024 * 1024


class PackageError(ReportError):
    """A package that cannot be used; the message (Vietnamese) names the file and the reason."""


class UnknownSchemaError(PackageError):
    """A package written by a newer program whose layout this one does not know."""

    def __init__(self, message: str, version: object) -> None:
        super().__init__(message)
        self.version = version


@dataclass(frozen=True)
class PackageMeta:
    """Who reports on which period, under which number."""

    unit_name: str
    unit_code: str
    period_kind: str
    period_start: date
    period_end: date
    period_label: str
    cutoff: bool
    document_number: str = ""
    issued_on: date | None = None
    created_at: datetime = field(default_factory=lambda: datetime.now().astimezone())
    consolidated_from: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReportPackage:
    """A package read and checked; ``report`` has no case list (read it with :func:`read_cases`)."""

    path: Path
    meta: PackageMeta
    report: PeriodicReport
    schema_version: int
    app_version: str
    content_sha256: str
    case_rows: int


def _encode_meta(meta: PackageMeta) -> dict[str, Any]:
    data = asdict(meta)
    data["period_start"] = meta.period_start.isoformat()
    data["period_end"] = meta.period_end.isoformat()
    data["issued_on"] = meta.issued_on.isoformat() if meta.issued_on else None
    data["created_at"] = meta.created_at.isoformat()
    data["consolidated_from"] = list(meta.consolidated_from)
    return data


def _decode_meta(data: dict[str, Any]) -> PackageMeta:
    values = dict(data)
    values["period_start"] = date.fromisoformat(values["period_start"])
    values["period_end"] = date.fromisoformat(values["period_end"])
    values["issued_on"] = date.fromisoformat(values["issued_on"]) if values.get("issued_on") else None
    values["created_at"] = datetime.fromisoformat(values["created_at"])
    values["consolidated_from"] = tuple(values.get("consolidated_from", ()))
    return PackageMeta(**values)


def content_digest(schema: object, app_version: object, files: dict[str, str]) -> str:
    """The package checksum over the version fields and the members' own SHA-256."""
    text = f"{FORMAT}\n{schema}\n{app_version}\n" + "".join(f"{n}\t{files[n]}\n" for n in sorted(files))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def write_package(
    path: str | os.PathLike[str],
    meta: PackageMeta,
    report: PeriodicReport,
    pdf: Path,
    cases: Iterable[CaseRow] = (),
) -> str:
    """Write the package atomically; returns its ``content_sha256``. Rows must be redacted already."""
    figures = json.dumps(
        {"meta": _encode_meta(meta), "report": encode_report(report)}, ensure_ascii=False, indent=1
    ).encode("utf-8")
    files: dict[str, str] = {}
    with atomic_target(path) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(FIGURES, figures)
        files[FIGURES] = hashlib.sha256(figures).hexdigest()
        digest = hashlib.sha256()
        with zf.open(CASES, "w") as stream:  # streamed: a large case list never sits in memory
            for row in cases:
                line = json.dumps(encode_case(row), ensure_ascii=False).encode("utf-8") + b"\n"
                digest.update(line)
                stream.write(line)
        files[CASES] = digest.hexdigest()
        pdf_bytes = pdf.read_bytes()
        zf.writestr(PDF, pdf_bytes, compress_type=zipfile.ZIP_STORED)
        files[PDF] = hashlib.sha256(pdf_bytes).hexdigest()
        content = content_digest(SCHEMA_VERSION, __version__, files)
        manifest = {
            "format": FORMAT,
            "schema_version": SCHEMA_VERSION,
            "app_version": __version__,
            "files": files,
            "content_sha256": content,
        }
        zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
    return content


def _manifest(zf: zipfile.ZipFile, name: str) -> dict[str, Any]:
    try:
        manifest = json.loads(zf.read(MANIFEST))
    except KeyError as exc:
        raise PackageError(f"Tệp «{name}» không phải gói báo cáo: thiếu {MANIFEST}.") from exc
    except ValueError as exc:
        raise PackageError(f"Tệp «{name}»: {MANIFEST} hỏng, không đọc được.") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise PackageError(f"Tệp «{name}» không phải gói báo cáo của Hotline Desk.")
    version = manifest.get("schema_version")
    if version not in KNOWN_SCHEMAS:
        raise UnknownSchemaError(
            f"Tệp «{name}»: gói số liệu phiên bản cấu trúc {version} (lập bằng Hotline Desk "
            f"{manifest.get('app_version', '?')}); chương trình này chỉ đọc phiên bản "
            f"{', '.join(str(v) for v in sorted(KNOWN_SCHEMAS))}. Hãy cập nhật chương trình.",
            version,
        )
    return manifest


def _verify(zf: zipfile.ZipFile, name: str, manifest: dict[str, Any]) -> int:
    """Check every member against the manifest; returns the number of case rows."""
    rows = 0
    files = manifest.get("files")
    if not isinstance(files, dict) or set(files) != set(MEMBERS):
        raise PackageError(f"Tệp «{name}»: danh sách thành phần trong gói không đúng.")
    for member in MEMBERS:
        digest = hashlib.sha256()
        try:
            with zf.open(member) as stream:
                for chunk in iter(lambda: stream.read(1 << 20), b""):
                    digest.update(chunk)
                    if member == CASES:
                        rows += chunk.count(b"\n")
        except KeyError as exc:
            raise PackageError(f"Tệp «{name}»: thiếu thành phần {member}.") from exc
        if digest.hexdigest() != files[member]:
            raise PackageError(
                f"Tệp «{name}»: mã kiểm tra SHA-256 của {member} không khớp — gói đã bị sửa hoặc hỏng."
            )
    expected = content_digest(manifest["schema_version"], manifest.get("app_version"), files)
    if manifest.get("content_sha256") != expected:
        raise PackageError(f"Tệp «{name}»: mã kiểm tra SHA-256 của gói không khớp — gói đã bị sửa.")
    return rows


def read_package(path: Path) -> ReportPackage:
    """Open, check and parse one package; :class:`PackageError` (Vietnamese) when it cannot be used."""
    name = path.name
    try:
        with zipfile.ZipFile(path) as zf:
            manifest = _manifest(zf, name)
            case_rows = _verify(zf, name, manifest)
            info = zf.getinfo(FIGURES)
            if info.file_size > _MAX_FIGURES:
                raise PackageError(f"Tệp «{name}»: phần số liệu quá lớn, không đọc.")
            data = json.loads(zf.read(FIGURES))
    except (zipfile.BadZipFile, zipfile.LargeZipFile) as exc:
        raise PackageError(f"Tệp «{name}» không phải gói báo cáo hợp lệ (không mở được tệp nén).") from exc
    except OSError as exc:
        raise PackageError(f"Không đọc được tệp «{name}»: {exc.strerror or exc}.") from exc
    except ValueError as exc:
        raise PackageError(f"Tệp «{name}»: phần số liệu không đọc được.") from exc
    try:
        meta = _decode_meta(data["meta"])
        report = decode_report(data["report"])
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise PackageError(f"Tệp «{name}»: số liệu trong gói không đúng cấu trúc ({exc}).") from exc
    return ReportPackage(
        path, meta, report, int(manifest["schema_version"]), str(manifest.get("app_version", "")),
        str(manifest["content_sha256"]), case_rows,
    )  # fmt: skip


def read_cases(path: Path) -> Iterator[CaseRow]:
    """The appendix rows of a package already checked by :func:`read_package`."""
    with zipfile.ZipFile(path) as zf, zf.open(CASES) as stream:
        for line in stream:
            if line.strip():
                yield decode_case(json.loads(line))


def read_pdf(path: Path) -> bytes:
    """The PDF inside a package."""
    with zipfile.ZipFile(path) as zf:
        return zf.read(PDF)
