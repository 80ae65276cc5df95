"""Notifications point at their target by content type and id, not by a foreign key into tasks:
the chasing rules name the task as the target, the page links to it, and the migration carried
the old rows' tasks over."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.conftest import World
from thucthi.core import clock
from thucthi.notifications.models import Kind, Notification
from thucthi.notifications.selectors import notifications_of, target_label, unread_count
from thucthi.notifications.services import mark_read, notify
from thucthi.tasks import reminders, services
from thucthi.tasks.models import Task

ISSUED = dt.date(2026, 10, 1)
DEADLINE = dt.date(2026, 11, 13)  # a Friday


def _task(w: World) -> Task:
    with clock.frozen(ISSUED):
        task = services.task_create(
            actor=None, title="Báo cáo tình hình thu ngân sách quý III", issuer=w.committee, lead_unit=w.finance,
            responsible=w.officer.person, accepting_unit=w.committee, expected_product="Báo cáo", issue=True, deadline=DEADLINE,
        )
        services.task_receive(actor=None, task=task)
    return task


def test_it_names_the_task_as_the_target_of_a_reminder(world: World) -> None:
    task = _task(world)
    reminders.run(today=dt.date(2026, 11, 10))
    note = Notification.objects.get(recipient=world.officer, kind=Kind.REMINDER)
    assert note.target == task
    assert (note.target_type, note.target_id) == (ContentType.objects.get_for_model(Task), task.pk)


def test_it_links_a_notification_to_its_task_page(world: World) -> None:
    task = _task(world)
    reminders.run(today=dt.date(2026, 11, 10))
    notify(recipients=[world.officer], kind=Kind.INACTIVE, key="about-nothing", message="Không gắn với nhiệm vụ nào")
    page = world.client_for(world.officer).get("/notifications/").content.decode()
    assert f'<a href="/tasks/{task.pk}/">Còn 3 ngày làm việc đến hạn 13/11/2026' in page
    assert "Không gắn với nhiệm vụ nào" in page and 'href="/tasks/None/"' not in page


def test_it_keeps_a_notification_whose_target_is_gone_without_a_link(world: World) -> None:
    notify(recipients=[world.officer], kind=Kind.OVERDUE, key="gone", message="Nhiệm vụ đã xóa", target=world.finance)
    page = world.client_for(world.officer).get("/notifications/")
    assert page.status_code == 200
    assert "Nhiệm vụ đã xóa" in page.content.decode(), "a target the web cannot show is listed without a link"


@pytest.mark.django_db(transaction=True)
def test_the_migration_carries_each_notification_s_task_over_as_its_target(world: World) -> None:
    task = _task(world)
    before = [("notifications", "0001_notifications_once_per_key")]
    executor = MigrationExecutor(connection)
    leaf = executor.loader.graph.leaf_nodes("notifications")
    try:
        executor.migrate(before)
        old = executor.loader.project_state(before).apps.get_model("notifications", "Notification")
        old.objects.create(recipient_id=world.officer.pk, kind="overdue", key="overdue:old", message="Quá hạn", task_id=task.pk)
        old.objects.create(recipient_id=world.officer.pk, kind="overdue", key="plain:old", message="Không gắn")
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(leaf)
    about_task = Notification.objects.get(key="overdue:old")
    assert about_task.target == task
    assert Notification.objects.get(key="plain:old").target_type is None

    # And back: the target becomes the task's foreign key again (on PostgreSQL, after the
    # deferred checks of the copied rows have run, so the columns can be dropped).
    try:
        executor = MigrationExecutor(connection)
        executor.migrate(before)
        old = executor.loader.project_state(before).apps.get_model("notifications", "Notification")
        assert old.objects.get(key="overdue:old").task_id == task.pk
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(leaf)


def test_it_reads_only_the_user_s_own_notifications_and_counts_their_unread(world: World) -> None:
    task = _task(world)
    notify(recipients=[world.officer], kind=Kind.INACTIVE, key="mine-1", message="Của cán bộ", target=task)
    notify(recipients=[world.officer], kind=Kind.INACTIVE, key="mine-2", message="Đã đọc")
    notify(recipients=[world.committee_office], kind=Kind.INACTIVE, key="theirs", message="Của văn phòng")
    mark_read(user=world.officer, ids=list(Notification.objects.filter(key="mine-2").values_list("pk", flat=True)))
    own = list(notifications_of(world.officer))
    assert {n.message for n in own} == {"Của cán bộ", "Đã đọc"}
    assert unread_count(world.officer.pk) == 1
    assert [target_label(n) for n in own if n.message == "Của cán bộ"] == ["tasks.task"]
    assert [target_label(n) for n in own if n.message == "Đã đọc"] == [None]
    assert world.client_for(world.officer).get("/notifications/").context["unread_notifications"] == 1
