"""A province's offices act for their own province only, including the bodies it took over."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import World, make_user
from thucthi.accounts.models import Role
from thucthi.accounts.policy import Action, PermissionDenied, can
from thucthi.core import clock
from thucthi.orgs.loader import SuccessionSpec, UnitSpec, units_load
from thucthi.orgs.models import SuccessionKind, Unit, UnitKind
from thucthi.tasks import services
from thucthi.tasks.models import Task
from thucthi.tasks.selectors import issuer_board, task_list, visible_tasks


def _province(code: str, name: str, *, valid_to: dt.date | None = None) -> Unit:
    units_load(actor=None, dataset=f"test-{code}", units=[
        UnitSpec(code=code, kind=UnitKind.PROVINCE, name=f"Tỉnh {name}", short_name=name, valid_to=valid_to),
        UnitSpec(code=f"UBND:{code}", kind=UnitKind.PEOPLES_COMMITTEE, name=f"Ủy ban nhân dân tỉnh {name}", parent=code, valid_to=valid_to),
    ], links=[])
    return Unit.objects.get(code=f"UBND:{code}")


def test_an_office_of_another_province_can_neither_issue_nor_manage_here(world: World) -> None:
    elsewhere = _province("P98", "Khác")
    stranger = make_user("xuan", Role.COMMITTEE_OFFICE, elsewhere)
    with pytest.raises(PermissionDenied):
        services.task_create(actor=stranger, title="Báo cáo tình hình thu ngân sách", issuer=world.committee, lead_unit=world.finance)
    task = services.task_create(actor=world.committee_office, title="Báo cáo tình hình thu ngân sách", issuer=world.committee,
                                lead_unit=world.finance, responsible=world.officer.person, accepting_unit=world.committee,
                                expected_product="Báo cáo", deadline=dt.date(2030, 1, 15), issue=True)
    assert not can(stranger, Action.TASK_MANAGE, task) and not can(stranger, Action.TASK_ACCEPT, task)
    assert can(world.committee_office, Action.TASK_MANAGE, task)
    assert issuer_board(stranger, today=dt.date(2026, 11, 24))[0].count() == 0
    assert issuer_board(world.committee_office, today=dt.date(2026, 11, 24))[0].count() == 1


def test_an_office_acts_for_the_bodies_its_province_took_over(world: World) -> None:
    merged = _province("P97@old", "Cũ", valid_to=dt.date(2025, 6, 30))
    units_load(actor=None, dataset="test-merge", units=[], links=[
        SuccessionSpec("P97@old", "P99", SuccessionKind.MERGE, dt.date(2025, 7, 1), "Nghị quyết số 202/2025/QH15"),
    ])
    with clock.frozen(dt.date(2024, 3, 1)):
        old = services.task_create(actor=None, title="Rà soát quy hoạch xây dựng đô thị", issuer=merged, lead_unit=world.finance,
                                   responsible=world.officer.person, accepting_unit=merged, expected_product="Báo cáo",
                                   deadline=dt.date(2024, 9, 30), issue=True, allow_historical=True)
    fresh = type(world.committee_office).objects.get(pk=world.committee_office.pk)  # no cached scope
    assert can(fresh, Action.TASK_MANAGE, old)
    assert issuer_board(fresh, today=dt.date(2026, 11, 24))[0].filter(pk=old.pk).exists()


# --- oversight stays within the province ----------------------------------------------------------


def _issued(world: World, *, issuer: Unit, lead: Unit) -> Task:
    return services.task_create(
        actor=None, title="Rà soát tiến độ giải ngân vốn đầu tư công", issuer=issuer, lead_unit=lead,
        responsible=world.officer.person, accepting_unit=issuer, expected_product="Báo cáo",
        deadline=clock.today() + dt.timedelta(days=30), issue=True,
    )


def test_offices_and_delegates_oversee_the_tasks_of_their_own_province_only(world: World) -> None:
    ours = _issued(world, issuer=world.committee, lead=world.finance)
    theirs = _issued(world, issuer=world.other_committee, lead=world.other_department)
    today = clock.today()
    for overseer in (world.committee_office, world.council_office, world.delegate):
        assert can(overseer, Action.TASK_VIEW, ours) and not can(overseer, Action.TASK_VIEW, theirs)
        assert list(visible_tasks(overseer)) == [ours]
    for overseer in (world.other_office, world.other_council_office):
        assert can(overseer, Action.TASK_VIEW, theirs) and not can(overseer, Action.TASK_VIEW, ours)
        assert list(task_list(overseer, today=today)) == [theirs]
    assert set(visible_tasks(world.admin)) == {ours, theirs}
    # Every page and operation that lists or shows tasks asks the same rule.
    client = world.client_for(world.other_office)
    assert client.get(f"/tasks/{ours.pk}/").status_code == 404
    assert [t["id"] for t in client.get("/api/v1/tasks").json()["items"]] == [theirs.pk]
    hub = client.get("/tasks/?view=all").content.decode()
    assert f"/tasks/{ours.pk}/" not in hub and f"/tasks/{theirs.pk}/" in hub
    assert world.client_for(world.committee_office).get(f"/tasks/{theirs.pk}/").status_code == 404


def test_the_scorecard_drill_down_lists_only_the_tasks_the_reader_may_see(world: World) -> None:
    task = _issued(world, issuer=world.committee, lead=world.finance)
    year = clock.today().year
    url = f"/scorecards/{world.finance.pk}/tasks/?metric=assigned&period={year}"
    link = f'href="/tasks/{task.pk}/"'
    for allowed in (world.committee_office, world.council_office, world.delegate, world.officer, world.admin):
        assert link in world.client_for(allowed).get(url).content.decode()
    for stranger in (world.other_office, world.other_council_office, world.other_head):
        response = world.client_for(stranger).get(url)
        assert response.status_code == 200 and link not in response.content.decode()
        assert world.client_for(stranger).get(f"/tasks/{task.pk}/").status_code == 404
    # The API gives every reader the numbers, and the ids behind them only of the tasks it may see.
    api_url = f"/api/v1/scorecards?period={year}&unit={world.finance.pk}"
    own = world.client_for(world.committee_office).get(api_url).json()["items"][0]
    other = world.client_for(world.other_office).get(api_url).json()["items"][0]
    assert own["assigned"] == other["assigned"] == 1
    assert own["task_ids"]["assigned"] == [task.pk]
    assert other["task_ids"]["assigned"] == []
