"""Facebook exports as a new office meets them: which participant is the page, HTML exports,
the page name remembered, a phone number written in a message.

Files are built like Meta's: ``message_1.json`` with ``participants``/``messages``/``thread_path``,
UTF-8 written as ``\\u00XX`` escapes (latin-1 mojibake), in a zip under ``messages/inbox/``.
"""

from __future__ import annotations

import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from app.bootstrap import Services
from app.models import AuditLog, Case, CaseEvent, Citizen, Setting
from app.services.channels.facebook_import import conversations
from app.services.channels.facebook_pages import PAGE_NAMES_KEY
from app.services.channels.import_types import ImportRefused

PAGE = "UBND phường Hải An"
CITIZEN = "Nguyễn Thị Lan"


def _ms(at: datetime) -> int:
    return int((at.replace(tzinfo=UTC).timestamp() - 7 * 3600) * 1000)  # Việt Nam time → UTC ms


def _meta_json(doc: dict[str, object]) -> bytes:
    """Meta's export: every UTF-8 byte as a \\u00XX escape."""
    text = json.dumps(doc, ensure_ascii=False)
    return json.dumps(json.loads(text.encode("utf-8").decode("latin-1")), ensure_ascii=True).encode()


def _thread(participants: list[str], messages: list[tuple[str, datetime, str]]) -> dict[str, object]:
    return {
        "participants": [{"name": n} for n in participants],
        "messages": [
            {"sender_name": who, "timestamp_ms": _ms(at), "content": text, "type": "Generic"}
            for who, at, text in sorted(messages, key=lambda m: m[1], reverse=True)  # Meta: newest first
        ],
        "title": participants[0],
        "is_still_participant": True,
        "thread_path": "inbox/nguyenthilan_10234567890999",
    }


def _zip(path: Path, docs: dict[str, dict[str, object]]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, doc in docs.items():
            zf.writestr(
                f"your_activity_across_facebook/messages/inbox/{name}/message_1.json", _meta_json(doc)
            )
    return path


ASKED = datetime(2026, 11, 18, 9, 30)
ANSWERED = datetime(2026, 11, 18, 10, 5)
MESSAGES = [
    (CITIZEN, ASKED, "Chào ad, đèn đường ngõ 5 Lê Lợi hỏng 1 tuần rồi. SĐT em 0912.345.678 ạ"),
    (PAGE, ANSWERED, "Dạ UBND phường đã chuyển bộ phận kỹ thuật, số máy bàn 0225 3842 123."),
]


def test_one_thread_with_the_page_listed_first_and_no_page_name(tmp_path: Path) -> None:
    export = _zip(tmp_path / "fb.zip", {"nguyenthilan_10234567890999": _thread([PAGE, CITIZEN], MESSAGES)})
    (conv,) = conversations(export)
    assert conv.citizen_name == CITIZEN, "the page is not the citizen because Meta listed it first"
    assert conv.received_at == ASKED, "received when the citizen wrote, not when the page replied"
    assert conv.phone == "+84912345678", "the citizen's number, not the page's landline"


def test_an_export_that_does_not_tell_the_page_asks_for_its_name(tmp_path: Path) -> None:
    three = _thread([PAGE, CITIZEN, "Trần Văn Bình"], [*MESSAGES, ("Trần Văn Bình", ANSWERED, "Em nữa")])
    export = _zip(tmp_path / "fb.zip", {"nguyenthilan_10234567890999": three})
    with pytest.raises(ImportRefused) as refused:
        conversations(export)
    assert "tên Trang Facebook" in refused.value.message and "--page-name" in refused.value.message
    assert f"«{CITIZEN}»" in refused.value.message
    (conv,) = conversations(export, [PAGE])
    assert conv.citizen_name == CITIZEN


def test_the_page_name_given_once_is_remembered_and_the_phone_offered(
    services: Services, tmp_path: Path
) -> None:
    three = _thread([PAGE, CITIZEN, "Trần Văn Bình"], MESSAGES)
    export = _zip(tmp_path / "fb.zip", {"nguyenthilan_10234567890999": three})
    with pytest.raises(ImportRefused):
        services.imports.run(export)
    report = services.imports.run(export, page_names=[PAGE])
    assert report.imported == 1
    with services.sessions() as session:
        stored = session.scalar(select(Setting.value).where(Setting.key == PAGE_NAMES_KEY))
        case = session.scalars(select(Case)).one()
        citizen = session.get(Citizen, case.citizen_id)
    assert json.loads(stored or "[]") == [PAGE]
    assert citizen is not None and (citizen.full_name, citizen.phone) == (CITIZEN, "+84912345678")
    assert case.received_at == ASKED
    again = services.imports.run(export)  # no page name given: the remembered one is used
    assert again.already_present == 1


@pytest.mark.parametrize("as_zip", [True, False])
def test_an_html_export_is_named_and_the_json_choice_explained(
    services: Services, tmp_path: Path, as_zip: bool
) -> None:
    page = "<html><body><div>Nguyễn Thị Lan</div><div>Chào ad</div></body></html>"
    inner = "your_activity_across_facebook/messages/inbox/nguyenthilan_10234567890999/message_1.html"
    if as_zip:
        export = tmp_path / "facebook-uabndhaian.zip"
        with zipfile.ZipFile(export, "w") as zf:
            zf.writestr(inner, page)
    else:
        export = tmp_path / "facebook-uabndhaian"
        (export / inner).parent.mkdir(parents=True)
        (export / inner).write_text(page, encoding="utf-8")
    for call in (lambda: services.imports.preview(export), lambda: services.imports.run(export)):
        with pytest.raises(ImportRefused) as refused:
            call()
        assert "định dạng HTML" in refused.value.message and "JSON" in refused.value.message
        assert "hỏng" not in refused.value.message


def test_a_later_export_appends_the_new_messages_to_the_case_history(
    services: Services, tmp_path: Path
) -> None:
    first = _zip(tmp_path / "fb-1.zip", {"nguyenthilan_10234567890999": _thread([PAGE, CITIZEN], MESSAGES)})
    assert services.imports.run(first, page_names=[PAGE]).imported == 1
    later = [*MESSAGES, (CITIZEN, datetime(2026, 11, 19, 8, 0), "Đèn vẫn chưa sửa ạ, ngõ tối lắm")]
    second = _zip(tmp_path / "fb-2.zip", {"nguyenthilan_10234567890999": _thread([PAGE, CITIZEN], later)})
    trial = services.imports.run(second, dry_run=True)
    assert (trial.imported, trial.already_present, trial.appended_messages) == (0, 1, 1)
    report = services.imports.run(second)
    assert (report.imported, report.already_present, report.appended_messages, report.appended_cases) == (
        0,
        1,
        1,
        1,
    )
    assert "Đã thêm 1 tin nhắn mới vào diễn biến của 1 vụ việc" in report.summary()
    with services.sessions() as session:
        case = session.scalars(select(Case)).one()
        events = session.execute(
            select(CaseEvent.action, CaseEvent.note)
            .where(CaseEvent.case_id == case.id)
            .order_by(CaseEvent.id)
        ).all()
    assert events[-1] == ("messages_added", f"[19/11/2026 08:00] {CITIZEN}: Đèn vẫn chưa sửa ạ, ngõ tối lắm")
    assert case.version == 2
    with services.sessions() as session:
        audited = session.execute(
            select(AuditLog.action, AuditLog.object_id).where(AuditLog.action.like("case.%"))
        )
        assert ("case.messages_added", str(case.id)) in {tuple(row) for row in audited}
    again = services.imports.run(second)
    assert again.appended_messages == 0, "a message is added once"
