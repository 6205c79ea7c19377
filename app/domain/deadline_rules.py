"""Legal deadline rule table (DOMAIN §4) loaded from data, validated, picked by date of receipt."""

from __future__ import annotations

import dataclasses
import itertools
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from app.domain.enums import CaseKind
from app.domain.working_calendar import OFFICE_DAY_OFF, WorkingCalendar
from app.resources import resource_path

STEPS = ("process", "notify", "accept", "transfer", "resolve")
UNITS = ("working_days", "days")
START_EVENTS = ("received", "accepted", "extension", "resumed")
FLAG_NAMES = ("complex", "very_complex", "remote", "second_instance", "in_person", "written")
EXTENSION_CONDITIONS = ("any", "complex", "very_complex")
REQUIRED_STEPS: dict[CaseKind, tuple[str, ...]] = {
    CaseKind.FEEDBACK: ("resolve",),
    CaseKind.PETITION: ("resolve",),
    CaseKind.COMPLAINT: ("accept", "resolve"),
    CaseKind.DENUNCIATION: ("accept", "resolve"),
    CaseKind.DENUNCIATION_INFO: ("resolve",),
}
"""Steps every case of a kind must get a rule for, on any date and for any flags."""

_REQUIRED_FIELDS = ("code", "kind", "step", "count", "unit", "start_event", "citation", "title")


class RuleTableError(ValueError):
    """The deadline rule table is malformed, incomplete or contradictory."""


@dataclass(frozen=True)
class Flags:
    """Case conditions a rule may depend on. ``very_complex`` implies ``complex``."""

    complex: bool = False
    very_complex: bool = False
    remote: bool = False
    second_instance: bool = False
    in_person: bool = False
    written: bool = False
    """A written petition (letter, e-mail, portal): TT 05/2021/TT-TTCP applies (xử lý đơn)."""

    def get(self, name: str) -> bool:
        """Value of condition ``name`` (``complex`` is also true for very complex cases)."""
        if name == "complex":
            return self.complex or self.very_complex
        return bool(getattr(self, name))


@dataclass(frozen=True)
class DeadlineRule:
    """One row of the table: ``count`` ``unit`` after ``start_event`` for ``kind``/``step``."""

    code: str
    kind: CaseKind
    step: str
    count: int
    unit: str
    start_event: str
    citation: str
    title: str
    complex: bool | None = None
    very_complex: bool | None = None
    remote: bool | None = None
    second_instance: bool | None = None
    in_person: bool | None = None
    written: bool | None = None
    effective_from: date | None = None
    effective_to: date | None = None
    verify: bool = False
    max_count: int | None = None
    note: str = ""

    def conditions(self) -> dict[str, bool | None]:
        """The flag conditions (``None`` = any)."""
        return {name: getattr(self, name) for name in FLAG_NAMES}

    def matches(self, flags: Flags) -> bool:
        """Whether a case with ``flags`` falls under this rule."""
        return all(v is None or v == flags.get(k) for k, v in self.conditions().items())

    def in_force(self, on: date) -> bool:
        """Whether the rule applies to a case received on ``on``."""
        return (self.effective_from is None or self.effective_from <= on) and (
            self.effective_to is None or on <= self.effective_to
        )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> DeadlineRule:
        """Build a rule from its JSON object; raises :class:`RuleTableError`."""
        code = data.get("code", "?")
        unknown = set(data) - {f.name for f in dataclasses.fields(cls)}
        if unknown:
            raise RuleTableError(f"Quy tắc {code}: trường không hợp lệ {sorted(unknown)}")
        missing = set(_REQUIRED_FIELDS) - set(data)
        if missing:
            raise RuleTableError(f"Quy tắc {code}: thiếu trường {sorted(missing)}")
        values = dict(data)
        try:
            values["kind"] = CaseKind(data["kind"])
        except ValueError:
            raise RuleTableError(f"Quy tắc {code}: loại vụ việc không hợp lệ {data['kind']!r}") from None
        values["effective_from"] = _parse_date(code, data.get("effective_from"))
        values["effective_to"] = _parse_date(code, data.get("effective_to"))
        return cls(**values)


