"""Call-log parsing and the reconciliation window, without a database (issue 16)."""

from __future__ import annotations

from datetime import datetime, time
from pathlib import Path

import pytest

from app.domain.working_calendar import WorkingCalendar
from app.services.calls.call_csv import duration_seconds, read_call_csv
from app.services.calls.call_window import MatchWindow
from app.services.calls.phone_events import EventKind, caller_number, from_epoch_ms
from app.services.calls.sbr_xml import CallFileRefused, read_backup_xml

CAL = WorkingCalendar()
W = MatchWindow()


@pytest.mark.parametrize(
    ("at", "until"),
    [
        ("2026-02-09 10:00", "2026-02-10 00:00"),  # Monday in hours: the same day
        ("2026-02-09 06:30", "2026-02-10 00:00"),  # before hours on a working day: still that day
        ("2026-02-09 20:00", "2026-02-10 12:00"),  # evening: next working morning
        ("2026-02-13 20:30", "2026-02-23 12:00"),  # Friday before Tết: Monday after the holiday
        ("2026-02-17 09:00", "2026-02-23 12:00"),  # Tết day
        ("2026-02-28 09:00", "2026-03-02 12:00"),  # Saturday
    ],
)
def test_window_is_the_same_day_or_the_next_working_morning(at: str, until: str) -> None:
    start, end = W.bounds(datetime.fromisoformat(at), CAL)
    assert start == datetime.fromisoformat(at).replace(hour=0, minute=0)
    assert end == datetime.fromisoformat(until)


def test_window_setting_round_trips_and_bad_json_gives_defaults() -> None:
    custom = MatchWindow(time(8, 0), time(16, 30), time(11, 0), 1)
    assert MatchWindow.from_json(custom.to_json()) == custom
    assert MatchWindow.from_json("{not json") == MatchWindow()
    start, _end = custom.bounds(datetime(2026, 2, 10, 9, 0), CAL)
    assert start == datetime(2026, 2, 9)


@pytest.mark.parametrize(
    ("raw", "presentation", "expected"),
    [
        ("0912.000.001", "1", "+84912000001"),
        ("84912000001", "1", "+84912000001"),
        ("+84 912 000 001", None, "+84912000001"),
        ("-1", "1", None),
        ("-2", "2", None),
        ("", "3", None),
        ("Private", None, None),
        ("0912000001", "2", None),  # presentation "restricted" wins over a number
        ("12345", "1", None),
    ],
)
def test_withheld_and_normalised_numbers(raw: str, presentation: str | None, expected: str | None) -> None:
    assert caller_number(raw, presentation) == expected


def test_epoch_ms_is_read_in_asia_ho_chi_minh() -> None:
    assert from_epoch_ms("1770603300000") == datetime(2026, 2, 9, 9, 15)  # 02:15 UTC


def test_durations() -> None:
    assert [duration_seconds(v) for v in ("75", "1:15", "00:01:15", "1 phút 15 giây", "", "hai")] == [
        75, 75, 75, 75, 0, None]  # fmt: skip


def test_csv_with_iso_utc_times_and_english_headers(tmp_path: Path) -> None:
    path = tmp_path / "pbx.csv"
    path.write_text("Date,Number,Direction,Duration\n2026-02-09T02:15:00Z,0912000001,inbound,60\n"
                    "2026-02-09 03:00:00+00:00,0912000001,missed,0\n", encoding="utf-8")  # fmt: skip
    result = read_call_csv(path)
    assert [(e.at, e.kind) for e in result.events] == [
        (datetime(2026, 2, 9, 9, 15), EventKind.INCOMING), (datetime(2026, 2, 9, 10, 0), EventKind.MISSED)]  # fmt: skip


def test_xml_surrogate_pairs_across_chunk_boundaries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import app.services.calls.sbr_xml as sbr

    monkeypatch.setattr(sbr, "CHUNK", 7)  # every reference is cut somewhere between chunks
    body = "Cảm ơn &#55357;&#56911; lần &#55357;&#56832;&#10;hai"
    path = tmp_path / "sms-1.xml"
    path.write_text(f'<?xml version="1.0"?>\n<smses count="1">\n  <sms address="0912000001" date="1770603300000" '
                    f'type="1" body="{body}" contact_name="(Unknown)" />\n</smses>\n', encoding="utf-8")  # fmt: skip
    events = read_backup_xml(path).events
    assert events[0].body == "Cảm ơn 🙏 lần 😀\nhai"


def test_xml_unknown_type_is_a_row_problem_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "calls-1.xml"
    path.write_text('<?xml version="1.0"?>\n<calls count="2">\n'
                    '  <call number="0912000001" duration="5" date="1770603300000" type="1" />\n'
                    '  <call number="0912000001" duration="5" date="1770603300000" type="9" />\n'
                    '  <call number="0912000001" duration="5" date="hôm qua" type="1" />\n</calls>\n',
                    encoding="utf-8")  # fmt: skip
    result = read_backup_xml(path)
    assert len(result.events) == 1
    assert [(p.line, p.reason[:14]) for p in result.problems] == [
        (4, "Loại cuộc gọi "),
        (5, "Thời gian «hôm"),
    ]


def test_a_csv_file_that_is_not_xml_is_refused_when_named_xml(tmp_path: Path) -> None:
    path = tmp_path / "calls-2.xml"
    path.write_text("<html><body>404</body></html>", encoding="utf-8")
    with pytest.raises(CallFileRefused, match="không phải bản sao lưu"):
        read_backup_xml(path)


def test_fast_path_agrees_with_the_full_parse_on_random_numbers() -> None:
    import random

    from app.domain.phone import normalize_phone

    rng = random.Random(16)
    for _ in range(20_000):
        sig = str(rng.randrange(10**8, 10**9))
        for raw in ("0" + sig, "+84" + sig, "84 " + sig[:2] + " " + sig[2:]):
            full = normalize_phone(raw)
            assert caller_number(raw) == (full.value if full and full.valid else None), raw
