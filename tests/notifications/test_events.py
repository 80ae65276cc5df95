"""Every event of a task tells the people who must act next, once the flow commits, and never
the one who acted; figures and questions likewise. E-mail follows each user's choice, and
"Nhắc việc" reminds an overdue task at most once a day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.db import transaction
from huey.contrib.djhuey import HUEY

from tests.conftest import World
from tests.indicators.fixtures import indicator_plan
from thucthi.accounts.models import User
from thucthi.accounts.policy import PermissionDenied
from thucthi.audit.models import AuditRecord
from thucthi.core import clock
from thucthi.core.errors import DomainError
from thucthi.council.models import AnswerMode, Delegate, Session, Term
from thucthi.council.questioning import answer_record, question_register
from thucthi.indicators import services as indicator_services
from thucthi.indicators.models import Indicator
from thucthi.notifications.models import EmailChoice, Kind, Notification
from thucthi.notifications.services import preference_set, send_digests
from thucthi.tasks import services
from thucthi.tasks.models import EventKind, Task, TaskEvent

Capture = Callable[..., Any]
TODAY = dt.date(2026, 11, 24)  # the suite's standing day (a Tuesday)


@pytest.fixture
def run_jobs() -> Iterator[None]:
    """Background jobs run at once, in the test's process (as the worker would run them)."""
    was = HUEY.immediate
    HUEY.immediate = True
    yield
    HUEY.immediate = was


def _task(w: World, *, deadline: dt.date = dt.date(2027, 3, 31), issue: bool = True) -> Task:
    return services.task_create(
        actor=w.committee_office, title="Rà soát tiến độ giải ngân vốn đầu tư công", issuer=w.committee, lead_unit=w.finance,
        responsible=w.officer.person, accepting_unit=w.committee, expected_product="Báo cáo kết quả rà soát", deadline=deadline,
        coordinations=[services.CoordinationInput(unit=w.health, duty="Số liệu y tế")], issue=issue,
    )


def _told(kind: str, task: Task) -> dict[str, set[str]]:
    """Who was told about the latest event of `kind`, and what they read."""
    event = TaskEvent.objects.filter(task=task, kind=kind).latest("pk")
    notes = Notification.objects.filter(key=f"event:{event.pk}").select_related("recipient")
    told: dict[str, set[str]] = {}
    for n in notes:
        told.setdefault(n.recipient.username, set()).add(n.message)
    return told


def test_a_full_task_cycle_tells_whoever_must_act_next_and_never_the_actor(world: World, django_capture_on_commit_callbacks: Capture) -> None:
    w = world
    with django_capture_on_commit_callbacks(execute=True):
        task = _task(w)
    told = _told(EventKind.ISSUED, task)
    assert set(told) == {"dung", "hoa", "khanh"}, "the lead unit's staff, the responsible person and the coordinating unit"
    assert told["dung"] == {"UBND tỉnh Thử Nghiệm giao nhiệm vụ cho Sở Tài chính, hạn 31/03/2027: Rà soát tiến độ giải ngân vốn đầu tư công"}

    with django_capture_on_commit_callbacks(execute=True):
        services.task_receive(actor=w.officer, task=task)
    assert _told(EventKind.RECEIVED, task) == {"binh": {"Sở Tài chính đã tiếp nhận nhiệm vụ: Rà soát tiến độ giải ngân vốn đầu tư công"}}

    with django_capture_on_commit_callbacks(execute=True):
        report = services.progress_submit(actor=w.officer, task=task, percent=40, narrative="Đã rà soát 40% dự án")
    assert set(_told(EventKind.PROGRESS, task)) == {"hoa"}, "the unit's heads, who approve"
    assert "gửi báo cáo tiến độ chờ duyệt (40%)" in next(iter(_told(EventKind.PROGRESS, task)["hoa"]))

    with django_capture_on_commit_callbacks(execute=True):
        services.progress_review(actor=w.head, report=report, approve=True)
    assert _told(EventKind.PROGRESS_REVIEWED, task) == {"dung": {"Báo cáo tiến độ đã được duyệt: Rà soát tiến độ giải ngân vốn đầu tư công"}}

    with django_capture_on_commit_callbacks(execute=True):
        extension = services.extension_request(actor=w.officer, task=task, proposed_deadline=dt.date(2027, 6, 30), reason="Chờ số liệu quý")
    assert set(_told(EventKind.EXTENSION_REQUESTED, task)) == {"binh"}
    with django_capture_on_commit_callbacks(execute=True):
        services.extension_decide(actor=w.committee_office, request=extension, approve=True)
    assert set(_told(EventKind.EXTENSION_DECIDED, task)) == {"dung", "hoa"}

    with django_capture_on_commit_callbacks(execute=True):
        request = services.coordination_request(actor=w.officer, task=task, to_unit=w.health, message="Đề nghị cung cấp số liệu",
                                                due_on=dt.date(2026, 12, 1))
    assert _told(EventKind.COORDINATION_REQUESTED, task) == {
        "khanh": {"Sở Tài chính đề nghị Sở Y tế phối hợp (hạn trả lời 01/12/2026): Rà soát tiến độ giải ngân vốn đầu tư công"},
    }
    with django_capture_on_commit_callbacks(execute=True):
        services.coordination_answer(actor=w.other_head, request=request, answer="Gửi kèm số liệu")
    assert _told(EventKind.COORDINATION_ANSWERED, task) == {"dung": {"Sở Y tế đã trả lời đề nghị phối hợp: Rà soát tiến độ giải ngân vốn đầu tư công"}}

    with django_capture_on_commit_callbacks(execute=True):
        services.completion_request(actor=w.officer, task=task, note="Báo cáo số 12/BC-STC")
    assert set(_told(EventKind.COMPLETION_REQUESTED, task)) == {"binh"}, "the accepting body's office"
    with django_capture_on_commit_callbacks(execute=True):
        services.completion_decide(actor=w.committee_office, task=task, accept=True)
    assert set(_told(EventKind.COMPLETION_ACCEPTED, task)) == {"dung", "hoa"}

    for event in TaskEvent.objects.filter(task=task, actor__isnull=False):
        assert not Notification.objects.filter(key=f"event:{event.pk}", recipient=event.actor).exists(), f"{event.kind} told its actor"
    assert Notification.objects.filter(recipient=w.delegate).count() == 0, "nobody outside the task hears of it"
    assert {n.target for n in Notification.objects.all()} == {task}


