"""`thucthi bench tasks`: the generator, and hand-written SQL that must give the selectors' answers.

The benchmark compares `tasks.selectors.inbox`, `tasks.selectors.issuer_board` and
`accountability.selectors.scorecard_rows` with plain SQL. If a selector changes (a state, the
status rule, a scope) and the SQL does not, the comparison would be between two different
answers; these tests generate a tiny national data set with the benchmark's own generator —
on SQLite and on PostgreSQL — and run the equality check, never the timing loop.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import F
from django.utils import timezone

from thucthi.accountability.scorecards import METRICS
from thucthi.accountability.selectors import scorecard_rows
from thucthi.bench import common
from thucthi.bench import task_pages as bt
from thucthi.core import clock
from thucthi.core.periods import parse_period
from thucthi.orgs.loader import SuccessionSpec, UnitSpec, units_load
from thucthi.orgs.models import Person, SuccessionKind, Unit, UnitKind
from thucthi.tasks import selectors
from thucthi.tasks.models import Coordination, CoordinationRequest, ProgressReport, State, Status, Task, TaskEvent
from thucthi.tasks.status import derive_status

TODAY = dt.date(2026, 6, 30)
N = 300


def tiny_country() -> None:
    """Three provinces in force, each with its People's Committee and a few communes with
    theirs; one old province merged away (whose bodies the generator must not use)."""
    units = [UnitSpec(code="P90@old", kind=UnitKind.PROVINCE, name="Tỉnh Cũ", short_name="Cũ", valid_to=dt.date(2025, 6, 30))]
    units.append(UnitSpec(code="UBND:P90@old", kind=UnitKind.PEOPLES_COMMITTEE, name="Ủy ban nhân dân tỉnh Cũ", parent="P90@old",
                          valid_to=dt.date(2025, 6, 30)))
    for p, name, communes in (("P91", "Tỉnh Thử Một", 6), ("P92", "Thành phố Thử Hai", 3), ("P93", "Tỉnh Thử Ba", 1)):
        units += [
            UnitSpec(code=p, kind=UnitKind.PROVINCE, name=name, short_name=name.split(" ", 1)[1]),
            UnitSpec(code=f"UBND:{p}", kind=UnitKind.PEOPLES_COMMITTEE, name=f"Ủy ban nhân dân {name.lower()}", parent=p),
        ]
        for i in range(communes):
            units += [
                UnitSpec(code=f"X{p}{i}", kind=UnitKind.COMMUNE, name=f"Xã Thử {i}", parent=p),
                UnitSpec(code=f"UBND:X{p}{i}", kind=UnitKind.PEOPLES_COMMITTEE, name=f"Ủy ban nhân dân xã Thử {i}", parent=f"X{p}{i}"),
            ]
    links = [SuccessionSpec("P90@old", "P91", SuccessionKind.MERGE, dt.date(2025, 7, 1), "Nghị quyết số 202/2025/QH15")]
    units_load(actor=None, dataset="test-bench-tasks", units=units, links=links)


@pytest.fixture
def country(db: None) -> Iterator[list[bt.ProvincePlan]]:
    tiny_country()
    with clock.frozen(TODAY):
        bt.generate(N, today=TODAY, seed=7)
        yield bt.provinces(TODAY)


def test_the_generator_builds_a_realistic_marked_world(country: list[bt.ProvincePlan]) -> None:
    assert [p.code for p in country] == ["P91", "P92", "P93"]
    assert all(len(p.departments) == len(bt.DEPARTMENTS) for p in country)
    tasks = Task.objects.filter(source_ref=bt.MARK)
    assert tasks.count() == N == Task.objects.count()
    assert Person.objects.filter(source=bt.SOURCE).count() == bt.persons_for(N)
    assert Unit.objects.filter(code__startswith=bt.CODE_PREFIX, area__kind=UnitKind.PROVINCE).count() == 3 * len(bt.DEPARTMENTS)
    # Every task is issued by its province's People's Committee to a unit of that province.
    committees = {p.committee_id: p for p in country}
    for issuer, lead in tasks.values_list("issuer_id", "lead_unit_id"):
        plan = committees[issuer]
        assert lead in plan.departments or lead in plan.communes
    # Every official status occurs, and the dates obey the workflow.
    statuses = {
        derive_status(state=s, deadline=d, completed_on=c, today=TODAY)
        for s, d, c in tasks.values_list("state", "deadline", "completed_on")
    }
    assert statuses == set(Status)
    assert not tasks.filter(state=State.COMPLETED, completed_on__isnull=True).exists()
    assert not tasks.filter(state=State.DRAFT, issued_on__isnull=False).exists()
    assert not tasks.filter(issued_on__gt=TODAY).exists()
    assert not tasks.filter(deadline_kind="none", deadline__isnull=False).exists()
    # About three reports and events per task, half a coordinating unit per task.
    activity = ProgressReport.objects.count() + TaskEvent.objects.count()
    assert 2.5 * N <= activity <= 3.6 * N
    assert 0.35 * N <= Coordination.objects.count() <= 0.65 * N
    assert not Coordination.objects.filter(unit_id=F("task__lead_unit_id")).exists()


def test_the_hand_written_sql_gives_the_selectors_answers(country: list[bt.ProvincePlan]) -> None:
    # Two coordination requests made at 6 a.m. in Việt Nam, the previous evening in UTC: the
    # first counts for 2025, the second for 2026, whichever database stores the time.
    task, later = Task.objects.filter(source_ref=bt.MARK, lead_unit_id__in=country[0].departments)[:2]
    tz = timezone.get_default_timezone()
    for day, about in ((dt.date(2025, 1, 1), task), (dt.date(2026, 1, 1), later)):
        CoordinationRequest.objects.create(
            task=about, to_unit_id=country[0].departments[-1], message="Đề nghị", due_on=day + dt.timedelta(days=9),
            requested_at=timezone.make_aware(dt.datetime.combine(day, dt.time(6)), tz),
        )
    with clock.frozen(TODAY):
        cases = bt.build_cases(country, officers=200, seed=7)
        assert bt.mismatches(cases, TODAY) == []
        inboxes = [bt.inbox_orm(c, TODAY) for c in cases if isinstance(c, bt.InboxCase)]
        boards = [bt.board_orm(c, TODAY) for c in cases if isinstance(c, bt.BoardCase)]
        scorecards = [bt.scorecard_orm(c, TODAY) for c in cases if isinstance(c, bt.ScorecardCase)]
    # Every department has an officer; the answers are not trivially empty.
    assert len(inboxes) == 3 * 3 * len(bt.DEPARTMENTS)
    assert sum(1 for a in inboxes if a.rows) >= 20
    assert any(status == Status.OVERDUE for a in inboxes for _, status in a.rows)
    assert any(status != Status.OVERDUE for a in inboxes for _, status in a.rows)
    assert len(boards) == 3
    # Each office sees its own province's tasks; together the three provinces issued all of them.
    assert sum(b.page.count for b in boards) == N
    assert all(0 < b.page.count < N and len(b.page.rows) == min(common.PAGE_SIZE, b.page.count) for b in boards)
    assert all(sum(b.counts.values()) == b.page.count for b in boards)
    assert len(scorecards) == 3
    assert all(lines for lines in scorecards)
    assert any(line.counts[2] for lines in scorecards for line in lines)  # completed late
    # The page's counts (no ids) agree with the drill-down's ids, which hold the 2025 request only.
    received = METRICS.index("coordination_requests_received")
    line = next(line for line in scorecards[0] if line.unit_id == country[0].departments[-1])
    (drill,) = scorecard_rows(period=parse_period(bt.SCORECARD_PERIOD), today=TODAY, unit_id=country[0].departments[-1])
    asked = drill.score.task_ids["coordination_requests_received"]
    assert task.pk in asked and later.pk not in asked
    assert line.counts == tuple(getattr(drill.score, m) for m in METRICS) and line.counts[received] >= 1
    # And the counts of every scored unit are the tally's, ids aside, for the provinces and the country.
    for case in [c for c in cases if isinstance(c, bt.ScorecardCase)] + [None]:
        area = None if case is None else case.province_id
        with clock.frozen(TODAY):
            counted = scorecard_rows(period=parse_period(bt.SCORECARD_PERIOD), today=TODAY, area_id=area, task_ids=False)
            tallied = scorecard_rows(period=parse_period(bt.SCORECARD_PERIOD), today=TODAY, area_id=area)
        assert [(r.rank, r.score, r.flags) for r in counted] == [
            (r.rank, dataclasses.replace(r.score, task_ids={}), [dataclasses.replace(f, task_ids=[]) for f in r.flags]) for r in tallied
        ]


def test_the_inbox_sql_follows_the_units_succession_like_the_selector(country: list[bt.ProvincePlan]) -> None:
    """A commune committee whose duties passed to a department: its tasks reach the
    department's inbox both ways (the recursive held-units CTE = `units_held_by`)."""
    with clock.frozen(TODAY):
        cases = [c for c in bt.build_cases(country, officers=200, seed=7) if isinstance(c, bt.InboxCase)]
        commune, plan = max(
            ((u, p) for p in country for u in p.communes),
            key=lambda up: Task.objects.filter(lead_unit_id=up[0], state__in=bt.OPEN_INBOX).count(),
        )
        assert Task.objects.filter(lead_unit_id=commune, state__in=bt.OPEN_INBOX).exists()
        officer = next(c.user for c in cases if c.user.unit_id == plan.departments[1])
        assert officer.unit_id is not None
        units_load(actor=None, dataset="test-bench-tasks-succession", units=[], links=[
            SuccessionSpec(Unit.objects.get(pk=commune).code, Unit.objects.get(pk=officer.unit_id).code, SuccessionKind.TRANSFER,
                           dt.date(2026, 1, 1), "Quyết định thử"),
        ])
        mine = [bt.InboxCase(officer, v) for v in bt.INBOX_VARIANTS]
        assert bt.mismatches(mine, TODAY) == []
        assert bt.inbox_raw(mine[0], TODAY).count > Task.objects.filter(
            lead_unit_id=officer.unit_id, state__in=bt.OPEN_INBOX).count()


