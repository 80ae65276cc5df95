"""Chasing rules and e-mail digests, the latter through a real SMTP server on loopback."""

from __future__ import annotations

import datetime as dt
import socket
from collections.abc import Iterator
from email import message_from_bytes
from email.header import decode_header, make_header
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command

from tests.conftest import World
from thucthi.core import clock
from thucthi.notifications.models import Kind, Notification
from thucthi.notifications.services import send_digests
from thucthi.tasks import reminders, services
from thucthi.tasks.models import DeadlineKind, EventKind, Task

ISSUED = dt.date(2026, 10, 1)
DEADLINE = dt.date(2026, 11, 13)  # a Friday


def _task(w: World, **extra: Any) -> Task:
    fields: dict[str, Any] = {"deadline": DEADLINE}
    fields.update(extra)
    with clock.frozen(ISSUED):
        task = services.task_create(
            actor=None, title="Báo cáo tình hình thu ngân sách quý III", issuer=w.committee, lead_unit=w.finance,
            responsible=w.officer.person, accepting_unit=w.committee, expected_product="Báo cáo", issue=True,
            coordinations=[services.CoordinationInput(unit=w.health, duty="Số liệu")], **fields,
        )
        services.task_receive(actor=None, task=task)
    return task


def _kinds(user_id: int) -> list[str]:
    return sorted(Notification.objects.filter(recipient_id=user_id).values_list("kind", flat=True))


def test_it_reminds_three_working_days_before_the_deadline(world: World) -> None:
    task = _task(world)
    reminders.run(today=dt.date(2026, 11, 9))  # Monday: Tue, Wed, Thu, Fri = 4 working days left
    assert _kinds(world.officer.pk) == []
    result = reminders.run(today=dt.date(2026, 11, 10))  # Tuesday: 3 working days left
    assert result.reminders == 1
    assert _kinds(world.officer.pk) == [Kind.REMINDER] and _kinds(world.head.pk) == [Kind.REMINDER]
    assert _kinds(world.other_head.pk) == [], "another unit hears nothing"
    note = Notification.objects.filter(recipient=world.officer).get()
    assert note.message.startswith("Còn 3 ngày làm việc đến hạn 13/11/2026")
    assert task.events.filter(kind=EventKind.REMINDED).count() == 1


def test_it_never_notifies_twice_for_the_same_deadline(world: World) -> None:
    _task(world)
    reminders.run(today=dt.date(2026, 11, 10))
    again = reminders.run(today=dt.date(2026, 11, 11))
    assert again.reminders == 0
    assert Notification.objects.filter(kind=Kind.REMINDER).count() == 2  # officer and head, once each


def test_it_tells_the_head_when_overdue_and_the_issuer_after_m_days(world: World, settings: Any) -> None:
    settings.TASK_ESCALATION_DAYS = 10
    _task(world)
    first = reminders.run(today=dt.date(2026, 11, 14))
    assert (first.overdue, first.escalations) == (1, 0)
    assert _kinds(world.head.pk) == [Kind.OVERDUE] and Kind.OVERDUE not in _kinds(world.officer.pk)
    assert reminders.run(today=dt.date(2026, 11, 22)).escalations == 0  # 9 days late
    later = reminders.run(today=dt.date(2026, 11, 23))  # 10 days late
    assert later.escalations == 1
    assert _kinds(world.committee_office.pk) == [Kind.ESCALATION]
    assert _kinds(world.council_office.pk) == [], "the council office did not issue this task"


def test_it_does_not_chase_a_completion_requested_in_time(world: World) -> None:
    task = _task(world)
    with clock.frozen(dt.date(2026, 11, 12)):
        services.completion_request(actor=world.officer, task=task, note="Báo cáo số 15/BC-STC")
    result = reminders.run(today=dt.date(2026, 11, 30))
    assert (result.overdue, result.escalations) == (0, 0)


def test_it_flags_a_no_deadline_task_without_activity(world: World) -> None:
    _task(world, deadline=None, deadline_kind=DeadlineKind.NONE, no_deadline_reason="Nhiệm vụ thường xuyên", inactivity_days=30)
    assert reminders.run(today=dt.date(2026, 10, 20)).inactive == 0
    assert reminders.run(today=dt.date(2026, 11, 5)).inactive == 1
    assert _kinds(world.head.pk) == [Kind.INACTIVE] and _kinds(world.committee_office.pk) == [Kind.INACTIVE]


def test_it_chases_an_unanswered_coordination_request(world: World) -> None:
    task = _task(world)
    with clock.frozen(dt.date(2026, 10, 5)):
        services.coordination_request(actor=world.officer, task=task, to_unit=world.health, message="Xin số liệu", due_on=dt.date(2026, 10, 9))
    assert reminders.run(today=dt.date(2026, 10, 12)).coordination == 1
    assert _kinds(world.other_head.pk) == [Kind.COORDINATION]


def test_the_command_runs_as_of_a_given_day(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    _task(world)
    call_command("reminders", "run", "--date", "2026-11-10", "--no-email")
    assert "reminders 1" in capsys.readouterr().out


class Inbox:
    def __init__(self) -> None:
        self.messages: list[bytes] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(envelope.content)
        return "250 OK"


@pytest.fixture
def smtp(settings: Any) -> Iterator[Inbox]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = False
    try:
        yield inbox
    finally:
        controller.stop()


def test_it_sends_one_digest_per_person_over_real_smtp(world: World, smtp: Inbox) -> None:
    world.head.email = "hoa@stc.example.vn"
    world.head.save(update_fields=["email"])
    _task(world)
    _task(world, deadline=dt.date(2026, 11, 12))
    reminders.run(today=dt.date(2026, 11, 20))
    assert Notification.objects.filter(recipient=world.head).count() == 2
    with clock.frozen(dt.date(2026, 11, 20)):
        assert send_digests() == 1
    assert len(smtp.messages) == 1
    mail = message_from_bytes(smtp.messages[0])
    assert str(make_header(decode_header(mail["Subject"]))) == "Thực Thi: 2 thông báo ngày 20/11/2026"
    assert mail["To"] == "hoa@stc.example.vn"
    body = mail.get_payload(decode=True)
    assert isinstance(body, bytes) and "Quá hạn 8 ngày" in body.decode("utf-8")
    with clock.frozen(dt.date(2026, 11, 21)):
        assert send_digests() == 0, "a digest is never sent twice"
    assert len(smtp.messages) == 1


def test_it_keeps_notifications_for_the_next_run_when_smtp_is_down(world: World, settings: Any) -> None:
    world.head.email = "hoa@stc.example.vn"
    world.head.save(update_fields=["email"])
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed_port = s.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", closed_port, 2
    _task(world)
    reminders.run(today=dt.date(2026, 11, 20))
    assert send_digests() == 0
    assert Notification.objects.filter(recipient=world.head, emailed_at__isnull=True).count() == 1
