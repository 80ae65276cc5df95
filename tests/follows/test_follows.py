"""Following by e-mail: double opt-in, signed links that expire or are refused when forged,
one-click unsubscribe, and a daily e-mail that says what changed once and only once."""

from __future__ import annotations

import datetime as dt
import re
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from huey.contrib.djhuey import HUEY

from tests.conftest import World
from tests.follows.fixtures import Council, ask, council
from thucthi.accounts.models import User
from thucthi.audit.models import AuditRecord
from thucthi.core import clock
from thucthi.core.errors import DomainError
from thucthi.council import questioning
from thucthi.council.models import AnswerMode
from thucthi.follows import services
from thucthi.follows.models import Follow, FollowRequest, FollowState
from thucthi.follows.services import send_updates
from thucthi.tasks import services as task_services

pytestmark = pytest.mark.django_db

ADDRESS = "cu-tri@example.vn"


@pytest.fixture
def c(world: World) -> Council:
    return council(world)


def _follow(client: Client, kind: str, pk: int, email: str = ADDRESS) -> str:
    with_page = client.post("/follow/", {"kind": kind, "target": pk, "email": email})
    assert with_page.status_code == 200
    return with_page.content.decode()


def _link(message: mail.EmailMessage, path: str) -> str:
    found = re.search(rf"http://testserver(/follow/{path}/[^/\s]+/)", str(message.body))
    assert found, message.body
    return found.group(1)


def _followed(client: Client, kind: str, pk: int, django_capture_on_commit_callbacks: Any) -> Follow:
    """Follow and open the confirmation link: an active follow."""
    with django_capture_on_commit_callbacks(execute=True):
        _follow(client, kind, pk)
    confirm = _link(mail.outbox[-1], "confirm")
    assert "kiểm tra hộp thư" not in client.get(confirm).content.decode()
    follow = Follow.objects.get(email=ADDRESS, target_id=pk)
    assert follow.state == FollowState.ACTIVE
    mail.outbox.clear()
    return follow


def test_it_sends_only_a_confirmation_until_the_link_is_opened(
    world: World, c: Council, django_capture_on_commit_callbacks: Any
) -> None:
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        page = _follow(client, "delegate", c.delegates[0].pk, email="  Cu-Tri@Example.VN ")
    assert "kiểm tra hộp thư" in page
    follow = Follow.objects.get()
    assert follow.email == ADDRESS and follow.state == FollowState.PENDING
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [ADDRESS]
    assert mail.outbox[0].extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    mail.outbox.clear()

    ask(world, c.session, c.delegates[0], 1)  # something changes: a pending address still hears nothing
    assert send_updates() == 0 and mail.outbox == []

    confirm = _link_from_token(services.confirm_token(follow), "confirm")
    assert "Đã xác nhận theo dõi" in client.get(confirm).content.decode()
    follow.refresh_from_db()
    assert follow.state == FollowState.ACTIVE
    assert send_updates() == 0, "what was there at confirmation is the baseline, not news"


def _link_from_token(token: str, path: str) -> str:
    return f"/follow/{path}/{token}/"


def test_a_change_is_sent_once_and_nothing_when_nothing_changed(
    world: World, c: Council, django_capture_on_commit_callbacks: Any
) -> None:
    client = Client()
    _followed(client, "delegate", c.delegates[0].pk, django_capture_on_commit_callbacks)
    assert send_updates() == 0 and mail.outbox == []

    question = ask(world, c.session, c.delegates[0], 2, answer=False)
    assert send_updates() == 1
    body = str(mail.outbox[0].body)
    assert "Câu hỏi số 2" in body and "/delegates/" in body and "/follow/unsubscribe/" in body
    assert mail.outbox[0].extra_headers["List-Unsubscribe"].startswith("<http://testserver/follow/unsubscribe/")
    assert send_updates() == 0, "a second run the same day sends nothing"

    with clock.frozen(dt.date(2026, 7, 15)):
        questioning.answer_record(
            actor=world.council_office,
            question=question,
            mode=AnswerMode.WRITTEN,
            text="Trả lời bằng văn bản",
            answered_on=dt.date(2026, 7, 15),
            commitments=[],
        )
    assert send_updates() == 1
    assert "đã được trả lời" in str(mail.outbox[1].body) and "Câu hỏi số 0" not in str(mail.outbox[1].body)


def test_a_commitment_falling_overdue_is_news(world: World, c: Council, django_capture_on_commit_callbacks: Any) -> None:
    with clock.frozen(dt.date(2026, 9, 1)):
        _followed(Client(), "commitment", c.commitment.pk, django_capture_on_commit_callbacks)
        assert send_updates() == 0
    with clock.frozen(dt.date(2026, 10, 1)):  # promised by 30/09/2026, not done
        assert send_updates() == 1
        assert "Quá hạn" in str(mail.outbox[0].body)
        assert send_updates() == 1 - 1