def test_a_returned_task_and_a_cancelled_one_tell_the_other_side(world: World, django_capture_on_commit_callbacks: Capture) -> None:
    w = world
    with django_capture_on_commit_callbacks(execute=True):
        task = _task(w)
        services.task_return(actor=w.head, task=task, reason="Không thuộc chức năng của Sở")
    assert _told(EventKind.RETURNED, task) == {
        "binh": {"Sở Tài chính trả lại nhiệm vụ (giao không đúng): Rà soát tiến độ giải ngân vốn đầu tư công (Không thuộc chức năng của Sở)"},
    }
    with django_capture_on_commit_callbacks(execute=True):
        other = _task(w)
        services.task_cancel(actor=w.committee_office, task=other, reason="Trùng nhiệm vụ khác")
    assert set(_told(EventKind.CANCELLED, other)) == {"dung", "hoa"}


def test_a_draft_tells_nobody(world: World, django_capture_on_commit_callbacks: Capture) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        _task(world, issue=False)
    assert Notification.objects.count() == 0


def test_a_flow_that_rolls_back_tells_nobody(world: World, django_capture_on_commit_callbacks: Capture) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        task = _task(world)
    before = Notification.objects.count()
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError), transaction.atomic():
        services.task_receive(actor=world.officer, task=task)
        raise RuntimeError("the flow failed after the event was written")
    assert callbacks == []
    assert Notification.objects.count() == before
    assert not TaskEvent.objects.filter(task=task, kind=EventKind.RECEIVED).exists()


def test_nothing_is_written_before_the_transaction_commits(world: World, django_capture_on_commit_callbacks: Capture) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _task(world)
    assert Notification.objects.count() == 0 and len(callbacks) == 1
    callbacks[0]()
    assert Notification.objects.count() == 3


# --- E-mail, as each user chose ----------------------------------------------------------------


def _with_email(*users: User) -> None:
    for u in users:
        u.email = f"{u.username}@thunghiem.gov.vn"
        u.save(update_fields=["email"])


@pytest.mark.usefixtures("run_jobs")
def test_email_goes_at_once_in_the_digest_or_not_at_all_as_each_user_chose(world: World, django_capture_on_commit_callbacks: Capture) -> None:
    w = world
    _with_email(w.officer, w.head, w.other_head)
    preference_set(actor=w.officer, email=EmailChoice.IMMEDIATE)
    preference_set(actor=w.other_head, email=EmailChoice.NONE)  # hoa keeps the default: the digest
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _task(w)
    assert [m.to for m in mail.outbox] == [["dung@thunghiem.gov.vn"]], "only who chose 'at once' is e-mailed at once"
    assert "giao nhiệm vụ cho Sở Tài chính" in mail.outbox[0].body
    mail.outbox.clear()

    assert send_digests() == 1
    assert [m.to for m in mail.outbox] == [["hoa@thunghiem.gov.vn"]], "the digest skips who had it at once and who chose none"
    assert Notification.objects.filter(recipient=w.other_head, emailed_at__isnull=True).count() == 1, "kept in the app"


