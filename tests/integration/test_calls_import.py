"""The duty phone's call log and SMS against the register, on SQLite and PostgreSQL (issue 16).

The fixtures are SMS Backup & Restore files written by ``tests/fixtures/calls/build_fixtures.py``
from the app's published field list; expected totals are counted here with ElementTree, apart
from the code under test.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.bootstrap import Services
from app.domain.enums import CaseKind, Channel
from app.domain.permissions import Actor
from app.models import AuditLog, PhoneLogEntry, PhoneLogImport
from app.services.calls.sbr_xml import CallFileRefused
from app.services.cases.dto import NewCase
from app.services.core.errors import ValidationError
from app.settings import resolve
from tests.sample_office import command_line_services

CALLS = Path(__file__).parents[1] / "fixtures" / "calls"
FIRST = CALLS / "calls-20260301080000.xml"
LATER = CALLS / "calls-20260303080000.xml"
SMS = CALLS / "sms-20260301080000.xml"
NOW = datetime(2026, 3, 4, 8, 0)
RECONCILED_TYPES = {"1", "3", "4", "5", "7"}
WITHHELD_NUMBERS = {"-1", "-2", "", "Private"}


@pytest.fixture(params=["sqlite", "postgresql"])
def services(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Services]:
    url = (
        f"sqlite:///{tmp_path / 'hotline.db'}"
        if request.param == "sqlite"
        else request.getfixturevalue("pg_url")
    )
    svc = command_line_services(resolve(url, data_dir=tmp_path), clock=lambda: NOW, today=lambda: NOW.date())
    yield svc
    svc.close()


def _case(services: Services, when: str, phone: str, **extra: object) -> int:
    new = NewCase(
        content="Phản ánh qua điện thoại", received_at=datetime.fromisoformat(when), phone=phone, **extra
    )  # type: ignore[arg-type]
    return services.cases.create_case(new, None).id


def _register(services: Services) -> None:
    _case(services, "2026-02-09 09:20", "0912 000 001")  # A
    _case(services, "2026-02-10 08:00", "0912000002")  # B: the day after its in-hours call
    _case(services, "2026-02-23 09:00", "0912000003")  # C: next working morning after Tết
    _case(services, "2026-01-05 10:00", "0912000009", kind=CaseKind.DENUNCIATION, citizen_name="Nguyễn Văn Tố",
          channel=Channel.WALK_IN)  # fmt: skip


def _expected(path: Path) -> tuple[int, int]:
    """(reconciled, withheld reconciled) counted straight from the XML."""
    calls = ET.parse(path).getroot().findall("call")
    reconciled = [c for c in calls if c.get("type") in RECONCILED_TYPES]
    withheld = [
        c for c in reconciled if c.get("number") in WITHHELD_NUMBERS or c.get("presentation") in ("2", "3")
    ]
    return len(reconciled), len(withheld)


def _by_phone(services: Services) -> dict[str | None, list[object]]:
    out: dict[str | None, list[object]] = {}
    for row in services.calls.unmatched(limit=10_000):
        out.setdefault(row.phone, []).append(row)
    return out


def test_import_reconciles_calls_over_tet_and_reimport_adds_nothing(services: Services) -> None:
    _register(services)
    reconciled, withheld = _expected(FIRST)
    report = services.calls.import_file(FIRST)
    assert report.read == len(ET.parse(FIRST).getroot()) == 431
    assert (report.new, report.already, report.problems) == (431, 0, ())
    assert report.matched == 2  # A (same day) and C (Friday evening → Monday 23/02 after Tết)
    assert report.unmatched == reconciled - 2 and report.withheld == withheld > 0
    assert report.callbacks == 1  # D: missed on Tết Saturday, called back on 23/02
    rows = _by_phone(services)
    assert "+84912000001" not in rows and "+84912000003" not in rows
    assert len(rows["+84912000002"]) == 1  # B: the case came only the next day
    assert len(rows[None]) == withheld
    missed_e = rows["+84912000005"][0]
    assert missed_e.callback_due == datetime(2026, 2, 11, 12, 0) and missed_e.called_back_at is None  # type: ignore[attr-defined]
    assert rows["+84912000004"][0].called_back_at == datetime(2026, 2, 23, 8, 30)  # type: ignore[attr-defined]
    assert rows["+84912000006"][0].called_back_at is None  # type: ignore[attr-defined]  # 0 s: nobody answered
    tasks = {t.phone for t in services.calls.callback_tasks()}
    assert "+84912000005" in tasks and "+84912000004" not in tasks and "" not in tasks

    again = services.calls.import_file(FIRST)
    assert (again.new, again.already, again.matched, again.callbacks) == (0, 431, 0, 0)
    later = services.calls.import_file(LATER)
    assert (later.new, later.already) == (2, len(ET.parse(LATER).getroot()) - 2)
    assert later.callbacks == 1  # E called back on 02/03
    assert "+84912000005" not in {t.phone for t in services.calls.callback_tasks()}
    with services.sessions() as session:
        assert session.scalar(select(func.count()).select_from(PhoneLogEntry)) == 433
        assert session.scalar(select(func.count()).select_from(PhoneLogImport)) == 3


def test_a_case_logged_after_the_import_reconciles_the_call(services: Services) -> None:
    services.calls.import_file(FIRST)
    assert "+84912000001" in _by_phone(services)
    _case(services, "2026-02-09 17:45", "+84 912 000 001")
    assert "+84912000001" not in _by_phone(services)


def test_dry_run_counts_and_writes_nothing(services: Services) -> None:
    _register(services)
    dry = services.calls.import_file(FIRST, dry_run=True)
    assert (dry.dry_run, dry.new, dry.matched, dry.callbacks) == (True, 431, 2, 1)
    with services.sessions() as session:
        assert session.scalar(select(func.count()).select_from(PhoneLogEntry)) == 0


def test_sms_thread_becomes_one_case_with_its_text(services: Services) -> None:
    report = services.calls.import_file(SMS)
    assert (report.read, report.new, report.unmatched, report.skipped) == (5, 4, 3, 1)  # the draft is skipped
    rows = services.calls.unmatched()
    first = min((r for r in rows if r.phone == "+84987000111"), key=lambda r: r.at)
    assert "😟" in first.body
    prefill = services.calls.prefill(first.id)
    assert prefill.channel == Channel.SMS and prefill.received_at == datetime(2026, 2, 21, 19, 2, 10)
    assert "đèn đường ngõ 12 Lạch Tray" in prefill.content and "🙏\nXin cảm ơn!" in prefill.content
    assert "𠀋" in prefill.content and len(prefill.call_ids) == 3  # Saturday night → until Monday noon
    new = NewCase(
        content=prefill.content, phone=prefill.phone, received_at=prefill.received_at, channel=Channel.SMS
    )
    saved = services.cases.create_case(new, None)
    services.calls.link_case(prefill.call_ids, saved.id)
    assert not [r for r in services.calls.unmatched() if r.phone == "+84987000111"]
    assert services.detail.get(saved.id).content.endswith("(chữ Nôm thử)")


def test_dismissal_needs_a_listed_reason_and_is_audited(services: Services) -> None:
    number = services.cases.create_case(NewCase(content="Vụ khác", phone="0909000000"), None).number
    services.calls.import_file(FIRST)
    row = _by_phone(services)["+84912000002"][0]
    with pytest.raises(ValidationError):
        services.calls.dismiss(row.id, "chán")  # type: ignore[attr-defined]
    with pytest.raises(ValidationError, match="Không có vụ việc số"):
        services.calls.dismiss(row.id, "other_case", case_number="2099-99999")  # type: ignore[attr-defined]
    services.calls.dismiss(row.id, "other_case", case_number=number)  # type: ignore[attr-defined]
    assert "+84912000002" not in _by_phone(services)
    with services.sessions() as session:
        audit = session.scalars(select(AuditLog.after).where(AuditLog.action == "calls.dismiss")).all()
    assert len(audit) == 1 and json.loads(audit[0])["reason"] == "Đã ghi ở vụ việc khác"
    assert "0912" not in audit[0] and "912000002" not in audit[0]  # no phone number in the log
    counts = services.calls.counts(date(2026, 2, 1), date(2026, 2, 28))
    assert counts.logged == 1 and counts.dismissed == 0


def test_withheld_missed_call_has_no_callback_and_manual_callback_is_audited(services: Services) -> None:
    services.calls.import_file(FIRST)
    withheld = [r for r in services.calls.unmatched(limit=10_000) if r.phone is None]
    assert withheld and all(r.callback_due is None for r in withheld)
    missed = _by_phone(services)["+84912000005"][0]
    services.calls.mark_called_back(missed.id)  # type: ignore[attr-defined]
    assert "+84912000005" not in {t.phone for t in services.calls.callback_tasks()}
    with services.sessions() as session:
        assert session.scalar(select(func.count()).where(AuditLog.action == "calls.called_back")) == 1


def test_a_denouncers_number_lists_the_call_but_not_the_name(services: Services) -> None:
    _register(services)
    services.calls.import_file(FIRST)
    officer = next(u for u in services.catalog.users() if u.role == "receiver")
    services.signed_in.sign_in(Actor(officer.id, officer.username, officer.full_name, "receiver"))
    call = _by_phone(services)["+84912000009"][0]
    assert call.name == "" and call.earlier_cases == 0  # type: ignore[attr-defined]
    assert services.calls.earlier_cases(call.id) == []  # type: ignore[attr-defined]
    assert services.calls.prefill(call.id).citizen_name == ""  # type: ignore[attr-defined]
    services.signed_in.sign_in(Actor(officer.id, officer.username, officer.full_name, "chief"))
    call = _by_phone(services)["+84912000009"][0]
    assert call.name == "Nguyễn Văn Tố" and call.earlier_cases == 1  # type: ignore[attr-defined]
    assert [c.received_at.date() for c in services.calls.earlier_cases(call.id)] == [date(2026, 1, 5)]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("calls-truncated.xml", "bị cắt cụt"),
        ("bomb.xml", "bom XML"),
        ("external-entity.xml", "DOCTYPE"),
        ("other-app-calllog.xml", "không phải bản sao lưu"),
        ("calls-no-time.csv", "không có cột «Thời gian»"),
    ],
)
def test_a_bad_file_is_refused_whole_with_a_vietnamese_reason(
    services: Services, name: str, words: str
) -> None:
    with pytest.raises(CallFileRefused, match=words):
        services.calls.import_file(CALLS / name)
    with services.sessions() as session:
        assert session.scalar(select(func.count()).select_from(PhoneLogEntry)) == 0
        assert session.scalar(select(func.count()).select_from(PhoneLogImport)) == 0


def test_csv_call_log_rows_refused_with_their_line(services: Services) -> None:
    report = services.calls.import_file(CALLS / "call-log-tong-dai.csv")
    lines = {p.line: p.reason for p in report.problems}
    assert sorted(lines) == [6, 7, 8, 9]
    assert "ở tương lai" in lines[6] and "không có thật" in lines[7]
    assert "Thời lượng «hai phút»" in lines[8] and "Loại cuộc gọi «Fax»" in lines[9]
    assert (report.read, report.new, report.withheld, report.callbacks) == (9, 5, 1, 1)
    assert _by_phone(services)["+84912000002"][0].duration_s == 64  # type: ignore[attr-defined]


def test_period_counts(services: Services) -> None:
    _register(services)
    services.calls.import_file(FIRST)
    services.calls.import_file(SMS)
    reconciled, _withheld = _expected(FIRST)
    counts = services.calls.counts(date(2026, 2, 1), date(2026, 2, 28))
    assert counts.received == reconciled + 3 and counts.logged == 2
    assert counts.unmatched == counts.received - 2 and counts.missed_called_back == 1
    assert counts.missed_not_called_back > 0


def test_periodic_report_prints_the_same_call_figures_in_pdf_and_excel(
    services: Services, tmp_path: Path
) -> None:
    from openpyxl import load_workbook
    from pypdf import PdfReader

    from app.domain.periods import month
    from app.services.reports.report_service import ReportOptions, write_report

    _register(services)
    services.calls.import_file(FIRST)
    services.calls.import_file(SMS)
    row = _by_phone(services)["+84912000002"][0]
    services.calls.dismiss(row.id, "wrong_number")  # type: ignore[attr-defined]
    counts = services.calls.counts(date(2026, 2, 1), date(2026, 2, 28))
    report = services.reports.build(ReportOptions(month(2026, 2), include_cases=False))
    tables = {t.title: {r.label: r.counts[0] for r in t.rows} for t in report.tables}
    calls = tables["Cuộc gọi, tin nhắn đến máy trực (đối chiếu với sổ)"]
    assert calls == {"Đã ghi nhận thành vụ việc": counts.logged, "Bỏ qua có lý do": 1,
                     "Chưa ghi nhận": counts.unmatched}  # fmt: skip
    assert sum(calls.values()) == counts.received
    assert tables["Cuộc gọi nhỡ (có số máy)"] == {
        "Nhỡ đã gọi lại": counts.missed_called_back, "Nhỡ chưa gọi lại": counts.missed_not_called_back}  # fmt: skip
    text = "\n".join(
        p.extract_text() for p in PdfReader(write_report(report, "pdf", tmp_path / "t2.pdf")).pages
    )
    assert "Cuộc gọi, tin nhắn đến máy trực" in text and "Nhỡ chưa gọi lại" in text
    book = load_workbook(write_report(report, "xlsx", tmp_path / "t2.xlsx"))
    cells = [c for ws in book for r in ws.iter_rows(values_only=True) for c in r]
    i = cells.index("Chưa ghi nhận")
    assert counts.unmatched in cells[i : i + 3]
    assert (
        not services.reports.build(ReportOptions(month(2026, 1), include_cases=False))
        .tables[-1]
        .title.startswith("Cuộc gọi")
    )
