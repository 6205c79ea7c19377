"""The loop back to the citizen on SQLite and PostgreSQL: first answer, sign-off, call-back, reopening."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import reply_loop_scenarios as scenario

from app.bootstrap import Services
from app.domain.reply_loop import TemplateError, check_template, fill_template
from app.services.core.errors import ValidationError
from app.settings import resolve
from tests.sample_office import command_line_services


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def services(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Services]:
    url = (
        f"sqlite:///{tmp_path / 'loop.db'}"
        if request.param == "sqlite"
        else request.getfixturevalue("pg_url")
    )
    ticks = itertools.count()  # one second per call: a reopened case closes again later than before
    built = command_line_services(
        resolve(url, data_dir=tmp_path),
        clock=lambda: scenario.NOW + timedelta(seconds=next(ticks)),
        today=lambda: scenario.NOW.date(),
    )
    yield built
    built.close()


def test_first_answer_closes_the_notify_step(services: Services) -> None:
    scenario.first_answer_closes_the_notify_step(services)


def test_draft_returned_changed_approved_and_sent(services: Services) -> None:
    scenario.draft_approve_send(services)


def test_refusals_are_audited_and_change_nothing(services: Services) -> None:
    scenario.refusals_change_nothing(services)


def test_sealed_denunciation_reply_never_shows_the_identity(services: Services) -> None:
    scenario.sealed_reply_hides_identity(services)


def test_not_satisfied_reopens_the_case_each_time(services: Services) -> None:
    scenario.callback_reopens(services)


def test_reply_letter_is_printed_from_the_approved_text(services: Services, tmp_path: Path) -> None:
    scenario.reply_letter_from_the_approved_text(services, tmp_path)


def test_sealed_reply_letter_shows_the_identity_only_to_the_unseal_right(
    services: Services, tmp_path: Path
) -> None:
    scenario.sealed_letter_hides_identity(services, tmp_path)


def test_report_figures_equal_what_was_recorded(services: Services, tmp_path: Path) -> None:
    scenario.report_counts_the_loop(services, tmp_path)


def test_reopened_cases_are_named_to_the_responsible_officer(services: Services) -> None:
    scenario.reopened_cases_remind_the_officer(services)


def test_template_with_unknown_placeholder_is_refused_and_nothing_saved(services: Services) -> None:
    with pytest.raises(TemplateError, match=r"\{ho_ten\}"):
        check_template("Kính gửi {ho_ten}")
    with pytest.raises(TemplateError):
        check_template("Kính gửi {cong_dan")
    assert fill_template("Số {so_vu_viec}", {"so_vu_viec": "2026-00001"}) == "Số 2026-00001"
    before = {t.code: t.text for t in services.reply_templates.templates()}
    with pytest.raises(ValidationError, match="không có trong danh sách"):
        services.reply_templates.save("phan_anh", "Kính gửi {ho_ten}, ...")
    assert {t.code: t.text for t in services.reply_templates.templates()} == before
    services.reply_templates.save("phan_anh", "Kính gửi {cong_dan}. Về vụ việc {so_vu_viec}: [trả lời]")
    edited = {t.code: t for t in services.reply_templates.templates()}["phan_anh"]
    assert edited.edited and edited.text.endswith("[trả lời]")


def test_notify_step_in_the_deadlines_command(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "app", "deadlines", "phan_anh", "2026-03-02", "--json"],
        capture_output=True, text=True, timeout=120, env={"HOTLINE_DATA_DIR": str(tmp_path), "PATH": "/usr/bin"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    notify = [d for d in json.loads(result.stdout) if d["step"] == "notify"]
    assert len(notify) == 1 and notify[0]["rule"] == "office.notify.phan_anh"
    assert notify[0]["due"] == "2026-03-04" and notify[0]["verify"] is True
    assert "Quy định của cơ quan" in notify[0]["citation"]
    walk_in = subprocess.run(
        [sys.executable, "-m", "app", "deadlines", "kien_nghi", "2026-03-02", "--in-person", "--json"],
        capture_output=True, text=True, timeout=120, env={"HOTLINE_DATA_DIR": str(tmp_path), "PATH": "/usr/bin"},
    )  # fmt: skip
    rules = [d["rule"] for d in json.loads(walk_in.stdout) if d["step"] == "notify"]
    assert rules == ["tcd28.notify.kien_nghi"]


def test_reopened_deadline_counts_from_the_reopening_after_recomputes(services: Services) -> None:
    scenario.reopened_deadline_survives_recompute(services)
