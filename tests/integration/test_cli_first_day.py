"""The command line as a new office first meets it: pipes, the wrong backup file, progress lines."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.sample_office import SIGNED_INIT


def _env(data_dir: Path) -> dict[str, str]:
    env = {**os.environ, "HOTLINE_DATA_DIR": str(data_dir), "PYTHONIOENCODING": "utf-8"}
    env.pop("HOTLINE_DB_URL", None)
    return env


def _run(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args], capture_output=True, text=True, env=_env(data_dir), timeout=180
    )


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("office")
    assert _run("init", "--office", "UBND phường Hải An", *SIGNED_INIT, data_dir=data).returncode == 0
    demo = _run("demo", "--cases", "300", "--seed", "3", "--quiet", data_dir=data)
    assert demo.returncode == 0, demo.stderr
    return data


@pytest.mark.skipif(os.name != "posix", reason="a closed pipe as a POSIX shell makes it")
@pytest.mark.parametrize("limit", ["3", "300"])
def test_find_into_a_closed_pipe_stops_without_a_traceback(office: Path, limit: str) -> None:
    """``hotline-desk find … | head``: the reader has gone before (small output, found at exit)
    or while (large output, found mid-print) the command writes."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "app", "find", "đường", "--limit", limit],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_env(office),
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # like `head` that has read its lines
    with proc.stderr:
        err = proc.stderr.read().decode("utf-8")
    code = proc.wait(timeout=180)
    assert "Traceback" not in err and "BrokenPipeError" not in err, err
    assert code == 141


def test_restore_given_the_manifest_names_the_data_file_beside_it(office: Path) -> None:
    made = _run("backup", "--quiet", data_dir=office)
    assert made.returncode == 0, made.stderr
    data_file = next((office / "backups").glob("*.enc"))
    manifest = data_file.with_suffix(".json")
    assert manifest.is_file()
    result = _run("restore", str(manifest), data_dir=office)
    assert result.returncode == 2
    assert "tệp mô tả (manifest)" in result.stderr and str(data_file) in result.stderr
    assert "hỏng" not in result.stderr and "Traceback" not in result.stderr


def test_restore_given_a_lone_manifest_says_which_data_file_to_bring(office: Path, tmp_path: Path) -> None:
    lone = tmp_path / "hotline-20260105-0800.json"
    lone.write_text("{}", encoding="utf-8")
    result = _run("restore", str(lone), data_dir=office)
    assert result.returncode == 2
    assert "hotline-20260105-0800.enc" in result.stderr and "tệp mô tả" in result.stderr


def _raw(*args: str, data_dir: Path, merged: bool = False) -> tuple[str, str]:
    """stdout and stderr as bytes decoded, carriage returns kept (text mode turns them into \\n)."""
    done = subprocess.run(
        [sys.executable, "-m", "app", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT if merged else subprocess.PIPE,
        env=_env(data_dir),
        timeout=180,
    )
    return done.stdout.decode("utf-8"), (done.stderr or b"").decode("utf-8")


def test_audit_verify_progress_ends_its_line_before_the_result(office: Path) -> None:
    out, err = _raw("audit", "verify", data_dir=office)
    assert err.endswith("\n"), repr(err[-80:])
    last = err.rstrip("\n").rsplit("\r", 1)[-1]
    assert last.startswith("Đã đọc") and "dòng nhật ký" in last
    result_line = out.strip().splitlines()[-1]
    merged, _ = _raw("audit", "verify", data_dir=office, merged=True)
    assert any(line == result_line for line in merged.split("\n")), repr(merged)
