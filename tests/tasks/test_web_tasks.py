"""Task pages as HTML: what the browser posts back must be what the server expects."""

from __future__ import annotations

import datetime as dt
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import World
from thucthi.accounts.policy import issuable_units
from thucthi.audit.models import AuditRecord
from thucthi.core import clock
from thucthi.orgs.loader import UnitSpec, units_load
from thucthi.orgs.models import Succession, SuccessionKind, Unit, UnitKind
from thucthi.orgs.selectors import units_held_by
from thucthi.tasks import selectors, services
from thucthi.tasks.models import Status, Task
from thucthi.tasks.selectors import issuing_choices
from thucthi.tasks.status import status_expression, status_filter


def test_it_never_writes_ids_with_thousand_separators_into_forms(world: World) -> None:
    # Vietnamese number formatting turns 123456 into "123.456"; an id posted back like that is rejected.
    interior = Unit.objects.create(pk=123456, code="DEPT:P99:nv", kind=UnitKind.DEPARTMENT, name="Sở Nội vụ tỉnh Thử Nghiệm",
                                   parent=world.committee, area=world.province)
    with clock.frozen(dt.date(2026, 11, 2)):
        task = services.task_create(
            actor=None, title="Báo cáo biên chế các ban quản lý dự án", issuer=world.committee, lead_unit=world.finance,
            responsible=world.officer.person, accepting_unit=world.committee, expected_product="Báo cáo",
            deadline=dt.date(2026, 12, 31), coordinations=[services.CoordinationInput(unit=interior)], issue=True,
        )
        services.task_receive(actor=None, task=task)
    html = world.client_for(world.officer).get(f"/tasks/{task.pk}/").content.decode()
    assert 'value="123456"' in html
    assert not re.search(r'value="\d{1,3}(\.\d{3})+"', html)


def test_it_posts_a_coordination_request_from_the_task_page(world: World) -> None:
    with clock.frozen(dt.date(2026, 11, 2)):
        task = services.task_create(
            actor=None, title="Báo cáo biên chế các ban quản lý dự án", issuer=world.committee, lead_unit=world.finance,
            responsible=world.officer.person, accepting_unit=world.committee, expected_product="Báo cáo",
            deadline=dt.date(2030, 12, 31), coordinations=[services.CoordinationInput(unit=world.health)], issue=True,
        )
        services.task_receive(actor=None, task=task)
    client = world.client_for(world.officer)
    response = client.post(f"/tasks/{task.pk}/act/coordination/", {"to_unit": world.health.pk, "message": "Xin số liệu", "due_on": "04/12/2029"}, follow=True)
    assert "Đã gửi đề nghị phối hợp." in response.content.decode()
    bad = client.post(f"/tasks/{task.pk}/act/coordination/", {"to_unit": world.health.pk, "message": "", "due_on": "31/02/2029"}, follow=True)
    page = bad.content.decode()
    assert "Cần ghi nội dung đề nghị phối hợp." in page and "Ngày không hợp lệ" in page
    assert task.coordination_requests.count() == 1


def test_a_coordination_request_goes_only_to_a_coordinating_unit_and_a_step_only_to_the_task_s_own_rows(world: World) -> None:
    with clock.frozen(dt.date(2026, 11, 2)):
        task, other = (services.task_create(
            actor=None, title=title, issuer=world.committee, lead_unit=world.finance,
            responsible=world.officer.person, accepting_unit=world.committee, expected_product="Báo cáo",
            deadline=dt.date(2030, 12, 31), coordinations=coordinations, issue=True,
        ) for title, coordinations in (("Báo cáo biên chế", [services.CoordinationInput(unit=world.health)]), ("Báo cáo khác", [])))
        for t in (task, other):
            services.task_receive(actor=None, task=t)
        report = services.progress_submit(actor=world.officer, task=other, percent=10, narrative="Đang làm")
    today = dt.date(2026, 11, 2)
    detail = selectors.task_detail(world.officer, task.pk, today=today)
    alone = selectors.task_detail(world.officer, other.pk, today=today)
    assert detail is not None and alone is not None
    assert list(selectors.coordinating_units(detail)) == [world.health]
    with CaptureQueriesContext(connection) as queries:
        assert list(selectors.coordinating_units(alone)) == []
    assert len(queries) == 0, "no coordination, no query: the task's coordinations were prefetched"
    assert selectors.task_report(other, report.pk) == report
    assert selectors.task_report(task, report.pk) is None, "another task's report is not this task's"
    head = world.client_for(world.head)
    assert head.post(f"/tasks/{task.pk}/act/review/", {"report": report.pk, "approve": "1"}).status_code == 404
    assert head.post(f"/tasks/{other.pk}/act/review/", {"report": report.pk, "approve": "1"}).status_code == 302


