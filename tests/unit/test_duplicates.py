"""Likely duplicates, repeat calls and merges: the officer sees the earlier case and keeps one file."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from app.bootstrap import Services
from app.domain.enums import CaseKind, CaseStatus, Channel
from app.domain.imports.similarity import (
    Candidate,
    Probe,
    content_similarity,
    duplicate_reasons,
    place_phrases,
)
from app.models import Attachment, AuditLog, Case, CaseEvent
from app.services.cases.dto import CaseFilter, NewCase
from app.services.core.errors import ValidationError

NOW = datetime(2026, 11, 20, 9, 30)
WINDOW = timedelta(days=30)
DRAIN = "Cống thoát nước trên đường Lạch Tray, phường Lê Chân bị tắc, nước tràn lên vỉa hè"


# --- pure scoring -------------------------------------------------------------------------
def test_place_names_are_read_with_their_marks() -> None:
    text = "Cống trên đường Lạch Tray, phường Lê Chân; cơ quan chức năng chưa xử lý. Tổ dân phố 5, ngõ 12 Trần Phú."
    assert place_phrases(text) == {"lach tray", "le chan", "12 tran phu"}


def test_similar_content_without_marks_or_word_order_scores_high() -> None:
    assert (
        content_similarity(DRAIN, "cong thoat nuoc duong Lach Tray phuong Le Chan bi tac, tran via he") >= 85
    )
    assert content_similarity(DRAIN, "Đề nghị hướng dẫn thủ tục đăng ký kinh doanh hộ cá thể") < 50


@pytest.mark.parametrize(
    ("other", "reason"),
    [
        (Candidate(1, NOW - timedelta(days=3), phone="+84912345678"), "Cùng số điện thoại"),
        (Candidate(1, NOW - timedelta(days=3), id_number="031099001234"), "Cùng số CCCD/CMND"),
        (Candidate(1, NOW, name="NGUYEN VAN AN", address="so 5 lach tray le chan"), "Cùng họ tên và địa chỉ"),
        (
            Candidate(1, NOW, content="Đường Lạch Tray cống thoát nước bị tắc, nước tràn vỉa hè"),
            "Nội dung giống",
        ),
    ],
)
def test_each_kind_of_duplicate(other: Candidate, reason: str) -> None:
    probe = Probe(NOW, phone="+84912345678", id_number="031099001234", name="Nguyễn Văn An",
                  address="Số 5 Lạch Tray, Lê Chân", content=DRAIN)  # fmt: skip
    reasons, score = duplicate_reasons(probe, other, WINDOW)
    assert reasons and reasons[0].startswith(reason) and score >= 80


def test_not_duplicates() -> None:
    probe = Probe(NOW, phone="+84912345678", content=DRAIN)
    too_old = Candidate(1, NOW - timedelta(days=31), phone="+84912345678")
    elsewhere = Candidate(2, NOW, content=DRAIN.replace("Lạch Tray", "Tô Hiệu").replace("Lê Chân", "Hải An"))
    same_name_other_address = Candidate(3, NOW, name="Nguyễn Văn An", address="Thủy Nguyên")
    for other in (too_old, elsewhere, same_name_other_address):
        assert duplicate_reasons(probe, other, WINDOW) == ((), 0)


# --- at intake ----------------------------------------------------------------------------
def _save(services: Services, **kw: object) -> int:
    base = {"content": DRAIN, "received_at": NOW - timedelta(days=2)}
    return services.cases.create_case(NewCase(**{**base, **kw}), None).id  # type: ignore[arg-type]


def test_intake_warns_of_the_same_caller_and_of_the_same_matter(services: Services) -> None:
    first = _save(services, phone="0912345678", citizen_name="Nguyễn Văn An")
    _save(services, content="Đèn đường phố Cầu Đất hỏng", phone="0987654321")
    by_phone = services.duplicates.check(NewCase(content="Hỏi tiến độ", phone="091 234 5678"))
    assert [(m.case_id, m.reasons) for m in by_phone] == [(first, ("Cùng số điện thoại",))]
    by_content = services.duplicates.check(
        NewCase(content="Cong thoat nuoc duong Lach Tray bi tac tran via he")
    )
    assert [m.case_id for m in by_content] == [first]  # place comes from the typed content
    assert services.duplicates.check(NewCase(content="Cây đổ chắn ngang đường Lạch Tray")) == ()


def test_window_is_configurable(services: Services) -> None:
    _save(services, phone="0912345678", received_at=NOW - timedelta(days=40))
    assert services.duplicates.window_days() == 30
    assert services.duplicates.check(NewCase(content="x", phone="0912345678")) == ()
    services.duplicates.set_window_days(60)
    assert len(services.duplicates.check(NewCase(content="x", phone="0912345678"))) == 1
    with pytest.raises(ValidationError):
        services.duplicates.set_window_days(0)


def test_sealed_denunciation_is_never_matched_by_identity(services: Services) -> None:
    _save(services, kind=CaseKind.DENUNCIATION_INFO, phone="0912345678", content="Tố cáo cán bộ nhận tiền")
    assert services.duplicates.check(NewCase(content="Hỏi tiến độ", phone="0912345678")) == ()


def test_repeat_call_is_recorded_on_the_existing_case_without_a_new_one(services: Services) -> None:
    first = _save(services, phone="0912345678")
    linked = services.duplicates.link_repeat(
        first,
        NewCase(content="Cống vẫn tắc, đề nghị xử lý sớm", phone="0912345678", channel=Channel.HOTLINE),
        None,
    )
    assert linked.case_id == first
    with services.sessions() as session:
        assert len(session.scalars(select(Case)).all()) == 1
        event = session.scalars(select(CaseEvent).where(CaseEvent.action == "repeat_call")).one()
    assert (
        event.case_id == first and "Liên hệ lại qua Đường dây nóng" in event.note and "vẫn tắc" in event.note
    )


def test_a_repeat_call_on_a_denunciation_keeps_the_callers_identity_out_of_history_and_audit(
    services: Services,
) -> None:
    sealed = _save(services, kind=CaseKind.DENUNCIATION, phone="0912345678", citizen_name="Phạm Văn Kín")
    services.duplicates.link_repeat(
        sealed,
        NewCase(content="Bổ sung tài liệu tố cáo", phone="0912 345 678", citizen_name="Phạm Văn Kín"),
        None,
    )
    with services.sessions() as session:
        event = session.scalars(select(CaseEvent).where(CaseEvent.action == "repeat_call")).one()
        audit = session.scalars(select(AuditLog.after).where(AuditLog.action == "case.repeat_call")).one()
    for text in (event.note, event.data, audit):
        assert "Phạm Văn Kín" not in text and "0912" not in text and "912345678" not in text
    assert "Bổ sung tài liệu tố cáo" in event.note


# --- merge --------------------------------------------------------------------------------
def test_merge_keeps_a_permanent_pointer_from_the_merged_number(services: Services, tmp_path: object) -> None:
    keep = services.cases.create_case(NewCase(content=DRAIN, received_at=NOW - timedelta(days=3)), None)
    dup = services.cases.create_case(
        NewCase(content="Cống Lạch Tray tắc", received_at=NOW - timedelta(days=1)), None
    )
    with services.sessions.begin() as session:
        session.add(
            Attachment(
                case_id=dup.id, file_name="anh.jpg", stored_name="x", sha256="0" * 64, size=1, added_at=NOW
            )
        )
    result = services.merges.merge(keep.id, dup.id, "Cùng một vụ việc", None)
    assert (result.survivor_number, result.merged_number, result.moved_attachments) == (
        keep.number,
        dup.number,
        1,
    )
    ref = services.merges.resolve_number(dup.number)
    assert ref is not None and (ref.id, ref.via) == (keep.id, dup.number)
    assert services.merges.resolve(dup.id).id == keep.id
    merged = services.detail.get(dup.id)
    assert merged.status is CaseStatus.FILED and "Đã gộp vào vụ việc" in merged.events[-1].note
    survivor = services.detail.get(keep.id)
    assert len(survivor.attachments) == 1 and dup.number in survivor.events[-1].note
    hits = services.query.page(CaseFilter(text=dup.number)).rows
    assert [h.id for h in hits] == [dup.id]  # the search finds the number; opening it resolves to keep
    assert all(m.case_id != dup.id for m in services.duplicates.check(NewCase(content=DRAIN)))


def test_merge_chains_resolve_to_the_last_survivor(services: Services) -> None:
    a, b, c = (_save(services, content=f"Vụ {n} ở đường Lạch Tray") for n in "abc")
    services.merges.merge(b, a, "", None)
    services.merges.merge(c, b, "", None)
    assert services.merges.resolve(a).id == c


def test_merge_refusals(services: Services) -> None:
    plain = _save(services)
    sealed = _save(services, kind=CaseKind.DENUNCIATION, channel=Channel.WALK_IN)
    with pytest.raises(ValidationError):
        services.merges.merge(plain, plain, "", None)
    with pytest.raises(ValidationError) as info:
        services.merges.merge(plain, sealed, "", None)
    assert "tố cáo" in info.value.message
    other = _save(services)
    services.merges.merge(plain, other, "", None)
    with pytest.raises(ValidationError) as info:
        services.merges.merge(other, plain, "", None)
    assert "đã được gộp vào" in info.value.message


def test_without_a_place_in_the_content_the_address_names_it() -> None:
    probe = Probe(
        NOW,
        address="Số 20 đường Lê Lợi, phường Máy Tơ",
        content="Rác thải ùn ứ nhiều ngày không được thu gom",
    )
    assert probe.places() == {"le loi", "may to"}
    near = Candidate(1, NOW, content="Đường Lê Lợi rác thải ùn ứ nhiều ngày chưa thu gom")
    far = Candidate(2, NOW, content="Đường Tô Hiệu rác thải ùn ứ nhiều ngày chưa thu gom")
    assert duplicate_reasons(probe, near, WINDOW)[0] and not duplicate_reasons(probe, far, WINDOW)[0]
