"""Power cut in the middle of saving (kill -9): every case the officer saw "Đã lưu" for is there."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import text

from app.services.cases.dto import NewCase
from app.settings import resolve
from tests.sample_office import command_line_services

CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from tests.sample_office import command_line_services
    from app.services.cases.dto import NewCase
    from app.settings import resolve

    services = command_line_services(resolve(sys.argv[1], data_dir=Path(sys.argv[2])))
    i = 0
    while True:
        saved = services.cases.create_case(
            NewCase(content=f"Phản ánh mất điện số {i}", citizen_name="Vũ Thị Lan", phone="0912345678"), None
        )
        print(saved.number, flush=True)  # what the officer reads back to the caller
        i += 1
    """
)
ACKNOWLEDGED = 300


def _kill_mid_stream(url: str, data_dir: Path) -> list[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, url, str(data_dir)], stdout=subprocess.PIPE, text=True, env=env
    )
    assert child.stdout is not None
    acknowledged = []
    try:
        while len(acknowledged) < ACKNOWLEDGED:
            line = child.stdout.readline()
            assert line, "the saving process stopped on its own"
            acknowledged.append(line.strip())
    finally:
        os.kill(child.pid, signal.SIGKILL)
        rest, _ = child.communicate(timeout=30)
    acknowledged += [n for n in rest.split("\n") if n.strip()]
    assert child.returncode == -signal.SIGKILL
    return acknowledged


def _check_after(url: str, data_dir: Path, acknowledged: list[str]) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    check = subprocess.run(
        [sys.executable, "-m", "app", "--db", url, "check"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert "Cơ sở dữ liệu tốt." in check.stdout
    services = command_line_services(resolve(url, data_dir=data_dir))
    try:
        with services.engine.connect() as conn:
            stored = [r[0] for r in conn.execute(text("SELECT number FROM case_file ORDER BY seq"))]
        assert set(acknowledged) <= set(stored)
        seqs = [int(n.split("-")[1]) for n in stored]
        assert seqs == list(range(1, len(seqs) + 1))  # no hole left by the killed transaction
        after = services.cases.create_case(NewCase(content="Sau sự cố"), None)
        assert int(after.number.split("-")[1]) == len(seqs) + 1
    finally:
        services.close()


@pytest.mark.slow
def test_kill_9_while_saving_to_sqlite(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'hotline.db'}"
    command_line_services(resolve(url, data_dir=tmp_path)).close()
    _check_after(url, tmp_path, _kill_mid_stream(url, tmp_path))


@pytest.mark.slow
@pytest.mark.postgres
def test_kill_9_while_saving_to_postgresql(pg_url: str, tmp_path: Path) -> None:
    command_line_services(resolve(pg_url, data_dir=tmp_path)).close()
    _check_after(pg_url, tmp_path, _kill_mid_stream(pg_url, tmp_path))