def test_the_check_notices_when_a_selector_and_its_sql_drift_apart(
    country: list[bt.ProvincePlan], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(selectors, "OPEN_STATES", (State.ISSUED,))  # the inbox would drop received tasks
    monkeypatch.setattr(selectors, "_COMPILED", {})  # and its page is compiled anew from that definition
    with clock.frozen(TODAY):
        cases = [c for c in bt.build_cases(country, officers=200, seed=7) if isinstance(c, bt.InboxCase)]
        problems = bt.mismatches(cases, TODAY)
    assert problems
    assert "inbox" in str(problems[0])


def test_the_command_measures_reuses_and_drops(country: list[bt.ProvincePlan], capsys: pytest.CaptureFixture[str]) -> None:
    with clock.frozen(TODAY):
        call_command("bench", "tasks", "--reuse", "--repeat", "1", "--warmup", "0", "--officers", "3")
    out = capsys.readouterr().out
    assert "reusing the generated data" in out and "300" in out
    assert "inbox ORM p95" in out and "scorecard ORM p95" in out
    assert out.count("PASS") + out.count("FAIL") == 5
    call_command("bench", "tasks", "--drop")
    assert not bt.bench_data().present
    assert not Unit.objects.filter(code__startswith=bt.CODE_PREFIX).exists()
    assert not Person.objects.filter(source=bt.SOURCE).exists()
    assert Unit.objects.filter(code="UBND:P91").exists()  # the reference units stay


def test_the_command_generates_then_stops_when_answers_differ(
    db: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    tiny_country()
    monkeypatch.setattr(selectors, "OPEN_STATES", (State.ISSUED,))
    monkeypatch.setattr(selectors, "_COMPILED", {})

    def no_timing(*args: object, **kwargs: object) -> None:
        raise AssertionError("timed although the answers differ")

    monkeypatch.setattr(bt, "run", no_timing)
    with clock.frozen(TODAY), pytest.raises(CommandError, match="khác nhau"):
        call_command("bench", "tasks", "--tasks", "200", "--officers", "10")
    assert "generation time" in capsys.readouterr().out
    assert Task.objects.filter(source_ref=bt.MARK).count() == 200


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the limit is SQLite's")
def test_sqlite_is_refused_for_national_scale(db: None) -> None:
    tiny_country()
    with pytest.raises(CommandError, match="PostgreSQL"):
        call_command("bench", "tasks", "--tasks", str(bt.SQLITE_MAX_TASKS + 1))
    assert not Task.objects.exists()
