"""Thông báo thụ lý / không thụ lý / kết quả giải quyết on SQLite and PostgreSQL, read back from the PDF."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import notice_scenarios as scenario
import pytest
import reply_loop_scenarios as loop

from app.bootstrap import Services
from app.domain.reply_loop import NOTICE_PLACEHOLDERS, NoticeKind, check_template
from app.services.replies.notices import notice_texts
from app.settings import resolve
from tests.sample_office import command_line_services


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def services(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Services]:
    url = f"sqlite:///{tmp_path / 'n.db'}" if request.param == "sqlite" else request.getfixturevalue("pg_url")
    ticks = itertools.count()
    built = command_line_services(
        resolve(url, data_dir=tmp_path),
        clock=lambda: loop.NOW + timedelta(seconds=next(ticks)),
        today=lambda: loop.NOW.date(),
    )
    yield built
    built.close()


def test_complaint_notices_refuse_out_of_order_and_read_back(services: Services, tmp_path: Path) -> None:
    scenario.complaint_notices(services, tmp_path)


def test_no_notice_for_feedback_or_denunciation_information(services: Services) -> None:
    scenario.refusals_for_other_kinds(services)


def test_sealed_denunciation_notice_hides_the_denouncer(services: Services, tmp_path: Path) -> None:
    scenario.sealed_denunciation_notice(services, tmp_path)


def test_shipped_texts_cover_every_notice_and_use_known_placeholders() -> None:
    texts = notice_texts()
    assert set(texts) == {"khieu_nai", "to_cao"}
    for kind, notices in texts.items():
        assert set(notices) == {n.value for n in NoticeKind}, kind
        for data in notices.values():
            assert data["verify"] is True
            assert "05/2021/TT-TTCP" in data["form"] or "124/2020/NĐ-CP" in data["form"]
            for text in (*data["paragraphs"], data["closing"]):
                check_template(text, NOTICE_PLACEHOLDERS)
