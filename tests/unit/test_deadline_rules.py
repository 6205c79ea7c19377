"""Deadline rule table: shipped data, rule picking by date of receipt, and every malformed table."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from app.domain.deadline_rules import (
    DeadlineRule,
    Flags,
    RuleSet,
    RuleTableError,
    _flag_combinations,
)
from app.domain.enums import CaseKind
from app.resources import resource_path

D = date
RULES_PATH = resource_path("data", "deadline_rules.json")
DOCUMENT: dict[str, Any] = json.loads(RULES_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def rules() -> RuleSet:
    return RuleSet.load()


def _dicts() -> list[dict[str, Any]]:
    return [dict(r) for r in DOCUMENT["rules"]]


def _pick(rules: RuleSet, kind: str, received: date, step: str, **flags: bool) -> DeadlineRule:
    found = [r for r in rules.rules_for(kind, received, Flags(**flags)) if r.step == step]
    assert len(found) == 1, found
    return found[0]


def test_shipped_table_loads(rules: RuleSet) -> None:
    assert (
        len(rules.rules) == len(DOCUMENT["rules"]) == 33
    )  # 26 + four xử lý đơn rules (TT 05/2021) + three office first-answer rules
    assert RuleSet.load(RULES_PATH).rules == rules.rules
    assert rules.note.startswith("Bảng thời hạn")
    for rule in rules.rules:
        assert rule.citation and rule.title


@pytest.mark.parametrize(
    ("received", "second", "count", "code", "verify"),
    [
        (D(2026, 6, 30), False, 10, "lkn27.accept.first", False),
        (D(2026, 7, 1), False, 7, "nd155.accept.first", True),
        (D(2020, 1, 1), True, 10, "lkn36.accept.second", False),
        (D(2030, 1, 1), True, 7, "nd155.accept.second", True),
    ],
)
def test_complaint_acceptance_changes_on_1_july_2026(
    rules: RuleSet, received: date, second: bool, count: int, code: str, verify: bool
) -> None:
    rule = _pick(rules, "khieu_nai", received, "accept", second_instance=second)
    assert (rule.count, rule.unit, rule.code, rule.verify) == (count, "working_days", code, verify)


@pytest.mark.parametrize(
    ("second", "complex_", "very", "remote", "days", "article"),
    [
        (False, False, False, False, 30, "Điều 28"),
        (False, True, False, False, 45, "Điều 28"),
        (False, True, True, False, 45, "Điều 28"),
        (False, False, False, True, 45, "Điều 28"),
        (False, True, False, True, 60, "Điều 28"),
        (True, False, False, False, 45, "Điều 37"),
        (True, True, False, False, 60, "Điều 37"),
        (True, False, False, True, 60, "Điều 37"),
        (True, False, True, True, 70, "Điều 37"),
    ],
)
def test_complaint_resolution_periods(
    rules: RuleSet, second: bool, complex_: bool, very: bool, remote: bool, days: int, article: str
) -> None:
    flags = {"second_instance": second, "complex": complex_, "very_complex": very, "remote": remote}
    rule = _pick(rules, "khieu_nai", D(2026, 3, 1), "resolve", **flags)
    assert (rule.count, rule.unit, rule.start_event) == (days, "days", "accepted")
    assert rule.citation == f"Luật Khiếu nại 2011, {article}"


@pytest.mark.parametrize(
    ("kind", "in_person", "expected"),
    [
        ("phan_anh", False, {("notify", 2), ("transfer", 5), ("resolve", 10)}),
        ("phan_anh", True, {("notify", 10), ("transfer", 5), ("resolve", 10)}),
        ("kien_nghi", False, {("notify", 2), ("transfer", 5), ("resolve", 10)}),
        ("khieu_nai", True, {("notify", 10), ("accept", 10), ("resolve", 30)}),
        ("to_cao", False, {("accept", 7), ("transfer", 5), ("notify", 5), ("resolve", 30)}),
        (
            "to_cao",
            True,
            {("accept", 7), ("transfer", 5), ("notify", 5), ("notify", 10), ("resolve", 30)},
        ),
        ("to_cao_info", False, {("notify", 2), ("accept", 7), ("resolve", 10)}),
        ("to_cao_info", True, {("notify", 2), ("accept", 7), ("resolve", 10)}),
    ],
)
def test_steps_per_kind(rules: RuleSet, kind: str, in_person: bool, expected: set[Any]) -> None:
    found = rules.rules_for(kind, D(2026, 3, 2), Flags(in_person=in_person))
    assert {(r.step, r.count) for r in found} == expected


def test_office_default_rules_are_marked_verify(rules: RuleSet) -> None:
    for code in ("office.resolve.phan_anh", "office.resolve.kien_nghi", "nd155.accept.first"):
        assert rules.rule(code).verify
    assert not rules.rule("ltc30.resolve.to_cao").verify
    assert rules.rule("ltc24.accept.to_cao").max_count == 10
    with pytest.raises(KeyError):
        rules.rule("nope")


@pytest.mark.parametrize("kind", list(CaseKind))
@pytest.mark.parametrize("day", [D(2000, 1, 1), D(2026, 6, 30), D(2026, 7, 1), D(2040, 1, 1)])
def test_exactly_one_resolve_rule_always(rules: RuleSet, kind: CaseKind, day: date) -> None:
    for flags in _flag_combinations():
        assert len([r for r in rules.rules_for(kind, day, flags) if r.step == "resolve"]) == 1


def test_unknown_kind_in_lookup(rules: RuleSet) -> None:
    with pytest.raises(ValueError):
        rules.rules_for("khieu_nai_x", D(2026, 1, 1), Flags())


def test_extension_limits(rules: RuleSet) -> None:
    complex_ = rules.extension_limit("to_cao", Flags(complex=True))
    very = rules.extension_limit(CaseKind.DENUNCIATION, Flags(very_complex=True))
    assert complex_ is not None and (complex_.max_extensions, complex_.max_days_each) == (1, 30)
    assert very is not None and (very.max_extensions, very.max_days_each) == (2, 30)
    assert rules.extension_limit("to_cao", Flags()) is None
    complaint = rules.extension_limit("khieu_nai", Flags(complex=True))
    assert complaint is not None and complaint.max_extensions == 0
    assert rules.extension_limit("phan_anh", Flags(complex=True)) is None


def test_calendar_from_table_and_office(rules: RuleSet) -> None:
    cal = rules.calendar()
    # the swaps moved to working_calendar.json; the table may still carry its own
    assert rules.makeup_workdays == {} and rules.extra_days_off == {}
    assert cal.is_working_day(D(2026, 8, 22))
    assert cal.non_working_reason(D(2026, 8, 31)) == "Ngày nghỉ (thay cho thứ Bảy 22/08/2026)"
    office = rules.calendar(extra_days_off={D(2026, 8, 22)}, makeup_workdays={D(2026, 8, 31)})
    assert not office.is_working_day(D(2026, 8, 22))
    assert office.is_working_day(D(2026, 8, 31))
    assert office.non_working_reason(D(2026, 8, 22)) == "Nghỉ theo lịch cơ quan"


def test_office_overrides(rules: RuleSet) -> None:
    changed = rules.with_overrides({"office.resolve.phan_anh": {"count": 15, "unit": "days"}})
    rule = changed.rule("office.resolve.phan_anh")
    assert (rule.count, rule.unit) == (15, "days")
    assert rules.rule("office.resolve.phan_anh").count == 10
    with pytest.raises(RuleTableError, match="Không có quy tắc"):
        rules.with_overrides({"nope": {"count": 3}})
    with pytest.raises(RuleTableError, match="không hợp lệ"):
        rules.with_overrides({"office.resolve.phan_anh": {"colour": "red"}})
    with pytest.raises(RuleTableError, match="đơn vị"):
        rules.with_overrides({"office.resolve.phan_anh": {"unit": "hours"}})


def _edit(target: str, **changes: Any) -> list[dict[str, Any]]:
    out = _dicts()
    for row in out:
        if row["code"] == target:
            row.update(changes)
    return out


OVERLAP_ROW = {
    "code": "dup.accept",
    "kind": "khieu_nai",
    "step": "accept",
    "count": 5,
    "unit": "working_days",
    "start_event": "received",
    "citation": "x",
    "title": "x",
    "effective_from": "2026-06-01",
}


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([*_dicts(), OVERLAP_ROW], "cùng áp dụng"),
        ([*_dicts(), {**OVERLAP_ROW, "second_instance": True, "effective_to": "2026-06-01"}], "cùng áp dụng"),
        (_edit("nd155.accept.first", effective_from="2026-06-30"), "cùng áp dụng"),
        ([r for r in _dicts() if r["code"] != "lkn27.accept.first"], "Thiếu quy tắc bắt buộc"),
        (_edit("nd155.accept.first", effective_from="2026-07-02"), "Thiếu quy tắc bắt buộc"),
        ([r for r in _dicts() if r["code"] != "lkn28.resolve.first.remote"], "Thiếu quy tắc"),
        ([r for r in _dicts() if r["kind"] != "to_cao_info"], "Thiếu quy tắc bắt buộc"),
        (_edit("ltc30.resolve.to_cao", unit="hours"), "đơn vị không hợp lệ"),
        (_edit("ltc30.resolve.to_cao", step="finish"), "bước không hợp lệ"),
        (_edit("ltc30.resolve.to_cao", start_event="called"), "sự kiện bắt đầu"),
        (_edit("ltc30.resolve.to_cao", kind="to_cao_x"), "loại vụ việc không hợp lệ"),
        (_edit("ltc30.resolve.to_cao", count=0), "số nguyên dương"),
        (_edit("ltc30.resolve.to_cao", count="30"), "số nguyên dương"),
        (_edit("ltc30.resolve.to_cao", count=True), "số nguyên dương"),
        (_edit("ltc24.accept.to_cao", max_count=5), "max_count"),
        (_edit("ltc30.resolve.to_cao", code="ltc24.accept.to_cao"), "bị trùng"),
        (_edit("ltc30.resolve.to_cao", code=""), "thiếu mã"),
        (_edit("ltc30.resolve.to_cao", complx=True), "trường không hợp lệ"),
        (_edit("ltc30.resolve.to_cao", effective_from="01/07/2026"), "ngày không hợp lệ"),
        (
            _edit("ltc30.resolve.to_cao", effective_from="2027-01-01", effective_to="2026-01-01"),
            "ngày hiệu lực",
        ),
        (_edit("ltc30.resolve.to_cao", citation=" "), "căn cứ pháp lý"),
        (_edit("ltc30.resolve.to_cao", title=""), "tên bước"),
        (_edit("ltc30.resolve.to_cao", remote="yes"), "true, false hoặc null"),
        (_edit("ltc30.resolve.to_cao", verify="yes"), "verify"),
        ([{k: v for k, v in r.items() if k != "unit"} for r in _dicts()], "thiếu trường"),
    ],
)
def test_bad_tables_are_refused(rows: list[dict[str, Any]], message: str) -> None:
    with pytest.raises(RuleTableError, match=message):
        RuleSet.from_dicts(rows, extension_limits=DOCUMENT["extension_limits"])


@pytest.mark.parametrize(
    ("limits", "calendar"),
    [
        ([{"kind": "to_cao", "condition": "sometimes", "max_extensions": 1, "max_days_each": 3}], None),
        ([{"kind": "to_cao", "condition": "any", "max_extensions": -1, "max_days_each": 3}], None),
        ([{"kind": "to_cao_x", "condition": "any", "max_extensions": 1, "max_days_each": 3}], None),
        ([{"kind": "to_cao", "max_extensions": 1}], None),
        ([], {"makeup_workdays": [{"date": "2026-08-22"}], "extra_days_off": [{"date": "2026-08-22"}]}),
        ([], {"extra_days_off": [{"name": "no date"}]}),
        ([], {"extra_days_off": [{"date": "2026-02-30"}]}),
    ],
)
def test_bad_limits_and_calendar(limits: list[Any], calendar: dict[str, Any] | None) -> None:
    with pytest.raises(RuleTableError):
        RuleSet.from_dicts(_dicts(), extension_limits=limits, calendar=calendar)


def test_load_errors(tmp_path: Path) -> None:
    with pytest.raises(RuleTableError, match="Không đọc được"):
        RuleSet.load(tmp_path / "missing.json")
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(RuleTableError, match="Không đọc được"):
        RuleSet.load(broken)
    listed = tmp_path / "list.json"
    listed.write_text("[]", encoding="utf-8")
    with pytest.raises(RuleTableError, match="đối tượng JSON"):
        RuleSet.load(listed)
    empty = tmp_path / "empty.json"
    empty.write_text("{}", encoding="utf-8")
    with pytest.raises(RuleTableError, match="Thiếu quy tắc bắt buộc"):
        RuleSet.load(empty)


def test_flags_very_complex_counts_as_complex() -> None:
    assert Flags(very_complex=True).get("complex")
    assert not Flags().get("complex")
    # 3 levels × remote × second × (neither, in person, written): never in person and written at once
    assert len(_flag_combinations()) == 36
