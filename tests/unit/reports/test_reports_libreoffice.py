"""The Excel report opens in a real spreadsheet program: LibreOffice converts it to PDF."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.reports import PeriodicReport, write_report_xlsx

SOFFICE = shutil.which("soffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_converts_the_workbook(report: PeriodicReport, tmp_path: Path) -> None:
    source = tmp_path / "bao-cao.xlsx"
    write_report_xlsx(report, source)
    result = subprocess.run(
        [
            str(SOFFICE),
            "--headless",
            "-env:UserInstallation=file:///tmp/lo-test",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    converted = tmp_path / "bao-cao.pdf"
    assert result.returncode == 0, result.stderr
    assert converted.exists(), result.stdout + result.stderr
    reader = PdfReader(converted)
    assert len(reader.pages) >= 3
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "HP-2026-000001" in text