def test_a_preference_is_audited_and_shown_on_its_page(world: World) -> None:
    client = world.client_for(world.officer)
    page = client.get("/notifications/settings/").content.decode()
    assert 'value="digest" checked' in page.replace("\n", " ") or 'checked' in page
    response = client.post("/notifications/settings/", {"email": "immediate"})
    assert response.status_code == 302
    assert AuditRecord.objects.filter(action="notifications.preference.set", actor=world.officer).count() == 1
    refused = client.post("/notifications/settings/", {"email": "fax"})
    assert refused.status_code == 200 and "Hãy chọn một cách nhận e-mail." in refused.content.decode()
    assert '<a href="/notifications/settings/">' in client.get("/account/").content.decode()


# --- Nhắc việc ------------------------------------------------------------------------------------


def test_the_issuing_side_reminds_an_overdue_task_once_a_day(world: World, django_capture_on_commit_callbacks: Capture) -> None:
    w = world
    with clock.frozen(dt.date(2026, 10, 1)), django_capture_on_commit_callbacks(execute=True):
        task = _task(w, deadline=dt.date(2026, 11, 13))
        services.task_receive(actor=w.officer, task=task)
    with pytest.raises(PermissionDenied):
        services.task_remind(actor=w.officer, task=task)
    with django_capture_on_commit_callbacks(execute=True):
        services.task_remind(actor=w.committee_office, task=task, note="Đề nghị báo cáo trước thứ Sáu")
    told = _told(EventKind.REMINDED, task)
    assert set(told) == {"dung", "hoa"}
    assert told["hoa"] == {"UBND tỉnh Thử Nghiệm nhắc việc (quá hạn 11 ngày): Rà soát tiến độ giải ngân vốn đầu tư công (Đề nghị báo cáo trước thứ Sáu)"}
    assert Notification.objects.filter(kind=Kind.NUDGE).count() == 2
    assert AuditRecord.objects.filter(action="tasks.task.remind", actor=w.committee_office).count() == 1

    with pytest.raises(DomainError, match="đã được nhắc việc hôm nay"):
        services.task_remind(actor=w.committee_office, task=task)
    with clock.frozen(TODAY + dt.timedelta(days=1)), django_capture_on_commit_callbacks(execute=True):
        services.task_remind(actor=w.committee_office, task=task)
    assert TaskEvent.objects.filter(task=task, kind=EventKind.REMINDED, actor=w.committee_office).count() == 2


def test_a_task_far_from_its_deadline_is_not_reminded(world: World) -> None:
    task = _task(world)
    with pytest.raises(DomainError, match="chưa đến lúc nhắc"):
        services.task_remind(actor=world.committee_office, task=task)


def test_the_task_page_offers_nhac_viec_and_refuses_a_second_the_same_day(world: World) -> None:
    w = world
    with clock.frozen(dt.date(2026, 10, 1)):
        task = _task(w, deadline=dt.date(2026, 11, 13))
    client = w.client_for(w.committee_office)
    page = client.get(f"/tasks/{task.pk}/").content.decode()
    assert f'action="/tasks/{task.pk}/act/remind/"' in page
    assert f'/tasks/{task.pk}/act/remind/' not in w.client_for(w.officer).get(f"/tasks/{task.pk}/").content.decode()
    first = client.post(f"/tasks/{task.pk}/act/remind/", {"note": ""}, follow=True).content.decode()
    assert "Đã nhắc việc đơn vị chủ trì." in first and "Nhắc việc (quá hạn)" in first, "the reminder shows in Diễn biến"
    second = client.post(f"/tasks/{task.pk}/act/remind/", {"note": ""}, follow=True)
    assert second.status_code == 200
    assert "Nhiệm vụ này đã được nhắc việc hôm nay; mỗi ngày chỉ nhắc một lần." in second.content.decode()


def test_the_api_reminds_too(world: World) -> None:
    with clock.frozen(dt.date(2026, 10, 1)):
        task = _task(world, deadline=dt.date(2026, 11, 13))
    client = world.client_for(world.committee_office)
    assert client.post(f"/api/v1/tasks/{task.pk}/remind", {"note": "Khẩn"}, content_type="application/json").status_code == 200
    again = client.post(f"/api/v1/tasks/{task.pk}/remind", {}, content_type="application/json")
    assert again.status_code == 422


# --- Figures and questions ---------------------------------------------------------------------