def test_the_second_of_two_simultaneous_edits_is_refused_and_keeps_what_was_typed(world: World) -> None:
    with clock.frozen(dt.date(2026, 11, 2)):
        task = services.task_create(
            actor=None, title="Báo cáo biên chế các ban quản lý dự án", issuer=world.committee, lead_unit=world.finance,
            responsible=world.officer.person, accepting_unit=world.committee, expected_product="Báo cáo",
            deadline=dt.date(2030, 12, 31), issue=True,
        )
    first, second = world.client_for(world.committee_office), world.client_for(world.admin)
    version = task.version
    form = {"title": task.title, "issuer": world.committee.pk, "lead_unit": world.finance.pk, "responsible": world.officer.person_id,
            "accepting_unit": world.committee.pk, "deadline_kind": "date", "deadline": "31/12/2030", "version": version}
    assert first.post(f"/tasks/{task.pk}/edit/", {**form, "expected_product": "Báo cáo và phụ lục"}).status_code == 302
    response = second.post(f"/tasks/{task.pk}/edit/", {**form, "expected_product": "Báo cáo kèm số liệu chi tiết"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Nhiệm vụ vừa được người khác cập nhật" in page
    assert "Báo cáo kèm số liệu chi tiết" in page, "the second person's typing is still in the form"
    task.refresh_from_db()
    assert task.expected_product == "Báo cáo và phụ lục"


def issue(world: World, title: str, lead: Unit, deadline: dt.date) -> Task:
    return services.task_create(
        actor=None, title=title, issuer=world.committee, lead_unit=lead, responsible=world.officer.person,
        accepting_unit=world.committee, expected_product="Báo cáo", deadline=deadline, issue=True,
    )


def test_the_inbox_page_lists_work_absorbed_over_two_reorganisations_counted_in_one_statement(world: World) -> None:
    """Sở Tài chính absorbed Sở KH&ĐT (1/3/2025), which had absorbed an older office (2020);
    a transfer dated after today does not count yet. The list and its total come in one
    statement, the held units as a subquery of it."""
    old = Unit.objects.create(code="DEPT:P99:cu", kind=UnitKind.DEPARTMENT, name="Ban Đổi mới doanh nghiệp tỉnh Thử Nghiệm",
                              parent=world.committee, area=world.province, valid_to=dt.date(2019, 12, 31))
    later = Unit.objects.create(code="DEPT:P99:sau", kind=UnitKind.DEPARTMENT, name="Ban Quản lý dự án tỉnh Thử Nghiệm",
                                parent=world.committee, area=world.province)
    Succession.objects.create(predecessor=old, successor=world.planning, kind=SuccessionKind.MERGE, effective_date=dt.date(2020, 1, 1),
                              legal_basis="Quyết định thử")
    Succession.objects.create(predecessor=later, successor=world.finance, kind=SuccessionKind.TRANSFER,
                              effective_date=dt.date(2027, 1, 1), legal_basis="Quyết định thử")
    today = dt.date(2026, 11, 2)
    with clock.frozen(today):
        for n, lead in enumerate((world.finance, world.planning, old, later, world.health)):
            task = issue(world, f"Nhiệm vụ thử {n}", world.finance, dt.date(2026, 12, 1) + dt.timedelta(days=n))
            Task.objects.filter(pk=task.pk).update(lead_unit=lead)  # given before the reorganisations
        assert units_held_by(world.finance.pk, on=today) == {world.finance.pk, world.planning.pk, old.pk}
        assert units_held_by(world.finance.pk, on=dt.date(2027, 1, 1)) == {world.finance.pk, world.planning.pk, old.pk, later.pk}
        assert units_held_by(world.planning.pk, on=dt.date(2019, 6, 1)) == {world.planning.pk}
        qs = selectors.inbox(world.officer, today=today)
        with CaptureQueriesContext(connection) as ctx:
            page = selectors.task_page(qs, 1, short=True)
            rows = [(t.title, t.lead_unit__short_name or t.lead_unit__name, t.status) for t in page]
        assert len(ctx.captured_queries) == 1
        assert page.paginator.count == 3
        assert rows == [
            ("Nhiệm vụ thử 0", "Sở Tài chính", "not_started"),
            ("Nhiệm vụ thử 1", "Sở Kế hoạch và Đầu tư", "not_started"),
            ("Nhiệm vụ thử 2", "Ban Đổi mới doanh nghiệp tỉnh Thử Nghiệm", "not_started"),
        ]
        html = world.client_for(world.officer).get("/tasks/?view=inbox").content.decode()
    assert all(f"Nhiệm vụ thử {n}" in html for n in (0, 1, 2)) and "Nhiệm vụ thử 3" not in html and "Nhiệm vụ thử 4" not in html
    assert "3 nhiệm vụ" in html


def test_the_short_list_paginator_pages_like_djangos(world: World) -> None:
    with clock.frozen(dt.date(2026, 11, 2)):
        for n in range(5):
            issue(world, f"Nhiệm vụ {n}", world.finance, dt.date(2026, 12, 1) + dt.timedelta(days=n))
    qs = Task.objects.annotate(status=status_expression(dt.date(2026, 11, 2))).order_by("deadline", "id")  # as every list is
    titles = [f"Nhiệm vụ {n}" for n in range(5)]

    def shown(number: object) -> tuple[int, int, list[str]]:
        page = selectors.ShortListPaginator(qs, 2).get_page(number)
        return page.number, page.paginator.count, [t.title for t in page]

    assert shown(1) == (1, 5, titles[:2])
    assert shown("3") == (3, 5, titles[4:])
    assert shown(9) == (3, 5, titles[4:])  # past the end: the last page, as Paginator
    assert shown("x") == (1, 5, titles[:2])
    assert shown(0) == (3, 5, titles[4:])
    empty = selectors.ShortListPaginator(qs.none(), 2).get_page(1)
    assert (empty.number, empty.paginator.count, list(empty), empty.paginator.num_pages) == (1, 0, [], 1)
    page = selectors.ShortListPaginator(qs, 2).get_page(2)
    assert (page.has_previous(), page.has_next(), page.paginator.num_pages) == (True, True, 3)


def test_the_inbox_compiled_once_gives_what_its_queryset_gives(world: World) -> None:
    """`inbox_page` runs the statement compiled from `inbox` with each officer's own values: the
    same rows, types and total as `task_page(inbox(…))`, for every filter, page and day, and a
    second officer or day does not see the first one's answer."""
    today = dt.date(2026, 11, 2)
    with clock.frozen(dt.date(2026, 10, 1)):
        for n in range(7):
            task = issue(world, f"Rà soát hồ sơ dự án số {n}", world.finance, dt.date(2026, 10, 5) + dt.timedelta(days=9 * n))
            if n % 3 == 0:  # assigned to the planning department before it merged into finance
                Task.objects.filter(pk=task.pk).update(lead_unit=world.planning)
            if n == 4:
                Task.objects.filter(pk=task.pk).update(is_sample=True)
        issue(world, "Rà soát hồ sơ dự án của Sở Y tế", world.health, dt.date(2026, 12, 1))
    with clock.frozen(today):
        for who in (world.officer, world.other_head):
            for status, overdue in (("", None), (Status.OVERDUE, None), (Status.NOT_STARTED, None), ("", False), ("", True)):
                for number in (1, 2, 3):
                    qs = selectors.inbox(who, today=today)
                    if status:
                        qs = qs.filter(status_filter(Status(status), today))
                    if overdue is not None:
                        qs = qs.filter(status_filter(Status.OVERDUE, today)) if overdue else qs.exclude(status_filter(Status.OVERDUE, today))
                    expected = selectors.task_page(qs, number, short=True)
                    got = selectors.inbox_page(who, today=today, status=status, overdue=overdue, number=number, per_page=3)
                    want = selectors.ShortListPaginator(qs, 3).get_page(number)
                    if got is None:  # past the end: the caller falls back to task_page
                        assert number > 1 and want.number < number
                        continue
                    assert (list(got), got.paginator.count, got.number) == (list(want), want.paginator.count, want.number)
                    assert expected.paginator.count == got.paginator.count
    rows = list(selectors.inbox_page(world.officer, today=today) or [])
    assert rows and all(isinstance(r.deadline, dt.date) and isinstance(r.is_sample, bool) for r in rows)
    assert [r.is_sample for r in rows].count(True) == 1


def test_a_refused_issue_on_the_form_saves_nothing_and_keeps_what_was_typed(world: World) -> None:
    """The form's "Giao nhiệm vụ" and POST /api/v1/tasks with issue=true are one service: short of a
    clear, both refuse and save nothing; a draft is saved only by its own button."""
    client = world.client_for(world.committee_office)
    deadline = clock.today() + dt.timedelta(days=60)
    form = {"title": "Rà soát tiến độ giải ngân vốn đầu tư công", "issuer": world.committee.pk, "lead_unit": world.finance.pk,
            "deadline_kind": "date", "deadline": f"{deadline:%d/%m/%Y}", "coordinating": [world.health.pk]}
    before = (Task.objects.count(), AuditRecord.objects.count())
    response = client.post("/tasks/new/", {**form, "submit": "issue"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Chưa đủ “6 rõ”" in page
    for missing in ("Rõ người", "Rõ thẩm quyền", "Rõ sản phẩm"):
        assert f"{missing} (" in page
    assert "Rõ việc (" not in page and "Rõ thời gian (" not in page
    assert "Rà soát tiến độ giải ngân vốn đầu tư công" in page and f'value="{deadline:%d/%m/%Y}"' in page
    assert (Task.objects.count(), AuditRecord.objects.count()) == before
    api = world.client_for(world.committee_office).post(
        "/api/v1/tasks", {"title": form["title"], "issuer": world.committee.pk, "lead_unit": world.finance.pk,
                          "deadline": deadline.isoformat(), "issue": True}, content_type="application/json")
    assert api.status_code == 422
    assert (Task.objects.count(), AuditRecord.objects.count()) == before

    draft = client.post("/tasks/new/", {**form, "submit": "draft"})
    assert draft.status_code == 302
    task = Task.objects.get()
    assert task.state == "draft" and task.created_by == world.committee_office


def test_the_form_offers_every_body_the_policy_lets_an_office_issue_for(world: World) -> None:
    today = clock.today()
    for user in (world.committee_office, world.council_office, world.head):
        offered = set(issuing_choices(user, today).values_list("pk", flat=True))
        issuable = issuable_units(user)
        assert issuable is not None
        assert offered == set(Unit.objects.valid_on(today).filter(pk__in=issuable).values_list("pk", flat=True))
    assert world.committee.pk in set(issuing_choices(world.committee_office, today).values_list("pk", flat=True))
    assert not issuing_choices(world.officer, today).exists()


def test_the_provinces_own_committee_comes_first_among_the_bodies_an_office_issues_for(world: World) -> None:
    # "UBND phường …" sorts before "UBND tỉnh …", but the province's committee is
    # the usual issuer and the form's default.
    units_load(actor=None, dataset="test-ward", links=[], units=[
        UnitSpec(code="P99", kind=UnitKind.PROVINCE, name="Tỉnh Thử Nghiệm", short_name="Thử Nghiệm", division_type="tỉnh", gso_code="99"),
        UnitSpec(code="W99", kind=UnitKind.COMMUNE, name="Phường An Bình", short_name="An Bình", division_type="phường", parent="P99"),
        UnitSpec(code="UBND:W99", kind=UnitKind.PEOPLES_COMMITTEE, name="Ủy ban nhân dân phường An Bình", short_name="UBND phường An Bình",
                 parent="W99"),
    ])
    choices = list(issuing_choices(world.committee_office, clock.today()).values_list("code", flat=True))
    assert choices[0] == "UBND:P99" and "UBND:W99" in choices
