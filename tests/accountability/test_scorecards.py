"""Scorecards and flags, checked against a hand count.

Every task below is made and moved only through `thucthi.tasks.services`, each step on its own
day under `clock.frozen`. The scorecards are read on TODAY = Wednesday 17/06/2026 for tasks
issued from 01/01/2024 to 12/06/2026. Every deadline is a working day, so that none is moved
to the next one (Civil Code art. 148) and the day counts below stay simple.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from fractions import Fraction

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import MERGER, World
from thucthi.accountability.flags import Flag, FlagKind, Thresholds, flags
from thucthi.accountability.scorecards import (
    METRICS,
    FoldedUnit,
    HeadScore,
    UnitScore,
    _Lineage,
    head_scorecard,
    ranking,
    unit_scorecard,
)
from thucthi.core import clock
from thucthi.core.errors import DomainError
from thucthi.core.text import sort_key
from thucthi.orgs import services as orgs_services
from thucthi.orgs.models import Person, PositionRole, SuccessionKind, Unit, UnitKind
from thucthi.orgs.selectors import unit_duty_holders
from thucthi.tasks import services
from thucthi.tasks.models import CoordinationRequest, Task
from thucthi.tasks.services import CoordinationInput

D = dt.date
TODAY = D(2026, 6, 17)
START, END = D(2024, 1, 1), D(2026, 6, 12)


def issue(world: World, title: str, *, lead: Unit, on: dt.date, deadline: dt.date, responsible: Person,
          coordinators: tuple[Unit, ...] = (), draft: bool = False) -> Task:
    with clock.frozen(on):
        return services.task_create(
            actor=None, title=title, issuer=world.committee, lead_unit=lead, accepting_unit=world.committee,
            responsible=responsible, expected_product="Báo cáo kết quả thực hiện", deadline=deadline,
            coordinations=[CoordinationInput(unit) for unit in coordinators], issue=not draft,
        )


def receive(task: Task, on: dt.date) -> Task:
    with clock.frozen(on):
        return services.task_receive(actor=None, task=task)


def complete(task: Task, requested: dt.date, accepted: dt.date | None) -> Task:
    with clock.frozen(requested):
        task = services.completion_request(actor=None, task=task, note="Đã ban hành văn bản số 12/BC")
    if accepted is not None:
        with clock.frozen(accepted):
            task = services.completion_decide(actor=None, task=task, accept=True)
    return task


def ask(task: Task, unit: Unit, on: dt.date, due: dt.date, answered: dt.date | None = None) -> CoordinationRequest:
    with clock.frozen(on):
        request = services.coordination_request(actor=None, task=task, to_unit=unit, message="Đề nghị cho ý kiến", due_on=due)
    if answered is not None:
        with clock.frozen(answered):
            request = services.coordination_answer(actor=None, request=request, answer="Thống nhất")
    return request


def extend(task: Task, asked: dt.date, decided: dt.date, to: dt.date) -> None:
    with clock.frozen(asked):
        request = services.extension_request(actor=None, task=task, proposed_deadline=to, reason="Chờ số liệu quyết toán")
    with clock.frozen(decided):
        services.extension_decide(actor=None, request=request, approve=True)


@dataclass
class Scene:
    world: World
    t: dict[str, int]  # task ids by their name in the hand count
    minh: Person  # head of Sở Kế hoạch và Đầu tư until the merger
    lam: Person  # head of Sở Y tế from 2026


@pytest.fixture
def scene(world: World, settings: object) -> Scene:
    settings.TASK_RETURN_DAYS = 3  # type: ignore[attr-defined]
    fin, health, planning = world.finance, world.health, world.planning
    hoa, khanh = world.head.person, world.other_head.person
    assert hoa is not None and khanh is not None
    with clock.frozen(D(2019, 12, 1)):
        minh = orgs_services.person_create(actor=None, full_name="Trần Văn Minh")
        lam = orgs_services.person_create(actor=None, full_name="Nguyễn Thị Lâm")
        cu = orgs_services.person_create(actor=None, full_name="Lê Văn Cũ")
    t: dict[str, int] = {}

    # --- Sở Tài chính ---
    # F1: on time (completion requested 20/03, deadline 31/03), and coordination request C5 to
    # health due 25/03, never answered: the task was completed on 20/03, so the answer is moot.
    f1 = issue(world, "F1 Báo cáo quyết toán ngân sách năm 2025", lead=fin, on=D(2026, 1, 5), deadline=D(2026, 3, 31),
               responsible=hoa, coordinators=(health,))
    f1 = receive(f1, D(2026, 1, 6))
    ask(f1, health, D(2026, 3, 10), D(2026, 3, 25))
    complete(f1, D(2026, 3, 20), D(2026, 3, 25))
    # F2: completed 5 days late (deadline 27/02, completion requested 04/03).
    f2 = issue(world, "F2 Kế hoạch tài chính 5 năm 2026-2030", lead=fin, on=D(2026, 1, 5), deadline=D(2026, 2, 27), responsible=hoa)
    complete(receive(f2, D(2026, 1, 6)), D(2026, 3, 4), D(2026, 3, 6))
    # F3: received, deadline 08/05, still open: overdue 40 days on 17/06. C1 to health, due
    # 20/02, answered 25/02: late.
    f3 = issue(world, "F3 Phương án phân bổ vốn đầu tư công", lead=fin, on=D(2026, 2, 2), deadline=D(2026, 5, 8),
               responsible=hoa, coordinators=(health,))
    f3 = receive(f3, D(2026, 2, 3))
    ask(f3, health, D(2026, 2, 10), D(2026, 2, 20), answered=D(2026, 2, 25))
    # F4: never received, deadline 09/03: overdue 100 days on 17/06.
    f4 = issue(world, "F4 Rà soát các khoản thu ngân sách", lead=fin, on=D(2026, 1, 12), deadline=D(2026, 3, 9), responsible=hoa)
    # F5: cancelled on 01/02.
    f5 = issue(world, "F5 Đề án sắp xếp tài sản công", lead=fin, on=D(2026, 1, 12), deadline=D(2026, 4, 28), responsible=hoa)
    with clock.frozen(D(2026, 2, 1)):
        services.task_cancel(actor=None, task=f5, reason="Không còn phù hợp")
    # F6: returned on 06/01 as wrongly assigned, clarified and issued again on 07/01, received,
    # deadline 31/07: open, in progress. C3 to health 10/06 due 19/06, unanswered: pending.
    f6 = issue(world, "F6 Hướng dẫn thực hiện cơ chế tài chính", lead=fin, on=D(2026, 1, 5), deadline=D(2026, 7, 31),
               responsible=hoa, coordinators=(health,))
    with clock.frozen(D(2026, 1, 6)):
        f6 = services.task_return(actor=None, task=f6, reason="Không thuộc chức năng của Sở")
    with clock.frozen(D(2026, 1, 7)):
        f6 = services.task_update(actor=None, task=f6, expected_version=f6.version, description="Phạm vi: cơ chế tài chính y tế")
    f6 = receive(f6, D(2026, 1, 8))
    ask(f6, health, D(2026, 6, 10), D(2026, 6, 19))
    # F7: deadline 31/03 extended to 29/04, then to 29/05 (two requests); still open: overdue
    # 19 days on 17/06. C2 to health 02/03 due 12/03, never answered: overdue.
    f7 = issue(world, "F7 Báo cáo giải ngân vốn đầu tư công", lead=fin, on=D(2026, 1, 5), deadline=D(2026, 3, 31),
               responsible=hoa, coordinators=(health,))
    f7 = receive(f7, D(2026, 1, 6))
    ask(f7, health, D(2026, 3, 2), D(2026, 3, 12))
    extend(f7, D(2026, 3, 20), D(2026, 3, 23), D(2026, 4, 29))
    extend(f7, D(2026, 4, 24), D(2026, 4, 27), D(2026, 5, 29))
    # F10: completion requested 08/06, before the deadline 10/06, not yet accepted: in progress.
    f10 = issue(world, "F10 Báo cáo thu ngân sách 5 tháng", lead=fin, on=D(2026, 3, 2), deadline=D(2026, 6, 10), responsible=hoa)
    complete(receive(f10, D(2026, 3, 3)), D(2026, 6, 8), None)
    # Not counted: a draft, one issued before the period (28/12/2023), one after it (15/06/2026).
    issue(world, "F11 Dự thảo chưa giao nhiệm vụ", lead=fin, on=D(2026, 2, 2), deadline=D(2026, 5, 29), responsible=hoa, draft=True)
    f0 = issue(world, "F0 Nhiệm vụ giao năm 2023", lead=fin, on=D(2023, 12, 28), deadline=D(2024, 3, 29), responsible=hoa)
    f12 = issue(world, "F12 Nhiệm vụ giao sau kỳ", lead=fin, on=D(2026, 6, 15), deadline=D(2026, 9, 30), responsible=hoa)

    # --- Sở Kế hoạch và Đầu tư (merged into Sở Tài chính on 01/03/2025) ---
    # P1: received, deadline 31/12/2024, never completed: overdue 365 + 168 = 533 days on 17/06/2026.
    p1 = issue(world, "P1 Xây dựng quy hoạch tỉnh thời kỳ 2021-2030", lead=planning, on=D(2024, 5, 6), deadline=D(2024, 12, 31),
               responsible=minh)
    receive(p1, D(2024, 5, 7))

    # --- Sở Y tế ---
    # H0: on time (20/09, deadline 30/09). C6 to planning 10/06/2024 due 20/06, answered 18/06: on time.
    h0 = issue(world, "H0 Kế hoạch phòng, chống dịch năm 2024", lead=health, on=D(2024, 6, 3), deadline=D(2024, 9, 30),
               responsible=khanh, coordinators=(planning,))
    h0 = receive(h0, D(2024, 6, 4))
    ask(h0, planning, D(2024, 6, 10), D(2024, 6, 20), answered=D(2024, 6, 18))
    complete(h0, D(2024, 9, 20), D(2024, 9, 23))
    # H1: on time (20/04, deadline 28/04). C4 to finance 14/01 due 20/01, answered 19/01: on time.
    h1 = issue(world, "H1 Đề án nâng cao năng lực y tế cơ sở", lead=health, on=D(2026, 1, 12), deadline=D(2026, 4, 28),
               responsible=khanh, coordinators=(fin,))
    h1 = receive(h1, D(2026, 1, 13))
    ask(h1, fin, D(2026, 1, 14), D(2026, 1, 20), answered=D(2026, 1, 19))
    complete(h1, D(2026, 4, 20), D(2026, 4, 22))
    # H2: completed 2 days late (deadline 31/03, completion requested 02/04).
    h2 = issue(world, "H2 Báo cáo công tác khám chữa bệnh quý I", lead=health, on=D(2026, 2, 2), deadline=D(2026, 3, 31), responsible=khanh)
    complete(receive(h2, D(2026, 2, 3)), D(2026, 4, 2), D(2026, 4, 3))

    # --- Heads ---
    with clock.frozen(D(2026, 1, 1)):
        head = PositionRole.HEAD
        orgs_services.position_assign(actor=None, person=hoa, unit=fin, title="Giám đốc", role=head, start=D(2023, 1, 1))
        orgs_services.position_assign(actor=None, person=khanh, unit=fin, title="Phó Giám đốc", role=PositionRole.DEPUTY, start=D(2020, 1, 1))
        orgs_services.position_assign(actor=None, person=minh, unit=planning, title="Giám đốc", role=head, start=D(2020, 1, 1), end=D(2025, 2, 28))
        orgs_services.position_assign(actor=None, person=khanh, unit=health, title="Giám đốc", role=head, start=D(2024, 1, 1), end=D(2025, 12, 31))
        orgs_services.position_assign(actor=None, person=lam, unit=health, title="Giám đốc", role=head, start=D(2026, 1, 1))
        orgs_services.position_assign(actor=None, person=cu, unit=health, title="Giám đốc", role=head, start=D(2015, 1, 1), end=D(2019, 12, 31))

    for name, task in [("F0", f0), ("F1", f1), ("F2", f2), ("F3", f3), ("F4", f4), ("F5", f5), ("F6", f6), ("F7", f7),
                       ("F10", f10), ("F12", f12), ("P1", p1), ("H0", h0), ("H1", h1), ("H2", h2)]:
        t[name] = task.pk
    return Scene(world, t, minh, lam)


def ids(scene: Scene, *names: str) -> list[int]:
    return sorted(scene.t[n] for n in names)


def drill(scene: Scene, **metrics: tuple[str, ...]) -> dict[str, list[int]]:
    """The expected drill-down: every metric, empty unless given."""
    return {m: ids(scene, *metrics.get(m, ())) for m in METRICS}


def by_unit(scores: list[UnitScore]) -> dict[int, UnitScore]:
    return {s.unit_id: s for s in scores}


# Hand count, Sở Tài chính on 17/06/2026 (P1 of Sở KH&ĐT folded in):
#   assigned 9: F1 F2 F3 F4 F5 F6 F7 F10 P1 (not F0 before, F12 after the period, not the F11 draft)
#   completed on time 1: F1; completed late 1: F2 (5 days); cancelled 1: F5
#   open 6: F3 F4 F6 F7 F10 P1 (F10 awaits acceptance, requested in time: open, not overdue)
#   overdue 4: F7 19 days (1–30) | F3 40 days (31–90) | F4 100, P1 533 days (>90)
#   rated 6 = 1 + 1 + 4 → on-time rate 1/6
#   delayed 5: F2 5 + F3 40 + F4 100 + F7 19 + P1 533 = 697 days → average 139,4
#   extensions requested 2 (F7 twice); returned 1 (F6)
#   coordination received 2: C4 (on H1) and C6 (on H0, asked of Sở KH&ĐT in 2024): both on time
FINANCE_COUNTS = {
    "assigned": 9, "completed_on_time": 1, "completed_late": 1, "cancelled": 1, "open": 6, "overdue": 4,
    "overdue_1_30": 1, "overdue_31_90": 1, "overdue_over_90": 2, "rated": 6, "delayed": 5,
    "extensions_requested": 2, "tasks_returned": 1,
    "coordination_requests_received": 2, "answered_on_time": 2, "answered_late": 0,
    "unanswered_overdue": 0, "unanswered_pending": 0, "unanswered_moot": 0,
}
# Hand count, Sở Y tế on 17/06/2026:
#   assigned 3: H0 H1 (on time), H2 (2 days late) → rated 3, rate 2/3, delayed 1, average 2
#   coordination received 4: C1 late (F3), C2 unanswered past due 12/03 (F7),
#   C3 due 19/06 pending (F6), C5 moot: F1 completed 20/03 before the due date 25/03
HEALTH_COUNTS = {
    "assigned": 3, "completed_on_time": 2, "completed_late": 1, "cancelled": 0, "open": 0, "overdue": 0,
    "overdue_1_30": 0, "overdue_31_90": 0, "overdue_over_90": 0, "rated": 3, "delayed": 1,
    "extensions_requested": 0, "tasks_returned": 0,
    "coordination_requests_received": 4, "answered_on_time": 0, "answered_late": 1,
    "unanswered_overdue": 1, "unanswered_pending": 1, "unanswered_moot": 1,
}


def counts(score: UnitScore) -> dict[str, int]:
    return {m: getattr(score, m) for m in METRICS}


def test_finance_score_matches_the_hand_count(scene: Scene) -> None:
    w = scene.world
    scores = unit_scorecard(None, start=START, end=END, today=TODAY)
    # Only the units holding counted work; Sở KH&ĐT's duties are Sở Tài chính's by now.
    assert [s.unit_id for s in scores] == [w.finance.pk, w.health.pk]
    fin = scores[0]
    assert counts(fin) == FINANCE_COUNTS
    assert fin.on_time_rate == pytest.approx(1 / 6)
    assert fin.on_time_fraction == Fraction(1, 6)
    assert fin.average_delay_days == pytest.approx(139.4)
    assert fin.task_ids == drill(
        scene,
        assigned=("F1", "F2", "F3", "F4", "F5", "F6", "F7", "F10", "P1"),
        completed_on_time=("F1",), completed_late=("F2",), cancelled=("F5",),
        open=("F3", "F4", "F6", "F7", "F10", "P1"), overdue=("F3", "F4", "F7", "P1"),
        overdue_1_30=("F7",), overdue_31_90=("F3",), overdue_over_90=("F4", "P1"),
        rated=("F1", "F2", "F3", "F4", "F7", "P1"), delayed=("F2", "F3", "F4", "F7", "P1"),
        extensions_requested=("F7",), tasks_returned=("F6",),
        coordination_requests_received=("H0", "H1"), answered_on_time=("H0", "H1"),
    )
    assert (fin.name, fin.display_name, fin.start, fin.end, fin.today) == ("Sở Tài chính tỉnh Thử Nghiệm", "Sở Tài chính", START, END, TODAY)
    # The page can say "gồm cả nhiệm vụ của Sở Kế hoạch và Đầu tư (hợp nhất từ 01/03/2025)".
    assert fin.folded == (
        FoldedUnit(w.planning.pk, "Sở Kế hoạch và Đầu tư tỉnh Thử Nghiệm", "Sở Kế hoạch và Đầu tư", SuccessionKind.MERGE, MERGER),
    )
    assert fin.folded[0].display_name == "Sở Kế hoạch và Đầu tư"


def test_health_score_and_coordination_responsiveness(scene: Scene) -> None:
    health = by_unit(unit_scorecard(None, start=START, end=END, today=TODAY))[scene.world.health.pk]
    assert counts(health) == HEALTH_COUNTS
    assert health.on_time_rate == pytest.approx(2 / 3)
    assert health.average_delay_days == pytest.approx(2.0)
    assert health.folded == ()
    assert health.task_ids == drill(
        scene,
        assigned=("H0", "H1", "H2"), completed_on_time=("H0", "H1"), completed_late=("H2",),
        rated=("H0", "H1", "H2"), delayed=("H2",),
        coordination_requests_received=("F1", "F3", "F6", "F7"), answered_late=("F3",),
        unanswered_overdue=("F7",), unanswered_pending=("F6",), unanswered_moot=("F1",),
    )


def test_choosing_units_gives_the_same_scores(scene: Scene) -> None:
    w = scene.world
    everyone = unit_scorecard(None, start=START, end=END, today=TODAY)
    assert unit_scorecard([w.health.pk, w.finance.pk], start=START, end=END, today=TODAY) == everyone
    assert unit_scorecard([w.finance.pk], start=START, end=END, today=TODAY) == everyone[:1]
    # A unit whose duties have passed to another holds nothing of its own any more.
    (planning,) = unit_scorecard([w.planning.pk], start=START, end=END, today=TODAY)
    assert (planning.assigned, planning.coordination_requests_received, planning.folded) == (0, 0, ())
    assert planning.on_time_rate is None and planning.average_delay_days is None
    # A unit with nothing in the period still gets its (empty) score when asked for.
    (committee,) = unit_scorecard([w.committee.pk], start=START, end=END, today=TODAY)
    assert committee.assigned == 0 and committee.task_ids["assigned"] == []


def test_before_the_merger_planning_answers_for_its_own_tasks(scene: Scene) -> None:
    w = scene.world
    on = D(2025, 1, 15)
    scores = by_unit(unit_scorecard(None, start=START, end=D(2024, 12, 31), today=on))
    # 2024 holds P1 (Sở KH&ĐT) and H0 (Sở Y tế, with C6 to Sở KH&ĐT); F0 was issued in 2023.
    assert set(scores) == {w.planning.pk, w.health.pk}
    planning = scores[w.planning.pk]
    # P1: deadline 31/12/2024, overdue 15 days on 15/01/2025.
    assert (planning.assigned, planning.overdue, planning.overdue_1_30, planning.average_delay_days) == (1, 1, 1, 15.0)
    assert (planning.coordination_requests_received, planning.answered_on_time, planning.folded) == (1, 1, ())
    # The day the merger takes effect, the same tasks are Sở Tài chính's.
    scores = by_unit(unit_scorecard(None, start=START, end=D(2024, 12, 31), today=MERGER))
    assert set(scores) == {w.finance.pk, w.health.pk}
    assert scores[w.finance.pk].task_ids["assigned"] == ids(scene, "P1")
    # 31/12/2024 → 01/03/2025: 31 (January) + 28 (February) + 1 = 60 days overdue.
    assert (scores[w.finance.pk].overdue_31_90, scores[w.finance.pk].average_delay_days) == (1, 60.0)
    assert [f.unit_id for f in scores[w.finance.pk].folded] == [w.planning.pk]


def test_lineage_agrees_with_unit_duty_holders(scene: Scene) -> None:
    w = scene.world
    units = [w.finance, w.health, w.planning, w.committee]
    lineage = _Lineage.load({u.pk for u in units}, on=TODAY)
    for day in (D(2024, 6, 1), MERGER - dt.timedelta(days=1), MERGER, TODAY):
        for unit in units:
            assert set(lineage.holders(unit.pk, day)) == {u.pk for u in unit_duty_holders(unit, on=day)}, (unit, day)


def test_heads_answer_for_their_unit_over_their_tenure(scene: Scene) -> None:
    w = scene.world
    scores = head_scorecard(None, start=START, end=END, today=TODAY)
    hoa, khanh = w.head.person, w.other_head.person
    assert hoa is not None and khanh is not None
    # In the units' Vietnamese order (Kế hoạch, Tài chính, Y tế), then by tenure. Not the
    # deputy, not the head of Sở Y tế who left in 2019.
    assert [(s.unit_id, s.person_id) for s in scores] == [
        (w.planning.pk, scene.minh.pk), (w.finance.pk, hoa.pk), (w.health.pk, khanh.pk), (w.health.pk, scene.lam.pk),
    ]
    minh_score, hoa_score, khanh_score, lam_score = scores
    assert all(isinstance(s, HeadScore) for s in scores)
    # Head of Sở KH&ĐT until 28/02/2025: P1 (issued in their time, still overdue 533 days) and
    # C6, answered on time; whose-task-it-is read on their last day, before the merger.
    assert (minh_score.held_from, minh_score.held_to, minh_score.as_of) == (START, D(2025, 2, 28), D(2025, 2, 28))
    assert minh_score.task_ids["assigned"] == ids(scene, "P1")
    assert (minh_score.overdue_over_90, minh_score.on_time_rate, minh_score.average_delay_days) == (1, 0.0, 533.0)
    assert (minh_score.coordination_requests_received, minh_score.answered_on_time, minh_score.folded) == (1, 1, ())
    # Head of Sở Tài chính since 2023: the whole department's score, P1 included.
    assert counts(hoa_score) == FINANCE_COUNTS
    assert (hoa_score.held_from, hoa_score.held_to, hoa_score.as_of, hoa_score.title) == (START, END, TODAY, "Giám đốc")
    assert [f.unit_id for f in hoa_score.folded] == [w.planning.pk]
    # Sở Y tế: Khánh (2024–2025) answers for H0; Lâm (from 2026) for H1, H2 and C1, C2, C3, C5.
    assert (khanh_score.held_to, khanh_score.task_ids["assigned"], khanh_score.on_time_rate) == (D(2025, 12, 31), ids(scene, "H0"), 1.0)
    assert khanh_score.coordination_requests_received == 0
    assert lam_score.task_ids["assigned"] == ids(scene, "H1", "H2")
    assert (lam_score.on_time_fraction, lam_score.coordination_requests_received, lam_score.unanswered_overdue) == (Fraction(1, 2), 4, 1)
    assert lam_score.person_name == "Nguyễn Thị Lâm"
    # Chosen units only.
    assert [s.person_id for s in head_scorecard([w.health.pk], start=START, end=END, today=TODAY)] == [khanh.pk, scene.lam.pk]


def synthetic(name: str, *, on_time: int, rated: int, overdue: int, unit_id: int) -> UnitScore:
    return UnitScore(
        unit_id=unit_id, name=name, short_name="", sort_key=sort_key(name), start=START, end=END, today=TODAY,
        completed_on_time=on_time, rated=rated, overdue=overdue, on_time_rate=on_time / rated if rated else None,
    )


def test_ranking(scene: Scene) -> None:
    w = scene.world
    real = unit_scorecard(None, start=START, end=END, today=TODAY)
    # Sở Y tế 2/3 before Sở Tài chính 1/6.
    assert [s.unit_id for s in ranking(real)] == [w.health.pk, w.finance.pk]
    none = synthetic("Ban Dân tộc", on_time=0, rated=0, overdue=0, unit_id=1)
    best = synthetic("Văn phòng Đoàn ĐBQH", on_time=9, rated=10, overdue=1, unit_id=2)
    # Same rate (1/2 = 2/4) and overdue: Vietnamese order, Ủ before V (a code-point sort puts V first).
    u = synthetic("Ủy ban Mặt trận", on_time=1, rated=2, overdue=1, unit_id=3)
    v = synthetic("Văn phòng UBND", on_time=2, rated=4, overdue=1, unit_id=4)
    # Same rate, fewer overdue first.
    x = synthetic("Xã An Bình", on_time=2, rated=4, overdue=0, unit_id=5)
    assert sorted(["Văn phòng UBND", "Ủy ban Mặt trận"]) == ["Văn phòng UBND", "Ủy ban Mặt trận"]  # code points
    assert ranking([none, v, u, x, best]) == [best, x, u, v, none]
    # Heads rank the same way: Khanh 1/1 (H0) before Lâm 1/2 (H1 on time, H2 late).
    heads = head_scorecard([w.health.pk], start=START, end=END, today=TODAY)
    assert [h.person_name for h in ranking(heads)] == ["Khanh", "Nguyễn Thị Lâm"]


def test_flags(scene: Scene) -> None:
    w = scene.world
    scores = by_unit(unit_scorecard(None, start=START, end=END, today=TODAY))
    fin, health = scores[w.finance.pk], scores[w.health.pk]
    # Defaults: finance on time 1/6 < 70% over 6 ≥ 5 rated tasks; 2 extensions / 9 tasks ≈ 0,22 ≤ 0,3;
    # no unanswered requests.
    assert flags(fin) == [Flag(FlagKind.CHRONIC_LATENESS, w.finance.pk, 1 / 6, 0.7, ids(scene, "F2", "F3", "F4", "F7", "P1"))]
    assert flags(fin)[0].label == "Chậm muộn kéo dài"
    stricter = Thresholds(max_extensions_per_task=0.2)
    assert [f.kind for f in flags(fin, stricter)] == [FlagKind.CHRONIC_LATENESS, FlagKind.REPEATED_EXTENSIONS]
    assert flags(fin, stricter)[1] == Flag(FlagKind.REPEATED_EXTENSIONS, w.finance.pk, 2 / 9, 0.2, ids(scene, "F7"))
    # Health: 3 rated tasks are too few for the default; 1 unanswered request is below 3.
    assert flags(health) == []
    low = Thresholds(min_rated_tasks=3, unanswered_overdue_limit=1)
    assert flags(health, low) == [
        Flag(FlagKind.CHRONIC_LATENESS, w.health.pk, 2 / 3, 0.7, ids(scene, "H2")),
        Flag(FlagKind.UNANSWERED_COORDINATION, w.health.pk, 1.0, 1.0, ids(scene, "F7")),
    ]


def test_thresholds_are_exact() -> None:
    # 7 of 10 on time is not below 70%; 3 extensions over 10 tasks are not above 0,3.
    score = UnitScore(
        unit_id=1, name="Sở Xây dựng", short_name="", sort_key=sort_key("Sở Xây dựng"), start=START, end=END, today=TODAY,
        assigned=10, completed_on_time=7, rated=10, on_time_rate=0.7, extensions_requested=3,
    )
    assert flags(score) == []
    assert [f.kind for f in flags(score, Thresholds(min_on_time_rate=0.71, max_extensions_per_task=0.29))] == [
        FlagKind.CHRONIC_LATENESS, FlagKind.REPEATED_EXTENSIONS,
    ]


def _split_health_and_close_finance(w: World) -> tuple[Unit, Unit]:
    """Health splits in two on 1/6/2026; Sở Tài chính closes on 5/6 with no successor recorded,
    so its tasks stay with it."""
    with clock.frozen(D(2026, 6, 1)):
        a = orgs_services.unit_create(actor=None, code="DEPT:P99:yt-a", kind=UnitKind.DEPARTMENT, name="Sở Y tế A", parent=w.committee,
                                      valid_from=D(2026, 6, 1))
        b = orgs_services.unit_create(actor=None, code="DEPT:P99:yt-b", kind=UnitKind.DEPARTMENT, name="Sở Dân số", parent=w.committee,
                                      valid_from=D(2026, 6, 1))
        orgs_services.succession_record(actor=None, predecessors=[w.health], successors=[a, b], kind=SuccessionKind.SPLIT,
                                        effective_date=D(2026, 6, 1), legal_basis="Quyết định thử nghiệm")
        orgs_services.unit_close(actor=None, unit=w.finance, valid_to=D(2026, 6, 5), legal_basis="")
    return a, b


def test_split_counts_for_each_successor_and_an_orphan_stays(scene: Scene) -> None:
    w = scene.world
    a, b = _split_health_and_close_finance(w)
    scores = by_unit(unit_scorecard(None, start=START, end=END, today=TODAY))
    assert set(scores) == {w.finance.pk, a.pk, b.pk}
    assert counts(scores[a.pk]) == counts(scores[b.pk]) == HEALTH_COUNTS
    assert [f.unit_id for f in scores[a.pk].folded] == [w.health.pk]
    assert counts(scores[w.finance.pk]) == FINANCE_COUNTS


def test_a_fixed_number_of_queries(scene: Scene) -> None:
    w = scene.world

    def measure() -> tuple[int, int, int]:
        sizes = []
        for call in (
            lambda: unit_scorecard(None, start=START, end=END, today=TODAY),
            lambda: unit_scorecard([w.finance.pk, w.health.pk], start=START, end=END, today=TODAY),
            lambda: head_scorecard(None, start=START, end=END, today=TODAY),
        ):
            with CaptureQueriesContext(connection) as ctx:
                call()
            sizes.append(len(ctx.captured_queries))
        return sizes[0], sizes[1], sizes[2]

    before = measure()
    # All units: tasks, requests, succession links (one generation), units = 4. Chosen units:
    # + the walk back to their predecessors (two generations: Sở KH&ĐT, then none) = 6. Heads:
    # positions + walk back (one: the head units include Sở KH&ĐT) + the same 4 = 6.
    assert before == (4, 6, 6)
    hoa, khanh = w.head.person, w.other_head.person
    assert hoa is not None and khanh is not None
    for n in range(12):
        task = issue(w, f"Nhiệm vụ bổ sung số {n}", lead=w.finance if n % 2 else w.health, on=D(2026, 2, 2), deadline=D(2026, 5, 29),
                     responsible=hoa, coordinators=(w.health if n % 2 else w.finance,))
        task = receive(task, D(2026, 2, 3))
        ask(task, w.health if n % 2 else w.finance, D(2026, 2, 4), D(2026, 2, 10), answered=D(2026, 2, 11) if n % 3 else None)
        extend(task, D(2026, 3, 2), D(2026, 3, 3), D(2026, 6, 30))
    assert unit_scorecard([w.finance.pk], start=START, end=END, today=TODAY)[0].assigned == 9 + 6
    assert measure() == before


@pytest.mark.django_db
def test_a_period_must_not_end_before_it_starts() -> None:
    with pytest.raises(DomainError):
        unit_scorecard(None, start=END, end=START, today=TODAY)
    with pytest.raises(DomainError):
        head_scorecard(None, start=END, end=START, today=TODAY)


def without_ids(scores: list[UnitScore]) -> list[UnitScore]:
    return [dataclasses.replace(s, task_ids={}) for s in scores]


def test_counting_in_the_database_gives_the_same_scores_without_ids(scene: Scene) -> None:
    """`task_ids=False` (the page) counts with grouped queries; the scores are the tally's, ids aside."""
    w = scene.world
    for start, end, today in ((START, END, TODAY), (START, D(2024, 12, 31), D(2025, 1, 15)), (START, D(2024, 12, 31), MERGER)):
        for units in (None, [w.finance.pk, w.health.pk], [w.finance.pk], [w.planning.pk], [w.committee.pk]):
            tallied = unit_scorecard(units, start=start, end=end, today=today)
            counted = unit_scorecard(units, start=start, end=end, today=today, task_ids=False)
            assert counted == without_ids(tallied), (start, end, today, units)
    scores = by_unit(unit_scorecard(None, start=START, end=END, today=TODAY, task_ids=False))
    fin, health = scores[w.finance.pk], scores[w.health.pk]
    assert (counts(fin), counts(health)) == (FINANCE_COUNTS, HEALTH_COUNTS)
    assert fin.average_delay_days == pytest.approx(139.4) and health.average_delay_days == pytest.approx(2.0)
    assert fin.on_time_fraction == Fraction(1, 6) and [f.unit_id for f in fin.folded] == [w.planning.pk]
    # Flags and ranking from the counts alone; the flags carry no ids until a drill-down asks.
    assert flags(fin) == [Flag(FlagKind.CHRONIC_LATENESS, w.finance.pk, 1 / 6, 0.7, [])]
    assert [s.unit_id for s in ranking(scores.values())] == [w.health.pk, w.finance.pk]