def test_a_figure_entered_tells_its_approvers_and_its_review_tells_who_entered_it(world: World, django_capture_on_commit_callbacks: Capture) -> None:
    w = world
    indicator_plan(w)
    indicator = Indicator.objects.get(code="BUDGET_REVENUE")
    entry = indicator_services.Entry(indicator=indicator, value=Decimal(7001), data_status="official", source="Báo cáo mẫu")
    with django_capture_on_commit_callbacks(execute=True):
        [actual] = indicator_services.actuals_enter(actor=w.officer, unit=w.province, period="2020-H1", entries=[entry], confirm=True)
    entered = Notification.objects.get(kind=Kind.FIGURE_ENTERED)
    assert entered.recipient == w.head and entered.target == actual
    assert entered.message.startswith(f"Số liệu chờ duyệt: {indicator.name}")
    with django_capture_on_commit_callbacks(execute=True):
        indicator_services.actual_review(actor=w.head, actual=actual, approve=False, note="Thiếu số thu từ đất")
    reviewed = Notification.objects.get(kind=Kind.FIGURE_REVIEWED)
    assert reviewed.recipient == w.officer and "bị trả lại (Thiếu số thu từ đất)" in reviewed.message
    page = w.client_for(w.head).get("/notifications/").content.decode()
    assert '<a href="/indicators/review/">Số liệu chờ duyệt' in page


def test_a_question_tells_the_respondent_s_unit_and_the_office_and_its_answer_the_delegate(
    world: World, django_capture_on_commit_callbacks: Capture,
) -> None:
    w = world
    term = Term.objects.create(council=w.council, number=16, start_year=2021, end_year=2026)
    session = Session.objects.create(term=term, number=12, start=dt.date(2026, 12, 8), end=dt.date(2026, 12, 10))
    assert w.delegate.person is not None and w.head.person is not None
    asker = Delegate.objects.create(term=term, person=w.delegate.person, elected_on=dt.date(2021, 6, 1))
    with django_capture_on_commit_callbacks(execute=True):
        question = question_register(
            actor=w.delegate, session=session, asker=asker, respondent=w.head.person, respondent_title="Giám đốc Sở Tài chính",
            respondent_unit=w.finance, text="Vì sao tỷ lệ giải ngân vốn đầu tư công năm 2026 còn thấp?",
        )
    told = {n.recipient.username for n in Notification.objects.filter(kind=Kind.QUESTION)}
    assert told == {"dung", "hoa", "chau"}, "the respondent's unit and the council's office, not the asking delegate"
    with django_capture_on_commit_callbacks(execute=True):
        answer_record(actor=w.council_office, question=question, mode=AnswerMode.ORAL, text="Do vướng mắc giải phóng mặt bằng",
                      answered_on=dt.date(2026, 12, 9))
    answered = Notification.objects.get(key=f"question:{question.pk}:answered")
    assert answered.recipient == w.delegate and answered.target == session
    assert f'<a href="/sessions/{session.pk}/">Giám đốc Sở Tài chính đã trả lời' in w.client_for(w.delegate).get("/notifications/").content.decode()


# --- The page -----------------------------------------------------------------------------------


def test_the_page_filters_unread_marks_one_read_and_pages(world: World, django_capture_on_commit_callbacks: Capture) -> None:
    w = world
    with django_capture_on_commit_callbacks(execute=True):
        tasks = [_task(w) for _ in range(22)]
    client = w.client_for(w.head)
    first = client.get("/notifications/").content.decode()
    assert "Trang 1/2" in first and 'rel="next"' in first
    assert 'class="bell" title="Thông báo" aria-label="Thông báo 22 chưa đọc"' in first, "the bell says how many are unread"
    one = Notification.objects.filter(recipient=w.head, target_id=tasks[0].pk).get()
    client.post("/notifications/", {"id": one.pk})
    unread = client.get("/notifications/?unread=1")
    assert len(unread.context["rows"]) == 20 and unread.context["page"].paginator.count == 21
    client.post("/notifications/", {})
    assert "Không có thông báo chưa đọc." in client.get("/notifications/?unread=1").content.decode()


def test_what_the_system_records_without_a_person_tells_nobody(world: World, django_capture_on_commit_callbacks: Capture) -> None:
    """History loaded from files and the demo's past are not news: only a person's act is told."""
    with django_capture_on_commit_callbacks(execute=True):
        task = services.task_create(
            actor=None, title="Báo cáo tình hình thu ngân sách năm 2020", issuer=world.committee, lead_unit=world.finance,
            responsible=world.officer.person, accepting_unit=world.committee, expected_product="Báo cáo", deadline=dt.date(2027, 1, 15),
            issue=True,
        )
        services.task_receive(actor=None, task=task)
    assert Notification.objects.count() == 0