def test_a_resolutions_new_task_and_its_status_are_news(
    world: World, c: Council, django_capture_on_commit_callbacks: Any
) -> None:
    _followed(Client(), "resolution", c.resolution.pk, django_capture_on_commit_callbacks)
    task = task_services.task_create(
        actor=world.committee_office,
        title="Lập kế hoạch đầu tư công năm 2027",
        issuer=world.committee,
        lead_unit=world.finance,
        responsible=world.officer.person,
        accepting_unit=world.committee,
        expected_product="Kế hoạch",
        deadline=clock.today() + dt.timedelta(days=30),
        source=c.resolution,
        issue=True,
    )
    assert send_updates() == 1 and "Lập kế hoạch đầu tư công năm 2027" in str(mail.outbox[0].body)
    task_services.task_receive(actor=world.officer, task=task)  # still in progress: the status did not change
    with clock.frozen(clock.today() + dt.timedelta(days=31)):
        assert send_updates() == 1 and "Quá hạn" in str(mail.outbox[1].body)
        assert send_updates() == 1 - 1


def test_an_expired_or_forged_link_is_refused_with_a_message(
    world: World, c: Council, django_capture_on_commit_callbacks: Any
) -> None:
    client = Client()
    with clock.frozen(dt.date(2026, 11, 1)), django_capture_on_commit_callbacks(execute=True):
        _follow(client, "delegate", c.delegates[0].pk)
    confirm = _link(mail.outbox[0], "confirm")
    with clock.frozen(dt.date(2026, 11, 5)):
        page = client.get(confirm)
    assert page.status_code == 400 and "đã hết hạn" in page.content.decode()
    forged = confirm[:-3] + ("A" if confirm[-3] != "A" else "B") + confirm[-2:]
    page = client.get(forged)
    assert page.status_code == 400 and "không hợp lệ" in page.content.decode()
    assert Follow.objects.get().state == FollowState.PENDING
    with clock.frozen(dt.date(2026, 11, 3)):
        assert client.get(confirm).status_code == 200
    # An unsubscribe link is not a confirmation link (each is signed for its own use).
    token = confirm.split("/")[3]
    with pytest.raises(DomainError, match="không hợp lệ"):
        services.follow_unsubscribe(actor=None, token=token)


