"""The rule table editor: an invalid edit is refused with the service's message and nothing is saved."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from app.bootstrap import Services
from app.ui.app_events import AppEvents
from app.ui.deadlines.rules_page import COLUMNS, RulesPage
from app.ui.widgets.notice_bar import NoticeKind

COUNT = next(i for i, (key, _) in enumerate(COLUMNS) if key == "count")
UNIT = next(i for i, (key, _) in enumerate(COLUMNS) if key == "unit")


def _cell(page: RulesPage, row: int, column: int) -> str:
    item = page.table.item(row, column)
    assert item is not None
    return item.text()


def test_an_invalid_edit_is_refused_and_nothing_saved(
    qtbot: QtBot, services: Services, events: AppEvents
) -> None:
    before = services.deadlines.rule_table().rules
    page = RulesPage(services, events)
    qtbot.addWidget(page)
    assert page.table.rowCount() == len(before)
    assert _cell(page, 0, UNIT) in ("ngày làm việc", "ngày")
    item = page.table.item(0, UNIT)
    assert item is not None
    item.setText("tuần")
    page.save_button.click()
    assert page.message.kind is NoticeKind.ERROR
    assert page.message.text().startswith("Chưa lưu:") and "tuần" in page.message.text()
    assert services.deadlines.rule_table().rules == before
    assert _cell(page, 0, UNIT) == "tuần"  # the edit stays on screen to be corrected


def test_a_valid_edit_is_saved_and_reset_restores_the_shipped_table(
    qtbot: QtBot, services: Services, events: AppEvents, asked: object
) -> None:
    page = RulesPage(services, events)
    qtbot.addWidget(page)
    row = next(r for r, rule in enumerate(page._rules) if rule.kind.value == "phan_anh")
    original = services.deadlines.rule_table().rules[row].count
    item = page.table.item(row, COUNT)
    assert item is not None
    item.setText(str(original + 5))
    with qtbot.waitSignal(events.cases_changed):
        page.save_button.click()
    assert page.message.kind is NoticeKind.SUCCESS, page.message.text()
    assert services.deadlines.rule_table().rules[row].count == original + 5
    asked.answers.append(True)  # type: ignore[attr-defined]
    page.reset_button.click()
    assert services.deadlines.rule_table().rules[row].count == original
    assert _cell(page, row, COUNT) == str(original)
