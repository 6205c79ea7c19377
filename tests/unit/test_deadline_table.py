"""Hand-checked due dates across the official calendar 2025–2027 (issue 14).

Each row was counted by hand on a paper calendar before the engine was asked; the comment is the
count. «wd» = working day; BLDS 2015 art. 147 (the start day never counts) and art. 148 (a period in
plain days ending on a day off ends on the next working day). The calendar is the shipped
``working_calendar.json``: 12729/VPCP-KGVX (Fri 02/01/2026 off, Sat 10/01/2026 worked), Tết Bính Ngọ
14–22/02/2026, 30/04–03/05/2026, Sat 22/08 ↔ Mon 31/08/2026, 24/11 doubtful, Tết 2027 and 03/09/2027
estimated.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from app.domain.deadline_rules import RuleSet
from app.domain.deadlines import CaseClock, ClockError, DueDate, compute_due_dates
from app.domain.enums import CaseKind
from app.domain.working_calendar import WorkingCalendar

D = date
RULES = RuleSet.load()
CAL = WorkingCalendar()
TC, KN, PA, KNG = CaseKind.DENUNCIATION, CaseKind.COMPLAINT, CaseKind.FEEDBACK, CaseKind.PETITION


def _step(clock: CaseClock, step: str) -> DueDate:
    found = [d for d in compute_due_dates(clock, RULES, CAL) if d.step == step]
    assert len(found) == 1, found
    return found[0]


ROWS: list[tuple[str, dict[str, Any], str, date, bool]] = [
    # --- the 02/01/2026 swap (12729/VPCP-KGVX) --------------------------------------------------
    # tố cáo Fri 26/12/2025, transfer 5 wd: 29,30,31/12 (3); 01/01 Tết, 02/01 swapped off, 03–04 weekend;
    # 05/01 (4), 06/01 (5) → Tue 06/01/2026 (was 05/01 without the swap)
    ("tc-2025-12-26-transfer", dict(kind=TC, received_on=D(2025, 12, 26)), "transfer", D(2026, 1, 6), False),
    # … thụ lý 7 wd: 07/01 (6), 08/01 (7) → Thu 08/01/2026 (was 07/01)
    ("tc-2025-12-26-accept", dict(kind=TC, received_on=D(2025, 12, 26)), "accept", D(2026, 1, 8), False),
    # phản ánh Wed 31/12/2025, 10 wd: 01–04/01 off; 05–09 (5), Sat 10/01 worked (6), 12–15 (10) → 15/01/2026
    ("pa-2025-12-31", dict(kind=PA, received_on=D(2025, 12, 31)), "resolve", D(2026, 1, 15), False),
    # tố cáo accepted Wed 03/12/2025: 30 days end Fri 02/01/2026 = swapped day off, 03–04 weekend → 05/01
    (
        "tc-30d-ends-on-swap",
        dict(kind=TC, received_on=D(2025, 12, 1), accepted_on=D(2025, 12, 3)),
        "resolve",
        D(2026, 1, 5),
        False,
    ),
    # --- receipt on a Saturday or a holiday ------------------------------------------------------
    # phản ánh on the worked Saturday 10/01/2026: 12–16 (5), 19–23 (10) → Fri 23/01/2026
    ("pa-sat-worked", dict(kind=PA, received_on=D(2026, 1, 10)), "resolve", D(2026, 1, 23), False),
    # phản ánh on an ordinary Saturday 17/01/2026: 19–23 (5), 26–30 (10) → Fri 30/01/2026
    ("pa-sat", dict(kind=PA, received_on=D(2026, 1, 17)), "resolve", D(2026, 1, 30), False),
    # khiếu nại received on Tết Dương lịch 01/01/2026, thụ lý 10 wd: 02/01 off, 03–04 weekend, 05–09 (5),
    # Sat 10/01 (6), 12–15 (10) → Thu 15/01/2026
    ("kn-holiday", dict(kind=KN, received_on=D(2026, 1, 1)), "accept", D(2026, 1, 15), False),
    # --- Tết 2026 -------------------------------------------------------------------------------
    # tố cáo Fri 13/02/2026: 14–22/02 off; transfer 23–27 (5) → Fri 27/02/2026
    ("tc-tet-2026-transfer", dict(kind=TC, received_on=D(2026, 2, 13)), "transfer", D(2026, 2, 27), False),
    # … thụ lý 7 wd: 02/03 (6), 03/03 (7) → Tue 03/03/2026
    ("tc-tet-2026-accept", dict(kind=TC, received_on=D(2026, 2, 13)), "accept", D(2026, 3, 3), False),
    # khiếu nại accepted Sat 17/01/2026: 30 days end Mon 16/02 (Giao thừa) → first working day Mon 23/02
    (
        "kn-30d-into-tet-2026",
        dict(kind=KN, received_on=D(2026, 1, 12), accepted_on=D(2026, 1, 17)),
        "resolve",
        D(2026, 2, 23),
        False,
    ),
    # --- 30/4–1/5 -------------------------------------------------------------------------------
    # phản ánh Wed 29/04/2026: 30/04, 01/05 off, 02–03 weekend, 04–08 (5), 11–15 (10) → Fri 15/05/2026
    ("pa-30-4-2026", dict(kind=PA, received_on=D(2026, 4, 29)), "resolve", D(2026, 5, 15), False),
    # tố cáo accepted Tue 31/03/2026: 30 days end Thu 30/04 (holiday), 01/05 holiday, 02–03 weekend → 04/05
    (
        "tc-30d-30-4-2026",
        dict(kind=TC, received_on=D(2026, 3, 30), accepted_on=D(2026, 3, 31)),
        "resolve",
        D(2026, 5, 4),
        False,
    ),
    # khiếu nại accepted Wed 31/03/2027: 30 days end Fri 30/04/2027, Sat 01/05, Sun 02/05, Mon 03/05
    # (nghỉ bù for 01/05, BLLĐ art. 111(3)) → Tue 04/05/2027
    (
        "kn-30d-30-4-2027",
        dict(kind=KN, received_on=D(2027, 3, 29), accepted_on=D(2027, 3, 31)),
        "resolve",
        D(2027, 5, 4),
        False,
    ),
    # --- 2/9 ------------------------------------------------------------------------------------
    # phản ánh Thu 20/08/2026: 21 (1), Sat 22/08 worked (2), 24–28 (7), 29–30 weekend, 31/08 swapped off,
    # 01–02/09 Quốc khánh, 03 (8), 04 (9), 07 (10) → Mon 07/09/2026
    ("pa-2-9-2026", dict(kind=PA, received_on=D(2026, 8, 20)), "resolve", D(2026, 9, 7), False),
    # tố cáo Tue 31/08/2027, transfer 5 wd: 01/09 (1), 02/09 Quốc khánh, 03/09 estimated neighbour,
    # 04–05 weekend, 06–09 (5) → Thu 09/09/2027, depends on the estimated 03/09
    ("tc-2-9-2027", dict(kind=TC, received_on=D(2027, 8, 31)), "transfer", D(2027, 9, 9), True),
    # --- year end 2026 → 2027 ---------------------------------------------------------------------
    # kiến nghị Thu 31/12/2026: 01/01/2027 off, 02–03 weekend, 04–08 (5), 11–15 (10) → Fri 15/01/2027
    ("kng-2026-12-31", dict(kind=KNG, received_on=D(2026, 12, 31)), "resolve", D(2027, 1, 15), False),
    # --- Tết 2027 (estimated 04–10/02/2027) -----------------------------------------------------
    # phản ánh Mon 01/02/2027: 02, 03 (2), 04–10 off, 11, 12 (4), 15–19 (9), 22 (10) → Mon 22/02/2027
    ("pa-tet-2027", dict(kind=PA, received_on=D(2027, 2, 1)), "resolve", D(2027, 2, 22), True),
    # --- 24/11 (doubtful) -------------------------------------------------------------------------
    # kiến nghị Fri 20/11/2026: 23 (1), 24 doubtful off, 25–27 (4), 30/11–04/12 (9), 07/12 (10) → 07/12
    ("kng-24-11-2026", dict(kind=KNG, received_on=D(2026, 11, 20)), "resolve", D(2026, 12, 7), True),
    # --- remote variant ---------------------------------------------------------------------------
    # khiếu nại lần đầu, vùng sâu accepted Mon 05/01/2026: 45 days end Thu 19/02 (Tết) → Mon 23/02/2026
    (
        "kn-remote",
        dict(kind=KN, received_on=D(2025, 12, 22), accepted_on=D(2026, 1, 5), remote=True),
        "resolve",
        D(2026, 2, 23),
        False,
    ),
    # … vùng sâu and complex: 60 days end Fri 06/03/2026 (a working day) → 06/03/2026
    (
        "kn-remote-complex",
        dict(kind=KN, received_on=D(2025, 12, 22), accepted_on=D(2026, 1, 5), remote=True, complex=True),
        "resolve",
        D(2026, 3, 6),
        False,
    ),
    # --- the 01/07/2026 change (rule in force on the day of receipt) ----------------------------
    # khiếu nại Tue 30/06/2026: 10 wd (old rule): 01–03/07 (3), 06–10 (8), 13, 14 (10) → Tue 14/07/2026
    ("kn-2026-06-30", dict(kind=KN, received_on=D(2026, 6, 30)), "accept", D(2026, 7, 14), False),
    # khiếu nại Wed 01/07/2026: 7 wd (NĐ 155/2026): 02, 03 (2), 06–10 (7) → Fri 10/07/2026
    ("kn-2026-07-01", dict(kind=KN, received_on=D(2026, 7, 1)), "accept", D(2026, 7, 10), False),
    # --- extensions (tố cáo, Luật Tố cáo art. 30) -------------------------------------------------
    # complex, accepted Mon 02/03/2026 (30 days → Wed 01/04); one extension of 30 decided 30/03:
    # 60 days end Fri 01/05 (holiday), 02–03 weekend → Mon 04/05/2026
    (
        "tc-one-extension",
        dict(
            kind=TC,
            received_on=D(2026, 2, 26),
            accepted_on=D(2026, 3, 2),
            complex=True,
            extensions=[("12/QĐ", D(2026, 3, 30), 30)],
        ),
        "resolve",
        D(2026, 5, 4),
        False,
    ),
    # very complex, second extension of 30 decided 28/04 (before 04/05): 90 days end Sun 31/05 → Mon 01/06
    (
        "tc-two-extensions",
        dict(
            kind=TC,
            received_on=D(2026, 2, 26),
            accepted_on=D(2026, 3, 2),
            very_complex=True,
            extensions=[("12/QĐ", D(2026, 3, 30), 30), ("20/QĐ", D(2026, 4, 28), 30)],
        ),
        "resolve",
        D(2026, 6, 1),
        False,
    ),
    # --- suspensions ----------------------------------------------------------------------------
    # tố cáo accepted 02/03/2026, suspended 10–19/03 (10 days, art. 34(2)): 40 days end Sat 11/04 → 13/04
    (
        "tc-suspended",
        dict(
            kind=TC,
            received_on=D(2026, 2, 26),
            accepted_on=D(2026, 3, 2),
            suspensions=[(D(2026, 3, 10), D(2026, 3, 19))],
        ),
        "resolve",
        D(2026, 4, 13),
        False,
    ),
    # khiếu nại accepted Wed 01/07/2026, suspended 10–19/07 (10 days, allowed from 01/07/2026):
    # 40 days end Mon 10/08/2026 (a working day)
    (
        "kn-suspended-after-2026-07-01",
        dict(
            kind=KN,
            received_on=D(2026, 7, 1),
            accepted_on=D(2026, 7, 1),
            suspensions=[(D(2026, 7, 10), D(2026, 7, 19))],
        ),
        "resolve",
        D(2026, 8, 10),
        False,
    ),
    # --- xử lý đơn (TT 05/2021/TT-TTCP) for a written petition --------------------------------------
    # tố cáo by letter Fri 26/12/2025, 10 wd: 29–31/12 (3), 05–09/01 (8), Sat 10/01 (9), 12/01 (10)
    (
        "tc-written",
        dict(kind=TC, received_on=D(2025, 12, 26), written=True),
        "process",
        D(2026, 1, 12),
        False,
    ),
]


@pytest.mark.parametrize(
    ("clock", "step", "due", "estimated"), [r[1:] for r in ROWS], ids=[r[0] for r in ROWS]
)
def test_hand_checked_due_dates(clock: dict[str, Any], step: str, due: date, estimated: bool) -> None:
    found = _step(CaseClock(**clock), step)
    assert found.due == due
    assert found.depends_on_estimated is estimated
    assert ("(tạm tính)" in found.explanation) is estimated
    assert CAL.is_working_day(found.due)


def test_the_2027_may_holidays_are_all_named_and_art_148_cited() -> None:
    found = _step(CaseClock(KN, D(2027, 3, 29), accepted_on=D(2027, 3, 31)), "resolve")
    assert [d for d, _ in found.skipped] == [D(2027, 4, 30), D(2027, 5, 1), D(2027, 5, 2), D(2027, 5, 3)]
    assert "30/04/2027–03/05/2027 (Ngày Chiến thắng, Ngày Quốc tế Lao động, Chủ nhật" in found.explanation
    assert "(Bộ luật Dân sự 2015, Điều 148)" in found.explanation


def test_estimated_days_are_listed_in_the_explanation() -> None:
    found = _step(CaseClock(PA, D(2027, 2, 1)), "resolve")
    assert "04/02/2027–10/02/2027 (Tết Nguyên đán)" in found.explanation
    assert "ước tính: 04/02/2027, 05/02/2027, 08/02/2027, 09/02/2027, 10/02/2027" in found.explanation
    assert [d for d, _, _ in found.uncertain] == [D(2027, 2, k) for k in (4, 5, 8, 9, 10)]


def test_spoken_in_person_petition_has_no_processing_step() -> None:
    steps = {d.step for d in compute_due_dates(CaseClock(TC, D(2026, 3, 2), in_person=True), RULES, CAL)}
    assert "process" not in steps and "notify" in steps
    assert "process" not in {d.step for d in compute_due_dates(CaseClock(TC, D(2026, 3, 2)), RULES, CAL)}
    written = _step(CaseClock(PA, D(2026, 3, 2), written=True), "process")
    assert written.citation.startswith("Thông tư 05/2021/TT-TTCP")


@pytest.mark.parametrize(
    ("clock", "message"),
    [
        # khiếu nại suspension before Luật 136/2025 / NĐ 155/2026 took effect
        (
            dict(
                kind=KN,
                received_on=D(2026, 6, 1),
                accepted_on=D(2026, 6, 1),
                suspensions=[(D(2026, 6, 10), D(2026, 6, 20))],
            ),
            "chỉ có hiệu lực từ 01/07/2026",
        ),
        # extension decided 02/04/2026, after the deadline 01/04/2026 had passed
        (
            dict(
                kind=TC,
                received_on=D(2026, 2, 26),
                accepted_on=D(2026, 3, 2),
                complex=True,
                extensions=[("12/QĐ", D(2026, 4, 2), 30)],
            ),
            r"sau khi đã hết hạn giải quyết 01/04/2026.*Luật Tố cáo 2018, Điều 30",
        ),
        # second extension decided 05/05/2026, after the extended deadline 04/05/2026
        (
            dict(
                kind=TC,
                received_on=D(2026, 2, 26),
                accepted_on=D(2026, 3, 2),
                very_complex=True,
                extensions=[("12/QĐ", D(2026, 3, 30), 30), ("20/QĐ", D(2026, 5, 5), 30)],
            ),
            "hết hạn giải quyết 04/05/2026",
        ),
        # a third extension: two at most for a very complex case
        (
            dict(
                kind=TC,
                received_on=D(2026, 2, 26),
                accepted_on=D(2026, 3, 2),
                very_complex=True,
                extensions=[("1", D(2026, 3, 5), 10), ("2", D(2026, 3, 6), 10), ("3", D(2026, 3, 9), 10)],
            ),
            r"vượt quá 2 lần cho phép \(Luật Tố cáo 2018, Điều 30\)",
        ),
        # khiếu nại has no extension at all
        (
            dict(
                kind=KN,
                received_on=D(2026, 3, 2),
                accepted_on=D(2026, 3, 3),
                extensions=[("1", D(2026, 3, 5), 10)],
            ),
            r"không được gia hạn.*Luật Khiếu nại 2011, Điều 28, 37",
        ),
        (
            dict(
                kind=TC,
                received_on=D(2026, 2, 26),
                accepted_on=D(2026, 3, 2),
                suspensions=[(D(2026, 3, 10), D(2026, 3, 20)), (D(2026, 3, 15), D(2026, 3, 22))],
            ),
            "chồng nhau",
        ),
        (
            dict(
                kind=TC,
                received_on=D(2026, 2, 26),
                accepted_on=D(2026, 3, 2),
                suspensions=[(D(2026, 3, 10), D(2026, 3, 5))],
            ),
            "trước khi bắt đầu",
        ),
    ],
)
def test_the_law_refuses(clock: dict[str, Any], message: str) -> None:
    with pytest.raises(ClockError, match=message):
        compute_due_dates(CaseClock(**clock), RULES, CAL)
