"""Office target profiles: a saved profile gives new matching cases a target apart from the legal deadline."""

from __future__ import annotations

from helpers_cases import new_case, type_text
from pytestqt.qtbot import QtBot

from app.bootstrap import Services
from app.domain.enums import Channel, Urgency
from app.ui.app_events import AppEvents
from app.ui.deadlines.targets_tab import TargetsTab
from app.ui.widgets.notice_bar import NoticeKind


def test_a_profile_for_urgent_1022_cases_gives_them_a_separate_target(
    qtbot: QtBot, services: Services, events: AppEvents
) -> None:
    tab = TargetsTab(services, events)
    qtbot.addWidget(tab)
    assert tab.name.text().startswith("Khẩn qua 1022")  # suggested, not saved
    assert services.targets.profiles() == []
    assert "chưa có chỉ tiêu" in tab.preview.text()
    tab.name.clear()
    type_text(tab.name, "Khẩn qua Tổng đài 1022")
    with qtbot.waitSignal(events.cases_changed):
        tab.save_button.click()
    assert tab.message.kind is NoticeKind.SUCCESS, tab.message.text()
    assert "Đã tính lại mục tiêu của" in tab.message.text()
    [profile] = services.targets.profiles()
    assert (profile.channel, profile.urgency, profile.count) == (Channel.CALL_CENTER_1022, Urgency.URGENT, 1)
    assert tab.table.rowCount() == 1
    scope = tab.table.item(0, 1)
    assert scope is not None and scope.text() == "Tổng đài 1022 · Khẩn"
    assert "→ mục tiêu" in tab.preview.text()

    urgent = new_case(services, "Cháy rừng", channel=Channel.CALL_CENTER_1022, urgency=Urgency.URGENT)
    other = new_case(services, "Ổ gà", channel=Channel.HOTLINE, urgency=Urgency.URGENT)
    shown = services.deadlines.case_deadlines(urgent)
    assert shown.target_date is not None and shown.target_date != shown.due_date
    assert (
        "Khẩn qua Tổng đài 1022" in shown.target_rule and "Không phải thời hạn theo luật" in shown.target_rule
    )
    assert services.deadlines.case_deadlines(other).target_date is None


def test_an_empty_name_is_refused_in_vietnamese(qtbot: QtBot, services: Services, events: AppEvents) -> None:
    tab = TargetsTab(services, events)
    qtbot.addWidget(tab)
    tab.name.clear()
    tab.save_button.click()
    assert tab.message.kind is NoticeKind.ERROR
    assert tab.message.text() == "Chưa lưu: Chưa nhập tên chỉ tiêu."
    tab.name.setText("Không có ngày")
    tab.count.setValue(0)
    tab.save_button.click()
    assert "Số ngày của chỉ tiêu phải từ 1" in tab.message.text()
    assert services.targets.profiles() == []


def test_deleting_a_profile_asks_first(
    qtbot: QtBot, services: Services, events: AppEvents, asked: object
) -> None:
    tab = TargetsTab(services, events)
    qtbot.addWidget(tab)
    tab.save_button.click()
    tab.table.setCurrentCell(0, 0)
    asked.answers.append(True)  # type: ignore[attr-defined]
    tab.delete_button.click()
    assert services.targets.profiles() == []
    assert tab.table.rowCount() == 0
    assert "Đã xóa chỉ tiêu" in tab.message.text()