@dataclass(frozen=True)
class ExtensionLimit:
    """How often and how long a resolve deadline may be extended (gia hạn)."""

    kind: CaseKind
    condition: str
    max_extensions: int
    max_days_each: int
    citation: str = ""
    note: str = ""

    def applies(self, flags: Flags) -> bool:
        """Whether this limit is the one for a case with ``flags``."""
        return self.condition == "any" or flags.get(self.condition)


@dataclass(frozen=True)
class SuspensionRule:
    """A kind whose resolve clock may be suspended (tạm đình chỉ), from the day its basis took effect."""

    kind: CaseKind
    citation: str
    effective_from: date | None = None
    note: str = ""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SuspensionRule:
        try:
            kind = CaseKind(data["kind"])
            citation = str(data["citation"]).strip()
        except (KeyError, TypeError, ValueError):
            raise RuleTableError(f"Quy định tạm đình chỉ không hợp lệ: {dict(data)!r}") from None
        if not citation:
            raise RuleTableError(f"Quy định tạm đình chỉ cho {kind.value}: thiếu căn cứ pháp lý")
        start = _parse_date(f"tạm đình chỉ {kind.value}", data.get("effective_from"))
        return cls(kind, citation, start, str(data.get("note", "")))


def _parse_date(code: object, value: object) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise RuleTableError(f"{code}: ngày không hợp lệ {value!r} (dạng YYYY-MM-DD)") from None


def _named_days(items: Iterable[Mapping[str, Any]], what: str) -> dict[date, str]:
    out: dict[date, str] = {}
    for item in items:
        day = _parse_date(what, item.get("date"))
        if day is None:
            raise RuleTableError(f"{what}: thiếu ngày")
        out[day] = str(item.get("name") or "")
    return out


def _check_rule(rule: DeadlineRule) -> None:
    code = rule.code
    if not isinstance(code, str) or not code.strip():
        raise RuleTableError("Có quy tắc thiếu mã (code)")
    checks = [
        (rule.step in STEPS, f"bước không hợp lệ {rule.step!r}"),
        (rule.unit in UNITS, f"đơn vị không hợp lệ {rule.unit!r} (working_days hoặc days)"),
        (rule.start_event in START_EVENTS, f"sự kiện bắt đầu không hợp lệ {rule.start_event!r}"),
        (_positive(rule.count), f"số ngày phải là số nguyên dương, nhận {rule.count!r}"),
        (
            rule.max_count is None or (_positive(rule.max_count) and rule.max_count >= rule.count),
            f"max_count phải là số nguyên ≥ count, nhận {rule.max_count!r}",
        ),
        (isinstance(rule.citation, str) and bool(rule.citation.strip()), "thiếu căn cứ pháp lý"),
        (isinstance(rule.title, str) and bool(rule.title.strip()), "thiếu tên bước"),
        (
            all(v is None or isinstance(v, bool) for v in rule.conditions().values()),
            "điều kiện phải là true, false hoặc null",
        ),
        (isinstance(rule.verify, bool), "verify phải là true/false"),
        (
            rule.effective_from is None
            or rule.effective_to is None
            or rule.effective_from <= rule.effective_to,
            "ngày hiệu lực sau ngày hết hiệu lực",
        ),
    ]
    for ok, message in checks:
        if not ok:
            raise RuleTableError(f"Quy tắc {code}: {message}")