def test_counting_in_the_database_follows_a_split_and_an_orphan(scene: Scene) -> None:
    w = scene.world
    a, b = _split_health_and_close_finance(w)
    for units in (None, [a.pk, b.pk, w.finance.pk], [w.health.pk]):
        assert unit_scorecard(units, start=START, end=END, today=TODAY, task_ids=False) == without_ids(
            unit_scorecard(units, start=START, end=END, today=TODAY)
        )


def test_counting_in_the_database_takes_a_fixed_number_of_queries(scene: Scene) -> None:
    w = scene.world

    def measure() -> tuple[int, int]:
        sizes = []
        for units in (None, [w.finance.pk, w.health.pk]):
            with CaptureQueriesContext(connection) as ctx:
                unit_scorecard(units, start=START, end=END, today=TODAY, task_ids=False)
            sizes.append(len(ctx.captured_queries))
        return sizes[0], sizes[1]

    # Tasks by lead unit, their extension requests, coordination requests by unit asked,
    # succession links (one generation), units = 5; chosen units: + the walk back (two) = 7.
    before = measure()
    assert before == (5, 7)
    hoa = w.head.person
    assert hoa is not None
    for n in range(6):
        task = issue(w, f"Nhiệm vụ bổ sung số {n}", lead=w.finance if n % 2 else w.health, on=D(2026, 2, 2), deadline=D(2026, 5, 29),
                     responsible=hoa)
        extend(receive(task, D(2026, 2, 3)), D(2026, 3, 2), D(2026, 3, 3), D(2026, 6, 30))
    assert measure() == before
