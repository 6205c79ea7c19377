"""Codes the citizen reads out on the phone find their case: platform codes, case numbers, phones.

On SQLite and PostgreSQL, through the list's search and ``hotline-desk find --json``.
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from app.bootstrap import Services
from app.domain.enums import CaseKind, Channel
from app.services.cases.code_search import INDEX_PHASE
from app.services.cases.dto import CaseFilter, NewCase
from app.services.demo.sample_office import SAMPLE_OFFICE
from app.settings import resolve
from tests.sample_office import command_line_services

NOW = datetime(2026, 5, 20, 9, 30)


def _services(url: str, data: Path) -> Services:
    return command_line_services(
        resolve(url, data_dir=data),
        setup=dataclasses.replace(SAMPLE_OFFICE, name="UBND phường Hải An"),
        clock=lambda: NOW,
    )


@pytest.fixture(params=["sqlite", "postgresql"])
def register(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Services, dict[str, int]]]:
    url = (
        f"sqlite:///{tmp_path / 'hotline.db'}"
        if request.param == "sqlite"
        else request.getfixturevalue("pg_url")
    )
    services = _services(url, tmp_path)
    ids: dict[str, int] = {}
    at = NOW - timedelta(days=30)
    for n in range(12, 16):
        code = f"HP-2604-000{n}"
        ids[code] = _add(services, f"Phản ánh qua Smart Hải Phòng số {n}", at, external_ref=code)
        at += timedelta(hours=1)
    ids["HP-2605-00001"] = _add(services, "Rác thải", at, external_ref="HP-2605-00001")
    ids["decoy"] = _add(services, "Nhà HP số 2604 đường Lạch Tray ngập nước", at + timedelta(hours=1))
    ids["sealed"] = _add(
        services,
        "Tố cáo cán bộ địa chính",
        at + timedelta(hours=2),
        kind=CaseKind.DENUNCIATION,
        channel=Channel.WALK_IN,
        citizen_name="Phạm Văn Bí",
        phone="0987654321",
    )
    ids["phone"] = _add(services, "Hỏi thủ tục", at + timedelta(hours=3), phone="0912345678")
    yield services, ids
    services.close()


def _add(services: Services, content: str, at: datetime, **kw: object) -> int:
    new = NewCase(content=content, received_at=at, **kw)  # type: ignore[arg-type]
    return services.cases.create_case(new, None).id


def _found(services: Services, text: str, limit: int = 100) -> list[int]:
    return [r.id for r in services.query.page(CaseFilter(text=text), limit=limit).rows]


def test_a_platform_code_is_found_exactly_and_by_prefix(register: tuple[Services, dict[str, int]]) -> None:
    services, ids = register
    assert _found(services, "HP-2604-00012") == [ids["HP-2604-00012"]]
    assert _found(services, "hp-2604-00012") == [ids["HP-2604-00012"]]
    april = [ids[f"HP-2604-000{n}"] for n in (15, 14, 13, 12)]
    assert _found(services, "HP-2604") == april, "the decoy with «HP» and «2604» in its text is no code"
    assert _found(services, "HP-2604-") == april
    assert _found(services, "HP-2604-0001") == april
    row = services.query.page(CaseFilter(text="HP-2604-00012")).rows[0]
    assert row.external_ref == "HP-2604-00012"


def test_prefix_pages_cover_every_hit_once(register: tuple[Services, dict[str, int]]) -> None:
    services, ids = register
    page = services.query.page(CaseFilter(text="HP-26"), limit=2)
    seen = [r.id for r in page.rows]
    assert page.next_key is not None and page.next_key.phase >= INDEX_PHASE
    while page.next_key is not None:
        page = services.query.page(CaseFilter(text="HP-26"), after=page.next_key, limit=2)
        seen += [r.id for r in page.rows]
    assert sorted(seen) == sorted(ids[k] for k in ids if k.startswith("HP-"))
    assert len(seen) == len(set(seen))


def test_a_case_number_goes_to_its_unique_index(register: tuple[Services, dict[str, int]]) -> None:
    services, ids = register
    number = services.detail.get(ids["HP-2604-00013"]).number
    assert _found(services, number) == [ids["HP-2604-00013"]]
    prefix = number[:-1]
    assert ids["HP-2604-00013"] in _found(services, prefix)
    sealed = services.detail.get(ids["sealed"]).number
    assert _found(services, sealed) == [ids["sealed"]], "a number is no identity: the sealed case is found"


def test_phones_exact_and_prefix_but_never_a_sealed_denouncer(
    register: tuple[Services, dict[str, int]],
) -> None:
    services, ids = register
    assert _found(services, "0912 345 678") == [ids["phone"]]
    assert _found(services, "091234") == [ids["phone"]]
    assert _found(services, "0987654321") == [] and _found(services, "098765") == []


def test_words_still_go_to_the_full_text_index(register: tuple[Services, dict[str, int]]) -> None:
    services, ids = register
    assert _found(services, "Lạch Tray") == [ids["decoy"]]
    assert ids["decoy"] in _found(services, "HP 2604"), "two words: the full-text index, as before"


def test_find_json_prints_the_external_code(tmp_path: Path) -> None:
    services = _services(f"sqlite:///{tmp_path / 'hotline.db'}", tmp_path)
    _add(services, "Đèn đường hỏng", NOW - timedelta(days=2), external_ref="HP-2604-00012")
    _add(services, "Nhà HP số 2604", NOW - timedelta(days=1))
    services.close()
    env = {**os.environ, "HOTLINE_DATA_DIR": str(tmp_path), "PYTHONIOENCODING": "utf-8"}
    env.pop("HOTLINE_DB_URL", None)
    for query, expected in (("HP-2604-00012", 1), ("HP-2604", 1)):
        done = subprocess.run(
            [sys.executable, "-m", "app", "find", query, "--json"],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        rows = json.loads(done.stdout)
        assert [r["external_ref"] for r in rows] == ["HP-2604-00012"] * expected, query
    text = subprocess.run(
        [sys.executable, "-m", "app", "find", "HP-2604-00012"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    ).stdout
    assert "[HP-2604-00012]" in text