def _positive(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _overlap(a: DeadlineRule, b: DeadlineRule) -> bool:
    if (a.kind, a.step, a.start_event) != (b.kind, b.step, b.start_event):
        return False
    ca, cb = a.conditions(), b.conditions()
    if any(ca[k] is not None and cb[k] is not None and ca[k] != cb[k] for k in FLAG_NAMES):
        return False
    a_from, b_from = a.effective_from or date.min, b.effective_from or date.min
    a_to, b_to = a.effective_to or date.max, b.effective_to or date.max
    return a_from <= b_to and b_from <= a_to


def _flag_combinations() -> list[Flags]:
    bools = (False, True)
    return [
        Flags(level >= 1, level == 2, remote, second, in_person, written)
        for level, remote, second, in_person, written in itertools.product(
            range(3), bools, bools, bools, bools
        )
        if not (in_person and written)
    ]


class RuleSet:
    """The validated rule table with extension limits and known calendar swaps."""

    def __init__(
        self,
        rules: Iterable[DeadlineRule],
        extension_limits: Iterable[ExtensionLimit] = (),
        *,
        makeup_workdays: Mapping[date, str] | None = None,
        extra_days_off: Mapping[date, str] | None = None,
        note: str = "",
        suspension_rules: Iterable[SuspensionRule] = (),
    ) -> None:
        self.rules: tuple[DeadlineRule, ...] = tuple(rules)
        self.extension_limits: tuple[ExtensionLimit, ...] = tuple(extension_limits)
        self.suspension_rules: tuple[SuspensionRule, ...] = tuple(suspension_rules)
        self._matching: dict[tuple[CaseKind, Flags], tuple[DeadlineRule, ...]] = {}
        self.makeup_workdays: dict[date, str] = dict(makeup_workdays or {})
        self.extra_days_off: dict[date, str] = dict(extra_days_off or {})
        self.note = note
        self.validate()

    @classmethod
    def load(cls, path: str | Path | None = None) -> RuleSet:
        """Read the JSON rule table (default: the shipped ``deadline_rules.json``)."""
        path = resource_path("data", "deadline_rules.json") if path is None else Path(path)
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise RuleTableError(f"Không đọc được bảng thời hạn {path}: {exc}") from exc
        if not isinstance(document, dict):
            raise RuleTableError("Bảng thời hạn phải là một đối tượng JSON")
        return cls.from_dicts(
            document.get("rules", []),
            extension_limits=document.get("extension_limits", []),
            calendar=document.get("calendar"),
            note=str(document.get("note", "")),
            suspensions=document.get("suspension_rules", []),
        )

    @classmethod
    def from_dicts(
        cls,
        rules: Iterable[Mapping[str, Any]],
        *,
        extension_limits: Iterable[Mapping[str, Any]] = (),
        calendar: Mapping[str, Any] | None = None,
        note: str = "",
        suspensions: Iterable[Mapping[str, Any]] = (),
    ) -> RuleSet:
        """Build and validate a rule set from JSON-like dictionaries."""
        parsed = [DeadlineRule.from_dict(item) for item in rules]
        try:
            limits = [ExtensionLimit(**{**x, "kind": CaseKind(x["kind"])}) for x in extension_limits]
        except (KeyError, TypeError, ValueError) as exc:
            raise RuleTableError(f"Giới hạn gia hạn không hợp lệ: {exc}") from None
        calendar = calendar or {}
        return cls(
            parsed,
            limits,
            makeup_workdays=_named_days(calendar.get("makeup_workdays", []), "makeup_workdays"),
            extra_days_off=_named_days(calendar.get("extra_days_off", []), "extra_days_off"),
            note=note,
            suspension_rules=[SuspensionRule.from_dict(x) for x in suspensions],
        )

    def validate(self) -> None:
        """Raise :class:`RuleTableError` unless the table is complete and unambiguous."""
        codes: set[str] = set()
        for rule in self.rules:
            _check_rule(rule)
            if rule.code in codes:
                raise RuleTableError(f"Mã quy tắc bị trùng: {rule.code}")
            codes.add(rule.code)
        for a, b in itertools.combinations(self.rules, 2):
            if _overlap(a, b):
                raise RuleTableError(
                    f"Hai quy tắc {a.code} và {b.code} cùng áp dụng cho {a.kind.value}/{a.step} "
                    "trong cùng thời gian và điều kiện"
                )
        for kind, steps in REQUIRED_STEPS.items():
            for step in steps:
                self._check_coverage(kind, step)
        for limit in self.extension_limits:
            if limit.condition not in EXTENSION_CONDITIONS or not all(
                isinstance(v, int) and not isinstance(v, bool) and v >= 0
                for v in (limit.max_extensions, limit.max_days_each)
            ):
                raise RuleTableError(f"Giới hạn gia hạn không hợp lệ cho {limit.kind.value}")
        if self.makeup_workdays.keys() & self.extra_days_off.keys():
            raise RuleTableError("Một ngày vừa là ngày làm bù vừa là ngày nghỉ")

    def _check_coverage(self, kind: CaseKind, step: str) -> None:
        own = [r for r in self.rules if r.kind is kind and r.step == step]
        days = {date.min} | {r.effective_from for r in own if r.effective_from}
        days |= {r.effective_to + timedelta(days=1) for r in own if r.effective_to}
        for day, flags in itertools.product(sorted(days), _flag_combinations()):
            if not any(r.in_force(day) and r.matches(flags) for r in own):
                when = "mọi thời điểm" if day == date.min else day.strftime("%d/%m/%Y")
                raise RuleTableError(
                    f"Thiếu quy tắc bắt buộc: {kind.label} / bước {step} (từ {when}, "
                    f"điều kiện {dataclasses.asdict(flags)})"
                )

    def rules_for(self, kind: CaseKind | str, received_on: date, flags: Flags) -> list[DeadlineRule]:
        """Rules for a case of ``kind`` received on ``received_on`` (the rule in force then)."""
        key = (CaseKind(kind), flags)
        found = self._matching.get(key)
        if found is None:  # a bulk recompute asks the same (kind, conditions) thousands of times
            found = tuple(r for r in self.rules if r.kind is key[0] and r.matches(flags))
            self._matching[key] = found
        return [r for r in found if r.in_force(received_on)]

    def rule(self, code: str) -> DeadlineRule:
        """The rule with ``code``."""
        found = [r for r in self.rules if r.code == code]
        if not found:
            raise KeyError(code)
        return found[0]

    def extension_limit(self, kind: CaseKind | str, flags: Flags) -> ExtensionLimit | None:
        """The most specific extension limit for the case (``None``: no extension allowed)."""
        kind = CaseKind(kind)
        found = [x for x in self.extension_limits if x.kind is kind and x.applies(flags)]
        found.sort(key=lambda x: EXTENSION_CONDITIONS.index(x.condition), reverse=True)
        return found[0] if found else None

    def suspension_rule(self, kind: CaseKind | str) -> SuspensionRule | None:
        """The legal basis for suspending a case of ``kind`` (``None``: the law has none)."""
        kind = CaseKind(kind)
        return next((x for x in self.suspension_rules if x.kind is kind), None)

    def with_overrides(self, overrides: Mapping[str, Mapping[str, Any]]) -> RuleSet:
        """A copy with office settings applied per rule code, e.g. ``{"x": {"count": 15}}``."""
        unknown = set(overrides) - {r.code for r in self.rules}
        if unknown:
            raise RuleTableError(f"Không có quy tắc {sorted(unknown)}")
        try:
            changed = [dataclasses.replace(r, **overrides.get(r.code, {})) for r in self.rules]
        except TypeError as exc:
            raise RuleTableError(f"Thiết lập quy tắc không hợp lệ: {exc}") from None
        return RuleSet(
            changed,
            self.extension_limits,
            makeup_workdays=self.makeup_workdays,
            extra_days_off=self.extra_days_off,
            note=self.note,
            suspension_rules=self.suspension_rules,
        )

    def calendar(
        self,
        extra_days_off: Iterable[date] = (),
        makeup_workdays: Iterable[date] = (),
    ) -> WorkingCalendar:
        """A working calendar with the table's known swaps plus the office's own days.

        The office's days win over the table's: a shipped make-up Saturday the office lists as a
        day off is a day off, and the other way round.
        """
        office_off, office_makeup = set(extra_days_off), set(makeup_workdays)
        days_off = {
            d: name or OFFICE_DAY_OFF for d, name in self.extra_days_off.items() if d not in office_makeup
        }
        days_off.update({d: OFFICE_DAY_OFF for d in office_off if d not in days_off})
        makeup = (set(self.makeup_workdays) - office_off) | office_makeup
        return WorkingCalendar(days_off, makeup)