def test_unsubscribing_takes_one_click_from_the_mail_client_or_one_button(
    world: World, c: Council, django_capture_on_commit_callbacks: Any
) -> None:
    client = Client(enforce_csrf_checks=True)
    follow = _followed(Client(), "delegate", c.delegates[0].pk, django_capture_on_commit_callbacks)
    link = _link_from_token(services.unsubscribe_token(follow), "unsubscribe")
    page = client.get(link)
    assert page.status_code == 200 and "<form" in page.content.decode()
    follow.refresh_from_db()
    assert follow.state == FollowState.ACTIVE, "opening the page (a link scanner) does not unsubscribe"
    # RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click", with no CSRF token.
    done = client.post(link, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert done.status_code == 200 and "Đã hủy theo dõi" in done.content.decode()
    follow.refresh_from_db()
    assert follow.state == FollowState.UNSUBSCRIBED
    assert client.post(link).status_code == 200, "a second click changes nothing and says the same"
    ask(world, c.session, c.delegates[0], 3)
    assert send_updates() == 0 and mail.outbox == []


def test_it_never_tells_whether_an_address_already_follows(
    world: World, c: Council, django_capture_on_commit_callbacks: Any
) -> None:
    _followed(Client(), "delegate", c.delegates[0].pk, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        again = _follow(Client(), "delegate", c.delegates[0].pk)
        fresh = _follow(Client(), "delegate", c.delegates[1].pk)

    def said(page: str, name: str) -> str:
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page).replace(name, "X")

    assert said(again, str(c.delegates[0].person)) == said(fresh, str(c.delegates[1].person))
    assert [m.to for m in mail.outbox] == [[ADDRESS]], "only the new follow gets a confirmation"
    assert Follow.objects.get(target_id=c.delegates[0].pk).state == FollowState.ACTIVE


def test_it_refuses_bad_addresses_and_too_many_requests_next_to_the_field(world: World, c: Council) -> None:
    client = Client()
    page = client.post("/follow/", {"kind": "delegate", "target": c.delegates[0].pk, "email": "khong-phai-thu"})
    html = page.content.decode()
    assert page.status_code == 200 and "field-error" in html and "hợp lệ" in html and 'value="khong-phai-thu"' in html
    for _ in range(services.PER_EMAIL_PER_HOUR):
        _follow(client, "delegate", c.delegates[0].pk)
    page = client.post("/follow/", {"kind": "delegate", "target": c.delegates[0].pk, "email": ADDRESS})
    assert "quá nhiều yêu cầu" in page.content.decode()
    with clock.frozen(clock.now() + dt.timedelta(hours=2)):
        assert "kiểm tra hộp thư" in _follow(client, "delegate", c.delegates[0].pk)
    assert client.post("/follow/", {"kind": "task", "target": 1, "email": ADDRESS}).status_code == 200
    assert client.get("/follow/?kind=delegate&target=999999").status_code == 404


def test_the_audit_names_the_follower_by_a_hash_and_the_signed_in_user_by_name(world: World, c: Council) -> None:
    _follow(Client(), "delegate", c.delegates[0].pk)
    record = AuditRecord.objects.filter(action="follows.follow.request").latest("seq")
    after = record.after or {}
    assert record.actor_id is None and after["via"] == "public"
    assert ADDRESS not in str(after) and after["email_hash"] == services.keyed_hash(ADDRESS)
    User.objects.filter(pk=world.delegate.pk).update(email="lan@example.vn")
    user_client = world.client_for(world.delegate)
    assert 'value="lan@example.vn"' in user_client.get(f"/delegates/{c.delegates[0].pk}/").content.decode(), (
        "a signed-in user's address is filled in"
    )
    _follow(user_client, "delegate", c.delegates[1].pk, email="lan@example.vn")
    record = AuditRecord.objects.filter(action="follows.follow.request").latest("seq")
    assert record.actor_id == world.delegate.pk and (record.after or {})["via"] == "account"


def test_the_command_sends_the_updates(world: World, c: Council, django_capture_on_commit_callbacks: Any) -> None:
    _followed(Client(), "delegate", c.delegates[0].pk, django_capture_on_commit_callbacks)
    ask(world, c.session, c.delegates[0], 4)
    out = StringIO()
    call_command("follows", "send", stdout=out)
    assert "1" in out.getvalue() and len(mail.outbox) == 1


def test_the_worker_sends_the_updates_every_morning_after_the_chase() -> None:
    periodic = {task.__name__: task for task in HUEY._registry._periodic_tasks}
    job = periodic["follows_send_updates_daily"]
    assert job.__module__ == "thucthi.follows.jobs"
    assert job().validate_datetime(dt.datetime(2026, 3, 2, 6, 30))
    assert not job().validate_datetime(dt.datetime(2026, 3, 2, 6, 0))


def test_behind_the_local_proxy_each_visitor_is_counted_by_their_own_address(world: World, c: Council) -> None:
    client = Client(REMOTE_ADDR="127.0.0.1")
    for i in range(services.PER_IP_PER_HOUR):
        html = _follow(client, "delegate", c.delegates[0].pk, email=f"cu-tri-{i}@example.vn")
        assert "kiểm tra hộp thư" in html
    other = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.9")
    assert "kiểm tra hộp thư" in _follow(other, "delegate", c.delegates[0].pk, email="khac@example.vn")
    same = Client(REMOTE_ADDR="127.0.0.1")
    assert "quá nhiều yêu cầu" in _follow(same, "delegate", c.delegates[0].pk, email="nua@example.vn")


def test_the_resolution_and_session_pages_offer_to_follow(world: World, c: Council) -> None:
    html = Client().get(f"/resolutions/{c.resolution.pk}/").content.decode()
    assert 'name="kind" value="resolution"' in html and f'name="target" value="{c.resolution.pk}"' in html
    html = Client().get(f"/sessions/{c.session.pk}/").content.decode()
    assert f'name="kind" value="commitment"><input type="hidden" name="target" value="{c.commitment.pk}"' in html


def test_approved_progress_on_a_commitment_is_news_and_a_pending_report_is_not(
    world: World, c: Council, django_capture_on_commit_callbacks: Any
) -> None:
    task = c.commitment.task
    assert task is not None
    with clock.frozen(dt.date(2026, 8, 1)):
        task_services.task_receive(actor=world.officer, task=task)
        _followed(Client(), "commitment", c.commitment.pk, django_capture_on_commit_callbacks)
        report = task_services.progress_submit(actor=world.officer, task=task, percent=40, narrative="Đã điều chuyển 12 tỷ đồng")
        assert send_updates() == 0, "a report the unit head has not approved is not public"
        task_services.progress_review(actor=world.head, report=report, approve=True)
        assert send_updates() == 1 and "Đã điều chuyển 12 tỷ đồng" in str(mail.outbox[0].body)
        assert send_updates() == 0


def test_a_mail_server_down_still_answers_the_page_and_the_ledger_is_pruned(
    world: World, c: Council, django_capture_on_commit_callbacks: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: Any, **kwargs: Any) -> int:
        raise OSError("connection refused")

    monkeypatch.setattr(mail.EmailMessage, "send", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        assert "kiểm tra hộp thư" in _follow(Client(), "delegate", c.delegates[0].pk)
    assert FollowRequest.objects.count() == 1
    with clock.frozen(clock.now() + dt.timedelta(days=2)):
        send_updates()
    assert FollowRequest.objects.count() == 0
