"""Both writers: atomic output, cancellation leaves nothing, locked targets raise a clear error."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import build_report, case_rows

from app.reports import (
    PeriodicReport,
    ReportCancelled,
    ReportWriteError,
    write_report_pdf,
    write_report_xlsx,
)

Writer = Callable[..., None]
WRITERS = [
    pytest.param(write_report_xlsx, "xlsx", id="xlsx"),
    pytest.param(write_report_pdf, "pdf", id="pdf"),
]


@pytest.mark.parametrize(("write", "ext"), WRITERS)
def test_cancel_leaves_no_file(write: Writer, ext: str, tmp_path: Path) -> None:
    seen: list[int] = []

    def cancel() -> bool:
        return len(seen) >= 1

    with pytest.raises(ReportCancelled):
        write(
            build_report(case_rows(3000), case_count=3000),
            tmp_path / f"r.{ext}",
            progress=lambda done, total: seen.append(done),
            cancel=cancel,
        )
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize(("write", "ext"), WRITERS)
def test_cancel_keeps_the_previous_file(write: Writer, ext: str, tmp_path: Path) -> None:
    target = tmp_path / f"r.{ext}"
    target.write_bytes(b"old")
    with pytest.raises(ReportCancelled):
        write(build_report(case_rows(10)), target, cancel=lambda: True)
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == [target.name]


@pytest.mark.parametrize(("write", "ext"), WRITERS)
def test_locked_target_raises_vietnamese_error(
    write: Writer,
    ext: str,
    report: PeriodicReport,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def locked(src: object, dst: object) -> None:
        raise PermissionError(13, "The process cannot access the file")

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(ReportWriteError, match="đang được mở"):
        write(report, tmp_path / f"r.{ext}")
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize(("write", "ext"), WRITERS)
def test_missing_folder_raises(write: Writer, ext: str, report: PeriodicReport, tmp_path: Path) -> None:
    with pytest.raises(ReportWriteError, match="không tồn tại"):
        write(report, tmp_path / "khong-co" / f"r.{ext}")


@pytest.mark.parametrize(("write", "ext"), WRITERS)
def test_directory_as_target_raises(write: Writer, ext: str, report: PeriodicReport, tmp_path: Path) -> None:
    (tmp_path / f"r.{ext}").mkdir()
    with pytest.raises(ReportWriteError):
        write(report, tmp_path / f"r.{ext}")


@pytest.mark.parametrize(("write", "ext"), WRITERS)
def test_replaces_an_existing_file_with_normal_rights(
    write: Writer, ext: str, report: PeriodicReport, tmp_path: Path
) -> None:
    target = tmp_path / f"r.{ext}"
    write(report, target)
    assert target.stat().st_size > 1000
    assert target.stat().st_mode & 0o044  # readable by others, not mkstemp's 0600
    assert os.listdir(tmp_path) == [target.name]


def test_case_list_left_out_on_purpose(tmp_path: Path) -> None:
    import openpyxl
    from pypdf import PdfReader

    report = build_report((), case_list=False)
    write_report_xlsx(report, tmp_path / "r.xlsx")
    write_report_pdf(report, tmp_path / "r.pdf")
    assert openpyxl.load_workbook(tmp_path / "r.xlsx").sheetnames == ["Tổng hợp", "Biểu 01-XLD"]
    text = " ".join(p.extract_text() for p in PdfReader(tmp_path / "r.pdf").pages)
    assert "không tiếp nhận vụ việc nào" not in text
    assert "PHỤ LỤC" not in text
