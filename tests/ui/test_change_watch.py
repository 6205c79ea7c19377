"""Lists follow another officer's changes: a second program on the same file moves the marker."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers_cases import handler, new_case, user_id

from app.bootstrap import Services
from app.services.core.change_watch import ChangeWatch
from app.settings import resolve
from app.ui.app_events import AppEvents
from app.ui.change_poller import INTERVAL_MS, ChangePoller
from app.ui.tasks import InlineTaskRunner, TaskRunner
from tests.sample_office import command_line_services


@pytest.fixture
def other(services: Services, tmp_path: Path) -> Iterator[Services]:
    again = command_line_services(resolve(f"sqlite:///{tmp_path}/t.db", data_dir=tmp_path))
    yield again
    again.close()


def _poller(
    services: Services, events: AppEvents, active: list[bool], tasks: TaskRunner | None = None
) -> ChangePoller:
    poller = ChangePoller(
        ChangeWatch(services.engine), tasks or InlineTaskRunner(), events, active=lambda: active[0]
    )
    poller.start()
    return poller


def test_a_change_by_another_officer_triggers_cases_changed(
    qtbot, services: Services, other: Services, events: AppEvents
) -> None:
    case_id = new_case(services, "Cống thoát nước ở ngõ 12 bị tắc")
    seen: list[int] = []
    events.cases_changed.connect(seen.append)
    poller = _poller(services, events, [True])
    assert poller.timer.interval() == INTERVAL_MS and poller.timer.isActive()
    poller.poll()
    assert seen == []  # nothing moved since the first look

    dept_id, officer_id = handler(other)
    other.cases.assign(case_id, dept_id, officer_id, "Giao từ máy khác", user_id(other))
    poller.poll()
    assert seen == [-1]
    poller.poll()
    assert seen == [-1]  # once per change, not on every tick

    new_case(other, "Đèn tín hiệu giao thông ngã tư Lê Lợi không hoạt động")
    poller.poll()
    assert seen == [-1, -1]


def test_no_polling_while_the_program_is_in_the_background(
    qtbot, services: Services, other: Services, events: AppEvents
) -> None:
    seen: list[int] = []
    events.cases_changed.connect(seen.append)
    active = [False]
    poller = _poller(services, events, active)
    new_case(other, "Tiếng ồn karaoke sau 22 giờ")
    poller.timer.timeout.emit()
    assert seen == []
    active[0] = True
    poller.timer.timeout.emit()
    assert seen == [-1]


def test_the_read_runs_off_the_ui_thread(
    qtbot, services: Services, other: Services, events: AppEvents
) -> None:
    poller = _poller(services, events, [True], tasks=TaskRunner())
    qtbot.waitUntil(lambda: not poller._busy, timeout=5000)
    new_case(other, "Cây xanh đổ chắn đường")
    with qtbot.waitSignal(events.cases_changed, timeout=5000) as blocker:
        poller.poll()
    assert blocker.args == [-1]


def test_a_database_hiccup_is_retried_quietly(
    qtbot, services: Services, events: AppEvents, caplog: pytest.LogCaptureFixture
) -> None:
    poller = _poller(services, events, [True])
    services.engine.dispose()
    Path(services.engine.url.database or "").unlink()
    Path(services.engine.url.database or "").mkdir()  # the file is gone and cannot be re-created
    poller.poll()
    assert not poller._busy
    assert "change poll failed" in caplog.text
